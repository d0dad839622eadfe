"""Follow-up prompts 3 and 6 months after a pair's latest confirmed meeting, sent once each by
the hourly housekeeping, to both sides, and not once an agreement is signed."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.core import mail
from django.utils import timezone

from udyamsetu.partnerships import services
from udyamsetu.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


@pytest.fixture
def met_on_20_may(org_a, org_b, owner, partner, in_conversation):
    step = services.record_step(org_a, org_b, by=owner, stage="meeting",
                                occurred_on=date(2026, 5, 20))  # fmt: skip
    services.confirm_step(step, by=partner)
    mail.outbox.clear()
    return Partnership.objects.get()


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert services.add_months(date(2026, 5, 20), 3) == date(2026, 8, 20)
    assert services.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert services.add_months(date(2026, 10, 31), -3) == date(2026, 7, 31)


def test_both_sides_are_prompted_three_and_six_months_after_a_meeting_once_each(
    met_on_20_may, owner, teammate, partner, django_capture_on_commit_callbacks, run_tasks
):
    # a day before three months: nothing
    assert services.send_follow_ups(_at(date(2026, 8, 19))) == 0
    # at three months: both organisations, once
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_follow_ups(_at(date(2026, 8, 20))) == 1
        assert services.send_follow_ups(_at(date(2026, 8, 21))) == 0
    run_tasks()
    assert {m.to[0] for m in mail.outbox} == {owner.email, teammate.email, partner.email}
    assert "3 months ago" in mail.outbox[0].body
    mail.outbox.clear()
    # at six months: the second prompt, then never again
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_follow_ups(_at(date(2026, 11, 19))) == 0
        assert services.send_follow_ups(_at(date(2026, 11, 20))) == 1
    assert services.send_follow_ups(_at(date(2027, 6, 1))) == 0
    run_tasks()
    assert len(mail.outbox) == 3
    assert "6 months ago" in mail.outbox[0].body


def test_no_prompt_once_the_pair_has_signed_an_agreement(
    met_on_20_may, org_a, org_b, owner, partner
):
    step = services.record_step(org_b, org_a, by=partner, stage="agreement",
                                agreement_type="supply_order", occurred_on=date(2026, 7, 1))  # fmt: skip
    services.confirm_step(step, by=owner)
    assert services.send_follow_ups(_at(date(2026, 8, 20))) == 0
    assert services.send_follow_ups(_at(date(2026, 11, 20))) == 0


def test_a_newer_meeting_starts_its_own_follow_ups(met_on_20_may, org_a, org_b, owner, partner):
    assert services.send_follow_ups(_at(date(2026, 8, 20))) == 1
    # they meet again on 1 September: the clock restarts from there
    step = services.record_step(org_b, org_a, by=partner, stage="meeting",
                                occurred_on=date(2026, 9, 1))  # fmt: skip
    services.confirm_step(step, by=owner)
    assert services.send_follow_ups(_at(date(2026, 11, 20))) == 0
    assert services.send_follow_ups(_at(date(2026, 12, 1))) == 1


def test_a_meeting_recorded_long_after_it_happened_sends_only_its_latest_prompt(
    org_a, org_b, owner, partner, in_conversation, django_capture_on_commit_callbacks, run_tasks
):
    step = services.record_step(org_a, org_b, by=owner, stage="meeting",
                                occurred_on=date(2025, 1, 10))  # fmt: skip
    services.confirm_step(step, by=partner)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_follow_ups(_at(date(2026, 1, 10))) == 1
        assert services.send_follow_ups(_at(date(2026, 1, 11))) == 0
    run_tasks()
    assert len({m.to[0] for m in mail.outbox}) == len(mail.outbox) == 2
    assert "6 months ago" in mail.outbox[0].body


def test_the_dashboard_asks_what_came_of_a_meeting_until_a_step_is_recorded(
    met_on_20_may, org_a, org_b, owner, partner, owner_client
):
    services.send_follow_ups(timezone.now())  # the meeting was months before today
    page = owner_client.get("/dashboard/").content.decode()
    assert "You met Galil Aero Systems on" in page
    services.record_step(org_a, org_b, by=owner, stage="nda", occurred_on=timezone.localdate())
    page = owner_client.get("/dashboard/").content.decode()
    assert "You met Galil Aero Systems on" not in page
    assert "What came of it" not in page


def test_housekeeping_runs_the_follow_ups(settings):
    assert "udyamsetu.partnerships.services.send_follow_ups" in settings.HOUSEKEEPING_JOBS
