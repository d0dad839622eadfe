"""Fixtures for conversations: a thread between org_a and org_b, a third organisation, an
official who reviews reports, uploads in a temporary folder, and small files."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from udyamsetu.accounts.models import Membership, Organisation
from udyamsetu.conversations import services
from udyamsetu.enterprises.models import Enterprise, PartnerProfile
from udyamsetu.enterprises.reference import CRORE
from udyamsetu.enterprises.services import claim_enterprise

REGISTRY = {
    "legal_name": "Kalinga Precision Works Pvt Ltd", "organisation_type": "private_limited",
    "commencement_date": date(2016, 4, 1), "major_activity": "manufacturing",
    "nic_codes": ["25920", "28220"], "investment_rupees": 4 * CRORE,
    "turnover_rupees": 30 * CRORE, "export_turnover_rupees": 5 * CRORE, "employees": 60,
    "address": "Plot 42, Jagatpur Industrial Estate", "city": "Cuttack", "pin_code": "753001",
}  # fmt: skip


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


@pytest.fixture
def conversation(owner, outsider, org_a, org_b):
    """org_a (owner, teammate) and org_b (outsider), opened by the owner with one message each
    way: the owner's first, then the outsider's reply."""
    opened = services.open_conversation(org_a, org_b, by=owner, subject="Titanium brackets")
    services.send_message(opened, by=owner, organisation=org_a, body="Can you machine Ti-6Al-4V?")
    services.send_message(opened, by=outsider, organisation=org_b, body="Yes, up to 400 mm.")
    return opened


@pytest.fixture
def org_c(db) -> Organisation:
    return Organisation.objects.create(
        name="Deccan Castings", slug="deccan", kind=Organisation.Kind.ENTERPRISE, city="Pune"
    )


@pytest.fixture
def stranger(make_user, org_c):
    """A member of a third organisation, in no conversation."""
    user = make_user("stranger@example.com", "Vikram Joshi")
    Membership.objects.create(user=user, organisation=org_c, role=Membership.Role.OWNER)
    return user


@pytest.fixture
def stranger_client(stranger) -> Client:
    client = Client()
    client.force_login(stranger, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


@pytest.fixture
def reviewing_office(office):
    """The fixture office, now also allowed to review reported messages."""
    office.permissions.add(
        Permission.objects.get(content_type__app_label="conversations", codename="review_reports")
    )
    return office


@pytest.fixture
def public_enterprise(owner, org_a) -> Enterprise:
    """org_a's Udyam profile, published: others may write to org_a."""
    enterprise = claim_enterprise(org_a, by=owner, udyam_number="UDYAM-OD-19-0012345", **REGISTRY)
    Enterprise.objects.filter(pk=enterprise.pk).update(is_published=True)
    enterprise.refresh_from_db()
    return enterprise


@pytest.fixture
def public_partner(org_b) -> PartnerProfile:
    """org_b's partner profile, published: others may write to org_b."""
    return PartnerProfile.objects.create(
        organisation=org_b, offer_text="Aerospace machining", is_published=True
    )
