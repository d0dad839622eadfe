"""API shapes for accounts and organisations."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema


class OrganisationOut(Schema):
    id: int
    name: str
    slug: str
    kind: str
    country: str
    city: str
    website: str
    description: str
    created_at: datetime


class MembershipOut(Schema):
    id: int
    organisation: OrganisationOut
    role: str


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    language: str
    timezone: str
    memberships: list[MembershipOut]


class MemberOut(Schema):
    id: int
    user_id: int
    full_name: str = Field(..., alias="user.full_name")
    email: str = Field(..., alias="user.email")
    role: str
    created_at: datetime


class OrganisationIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    kind: str
    country: str = Field("IN", min_length=2, max_length=2)
    city: str = Field("", max_length=100)
    website: str = Field("", max_length=200)
    description: str = Field("", max_length=2000)


class InvitationIn(Schema):
    email: str = Field(..., max_length=254)
    role: str = "member"


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    expires_at: datetime


class ErrorOut(Schema):
    detail: str | dict
