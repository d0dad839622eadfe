"""A post's life: draft → submitted → published by an official (or rejected with a reason) →
closed, awarded or expired; renewal before expiry; who may make each change."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from udyamsetu.marketplace import services
from udyamsetu.marketplace.models import Post
from udyamsetu.marketplace.tests.factories import post as make_post

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def _indigenisation_fields(**extra) -> dict:
    return {
        "title": "Radar sub-assembly: RF power divider",
        "description": "Indigenise the 8-way RF power divider of a surveillance radar.",
        "expires_on": _today() + timedelta(days=60),
        "part_number": "PD-8W-2231",
        "quantity": 40,
        "annual_demand": 120,
        "route": Post.Route.MAKE_II,
        "positive_list": True,
        **extra,
    }


def _draft(buyer_org, buyer, **extra) -> Post:
    return services.create_post(
        buyer_org, by=buyer, kind=Post.Kind.INDIGENISATION,
        fields=_indigenisation_fields(**extra), terms={},
    )  # fmt: skip


def test_a_buyer_posts_an_indigenisation_item_that_an_official_publishes(
    buyer_org, buyer, reviewer, django_capture_on_commit_callbacks, run_tasks
):
    # given a draft by the buyer
    post = _draft(buyer_org, buyer)
    assert post.status == Post.Status.DRAFT
    assert not services.open_posts().filter(pk=post.pk).exists()
    # when the buyer submits and the official publishes
    services.submit_post(post, by=buyer)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_post(post, by=reviewer)
    run_tasks()
    # then it is open to everyone, and the buyer heard
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED and post.reviewed_by == reviewer
    assert services.open_posts().filter(pk=post.pk).exists()
    assert [m.to for m in mail.outbox] == [[buyer.email]]
    assert "Published" in mail.outbox[0].subject


def test_a_post_is_not_submitted_until_its_kind_says_what_it_must(buyer_org, buyer):
    # given an indigenisation draft without quantity or route
    post = _draft(buyer_org, buyer, quantity=None, route="")
    # when submitted
    with pytest.raises(ValidationError) as refused:
        services.submit_post(post, by=buyer)
    # then each missing field is named and nothing changed
    assert set(refused.value.message_dict) == {"quantity", "route"}
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT


def test_an_open_until_date_in_the_past_is_refused_on_submit(buyer_org, buyer):
    post = _draft(buyer_org, buyer, expires_on=_today() - timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        services.submit_post(post, by=buyer)
    assert "expires_on" in refused.value.message_dict


def test_an_official_rejects_with_a_reason_the_team_sees_and_mends(
    buyer_org, buyer, reviewer, buyer_client
):
    # given a submitted post
    post = _draft(buyer_org, buyer)
    services.submit_post(post, by=buyer)
    # when rejected without a reason, then refused
    with pytest.raises(ValidationError):
        services.reject_post(post, by=reviewer, reason="  ")
    # when rejected with a reason
    services.reject_post(post, by=reviewer, reason="Give the drawing number.")
    # then the team reads the reason and can submit again
    page = buyer_client.get(post.get_absolute_url())
    assert "Give the drawing number." in page.content.decode()
    services.submit_post(post, by=buyer)
    post.refresh_from_db()
    assert post.status == Post.Status.SUBMITTED


def test_every_state_change_refuses_an_actor_who_may_not_make_it(
    buyer_org, buyer, owner, official, reviewer
):
    # given a submitted post of the buyer
    post = _draft(buyer_org, buyer)
    services.submit_post(post, by=buyer)
    # then the buyer cannot publish their own post, nor can an enterprise's member
    for actor in (buyer, owner):
        with pytest.raises(PermissionDenied):
            services.publish_post(post, by=actor)
        with pytest.raises(PermissionDenied):
            services.reject_post(post, by=actor, reason="no")
    # and no outsider may submit, withdraw, close or renew it
    with pytest.raises(PermissionDenied):
        services.withdraw_post(post, by=owner)
    services.publish_post(post, by=reviewer)
    with pytest.raises(PermissionDenied):
        services.close_post(post, by=owner)
    with pytest.raises(PermissionDenied):
        services.renew_post(post, by=reviewer, until=_today() + timedelta(days=90))
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED


def test_a_post_cannot_be_published_twice_or_from_draft(buyer_org, buyer, reviewer):
    post = _draft(buyer_org, buyer)
    with pytest.raises(ValidationError, match="draft"):
        services.publish_post(post, by=reviewer)
    services.submit_post(post, by=buyer)
    services.publish_post(post, by=reviewer)
    with pytest.raises(ValidationError, match="published"):
        services.publish_post(post, by=reviewer)


def test_enterprises_cannot_post_buyer_demand_and_offices_cannot_post_offers(
    org_a, owner, buyer_org, buyer
):
    with pytest.raises(ValidationError) as refused:
        services.create_post(
            org_a, by=owner, kind=Post.Kind.TENDER, fields={"title": "x", "description": "y"},
            terms={},
        )  # fmt: skip
    assert "kind" in refused.value.message_dict
    assert Post.Kind.TENDER not in services.kinds_for(org_a)
    assert Post.Kind.TECHNOLOGY_OFFER in services.kinds_for(org_a)
    assert Post.Kind.INDIGENISATION in services.kinds_for(buyer_org)
    assert not Post.objects.exists()


def test_editing_a_published_post_sends_it_back_for_review(buyer_org, buyer, reviewer):
    post = _draft(buyer_org, buyer)
    services.submit_post(post, by=buyer)
    services.publish_post(post, by=reviewer)
    services.update_post(post, by=buyer, fields=_indigenisation_fields(quantity=80), terms={})
    post.refresh_from_db()
    assert post.status == Post.Status.SUBMITTED and post.quantity == 80
    assert not services.open_posts().filter(pk=post.pk).exists()


def test_fields_of_another_kind_are_never_kept(buyer_org, buyer):
    # a tender's value band given to an indigenisation item is not stored
    post = _draft(buyer_org, buyer, value_band=Post.ValueBand.TO_1CR)
    post.refresh_from_db()
    assert post.value_band == ""


def test_renewal_is_offered_only_in_the_last_days_and_not_beyond_a_year(org_a, owner):
    # given a published post open for 100 more days
    post = make_post(org_a, "Forging partner", expires_on=_today() + timedelta(days=100))
    # then renewing now is refused, naming when it can be renewed
    with pytest.raises(ValidationError, match="can be renewed from"):
        services.renew_post(post, by=owner, until=_today() + timedelta(days=200))
    # given it closes in 10 days
    Post.objects.filter(pk=post.pk).update(expires_on=_today() + timedelta(days=10))
    post.refresh_from_db()
    # then more than a year ahead is refused, and 90 days is fine
    with pytest.raises(ValidationError):
        services.renew_post(post, by=owner, until=_today() + timedelta(days=400))
    services.renew_post(post, by=owner, until=_today() + timedelta(days=90))
    post.refresh_from_db()
    assert post.expires_on == _today() + timedelta(days=90)


def test_housekeeping_expires_posts_and_reminds_before_once(
    org_a, owner, django_capture_on_commit_callbacks, run_tasks
):
    # given one post past its date and one closing in five days
    old = make_post(org_a, "Old request", expires_on=_today() - timedelta(days=1))
    soon = make_post(org_a, "Closing soon", expires_on=_today() + timedelta(days=5))
    # when housekeeping runs twice
    with django_capture_on_commit_callbacks(execute=True):
        call_command("housekeeping", "--only", "expire_posts", stdout=io.StringIO())
        call_command("housekeeping", "--only", "expire_posts", stdout=io.StringIO())
    run_tasks()
    # then the old one expired, the other was reminded once, and the owner heard twice in all
    old.refresh_from_db()
    soon.refresh_from_db()
    assert old.status == Post.Status.EXPIRED
    assert soon.status == Post.Status.PUBLISHED and soon.expiry_reminded_on == _today()
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == ["Closing soon: Closing soon", "Expired: Old request"]


def test_closing_declines_the_interest_still_waiting(org_a, owner, org_b, outsider):
    post = make_post(org_a, "Composite parts", expires_on=_today() + timedelta(days=30))
    interest = services.send_interest(
        post, by=outsider, organisation=org_b, summary="We lay up carbon.", proposal="A call."
    )
    services.close_post(post, by=owner, awarded=True)
    interest.refresh_from_db()
    post.refresh_from_db()
    assert post.status == Post.Status.AWARDED
    assert interest.status == interest.Status.DECLINED


def test_a_reported_post_reaches_the_officials_queue_and_can_be_taken_down(
    org_a, outsider, reviewer, official_client
):
    # given a published post reported as fake
    post = make_post(org_a, "Too good to be true", expires_on=_today() + timedelta(days=30))
    services.report_post(post, by=outsider, reason="fake", note="No such company.")
    # then a second report by the same person is refused clearly
    with pytest.raises(ValidationError, match="already reported"):
        services.report_post(post, by=outsider, reason="spam")
    # and the official sees it in the queue
    queue = official_client.get("/opportunities/review/").content.decode()
    assert "Too good to be true" in queue
    # when the official takes it down
    response = official_client.post(
        f"/opportunities/{post.pk}/review/", {"action": "take_down", "reason": "Fake company."}
    )
    # then it is no longer open and the report is resolved
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == Post.Status.REJECTED and post.rejection_reason == "Fake company."
    assert not post.reports.filter(resolved_at__isnull=True).exists()


def test_nobody_reports_their_own_post(org_a, owner):
    post = make_post(org_a, "Ours", expires_on=_today() + timedelta(days=30))
    with pytest.raises(ValidationError, match="your own"):
        services.report_post(post, by=owner, reason="spam")


def test_the_review_pages_are_for_reviewing_officials_only(org_a, owner_client, outsider_client):
    post = make_post(org_a, "Waiting", status=Post.Status.SUBMITTED)
    assert outsider_client.get("/opportunities/review/").status_code == 403
    assert outsider_client.get(f"/opportunities/{post.pk}/review/").status_code == 404
    assert owner_client.post(f"/opportunities/{post.pk}/review/", {"action": "publish"}
                             ).status_code == 404  # fmt: skip
    post.refresh_from_db()
    assert post.status == Post.Status.SUBMITTED
