"""Pages for shared facilities: finding free machine time, a facility and a machine (with its
calendar and the booking form), bookings and their answers, the operator's figures and the
calendar feed (thin: the rules live in services.py)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from udyamsetu.core.forms import add_service_errors
from udyamsetu.core.uploads import file_response
from udyamsetu.facilities import services
from udyamsetu.facilities.forms import (
    BookingForm,
    EquipmentForm,
    FacilityForm,
    MaintenanceForm,
    OutcomeForm,
    ReasonForm,
    SearchForm,
    default_days,
)
from udyamsetu.facilities.models import Booking

CALENDAR_DAYS = 14


def _acting(request: HttpRequest):
    return getattr(request, "organisation", None)


def search(request: HttpRequest) -> HttpResponse:
    """Free machine time near a PIN code: each machine's earliest free period."""
    form = SearchForm(request.GET or None, initial=default_days())
    results, searched = [], False
    if request.GET and form.is_valid():
        data = form.cleaned_data
        zone = ZoneInfo("Asia/Kolkata")
        start = max(
            datetime.combine(data["start_day"], time(), tzinfo=zone).astimezone(UTC),
            timezone.now(),
        )
        end = datetime.combine(data["end_day"] + timedelta(days=1), time(), tzinfo=zone)
        near = services.centre_of(data["pin_code"]) if data["pin_code"] else None
        if data["pin_code"] and near is None:
            form.add_error("pin_code", _("We do not know this PIN code."))
        else:
            organisation = _acting(request)
            results = services.find_free_time(
                machine_type=data["machine_type"], process=data["process"], near=near,
                radius_km=float(data["radius_km"]) if data["radius_km"] else None,
                hours=float(data["hours"]), start=start, end=end,
                micro=bool(organisation and services.is_micro(organisation)),
            )  # fmt: skip
            searched = True
    status = 400 if request.GET and form.errors else 200
    return render(
        request, "facilities/search.html",
        {"form": form, "results": results, "searched": searched,
         "hours": form.cleaned_data.get("hours") if searched else None},
        status=status,
    )  # fmt: skip


def facility(request: HttpRequest, slug: str) -> HttpResponse:
    """A facility: where, when it is open, its services and machines with their rates."""
    found = services.visible_facility(request.user, slug)
    context = {
        "facility": found,
        "equipment": found.equipment.select_related("machine_type").prefetch_related("processes"),
        "holidays": found.holidays.filter(day__gte=timezone.localdate())[:20],
        "is_operator": services.is_member(request.user, found.organisation_id),
    }
    return render(request, "facilities/facility.html", context)


