"""Fixtures for partnerships: org_a (owner, teammate) and org_b (`partner`, the shared
outsider user) in conversation; a third organisation (`stranger`) in conversation with nobody;
an official whose office may see the figures."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from udyamsetu.accounts.models import Membership, Organisation
from udyamsetu.conftest import client_for
from udyamsetu.conversations.services import open_conversation


@pytest.fixture
def partner(outsider):
    """The member of org_b: the other side of org_a's partnership."""
    return outsider


@pytest.fixture
def partner_client(outsider_client) -> Client:
    return outsider_client


@pytest.fixture
def in_conversation(org_a, org_b, owner):
    """org_a and org_b have a conversation, so they may record steps with each other."""
    return open_conversation(org_a, org_b, by=owner, subject="Composite airframe parts")


@pytest.fixture
def org_c(db) -> Organisation:
    return Organisation.objects.create(
        name="Deccan Castings", slug="deccan", kind=Organisation.Kind.ENTERPRISE, city="Pune"
    )


@pytest.fixture
def stranger(make_user, org_c):
    """A member of a third organisation, party to no partnership."""
    user = make_user("stranger@example.com", "Vikram Joshi")
    Membership.objects.create(user=user, organisation=org_c, role=Membership.Role.OWNER)
    return user


@pytest.fixture
def stranger_client(stranger) -> Client:
    return client_for(stranger)


@pytest.fixture
def figures_official(official, office):
    """The shared official, whose office may see the partnership figures."""
    office.permissions.add(
        Permission.objects.get(
            content_type__app_label="partnerships", codename="view_partnership_summary"
        )
    )
    return official
