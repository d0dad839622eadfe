"""The partnership pipeline: one side records a step, the other confirms or declines it, and
only confirmed steps move the pair on. Every change refuses an actor who may not make it."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.utils import timezone

from udyamsetu.partnerships import services
from udyamsetu.partnerships.models import Partnership, Step

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)


def _record(organisation, other, by, stage="meeting", **extra) -> Step:
    extra.setdefault("occurred_on", timezone.localdate() - DAY)
    return services.record_step(organisation, other, by=by, stage=stage, **extra)


def test_a_recorded_step_waits_for_the_other_side_and_asks_it_to_confirm(
    org_a, org_b, owner, partner, in_conversation, django_capture_on_commit_callbacks, run_tasks
):
    # when the owner records a meeting with org_b
    with django_capture_on_commit_callbacks(execute=True):
        step = _record(org_a, org_b, owner, note="Visited the Haifa line.")
    run_tasks()
    # then it waits, the pair has not moved on, and org_b's members are asked to confirm
    assert step.status == Step.Status.PENDING
    partnership = Partnership.objects.get()
    assert partnership.stage == ""
    assert [m.to for m in mail.outbox] == [[partner.email]]
    assert "Please confirm" in mail.outbox[0].subject
    assert "/partnerships/with/kalinga/" in mail.outbox[0].body


def test_the_other_side_confirming_moves_the_pair_on_and_tells_the_recorder(
    org_a, org_b, owner, teammate, partner, in_conversation,
    django_capture_on_commit_callbacks, run_tasks,
):  # fmt: skip
    step = _record(org_a, org_b, owner, stage="mou", occurred_on=date(2026, 11, 2))
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_step(step, by=partner)
    run_tasks()
    step.refresh_from_db()
    assert (step.status, step.answered_by) == (Step.Status.CONFIRMED, partner)
    partnership = Partnership.objects.get()
    assert (partnership.stage, partnership.stage_reached_on) == ("mou", date(2026, 11, 2))
    assert {m.to[0] for m in mail.outbox} == {owner.email, teammate.email}
    assert all(m.subject.startswith("Confirmed") for m in mail.outbox)


def test_an_earlier_step_confirmed_later_does_not_move_the_pair_back(
    org_a, org_b, owner, partner, in_conversation
):
    services.confirm_step(_record(org_a, org_b, owner, stage="nda"), by=partner)
    services.confirm_step(_record(org_a, org_b, owner, stage="contacted"), by=partner)
    assert Partnership.objects.get().stage == "nda"


def test_recording_the_step_the_other_side_recorded_confirms_theirs(
    org_a, org_b, owner, partner, in_conversation
):
    # given org_b recorded an MoU
    theirs = _record(org_b, org_a, partner, stage="mou")
    # when the owner records an MoU too
    result = _record(org_a, org_b, owner, stage="mou")
    # then theirs is confirmed, and there is one MoU, not two
    assert result.pk == theirs.pk
    assert result.status == Step.Status.CONFIRMED
    assert Step.objects.filter(stage="mou").count() == 1
    assert Partnership.objects.get().stage == "mou"


def test_the_same_step_recorded_twice_by_one_side_is_refused_with_a_clear_message(
    org_a, org_b, owner, teammate, in_conversation
):
    _record(org_a, org_b, owner, stage="nda")
    with pytest.raises(ValidationError) as refused:
        _record(org_a, org_b, teammate, stage="nda")
    assert "already recorded “NDA signed”" in refused.value.messages[0]
    assert Step.objects.count() == 1


def test_the_recorder_may_not_confirm_their_own_step(
    org_a, org_b, owner, teammate, in_conversation
):
    step = _record(org_a, org_b, owner)
    for member in (owner, teammate):
        with pytest.raises(PermissionDenied, match="other organisation confirms"):
            services.confirm_step(step, by=member)
    step.refresh_from_db()
    assert step.status == Step.Status.PENDING


def test_a_stranger_can_neither_answer_nor_withdraw_nor_see_a_step(
    org_a, org_b, owner, stranger, in_conversation
):
    step = _record(org_a, org_b, owner)
    for action in (services.confirm_step, services.withdraw_step):
        with pytest.raises(Http404):
            action(step, by=stranger)
    with pytest.raises(Http404):
        services.decline_step(step, by=stranger)
    with pytest.raises(Http404):
        services.visible_step(stranger, step.pk)
    with pytest.raises(Http404):
        services.visible_partnership(stranger, step.partnership_id)


def test_declining_says_why_and_lets_the_recorder_record_it_again(
    org_a, org_b, owner, partner, in_conversation, django_capture_on_commit_callbacks, run_tasks
):
    step = _record(org_a, org_b, owner, stage="nda")
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_step(step, by=partner, reason="We signed on the 4th, not the 3rd.")
    run_tasks()
    step.refresh_from_db()
    assert step.status == Step.Status.DECLINED
    assert "signed on the 4th" in mail.outbox[-1].body
    assert mail.outbox[-1].subject.startswith("Not confirmed")
    again = _record(org_a, org_b, owner, stage="nda", occurred_on=timezone.localdate())
    assert again.status == Step.Status.PENDING
    assert Partnership.objects.get().stage == ""


def test_only_the_recording_side_withdraws_and_only_while_it_waits(
    org_a, org_b, owner, teammate, partner, in_conversation
):
    step = _record(org_a, org_b, owner)
    with pytest.raises(PermissionDenied, match="side that recorded"):
        services.withdraw_step(step, by=partner)
    services.withdraw_step(step, by=teammate)
    step.refresh_from_db()
    assert step.status == Step.Status.WITHDRAWN
    with pytest.raises(ValidationError, match="already withdrawn"):
        services.confirm_step(step, by=partner)


def test_an_answered_step_cannot_be_answered_again(org_a, org_b, owner, partner, in_conversation):
    step = _record(org_a, org_b, owner)
    services.confirm_step(step, by=partner)
    with pytest.raises(ValidationError, match="already confirmed"):
        services.decline_step(step, by=partner)
    with pytest.raises(ValidationError, match="already confirmed"):
        services.withdraw_step(step, by=owner)


def test_steps_are_recorded_only_with_an_organisation_in_conversation(org_a, org_c, owner):
    with pytest.raises(Http404):
        _record(org_a, org_c, owner)
    assert not Partnership.objects.exists()


def test_only_members_record_for_an_organisation(org_a, org_b, stranger, in_conversation):
    with pytest.raises(PermissionDenied):
        _record(org_a, org_b, stranger)
    assert not Step.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"stage": "handshake"}, "stage", "Choose one of the steps"),
        ({"occurred_on": None}, "occurred_on", "Give the date"),
        ({"occurred_on": date(2099, 1, 1)}, "occurred_on", "cannot be in the future"),
        ({"stage": "agreement"}, "agreement_type", "what kind of agreement"),
        ({"stage": "mou", "agreement_type": "licence"}, "agreement_type", "Only an agreement"),
        ({"stage": "mou", "value_rupees": 5}, "value_rupees", "Only an agreement has a value"),
        ({"note": "x" * 501}, "note", "At most 500"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    org_a, org_b, owner, in_conversation, fields, field, message
):
    with pytest.raises(ValidationError) as refused:
        _record(org_a, org_b, owner, **fields)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Step.objects.exists()


def test_an_agreement_carries_its_type_and_value(org_a, org_b, owner, partner, in_conversation):
    step = _record(
        org_a, org_b, owner, stage="agreement", agreement_type="supply_order",
        value_rupees=42_00_000,
    )  # fmt: skip
    services.confirm_step(step, by=partner)
    assert step.label == "Agreement signed: Supply order"
    assert Partnership.objects.get().stage == "agreement"
    # a second agreement of another type is its own step
    other = _record(org_b, org_a, partner, stage="agreement", agreement_type="rd_cooperation")
    assert other.status == Step.Status.PENDING


@pytest.mark.django_db(transaction=True)
def test_both_sides_recording_the_same_step_at_once_leave_one_step(org_a, org_b, owner, partner):
    from udyamsetu.conversations.services import open_conversation

    open_conversation(org_a, org_b, by=owner)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def record(organisation, other, user) -> None:
        try:
            barrier.wait()
            outcomes.append(_record(organisation, other, user, stage="mou").status)
        except ValidationError as refused:
            outcomes.append(refused.messages[0])
        finally:
            connection.close()

    threads = [
        threading.Thread(target=record, args=(org_a, org_b, owner)),
        threading.Thread(target=record, args=(org_b, org_a, partner)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # one recorded it and the other, arriving second, confirmed it
    assert sorted(outcomes) == ["confirmed", "pending"]
    assert Step.objects.filter(stage="mou").count() == 1
    assert Step.objects.get(stage="mou").status == Step.Status.CONFIRMED
    assert Partnership.objects.count() == 1


def test_a_step_recurs_on_another_date_but_not_twice_on_the_same_day(
    org_a, org_b, owner, partner, in_conversation
):
    first = _record(org_a, org_b, owner, occurred_on=date(2026, 10, 1))
    services.confirm_step(first, by=partner)
    with pytest.raises(ValidationError, match="already confirmed"):
        _record(org_b, org_a, partner, occurred_on=date(2026, 10, 1))
    second = _record(org_b, org_a, partner, occurred_on=date(2026, 11, 3))
    assert second.status == Step.Status.PENDING
    assert Step.objects.filter(stage="meeting").count() == 2
