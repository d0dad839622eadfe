"""'Matches for this opportunity': the posting team and reviewing officials see enterprises that
meet every requirement, with reasons; nobody else sees the page, and no private or unpublished
profile is ever matched."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from udyamsetu.enterprises.models import Certificate, Term
from udyamsetu.marketplace.models import Post
from udyamsetu.marketplace.tests.factories import post
from udyamsetu.matching import services
from udyamsetu.search.tests.factories import make

pytestmark = pytest.mark.django_db


@pytest.fixture
def as9100():
    return Term.objects.get(kind="certification", slug="as9100d")


@pytest.fixture
def brackets(org_a, as9100):
    """org_a asks for aerospace brackets from AS9100D-certified shops."""
    return post(org_a, "Aerospace brackets, 5-axis machined in aluminium 7075",
                description="Batch of 400 brackets for a UAV airframe; 5-axis machining.",
                required_certifications=[as9100])  # fmt: skip


def certify(enterprise, term, until) -> None:
    Certificate.objects.create(enterprise=enterprise, certification=term, issuer="TÜV",
                               valid_from=date(2024, 1, 1), valid_until=until)  # fmt: skip


def test_the_posting_team_sees_eligible_enterprises_with_reasons(
    brackets, as9100, owner_client, teammate_client, run_tasks
):
    certified = make("Pune Five Axis Works", description="5-axis machining of aluminium brackets",
                     state="MH")  # fmt: skip
    certify(certified, as9100, date(2027, 3, 31))
    lapsed = make("Nashik Aero Machining", description="5-axis machining of aerospace brackets",
                  state="MH")  # fmt: skip
    certify(lapsed, as9100, date(2025, 3, 31))
    run_tasks()
    for client in (owner_client, teammate_client):
        page = client.get(reverse("matching:opportunity", args=[brackets.pk])).content.decode()
        assert "Matches for this opportunity" in page
        assert "Pune Five Axis Works" in page and "valid to March 2027" in page
        assert "Nashik Aero Machining" not in page  # its certificate lapsed


def test_outsiders_get_404_and_reviewing_officials_see_the_matches(
    brackets, outsider_client, official, official_client, client
):
    url = reverse("matching:opportunity", args=[brackets.pk])
    assert outsider_client.get(url).status_code == 404
    assert client.get(url).status_code == 302  # to the login page
    assert official_client.get(url).status_code == 404  # an office without the permission
    official.memberships.get().organisation.permissions.add(
        Permission.objects.get(codename="review_post")
    )
    assert official_client.get(url).status_code == 200


def test_unpublished_profiles_are_never_matched(brackets, as9100, org_b, run_tasks):
    hidden = make("Quiet Aero Machining", description="5-axis machining of aerospace brackets",
                  organisation=org_b, is_published=False)  # a claimed profile kept private  # fmt: skip
    certify(hidden, as9100, None)
    shown = make("Open Aero Machining", description="5-axis machining of aerospace brackets")
    certify(shown, as9100, None)
    run_tasks()
    found = [m.hit.title for m in services.matches_for_post(brackets)]
    assert found == ["Open Aero Machining"]


def test_a_category_a_licence_reaches_only_verified_indian_enterprises(org_b, run_tasks):
    licence = post(org_b, "Licence: armour-piercing ammunition fuze", kind=Post.Kind.LICENCE,
                   licence_category="A", description="Fuze assembly and testing know-how")  # fmt: skip
    make("Verified Fuze Makers", description="fuze assembly for ammunition", verification_level=1)
    make("Unverified Fuze Makers", description="fuze assembly for ammunition")
    run_tasks()
    assert [m.hit.title for m in services.matches_for_post(licence)] == ["Verified Fuze Makers"]


def test_a_category_a_licence_is_invisible_to_organisations_that_may_not_take_it(
    org_a, org_b, owner_client, outsider_client
):
    licence = post(org_b, "Licence: armour-piercing ammunition fuze", kind=Post.Kind.LICENCE,
                   licence_category="A")  # fmt: skip
    dual_use = post(org_b, "Licence: thermal imaging core", kind=Post.Kind.LICENCE,
                    licence_category="B")  # fmt: skip
    enterprise = make("Kalinga Precision Engineering", organisation=org_a)
    assert owner_client.get(licence.get_absolute_url()).status_code == 404  # not verified yet
    assert owner_client.get(dual_use.get_absolute_url()).status_code == 200
    enterprise.verification_level = 1
    enterprise.save()
    assert owner_client.get(licence.get_absolute_url()).status_code == 200
    # The poster always sees its own post.
    assert outsider_client.get(licence.get_absolute_url()).status_code == 200


def test_a_draft_is_seen_by_its_team_only(org_a, owner_client, outsider_client, client):
    draft = post(org_a, "Wire harness for armoured vehicles", status=Post.Status.DRAFT)
    assert owner_client.get(draft.get_absolute_url()).status_code == 200
    assert outsider_client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_an_anonymous_posters_name_is_hidden_from_readers(org_a, owner_client, outsider_client):
    anonymous = post(org_a, "Radar sub-assembly indigenisation", is_anonymous=True)
    assert (
        "Posted anonymously" in outsider_client.get(anonymous.get_absolute_url()).content.decode()
    )
    assert org_a.name not in outsider_client.get(anonymous.get_absolute_url()).content.decode()
    assert org_a.name in owner_client.get(anonymous.get_absolute_url()).content.decode()


def test_what_a_candidate_seeks_lifts_it_for_an_offer(org_b, run_tasks):
    offer = post(org_b, "E-waste recycling technology from Taiwan", kind=Post.Kind.TECHNOLOGY_OFFER,
                 description="Hydrometallurgical recovery of copper and gold from e-waste")  # fmt: skip
    plain = make("Bhubaneswar Recyclers", description="e-waste collection and dismantling")
    keen = make("Cuttack Recyclers", description="e-waste collection and dismantling")
    run_tasks()
    before = [m.hit.title for m in services.matches_for_post(offer)]
    assert set(before[:2]) == {plain.legal_name, keen.legal_name}
    keen.seek_text = "recovery of copper and gold from e-waste, a technology to license"
    keen.save()
    run_tasks()
    after = services.matches_for_post(offer)
    assert after[0].hit.title == "Cuttack Recyclers"
    assert any(r.startswith("Seeks “recovery of copper") for r in after[0].reasons)


def test_an_edited_profile_enters_the_matches_after_its_task_runs(brackets, as9100, run_tasks):
    shop = make("Cuttack Bakery", description="bread and rusk", nic_codes=["10711"])
    certify(shop, as9100, None)
    run_tasks()
    assert "Cuttack Bakery" not in [m.hit.title for m in services.matches_for_post(brackets)]
    shop.description = "5-axis machining of aluminium aerospace brackets for UAVs"
    shop.save()
    run_tasks()
    assert "Cuttack Bakery" in [m.hit.title for m in services.matches_for_post(brackets)]


def test_the_api_gives_the_team_its_matches_and_outsiders_404(
    brackets, as9100, owner_client, outsider_client, run_tasks
):
    shop = make("Pune Five Axis Works", description="5-axis machining of aluminium brackets")
    certify(shop, as9100, None)
    run_tasks()
    url = f"/api/v1/opportunities/{brackets.pk}/matches"
    body = owner_client.get(url).json()
    assert body["opportunity"] == brackets.pk
    assert [m["title"] for m in body["matches"]] == ["Pune Five Axis Works"]
    assert body["matches"][0]["object_id"] == shop.pk and body["matches"][0]["reasons"]
    assert outsider_client.get(url).status_code == 404
