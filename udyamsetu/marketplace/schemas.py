"""API shapes for opportunities and expressions of interest."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema


class PostOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    status: str
    poster: str | None = Field(None, description="None while the poster is anonymous to you")
    licence_category: str
    stage: str
    partnership_sought: list[str]
    ipr_status: str
    target_countries: list[str]
    value_band: str
    deadline: datetime | None
    msme_preference: bool
    part_number: str
    quantity: int | None
    annual_demand: int | None
    buyer: str
    route: str
    positive_list: bool
    grant_rupees: int | None
    challenge_stages: str
    size_classes: list[str]
    states: list[str]
    pin_code: str
    radius_km: int | None
    processes: list[str] = Field(description="vocabulary slugs")
    technology_areas: list[str]
    required_certifications: list[str]
    preferred_certifications: list[str]
    is_anonymous: bool
    expires_on: date | None
    published_at: datetime | None
    rejection_reason: str = Field("", description="for the poster's team only")


class PostIn(Schema):
    """A post's fields; those its kind does not have are ignored. Terms are vocabulary slugs."""

    organisation_id: int
    kind: str
    title: str = Field(max_length=200)
    description: str = Field(max_length=4000)
    expires_on: date | None = None
    is_anonymous: bool = False
    stage: str = ""
    partnership_sought: list[str] = []
    ipr_status: str = ""
    target_countries: list[str] = []
    value_band: str = ""
    deadline: datetime | None = None
    msme_preference: bool = False
    part_number: str = ""
    quantity: int | None = None
    annual_demand: int | None = None
    buyer: str = ""
    route: str = ""
    positive_list: bool = False
    grant_rupees: int | None = None
    challenge_stages: str = ""
    licence_category: str = ""
    size_classes: list[str] = []
    states: list[str] = []
    pin_code: str = ""
    radius_km: int | None = None
    processes: list[str] = []
    technology_areas: list[str] = []
    required_certifications: list[str] = []
    preferred_certifications: list[str] = []
    submit: bool = Field(False, description="submit for review straight away")


class RejectIn(Schema):
    reason: str = Field(max_length=1000)


class CloseIn(Schema):
    awarded: bool = False


class RenewIn(Schema):
    until: date


class ReportIn(Schema):
    reason: str
    note: str = Field("", max_length=1000)


class InterestIn(Schema):
    organisation_id: int
    summary: str = Field(max_length=1500)
    proposal: str = Field(max_length=1000)


class InterestOut(Schema):
    id: int
    post: int
    organisation: str
    organisation_id: int
    summary: str
    proposal: str
    status: str
    created_at: datetime
    expires_at: datetime
    decided_at: datetime | None
    decline_reason: str
    attachments: list[str] = Field(description="download paths")


class DeclineIn(Schema):
    reason: str = Field("", max_length=1000)
