"""Posting through the pages and the API: the kind's form, drafts and submission, errors named
by field, browsing open posts; the API's answers to outsiders and to bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from udyamsetu.enterprises.models import Term
from udyamsetu.marketplace.models import Interest, Post
from udyamsetu.marketplace.tests.factories import post as make_post

pytestmark = pytest.mark.django_db


def _future(days: int = 60) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def test_an_enterprise_sees_only_the_kinds_it_may_post(owner_client, buyer_client):
    enterprise_page = owner_client.get("/opportunities/new/").content.decode()
    assert "Technology offer" in enterprise_page and "Indigenisation item" not in enterprise_page
    assert owner_client.get("/opportunities/new/indigenisation/").status_code == 404
    assert "Indigenisation item" in buyer_client.get("/opportunities/new/").content.decode()


def test_the_form_shows_the_kinds_fields_and_submits_for_review(buyer_client, buyer_org):
    # given the indigenisation form
    form = buyer_client.get("/opportunities/new/indigenisation/").content.decode()
    assert "Part number" in form and "Positive Indigenisation List" in form
    assert "Partnership sought" not in form
    # when posted with "Submit for review"
    response = buyer_client.post("/opportunities/new/indigenisation/", {
        "title": "Gyro housing", "description": "Machined housing for a rate gyro.",
        "expires_on": _future(), "part_number": "G-12", "quantity": "25",
        "route": "make_ii", "submit": "1",
    })  # fmt: skip
    # then it is submitted
    assert response.status_code == 302
    post = Post.objects.get(organisation=buyer_org)
    assert post.status == Post.Status.SUBMITTED and post.quantity == 25


def test_submitting_an_incomplete_post_keeps_a_draft_and_names_what_is_missing(
    buyer_client, buyer_org
):
    response = buyer_client.post("/opportunities/new/tender/", {
        "title": "Safety shoes", "description": "1,200 pairs.", "expires_on": _future(),
        "submit": "1",
    }, follow=True)  # fmt: skip
    page = response.content.decode()
    assert "Saved as a draft, not submitted yet" in page
    assert "value: This field is required before you submit." in page
    assert Post.objects.get(organisation=buyer_org).status == Post.Status.DRAFT


def test_a_form_error_is_shown_on_its_field_and_nothing_is_saved(owner_client):
    response = owner_client.post("/opportunities/new/technology_offer/", {
        "title": "", "description": "x", "expires_on": "not a date",
    })  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page and "Enter a valid date." in page
    assert not Post.objects.exists()


def test_browsing_lists_open_posts_by_kind_and_hides_drafts(org_a, org_b, outsider_client):
    make_post(org_a, "Forgings wanted", expires_on=timezone.localdate() + timedelta(days=9))
    make_post(org_a, "Secret draft", status=Post.Status.DRAFT)
    make_post(org_a, "Old", expires_on=timezone.localdate() - timedelta(days=1))
    page = outsider_client.get("/opportunities/").content.decode()
    assert "Forgings wanted" in page and "Secret draft" not in page and ">Old<" not in page
    assert "Forgings wanted" not in outsider_client.get(
        "/opportunities/?kind=tender").content.decode()  # fmt: skip


def test_a_draft_is_404_to_outsiders_in_pages_and_api(org_a, outsider_client):
    draft = make_post(org_a, "Secret draft", status=Post.Status.DRAFT)
    for url in (
        f"/opportunities/{draft.pk}/",
        f"/opportunities/{draft.pk}/edit/",
        f"/api/v1/opportunities/{draft.pk}",
        f"/opportunities/{draft.pk}/interest/",
    ):
        assert outsider_client.get(url).status_code == 404, url
    assert outsider_client.post(f"/opportunities/{draft.pk}/submit/").status_code == 404
    assert outsider_client.post(f"/api/v1/opportunities/{draft.pk}/submit").status_code == 404
    draft.refresh_from_db()
    assert draft.status == Post.Status.DRAFT


def test_the_api_walks_post_review_interest_and_acceptance(
    buyer_client, buyer_org, official_client, reviewer, owner_client, org_a
):
    # the buyer posts and submits
    area = Term.objects.filter(kind="process").first()
    created = buyer_client.post("/api/v1/opportunities", {
        "organisation_id": buyer_org.pk, "kind": "indigenisation", "title": "Fuze housing",
        "description": "Aluminium fuze housings.", "expires_on": _future(), "quantity": 500,
        "route": "make_ii", "processes": [area.slug], "submit": True,
    }, content_type="application/json")  # fmt: skip
    assert created.status_code == 201, created.content
    post_id = created.json()["id"]
    assert created.json()["status"] == "submitted" and created.json()["processes"] == [area.slug]
    # the official publishes
    published = official_client.post(f"/api/v1/opportunities/{post_id}/publish")
    assert published.json()["status"] == "published"
    # an enterprise expresses interest, twice
    payload = {"organisation_id": org_a.pk, "summary": "We machine 7075.", "proposal": "Quote."}
    first = owner_client.post(f"/api/v1/opportunities/{post_id}/interests", payload,
                              content_type="application/json")  # fmt: skip
    assert first.status_code == 201
    second = owner_client.post(f"/api/v1/opportunities/{post_id}/interests", payload,
                               content_type="application/json")  # fmt: skip
    assert second.status_code == 400
    assert "already expressed interest" in str(second.json()["detail"])
    # the buyer lists and accepts it
    listed = buyer_client.get(f"/api/v1/opportunities/{post_id}/interests").json()
    accepted = buyer_client.post(f"/api/v1/interests/{listed[0]['id']}/accept")
    assert accepted.json()["status"] == "accepted"
    assert Interest.objects.get().status == Interest.Status.ACCEPTED


def test_the_api_names_unknown_terms_and_bad_kinds(owner_client, org_a):
    response = owner_client.post("/api/v1/opportunities", {
        "organisation_id": org_a.pk, "kind": "technology_offer", "title": "x",
        "description": "y", "processes": ["no-such-process"],
    }, content_type="application/json")  # fmt: skip
    assert response.status_code == 400
    assert "no-such-process" in str(response.json()["detail"]["processes"])
    response = owner_client.post("/api/v1/opportunities", {
        "organisation_id": org_a.pk, "kind": "tender", "title": "x", "description": "y",
    }, content_type="application/json")  # fmt: skip
    assert response.status_code == 400 and "kind" in response.json()["detail"]
    assert not Post.objects.exists()


def test_the_api_refuses_to_post_for_someone_elses_organisation(outsider_client, org_a):
    response = outsider_client.post("/api/v1/opportunities", {
        "organisation_id": org_a.pk, "kind": "technology_offer", "title": "x", "description": "y",
    }, content_type="application/json")  # fmt: skip
    assert response.status_code == 404
    assert not Post.objects.exists()
