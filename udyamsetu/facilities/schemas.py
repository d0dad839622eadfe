"""API shapes for facilities, free machine time and bookings."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Field, Schema


class EquipmentOut(Schema):
    id: int
    name: str
    machine_type: str  # the machine vocabulary's slug
    make_model: str
    capacity: str
    rate_rupees: int
    micro_rate_rupees: int | None
    facility: str  # the facility's slug


class FreeTimeOut(Schema):
    equipment: EquipmentOut
    start: datetime
    end: datetime
    km: float | None
    rate_rupees: int


class BookingIn(Schema):
    equipment_id: int
    organisation_id: int = Field(description="The organisation you book for")
    start: datetime = Field(description="With its offset, e.g. 2026-12-08T09:00:00+05:30")
    end: datetime
    job_description: str = Field(max_length=2000)
    material: str = Field(default="", max_length=200)


class MaintenanceIn(Schema):
    start: datetime
    end: datetime
    reason: str = Field(default="", max_length=500)


class ReasonIn(Schema):
    reason: str = Field(default="", max_length=500)


class OutcomeIn(Schema):
    outcome: str = Field(description="completed or no_show")
    used_hours: Decimal | None = None


class BookingOut(Schema):
    id: int
    equipment_id: int
    kind: str
    status: str
    start: datetime
    end: datetime
    organisation: str  # the booking organisation's slug
    job_description: str
    material: str
    rate_rupees: int | None
    used_hours: Decimal | None
    amount_rupees: int | None
    reason: str
