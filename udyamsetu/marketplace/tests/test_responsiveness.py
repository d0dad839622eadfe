"""Responsiveness: the share of enquiries an organisation answers and its median time, shown on
its profile and counted by the matcher."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from udyamsetu.accounts.models import Organisation
from udyamsetu.marketplace import services
from udyamsetu.marketplace.models import Interest, Post, Responsiveness
from udyamsetu.marketplace.tests.factories import post as make_post
from udyamsetu.search.tests.factories import make as make_enterprise

pytestmark = pytest.mark.django_db


def _interest(post: Post, organisation, *, asked, answered=None, status="pending") -> Interest:
    interest = Interest.objects.create(
        post=post, organisation=organisation, summary="s", proposal="p", status=status,
        expires_at=asked + timedelta(days=21), decided_at=answered,
    )  # fmt: skip
    Interest.objects.filter(pk=interest.pk).update(created_at=asked)
    return interest


def _askers(n: int) -> list[Organisation]:
    return _askers_for("Asker", n)


def test_answered_expressions_count_with_their_median_time_and_fresh_ones_wait(org_b):
    # given four expressions in a post of org_b: answered in 2 h and 6 h, one unanswered for
    # 10 days, one that came in yesterday, and one withdrawn
    now = timezone.now()
    post = make_post(org_b, "Composites partner")
    a, b, c, d, e = _askers(5)
    _interest(post, a, asked=now - timedelta(days=20), answered=now - timedelta(days=20, hours=-2),
              status="accepted")  # fmt: skip
    _interest(post, b, asked=now - timedelta(days=15), answered=now - timedelta(days=15, hours=-6),
              status="declined")  # fmt: skip
    _interest(post, c, asked=now - timedelta(days=10))
    _interest(post, d, asked=now - timedelta(days=1))
    _interest(post, e, asked=now - timedelta(days=3), status="withdrawn")
    # when refreshed
    services.refresh_responsiveness(now=now)
    # then 2 of 3 due enquiries were answered, in a median of 4 hours
    found = services.responsiveness_of(org_b)
    assert (found.enquiries, found.answered, found.median_seconds) == (3, 2, 4 * 3600)
    assert services.describe(found) == "Answers 7 in 10 enquiries, usually within 4 hours"


def test_too_few_enquiries_say_nothing_yet(org_b):
    now = timezone.now()
    post = make_post(org_b, "Composites partner")
    (a,) = _askers(1)
    _interest(post, a, asked=now - timedelta(days=20), answered=now - timedelta(days=19),
              status="accepted")  # fmt: skip
    services.refresh_responsiveness(now=now)
    assert services.responsiveness_of(org_b) is None
    assert "Too few enquiries" in services.describe(None)


def test_the_profile_shows_how_its_organisation_answers(org_a, outsider_client):
    # given org_a's enterprise, which answered three enquiries within an hour
    enterprise = make_enterprise("Kalinga Precision", organisation=org_a, is_published=True)
    now = timezone.now()
    post = make_post(org_a, "Forgings")
    for asker in _askers(3):
        _interest(post, asker, asked=now - timedelta(days=9),
                  answered=now - timedelta(days=9, minutes=-30), status="accepted")  # fmt: skip
    services.refresh_responsiveness(now=now)
    # then its public profile says so
    page = outsider_client.get(f"/enterprises/{enterprise.udyam_number}/").content.decode()
    assert "Answers 10 in 10 enquiries, usually within an hour" in page


def test_responsiveness_orders_otherwise_equal_matches_and_is_given_as_a_reason(run_tasks):
    from udyamsetu.matching.matcher import Need, match

    # given two enterprises alike in every way, one of whose teams answers enquiries promptly
    now = timezone.now()
    found_ids = {}
    for name, answered in (("Quick", True), ("Slow", False)):
        org = Organisation.objects.create(
            name=name, slug=name.lower(), kind=Organisation.Kind.ENTERPRISE
        )
        found_ids[name] = make_enterprise(
            "Odisha Forge Works", organisation=org, is_published=True,
            description="closed die forgings of tractor crankshafts",
        ).pk  # fmt: skip
        post = make_post(org, f"{name} request")
        for asker in _askers_for(name, 3):
            _interest(post, asker, asked=now - timedelta(days=10),
                      answered=now - timedelta(days=10, hours=-3) if answered else None,
                      status="accepted" if answered else "expired")  # fmt: skip
    run_tasks()
    services.refresh_responsiveness(now=now)
    # when matched
    found = match(Need(text="closed die forgings for tractor crankshafts"), limit=5)
    # then the prompt one comes first, saying why; the other has no part for it
    ids = [m.hit.object_id for m in found]
    assert ids.index(found_ids["Quick"]) < ids.index(found_ids["Slow"])
    quick = next(m for m in found if m.hit.object_id == found_ids["Quick"])
    assert "Answers 10 in 10 enquiries, usually within 3 hours" in quick.reasons
    slow = next(m for m in found if m.hit.object_id == found_ids["Slow"])
    assert slow.parts["responsiveness"] == 0


def _askers_for(prefix: str, n: int) -> list[Organisation]:
    return [
        Organisation.objects.create(
            name=f"{prefix} asker {i}",
            slug=f"{prefix.lower()}-a{i}",
            kind=Organisation.Kind.ENTERPRISE,
        )
        for i in range(n)
    ]


def test_a_message_that_waits_for_the_other_side_is_an_enquiry_answered_by_its_reply(
    org_a, owner, org_b, outsider
):
    from udyamsetu.conversations.models import Message
    from udyamsetu.conversations.services import open_conversation, send_message

    # given a thread where org_b wrote twice in a row, org_a answered after 5 hours, then
    # org_b wrote again 20 days ago and got no answer
    now = timezone.now()
    thread = open_conversation(org_b, org_a, by=outsider, subject="Composites")
    timeline = [(org_b, outsider, 30 * 24), (org_b, outsider, 30 * 24 - 1),
                (org_a, owner, 30 * 24 - 5), (org_b, outsider, 20 * 24)]  # fmt: skip
    for organisation, user, hours_ago in timeline:
        message = send_message(thread, by=user, organisation=organisation, body="…")
        Message.objects.filter(pk=message.pk).update(created_at=now - timedelta(hours=hours_ago))
    # when refreshed
    services.refresh_responsiveness(now=now)
    # then org_a had two enquiries (two turns of org_b) and answered one, in 5 hours
    found = Responsiveness.objects.get(organisation=org_a)
    assert (found.enquiries, found.answered, found.median_seconds) == (2, 1, 5 * 3600)
    # and org_b had one enquiry (org_a's reply), answered by its next message
    other = Responsiveness.objects.get(organisation=org_b)
    assert (other.enquiries, other.answered) == (1, 1)
