"""Shared facilities in the API: free machine time, booking requests, the operator's answers
(409 when the machine is already taken), maintenance blocks and outcomes. Bookings the caller
is not party to are 404."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Status

from udyamsetu.accounts.schemas import ErrorOut
from udyamsetu.accounts.services import visible_organisation
from udyamsetu.enterprises.models import Term
from udyamsetu.facilities import services
from udyamsetu.facilities.models import Booking, Equipment
from udyamsetu.facilities.schemas import (
    BookingIn,
    BookingOut,
    FreeTimeOut,
    MaintenanceIn,
    OutcomeIn,
    ReasonIn,
)

router = Router(tags=["facilities"])
_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut}


def _equipment(e: Equipment) -> dict:
    return {"id": e.pk, "name": e.name, "machine_type": e.machine_type.slug,
            "make_model": e.make_model, "capacity": e.capacity, "rate_rupees": e.rate_rupees,
            "micro_rate_rupees": e.micro_rate_rupees, "facility": e.facility.slug}  # fmt: skip


def _booking(b: Booking) -> dict:
    return {
        **{f: getattr(b, f) for f in ("id", "equipment_id", "kind", "status", "start", "end",
                                      "job_description", "material", "rate_rupees",
                                      "used_hours", "amount_rupees", "reason")},
        "organisation": b.organisation.slug,
    }  # fmt: skip


def _term(kind: str, slug: str | None):
    if not slug:
        return None
    term = Term.objects.filter(kind=kind, slug=slug).first()
    if term is None:
        raise ValidationError({kind: f"Unknown {kind}: {slug}"})
    return term


@router.get("/machine-time", response={200: list[FreeTimeOut], 400: ErrorOut},
            summary="Earliest free time on machines of a type or for a service, near a PIN code")  # fmt: skip
def free_time(
    request: HttpRequest,
    start: datetime,
    end: datetime,
    hours: float = 1,
    machine_type: str | None = None,
    process: str | None = None,
    pin_code: str | None = None,
    radius_km: float | None = None,
):
    if not machine_type and not process:
        raise ValidationError({"machine_type": "Give a machine type or a process."})
    if not 0.5 <= hours <= services.MAX_HOURS:
        raise ValidationError({"hours": f"Between 0.5 and {services.MAX_HOURS}."})
    near = services.centre_of(pin_code) if pin_code else None
    if pin_code and near is None:
        raise ValidationError({"pin_code": "Unknown PIN code."})
    found = services.find_free_time(
        machine_type=_term("machine", machine_type), process=_term("process", process),
        near=near, radius_km=radius_km, hours=hours, start=start, end=end,
    )  # fmt: skip
    return [{"equipment": _equipment(f.equipment), "start": f.start, "end": f.end, "km": f.km,
             "rate_rupees": f.rate_rupees} for f in found]  # fmt: skip


@router.post("/bookings", response={201: BookingOut, **_ERRORS}, summary="Request machine time")
def booking_request(request: HttpRequest, payload: BookingIn):
    organisation = visible_organisation(request.user, pk=payload.organisation_id)
    equipment = services.visible_equipment(request.user, payload.equipment_id)
    booking = services.request_booking(
        equipment, organisation, by=request.user, start=payload.start, end=payload.end,
        job_description=payload.job_description, material=payload.material,
    )  # fmt: skip
    return Status(201, _booking(booking))


@router.get("/bookings/{int:booking_id}", response={200: BookingOut, 404: ErrorOut},
            summary="One booking (the booking organisation and the operator only)")  # fmt: skip
def booking_detail(request: HttpRequest, booking_id: int):
    return _booking(services.visible_booking(request.user, booking_id))


def _act(request: HttpRequest, booking_id: int, action, **kwargs) -> dict:
    booking = action(services.visible_booking(request.user, booking_id), by=request.user, **kwargs)
    return _booking(booking)


@router.post("/bookings/{int:booking_id}/confirm", response={200: BookingOut, **_ERRORS},
             summary="Operator: confirm (409 when the machine is taken)")  # fmt: skip
def booking_confirm(request: HttpRequest, booking_id: int):
    return _act(request, booking_id, services.confirm_booking)


@router.post("/bookings/{int:booking_id}/decline", response={200: BookingOut, **_ERRORS},
             summary="Operator: decline")  # fmt: skip
def booking_decline(request: HttpRequest, booking_id: int, payload: ReasonIn):
    return _act(request, booking_id, services.decline_booking, reason=payload.reason)


@router.post("/bookings/{int:booking_id}/cancel", response={200: BookingOut, **_ERRORS},
             summary="Cancel before it starts (late when inside the facility's notice)")  # fmt: skip
def booking_cancel(request: HttpRequest, booking_id: int, payload: ReasonIn):
    return _act(request, booking_id, services.cancel_booking, reason=payload.reason)


@router.post("/bookings/{int:booking_id}/outcome", response={200: BookingOut, **_ERRORS},
             summary="Operator: record used (with hours) or no-show")  # fmt: skip
def booking_outcome(request: HttpRequest, booking_id: int, payload: OutcomeIn):
    return _act(request, booking_id, services.record_outcome, outcome=payload.outcome,
                used_hours=payload.used_hours)  # fmt: skip


@router.post("/equipment/{int:equipment_id}/maintenance", response={201: BookingOut, **_ERRORS},
             summary="Operator: block a machine's time (409 over a confirmed booking)")  # fmt: skip
def maintenance(request: HttpRequest, equipment_id: int, payload: MaintenanceIn):
    equipment = services.visible_equipment(request.user, equipment_id)
    if not services.is_operator(request.user, equipment):
        raise Http404
    booking = services.add_maintenance(equipment, by=request.user, start=payload.start,
                                       end=payload.end, reason=payload.reason)  # fmt: skip
    return Status(201, _booking(booking))
