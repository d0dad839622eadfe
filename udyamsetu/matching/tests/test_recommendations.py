"""'Recommended for you' on the dashboards: matches with reasons for the team, a prompt when
nothing is sought, and nobody else's private profile ever shown."""

from __future__ import annotations

import pytest
from django.urls import reverse

from udyamsetu.enterprises.models import PartnerProfile
from udyamsetu.matching.models import Feedback
from udyamsetu.search.tests.factories import make

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeking(org_a):
    """org_a's enterprise, which seeks a vacuum heat treatment partner."""
    return make("Kalinga Precision Engineering", organisation=org_a, is_published=True,
                description="5-axis machining", seek_text="vacuum heat treatment of tool steel")  # fmt: skip


def test_the_team_sees_enterprises_that_match_what_it_seeks_with_reasons(
    seeking, owner_client, teammate_client, run_tasks
):
    make("Odisha Heat Treaters", description="vacuum heat treatment and hardening of tool steel",
         verification_level=2)  # fmt: skip
    make("Deccan Bakers", description="bread and rusk", nic_codes=["10711"])
    make("Cuttack Coaters", description="powder coating of steel doors")  # a weaker match
    run_tasks()
    for client in (owner_client, teammate_client):
        page = client.get(reverse("dashboard")).content.decode()
        assert "Recommended for you" in page
        assert "Odisha Heat Treaters" in page and "Verified on site" in page
        assert "Deccan Bakers" not in page
        coaters = page.find("Cuttack Coaters")
        assert coaters == -1 or page.index("Odisha Heat Treaters") < coaters
        assert "Kalinga Precision Engineering</a></h3>" not in page  # never itself


def test_an_enterprise_that_seeks_nothing_is_asked_to_say_what_it_seeks(org_a, owner_client):
    make("Kalinga Precision Engineering", organisation=org_a, is_published=True)
    page = owner_client.get(reverse("dashboard")).content.decode()
    assert "Say what you seek" in page and reverse("enterprises:edit") in page


def test_a_partner_is_never_recommended_a_private_profile(
    seeking, org_a, org_b, outsider_client, run_tasks
):
    seeking.is_published = False  # org_a keeps its profile to itself
    seeking.save()
    PartnerProfile.objects.create(
        organisation=org_b, offer_text="drone airframes", seek_text="5-axis machining partner"
    )
    make("Pune Five Axis Works", description="5-axis machining of aluminium parts")
    run_tasks()
    page = outsider_client.get(reverse("dashboard")).content.decode()
    assert "Pune Five Axis Works" in page
    assert "Kalinga Precision Engineering" not in page


def test_the_api_gives_members_their_recommendations_and_outsiders_404(
    seeking, org_a, owner_client, outsider_client, run_tasks
):
    make("Odisha Heat Treaters", description="vacuum heat treatment and hardening of tool steel")
    run_tasks()
    url = f"/api/v1/organisations/{org_a.pk}/recommendations"
    body = owner_client.get(url).json()
    assert body["profile"] == "enterprise"
    assert [m["title"] for m in body["matches"]] == ["Odisha Heat Treaters"]
    assert body["matches"][0]["reasons"][0].startswith("Mentions ")
    assert set(body["matches"][0]["parts"]) >= {"relevance", "reciprocity", "processes"}
    assert outsider_client.get(url).status_code == 404


def test_the_dashboard_keeps_its_recommendations_until_what_the_team_seeks_changes(
    seeking, owner_client, run_tasks
):
    make("Odisha Heat Treaters", description="vacuum heat treatment and hardening of tool steel")
    run_tasks()
    assert "Odisha Heat Treaters" in owner_client.get(reverse("dashboard")).content.decode()
    make("Bhubaneswar Galvanisers", description="hot dip galvanising of steel structures")
    run_tasks()
    # Kept: a newcomer does not appear on every load's account...
    assert "Bhubaneswar Galvanisers" not in owner_client.get(reverse("dashboard")).content.decode()
    seeking.seek_text = "hot dip galvanising of steel structures"
    seeking.save()
    run_tasks()
    # ...but what the team now seeks does, once its vector is made.
    page = owner_client.get(reverse("dashboard")).content.decode()
    assert "Bhubaneswar Galvanisers" in page


def test_a_kept_recommendation_unpublished_since_is_not_shown(
    seeking, org_b, owner_client, run_tasks
):
    treaters = make("Odisha Heat Treaters", description="vacuum heat treatment of tool steel",
                    organisation=org_b, is_published=True)  # fmt: skip
    run_tasks()
    assert "Odisha Heat Treaters" in owner_client.get(reverse("dashboard")).content.decode()
    treaters.is_published = False
    treaters.save()
    run_tasks()
    assert "Odisha Heat Treaters" not in owner_client.get(reverse("dashboard")).content.decode()


def test_a_match_hidden_from_the_dashboard_goes_at_once(seeking, owner_client, run_tasks):
    treaters = make("Odisha Heat Treaters", description="vacuum heat treatment of tool steel")
    run_tasks()
    assert "Odisha Heat Treaters" in owner_client.get(reverse("dashboard")).content.decode()
    Feedback.objects.create(seeker_kind="enterprise", seeker_id=seeking.pk,
                            match_kind="enterprise", match_id=treaters.pk, verdict="hidden")  # fmt: skip
    assert "Odisha Heat Treaters" not in owner_client.get(reverse("dashboard")).content.decode()
