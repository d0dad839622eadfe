"""Fixtures for opportunities: a buyer agency and its member, an official who reviews posts,
and a third enterprise that is party to nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from udyamsetu.accounts.models import Membership, Organisation
from udyamsetu.conftest import client_for


@pytest.fixture
def buyer_org(db) -> Organisation:
    return Organisation.objects.create(
        name="Proof and Experimental Establishment", slug="pxe",
        kind=Organisation.Kind.BUYER_AGENCY, city="Chandipur",
    )  # fmt: skip


@pytest.fixture
def buyer(make_user, buyer_org):
    user = make_user("buyer@example.gov.in", "Suresh Patnaik")
    Membership.objects.create(user=user, organisation=buyer_org, role=Membership.Role.OWNER)
    return user


@pytest.fixture
def buyer_client(buyer) -> Client:
    return client_for(buyer)


@pytest.fixture
def reviewer(official, office):
    """The shared official, whose office may review posts."""
    office.permissions.add(Permission.objects.get(codename="review_post"))
    return official


@pytest.fixture
def third_org(db) -> Organisation:
    return Organisation.objects.create(
        name="Cuttack Castings", slug="cuttack-castings", kind=Organisation.Kind.ENTERPRISE
    )


@pytest.fixture
def third(make_user, third_org):
    user = make_user("third@example.com", "Meera Das")
    Membership.objects.create(user=user, organisation=third_org, role=Membership.Role.OWNER)
    return user


@pytest.fixture
def third_client(third) -> Client:
    return client_for(third)
