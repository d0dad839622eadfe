"""API shapes for the partnership pipeline and the officials' figures."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from udyamsetu.partnerships.models import AgreementType, Stage
from udyamsetu.partnerships.services import MAX_NOTE

StageName = Literal[tuple(Stage.values)]  # type: ignore[valid-type]
AgreementName = Literal[("", *AgreementType.values)]  # type: ignore[valid-type]


class OrganisationRef(Schema):
    id: int
    name: str
    slug: str


class StepOut(Schema):
    id: int
    stage: str
    label: str
    occurred_on: date
    agreement_type: str  # "" unless the step is an agreement
    value_rupees: int | None
    note: str
    status: str  # pending, confirmed, declined or withdrawn
    recorded_for: OrganisationRef
    awaiting: OrganisationRef | None  # who is to confirm it, while it is pending
    decline_reason: str
    created_at: datetime
    answered_at: datetime | None


class PartnershipOut(Schema):
    id: int
    organisations: list[OrganisationRef]
    stage: str  # the furthest step both sides confirmed, "" before any
    stage_reached_on: date | None
    meeting_on: date | None
    steps: list[StepOut]


class StepIn(Schema):
    organisation_id: int = Field(description="The organisation you record for")
    partner_id: int = Field(description="The other organisation (you must have a conversation)")
    stage: StageName
    occurred_on: date
    agreement_type: AgreementName = ""
    value_rupees: int | None = Field(default=None, ge=0)
    note: str = Field(default="", max_length=MAX_NOTE)


class DeclineIn(Schema):
    reason: str = Field(default="", max_length=MAX_NOTE)


class StageCount(Schema):
    stage: str
    label: str
    pairs: int


class AgreementCount(Schema):
    type: str
    label: str
    count: int
    value_rupees: int


class SummaryOut(Schema):
    since: date | None
    pairs: int
    cross_border_pairs: int
    by_stage: list[StageCount]
    agreements: list[AgreementCount]
    agreements_total: int
    agreements_value_rupees: int
    waiting_for_confirmation: int
