"""The pipeline's pages and API: recording from a pair's page, answering, the dashboard and
conversation links, the officials' figures, and 404 for anyone outside the pair."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from udyamsetu.accounts.services import create_api_token
from udyamsetu.partnerships import services
from udyamsetu.partnerships.models import Partnership, Step

pytestmark = pytest.mark.django_db
PAIR = "/partnerships/with/{slug}/"


def _api(user) -> Client:
    _token, raw = create_api_token(user, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _yesterday() -> str:
    return (timezone.localdate() - timedelta(days=1)).isoformat()


def test_a_member_records_a_step_from_the_pair_page_and_the_other_side_confirms_it(
    owner_client, partner_client, in_conversation
):
    page = owner_client.get(PAIR.format(slug="galil"))
    assert page.status_code == 200
    assert "Partnership with Galil Aero Systems" in page.content.decode()
    # when the owner records an NDA
    answer = owner_client.post(
        PAIR.format(slug="galil"), {"stage": "nda", "occurred_on": _yesterday(), "note": "Mutual"}
    )
    assert answer.status_code == 302
    step = Step.objects.get()
    # then org_b's page offers to confirm it, and confirming moves the pair on
    theirs = partner_client.get(PAIR.format(slug="kalinga")).content.decode()
    assert "Confirm" in theirs and "Mutual" in theirs
    partner_client.post(f"/partnerships/steps/{step.pk}/", {"action": "confirm"})
    assert Partnership.objects.get().stage == "nda"
    listing = owner_client.get("/partnerships/").content.decode()
    assert "Galil Aero Systems" in listing and "NDA signed" in listing


def test_the_form_names_the_wrong_field_and_records_nothing(owner_client, in_conversation):
    answer = owner_client.post(
        PAIR.format(slug="galil"), {"stage": "agreement", "occurred_on": _yesterday()}
    )
    assert answer.status_code == 400
    assert answer.context["form"].errors["agreement_type"] == [
        "Say what kind of agreement was signed."
    ]
    assert not Step.objects.exists()


def test_a_stranger_gets_404_on_the_pair_and_its_steps(
    stranger_client, org_a, org_b, owner, in_conversation
):
    step = services.record_step(org_a, org_b, by=owner, stage="meeting",
                                occurred_on=date(2026, 11, 1))  # fmt: skip
    assert stranger_client.get(PAIR.format(slug="galil")).status_code == 404
    assert stranger_client.get(PAIR.format(slug="kalinga")).status_code == 404
    for action in ("confirm", "decline", "withdraw"):
        answer = stranger_client.post(f"/partnerships/steps/{step.pk}/", {"action": action})
        assert answer.status_code == 404
    assert "Galil" not in stranger_client.get("/partnerships/").content.decode()
    step.refresh_from_db()
    assert step.status == Step.Status.PENDING


def test_the_pair_page_is_404_without_a_conversation(owner_client, org_c):
    assert owner_client.get(PAIR.format(slug="deccan")).status_code == 404
    answer = owner_client.post(PAIR.format(slug="deccan"), {"stage": "nda",
                                                            "occurred_on": _yesterday()})  # fmt: skip
    assert answer.status_code == 404
    assert not Step.objects.exists()


def test_pages_ask_anonymous_visitors_to_log_in(client, in_conversation):
    for url in ("/partnerships/", PAIR.format(slug="galil"), "/partnerships/summary/"):
        answer = client.get(url)
        assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


def test_the_conversation_links_to_the_pair_and_the_dashboard_lists_what_waits(
    owner_client, org_a, org_b, partner, in_conversation
):
    thread = owner_client.get(in_conversation.get_absolute_url()).content.decode()
    assert PAIR.format(slug="galil") in thread
    services.record_step(org_b, org_a, by=partner, stage="mou",
                         occurred_on=date(2026, 11, 20))  # fmt: skip
    dashboard = owner_client.get("/dashboard/").content.decode()
    assert "Galil Aero Systems recorded “MoU or LoI signed”" in dashboard


def test_officials_see_figures_of_confirmed_steps_and_no_pair(
    figures_official, official_client, owner_client, org_a, org_b, owner, partner,
    in_conversation,
):  # fmt: skip
    agreement = services.record_step(
        org_a, org_b, by=owner, stage="agreement", agreement_type="licence",
        value_rupees=2_50_00_000, occurred_on=date(2026, 11, 1),
    )  # fmt: skip
    services.confirm_step(agreement, by=partner)
    services.record_step(org_a, org_b, by=owner, stage="meeting", occurred_on=date(2026, 10, 1))
    figures = services.summary(figures_official)
    assert figures["pairs"] == 1 and figures["cross_border_pairs"] == 1
    assert figures["agreements_total"] == 1
    assert figures["agreements_value_rupees"] == 2_50_00_000
    assert figures["waiting_for_confirmation"] == 1
    assert {r["stage"]: r["pairs"] for r in figures["by_stage"]}["agreement"] == 1
    page = official_client.get("/partnerships/summary/")
    assert page.status_code == 200
    assert "Galil" not in page.content.decode() and "Kalinga" not in page.content.decode()
    assert official_client.get("/partnerships/summary/?year=2027").status_code == 200
    assert owner_client.get("/partnerships/summary/").status_code == 403
    assert services.summary(figures_official, since=date(2026, 11, 2))["agreements_total"] == 0


def test_the_api_records_confirms_and_lists_and_refuses_the_wrong_actor(
    owner, partner, stranger, org_a, org_b, in_conversation
):
    payload = {"organisation_id": org_a.pk, "partner_id": org_b.pk, "stage": "mou",
               "occurred_on": _yesterday(), "note": "LoI for 40 sets"}  # fmt: skip
    recorded = _api(owner).post("/api/v1/partnerships/steps", payload,
                                content_type="application/json")  # fmt: skip
    assert recorded.status_code == 201, recorded.content
    step = recorded.json()
    assert step["status"] == "pending" and step["awaiting"]["slug"] == "galil"
    url = f"/api/v1/partnerships/steps/{step['id']}"
    # the recorder cannot confirm (403), a stranger cannot even see it (404)
    assert _api(owner).post(f"{url}/confirm").status_code == 403
    assert _api(stranger).post(f"{url}/confirm").status_code == 404
    assert (
        _api(stranger).post(f"{url}/decline", {}, content_type="application/json").status_code
        == 404
    )
    confirmed = _api(partner).post(f"{url}/confirm")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    listed = _api(partner).get("/api/v1/partnerships").json()
    assert [(p["stage"], len(p["steps"])) for p in listed] == [("mou", 1)]
    pk = listed[0]["id"]
    assert _api(stranger).get(f"/api/v1/partnerships/{pk}").status_code == 404
    assert _api(stranger).get("/api/v1/partnerships").json() == []


def test_the_api_says_which_field_is_wrong(owner, org_a, org_b, in_conversation):
    payload = {"organisation_id": org_a.pk, "partner_id": org_b.pk, "stage": "meeting",
               "occurred_on": "2099-01-01"}  # fmt: skip
    answer = _api(owner).post("/api/v1/partnerships/steps", payload,
                              content_type="application/json")  # fmt: skip
    assert answer.status_code == 400
    assert "occurred_on" in answer.json()["detail"]
    assert not Step.objects.exists()


def test_the_api_figures_are_for_officials_only(figures_official, owner):
    assert _api(figures_official).get("/api/v1/partnerships/summary").status_code == 200
    assert _api(owner).get("/api/v1/partnerships/summary").status_code == 403
