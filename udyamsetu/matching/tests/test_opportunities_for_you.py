"""'Opportunities for you' on the dashboards: open posts that ask for what a profile offers, or
offer what it seeks, and only those whose hard requirements it meets."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from udyamsetu.accounts.models import Organisation
from udyamsetu.enterprises.models import Certificate, PartnerProfile, Term
from udyamsetu.marketplace.models import Post
from udyamsetu.marketplace.tests.factories import post
from udyamsetu.matching.opportunities import opportunities_for
from udyamsetu.search.tests.factories import make

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer(db):
    return Organisation.objects.create(name="Proof and Experimental Establishment", slug="pxe",
                                       kind=Organisation.Kind.BUYER_AGENCY)  # fmt: skip


@pytest.fixture
def machinist(org_a, run_tasks):
    """org_a's enterprise: 5-axis machining in Cuttack."""
    five_axis = Term.objects.get(kind="process", slug="cnc-machining-5-axis")
    enterprise = make("Kalinga Precision Engineering", organisation=org_a, is_published=True,
                      processes=[five_axis],
                      description="5-axis CNC machining of aluminium aerospace housings")  # fmt: skip
    run_tasks()
    return enterprise


def titles(found) -> list[str]:
    return [m.post.title for m in found]


def test_an_enterprise_sees_requests_for_what_it_offers_with_reasons(
    buyer, machinist, org_a, owner_client
):
    five_axis = Term.objects.get(kind="process", slug="cnc-machining-5-axis")
    post(buyer, "Machined housings for a tracking mount", processes=[five_axis],
         description="5-axis CNC machining of aluminium 7075 housings, 40 sets a year")  # fmt: skip
    post(buyer, "Handloom sarees for an emporium", description="Sambalpuri handloom sarees")
    found = opportunities_for(org_a)
    assert titles(found) == ["Machined housings for a tracking mount"]
    assert found[0].reasons[:2] == ["Asks for what you offer",
                                    "Asks for 5-axis CNC machining, which you do"]  # fmt: skip
    page = owner_client.get(reverse("dashboard")).content.decode()
    assert "Opportunities for you" in page and "Machined housings for a tracking mount" in page


def test_drafts_expired_own_and_unmet_requirements_are_never_shown(
    buyer, machinist, org_a, run_tasks
):
    text = {"description": "5-axis CNC machining of aluminium housings"}
    post(buyer, "A draft", status=Post.Status.DRAFT, **text)
    post(buyer, "Expired", expires_on=timezone.localdate() - timedelta(days=1), **text)
    post(org_a, "Our own request", **text)
    as9100 = Term.objects.get(kind="certification", slug="as9100d")
    post(buyer, "Needs AS9100D", required_certifications=[as9100], **text)
    post(buyer, "Karnataka only", states=["KA"], **text)
    post(buyer, "Medium firms only", size_classes=["medium"], **text)
    post(buyer, "Category A licence", kind=Post.Kind.LICENCE, licence_category="A", **text)
    assert opportunities_for(org_a) == []
    Certificate.objects.create(enterprise=machinist, certification=as9100, issuer="TÜV",
                               valid_until=date(2030, 1, 1))  # fmt: skip
    machinist.verification_level = 1  # may now take up a category A licence
    machinist.seek_text = "a licence for 5-axis CNC machining of aluminium housings"
    machinist.save()
    run_tasks()
    assert set(titles(opportunities_for(org_a))) == {"Needs AS9100D", "Category A licence"}
    needs = next(m for m in opportunities_for(org_a) if m.post.title == "Needs AS9100D")
    assert "You hold the AS9100D (aerospace quality management) it requires" in needs.reasons


def test_a_partner_sees_offers_of_what_it_seeks(org_b, buyer, run_tasks):
    PartnerProfile.objects.create(organisation=org_b, offer_text="drone airframes",
                                  seek_text="e-waste recycling technology to license")  # fmt: skip
    run_tasks()
    post(buyer, "E-waste recycling technology for licence", kind=Post.Kind.TECHNOLOGY_OFFER,
         description="Recovery of copper and gold from e-waste printed circuit boards")  # fmt: skip
    post(buyer, "E-waste recycling, Odisha firms only", kind=Post.Kind.TECHNOLOGY_OFFER,
         states=["OD"], description="Recovery of copper and gold from e-waste")  # fmt: skip
    found = opportunities_for(org_b)
    assert titles(found) == ["E-waste recycling technology for licence"]
    assert found[0].reasons[0] == "Offers what you seek"


def test_an_anonymous_posters_name_is_not_shown_on_the_dashboard(buyer, machinist, owner_client):
    post(buyer, "Machined housings", is_anonymous=True,
         description="5-axis CNC machining of aluminium housings")  # fmt: skip
    page = owner_client.get(reverse("dashboard")).content.decode()
    assert "Machined housings" in page and "Posted anonymously" in page
    assert "Proof and Experimental Establishment" not in page


def test_the_nearest_facility_is_named_for_a_process_the_enterprise_lacks(buyer, machinist, org_a):
    from udyamsetu.facilities.models import Facility

    # given a post that needs 5-axis machining (which Kalinga does) and vacuum heat treatment
    # (which it does not), and a common facility centre near Cuttack that offers the latter
    five_axis = Term.objects.get(kind="process", slug="cnc-machining-5-axis")
    vacuum = Term.objects.get(kind="process", slug="vacuum-heat-treatment")
    operator = Organisation.objects.create(name="AEC", slug="aec-cfc",
                                           kind=Organisation.Kind.FACILITY_OPERATOR)  # fmt: skip
    centre = Facility.objects.create(
        organisation=operator, name="AEC Common Facility Centre", slug="aec",
        kind=Facility.Kind.CFC, address="Jagatpur", city="Cuttack", state="OD",
        pin_code="754021", latitude=20.54, longitude=85.95,
    )  # fmt: skip
    centre.services.add(vacuum)
    post(buyer, "Machined and hardened tool steel dies", processes=[five_axis, vacuum],
         description="5-axis CNC machining of tool steel dies, then vacuum heat treatment")  # fmt: skip
    found = opportunities_for(org_a)
    suggestion = found[0].reasons[-1]
    assert suggestion.startswith("AEC Common Facility Centre, ")
    assert suggestion.endswith("km away, offers the Vacuum heat treatment you lack")