def equipment(request: HttpRequest, pk: int) -> HttpResponse:
    """A machine: its calendar for the next two weeks and the form to request time on it (or,
    for its operator, to block time for maintenance)."""
    machine = services.visible_equipment(request.user, pk)
    facility = machine.facility
    operator = services.is_operator(request.user, machine)
    form_class = MaintenanceForm if operator else BookingForm
    initial = {"day": request.GET.get("day"), "start_time": request.GET.get("time"),
               "hours": request.GET.get("hours")}  # fmt: skip
    form = form_class(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        status = 400
        organisation = _acting(request)
        if not operator and organisation is None:
            form.add_error(None, _("Create or join an organisation first: it books the time."))
        elif form.is_valid():
            start, end = form.period(facility.timezone)
            try:
                if operator:
                    services.add_maintenance(machine, by=request.user, start=start, end=end,
                                             reason=form.cleaned_data["reason"])  # fmt: skip
                    messages.success(request, _("The time is blocked for maintenance."))
                    return redirect(machine)
                booking = services.request_booking(
                    machine, organisation, by=request.user, start=start, end=end,
                    job_description=form.cleaned_data["job_description"],
                    material=form.cleaned_data["material"],
                    uploads=form.cleaned_data["drawings"],
                )  # fmt: skip
            except services.BookingConflict as exc:
                form.add_error(None, exc)
                status = 409
            except ValidationError as exc:
                add_service_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
                status = 403
            else:
                messages.success(
                    request, _("Requested. %(facility)s will confirm or decline it.")
                    % {"facility": facility.name},
                )  # fmt: skip
                return redirect("facilities:booking", pk=booking.pk)
    today = timezone.localtime(timezone.now(), ZoneInfo(facility.timezone)).date()
    zone = ZoneInfo(facility.timezone)
    start = datetime.combine(today, time(), tzinfo=zone)
    end = start + timedelta(days=CALENDAR_DAYS)
    context = {
        "machine": machine,
        "facility": facility,
        "is_operator": operator,
        "form": form,
        "days": _calendar_days(request.user, machine, start, end),
        "micro_rate": machine.micro_rate_rupees,
    }
    return render(request, "facilities/equipment.html", context, status=status)


def _calendar_days(user, machine, start: datetime, end: datetime) -> list[dict]:
    """The calendar by day (in the facility's zone): open hours and what is booked."""
    entries = services.machine_calendar(user, machine, start, end)
    opens = services.open_intervals(machine.facility, start, end)
    zone = start.tzinfo
    days = []
    for i in range((end - start).days):
        day_start = start + timedelta(days=i)
        day_end = day_start + timedelta(days=1)
        days.append({
            "day": day_start.date(),
            "open": [_span(max(s, day_start), min(e, day_end), day_end) for s, e in opens
                     if s < day_end and e > day_start],
            "entries": [e for e in entries if e["start"] < day_end and e["end"] > day_start],
            "zone": zone,
        })  # fmt: skip
    return days


def _span(start: datetime, end: datetime, day_end: datetime) -> str:
    """ "06:00-14:00" (with an en dash) in the day's zone; a period running to midnight ends
    at "24:00"."""
    zone = day_end.tzinfo
    until = "24:00" if end == day_end else f"{end.astimezone(zone):%H:%M}"
    return f"{start.astimezone(zone):%H:%M}\u2013{until}"


@login_required
def bookings(request: HttpRequest) -> HttpResponse:
    """The acting organisation's bookings, and for an operator the bookings of its machines,
    with the calendar feed's address."""
    organisation = _acting(request)
    if organisation is None:
        return redirect("accounts:organisation_create")
    now = timezone.now()
    own = services.bookings_of(request.user, organisation)
    is_operator = organisation.facilities.exists()
    context = {
        "organisation": organisation,
        "upcoming": own.filter(period__endswith__gte=now)[:100],
        "past": own.filter(period__endswith__lt=now).order_by("-period")[:50],
        "is_operator": is_operator,
        "incoming": services.bookings_for_operator(request.user, organisation).filter(
            period__endswith__gte=now
        )[:200]
        if is_operator
        else [],
        "feed": services.calendar_feed(request.user, organisation),
    }
    return render(request, "facilities/bookings.html", context)


@login_required
@require_POST
def renew_feed(request: HttpRequest) -> HttpResponse:
    organisation = _acting(request)
    if organisation is None:
        return redirect("accounts:organisation_create")
    services.calendar_feed(request.user, organisation, renew=True)
    messages.success(request, _("The calendar has a new address; the old one no longer works."))
    return redirect("facilities:bookings")


@login_required
def booking(request: HttpRequest, pk: int) -> HttpResponse:
    """One booking with the actions its viewer may take."""
    found = services.visible_booking(request.user, pk)
    operator = services.is_operator(request.user, found.equipment)
    now = timezone.now()
    context = {
        "booking": found,
        "facility": found.equipment.facility,
        "is_operator": operator,
        "can_cancel": found.status in (Booking.Status.REQUESTED, Booking.Status.CONFIRMED)
        and found.start > now,
        "late": found.status == Booking.Status.CONFIRMED and not operator
        and found.start - now < timedelta(hours=found.equipment.facility.cancellation_notice_hours),
        "can_record": operator and found.status == Booking.Status.CONFIRMED
        and found.kind == Booking.Kind.BOOKING and found.start <= now,
        "reason_form": ReasonForm(),
        "outcome_form": OutcomeForm(),
    }  # fmt: skip
    return render(request, "facilities/booking.html", context)


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, decline, cancel or record the outcome of a booking."""
    found = services.visible_booking(request.user, pk)
    action = request.POST.get("action")
    reason = ReasonForm(request.POST)
    reason = reason.cleaned_data["reason"] if reason.is_valid() else ""
    status = 302
    try:
        if action == "confirm":
            services.confirm_booking(found, by=request.user)
            messages.success(request, _("Confirmed. The requester has been told."))
        elif action == "decline":
            services.decline_booking(found, by=request.user, reason=reason)
            messages.success(request, _("Declined. The requester has been told."))
        elif action == "cancel":
            cancelled = services.cancel_booking(found, by=request.user, reason=reason)
            messages.success(request, _("Cancelled.") if cancelled.status == "cancelled"
                             else _("Cancelled late: the facility has been told."))  # fmt: skip
        elif action == "outcome":
            form = OutcomeForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose used or no-show."))
            services.record_outcome(found, by=request.user, outcome=form.cleaned_data["outcome"],
                                    used_hours=form.cleaned_data["used_hours"])  # fmt: skip
            messages.success(request, _("Recorded."))
        else:
            messages.error(request, _("Unknown action."))
    except services.BookingConflict as exc:
        messages.error(request, " ".join(exc.messages))
        status = 409
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    if status == 409:
        return _conflict_page(request, pk)
    return redirect("facilities:booking", pk=pk)


def _conflict_page(request: HttpRequest, pk: int) -> HttpResponse:
    response = booking(request, pk)
    response.status_code = 409
    return response


@login_required
@require_GET
def drawing(request: HttpRequest, pk: int, file_pk: UUID) -> HttpResponse:
    """A booking's drawing: for the booking organisation and the operator only."""
    found = services.visible_booking(request.user, pk)
    return file_response(get_object_or_404(found.drawings, pk=file_pk))


@login_required
def operate(request: HttpRequest) -> HttpResponse:
    """The operator's figures: requests waiting, bookings to record, utilisation per machine
    per week, and the no-show rate."""
    organisation = _acting(request)
    if organisation is None or not organisation.facilities.exists():
        raise PermissionDenied(_("Only facility operators have this page."))
    context = {"organisation": organisation,
               "figures": services.operator_figures(request.user, organisation)}  # fmt: skip
    return render(request, "facilities/operate.html", context)


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed (the address is the key)."""
    response = HttpResponse(services.ical_for(token), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="bookings.ics"'
    return response


# --- The operator's catalogue ------------------------------------------------------------------


@login_required
def edit_facility(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """The operator lists a facility, or changes one: details, services, hours, holidays."""
    organisation = services.operated_by(request.user, _acting(request))
    found = services.editable_facility(request.user, slug) if slug else None
    form = FacilityForm(request.POST or None, instance=found)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            fields = {name: data[name] for name in FacilityForm.Meta.fields if name != "services"}
            try:
                saved = services.save_facility(
                    organisation, by=request.user, fields=fields, services=data["services"],
                    hours=data["hours"], holidays=data["holiday_list"], facility=found,
                )  # fmt: skip
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(saved)
    return render(request, "facilities/edit_facility.html",
                  {"form": form, "facility": found}, status=status)  # fmt: skip


@login_required
def edit_equipment(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """The operator adds a machine to a facility, or changes one."""
    found = services.editable_facility(request.user, slug)
    machine = get_object_or_404(found.equipment, pk=pk) if pk else None
    form = EquipmentForm(request.POST or None, instance=machine)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            fields = {n: data[n] for n in EquipmentForm.Meta.fields if n != "processes"}
            try:
                saved = services.save_equipment(found, by=request.user, fields=fields,
                                                processes=data["processes"], equipment=machine)  # fmt: skip
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(saved)
    return render(request, "facilities/edit_equipment.html",
                  {"form": form, "facility": found, "machine": machine}, status=status)  # fmt: skip
