"""Shared facilities: when a machine is open and free, finding free machine time near a PIN
code, booking it, the operator's answer, cancellations, maintenance, outcomes and usage, the
operator's figures, and calendars.

Who may do what:
- anyone may browse published facilities and see when a machine is busy (never by whom);
- a member of an organisation requests bookings for it and sees and cancels its bookings;
- the operator's members (the facility's organisation) answer requests, block time for
  maintenance, record outcomes and see every booking of their machines;
- everyone else gets 404 on a booking.
The database keeps confirmed bookings of one machine from overlapping (an exclusion
constraint); services turn its refusal into `BookingConflict` (HTTP 409 in the API).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from udyamsetu.accounts.models import Organisation
from udyamsetu.accounts.services import is_member, organisations_of
from udyamsetu.core import ratelimit
from udyamsetu.core.services import notify_members, unique_slug
from udyamsetu.core.uploads import check_upload, store_upload
from udyamsetu.facilities.models import (
    Booking,
    CalendarFeed,
    Equipment,
    Facility,
    Holiday,
    OpeningHours,
)
from udyamsetu.search.facets import distance_km
from udyamsetu.search.models import PinCentroid

Status = Booking.Status
HOLDING = Booking.HOLDING
STEP = timedelta(minutes=30)  # bookings start and end on the hour or the half hour
MAX_HOURS = 72
MAX_AHEAD_DAYS = 180
MAX_DRAWINGS = 3


class BookingConflict(ValidationError):
    """The machine is already taken for part of the period (a confirmed booking or
    maintenance): the database refused the overlap."""


# --- Who is who --------------------------------------------------------------------------------


def is_operator(user, equipment: Equipment) -> bool:
    """Whether the user acts for the organisation that runs the machine's facility."""
    return is_member(user, equipment.facility.organisation_id)


def published_facilities() -> QuerySet[Facility]:
    return Facility.objects.filter(is_published=True, organisation__is_active=True)


def visible_facility(user, slug: str) -> Facility:
    """A published facility, or the operator's own unpublished one; 404 otherwise."""
    facility = Facility.objects.filter(slug=slug).select_related("organisation").first()
    if facility is None or not (facility.is_published or is_member(user, facility.organisation_id)):
        raise Http404
    return facility


def visible_equipment(user, pk: int) -> Equipment:
    """A machine of a facility the user may see; 404 otherwise."""
    equipment = (
        Equipment.objects.select_related("facility__organisation", "machine_type")
        .filter(pk=pk)
        .first()
    )
    if equipment is None:
        raise Http404
    visible_facility(user, equipment.facility.slug)
    return equipment


def visible_booking(user, pk: int) -> Booking:
    """A booking seen by the booking organisation's members or the operator's; 404 for anyone
    else."""
    mine = organisations_of(user).values("pk") if user.is_authenticated else []
    booking = (
        Booking.objects.select_related(
            "equipment__facility__organisation", "equipment__machine_type", "organisation",
            "requested_by",
        )
        .filter(Q(organisation__in=mine) | Q(equipment__facility__organisation__in=mine), pk=pk)
        .first()
    )  # fmt: skip
    if booking is None:
        raise Http404
    return booking


# --- Opening hours, holidays and free time -----------------------------------------------------


def _zone(facility: Facility) -> ZoneInfo:
    return ZoneInfo(facility.timezone)


def open_intervals(facility: Facility, start: datetime, end: datetime) -> list[tuple]:
    """The facility's open periods that touch [start, end), as aware UTC datetimes, with
    back-to-back shifts merged (a facility open round the clock is one long period). A shift
    belongs to the day it starts; no shift starts on a holiday."""
    zone = _zone(facility)
    hours = {h.weekday: h for h in facility.opening_hours.all()}
    first = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date()
    holidays = set(facility.holidays.filter(day__range=(first, last)).values_list("day", flat=True))
    shifts = []
    day = first
    while day <= last:
        shift = hours.get(day.weekday())
        if shift is not None and day not in holidays:
            opens = datetime.combine(day, shift.opens, tzinfo=zone)
            closes_day = day if shift.closes > shift.opens else day + timedelta(days=1)
            closes = datetime.combine(closes_day, shift.closes, tzinfo=zone)
            shifts.append((opens.astimezone(UTC), closes.astimezone(UTC)))
        day += timedelta(days=1)
    merged: list[list] = []
    for opens, closes in shifts:
        if merged and opens <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], closes)
        else:
            merged.append([opens, closes])
    return [(s, e) for s, e in merged if e > start and s < end]


def busy_intervals(equipment: Equipment, start: datetime, end: datetime) -> list[tuple]:
    """The periods in [start, end) taken by confirmed bookings and maintenance, in order."""
    taken = equipment.bookings.filter(
        status__in=HOLDING, period__overlap=DateTimeTZRange(start, end)
    ).order_by("period")
    return [(b.period.lower, b.period.upper) for b in taken]


def free_intervals(equipment: Equipment, start: datetime, end: datetime) -> list[tuple]:
    """Open and not taken, within [start, end)."""
    busy = busy_intervals(equipment, start, end)
    free = []
    for opens, closes in open_intervals(equipment.facility, start, end):
        cursor = max(opens, start)
        closes = min(closes, end)
        for taken_from, taken_to in busy:
            if taken_to <= cursor or taken_from >= closes:
                continue
            if taken_from > cursor:
                free.append((cursor, taken_from))
            cursor = max(cursor, taken_to)
        if cursor < closes:
            free.append((cursor, closes))
    return free


def _round_up(moment: datetime) -> datetime:
    """The next half hour at or after `moment` (whole minutes only, as bookings are)."""
    moment = moment.replace(second=0, microsecond=0) + (
        timedelta(minutes=1) if moment.second or moment.microsecond else timedelta()
    )
    extra = moment.minute % 30
    return moment + timedelta(minutes=(30 - extra) % 30)


def earliest_free(
    equipment: Equipment, hours: float, start: datetime, end: datetime
) -> tuple[datetime, datetime] | None:
    """The earliest period of `hours` in one piece, starting on a half hour, within [start,
    end) when the machine is open and free; None if there is none."""
    length = timedelta(hours=hours)
    for free_from, free_to in free_intervals(equipment, start, end):
        begin = _round_up(free_from)
        if begin + length <= free_to:
            return begin, begin + length
    return None


# --- Finding free machine time -----------------------------------------------------------------


@dataclass
class FreeTime:
    """One machine's earliest free period for a search."""

    equipment: Equipment
    start: datetime
    end: datetime
    km: float | None
    rate_rupees: int


def centre_of(pin_code: str) -> tuple[float, float] | None:
    """Where a PIN code is (its post offices' centre), if known."""
    found = PinCentroid.objects.filter(pin=pin_code).first()
    return (found.latitude, found.longitude) if found else None


def find_free_time(
    *,
    machine_type=None,
    process=None,
    near: tuple[float, float] | None = None,
    radius_km: float | None = None,
    hours: float = 1,
    start: datetime,
    end: datetime,
    micro: bool = False,
    limit: int = 20,
) -> list[FreeTime]:
    """Machines of this type (or serving this process) within `radius_km` of `near`, each with
    its earliest free period of `hours` between `start` and `end`; earliest first, then
    nearest. `micro`: show the micro-enterprise rate where there is one."""
    machines = Equipment.objects.filter(
        is_bookable=True, facility__in=published_facilities()
    ).select_related("facility", "machine_type")
    if machine_type is not None:
        machines = machines.filter(machine_type=machine_type)
    if process is not None:
        machines = machines.filter(Q(processes=process) | Q(facility__services=process))
    found = []
    for equipment in machines.distinct().prefetch_related(
        "facility__opening_hours", "facility__holidays"
    )[:500]:
        facility = equipment.facility
        km = None
        if near is not None and facility.latitude is not None:
            km = distance_km(near[0], near[1], facility.latitude, facility.longitude)
        if radius_km is not None and near is not None and (km is None or km > radius_km):
            continue
        period = earliest_free(equipment, hours, start, end)
        if period is not None:
            found.append(FreeTime(equipment, *period, km, rate_for(equipment, micro=micro)))
    found.sort(key=lambda f: (f.start, f.km if f.km is not None else float("inf")))
    return found[:limit]


def rate_for(equipment: Equipment, *, micro: bool) -> int:
    """The hourly rate: the reduced one for micro enterprises where the machine has one."""
    if micro and equipment.micro_rate_rupees is not None:
        return equipment.micro_rate_rupees
    return equipment.rate_rupees


def is_micro(organisation: Organisation) -> bool:
    from udyamsetu.enterprises.services import enterprise_for_organisation

    enterprise = enterprise_for_organisation(organisation)
    return enterprise is not None and enterprise.size_class == "micro"


def nearest_offering(process_ids: Iterable[int], near: tuple[float, float] | None) -> dict:
    """For each process, the nearest published facility that offers it (as a service or on a
    machine), as {process_id: (facility, km)}: the matcher's suggestion where an enterprise
    lacks a process an opportunity needs."""
    process_ids = list(process_ids)
    if not process_ids or near is None:
        return {}
    facilities = (
        published_facilities()
        .filter(Q(services__in=process_ids) | Q(equipment__processes__in=process_ids))
        .exclude(latitude=None)
        .distinct()
        .prefetch_related("services", "equipment__processes")
    )
    best: dict[int, tuple[Facility, float]] = {}
    for facility in facilities:
        offered = {t.pk for t in facility.services.all()} | {
            t.pk for e in facility.equipment.all() for t in e.processes.all()
        }
        km = distance_km(near[0], near[1], facility.latitude, facility.longitude)
        for pk in offered.intersection(process_ids):
            if pk not in best or km < best[pk][1]:
                best[pk] = (facility, km)
    return best


# --- Checking a period -------------------------------------------------------------------------


def _local(moment: datetime, facility: Facility) -> str:
    local = moment.astimezone(_zone(facility))
    return f"{date_format(local.date())} {time_format(local.time())}"


def check_period(equipment: Equipment, start: datetime | None, end: datetime | None) -> None:
    """Refuse a period that is malformed, past, too long, outside opening hours (or on a
    holiday) or already taken, saying which and naming the field."""
    if start is None or end is None:
        raise ValidationError({"start": _("Give the start and the end.")})
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise ValidationError({"start": _("Give times with their time zone.")})
    if end <= start:
        raise ValidationError({"end": _("The end must be after the start.")})
    now = timezone.now()
    if start < now:
        raise ValidationError({"start": _("The start has passed.")})
    if start > now + timedelta(days=MAX_AHEAD_DAYS):
        raise ValidationError(
            {"start": _("Book at most %(n)d days ahead.") % {"n": MAX_AHEAD_DAYS}}
        )
    if end - start > timedelta(hours=MAX_HOURS):
        raise ValidationError({"end": _("Book at most %(n)d hours at once.") % {"n": MAX_HOURS}})
    for moment, field in ((start, "start"), (end, "end")):
        if moment.second or moment.microsecond or moment.minute % 30:
            raise ValidationError({field: _("Bookings start and end on the hour or half hour.")})
    facility = equipment.facility
    if not any(s <= start and end <= e for s, e in open_intervals(facility, start, end)):
        day = start.astimezone(_zone(facility)).date()
        holiday = facility.holidays.filter(day=day).first()
        if holiday is not None:
            raise ValidationError(
                {"start": _("%(facility)s is closed on %(day)s (%(name)s).")
                 % {"facility": facility.name, "day": date_format(day), "name": holiday.name}}
            )  # fmt: skip
        raise ValidationError(
            {"start": _("%(facility)s is not open for the whole period. See its opening hours.")
             % {"facility": facility.name}}
        )  # fmt: skip
    taken = busy_intervals(equipment, start, end)
    if taken:
        raise BookingConflict(
            _("The machine is already booked from %(start)s to %(end)s.")
            % {"start": _local(taken[0][0], facility), "end": _local(taken[0][1], facility)}
        )


# --- Requests and answers ----------------------------------------------------------------------


def request_booking(
    equipment: Equipment,
    organisation: Organisation,
    *,
    by,
    start: datetime | None,
    end: datetime | None,
    job_description: str,
    material: str = "",
    uploads: Sequence = (),
) -> Booking:
    """`by`, for `organisation`, asks for machine time with a job description, the material
    and up to three drawings; the operator's team is told. Nothing is written unless all of it
    is right."""
    if not is_member(by, organisation.pk):
        raise PermissionDenied(_("Only the organisation's members may do this."))
    if not equipment.is_bookable or not equipment.facility.is_published:
        raise Http404
    if organisation.pk == equipment.facility.organisation_id:
        raise ValidationError(_("Block your own machine's time as maintenance instead."))
    errors = {}
    if not job_description.strip():
        errors["job_description"] = _("Describe the job.")
    if len(uploads) > MAX_DRAWINGS:
        errors["drawings"] = _("At most %(n)d files.") % {"n": MAX_DRAWINGS}
    else:
        for upload in uploads:
            try:
                check_upload(upload)
                upload.seek(0)
            except ValidationError as error:
                errors["drawings"] = [f"{upload.name}: {m}" for m in error.messages]
                break
    if errors:
        raise ValidationError(errors)
    check_period(equipment, start, end)
    if ratelimit.over_limit("booking", str(by.pk), settings.BOOKING_REQUEST_RATE, 3600):
        raise ValidationError(_("Too many booking requests in an hour. Please wait."))
    with transaction.atomic():
        booking = Booking.objects.create(
            equipment=equipment, organisation=organisation, requested_by=by,
            period=DateTimeTZRange(start, end), job_description=job_description.strip(),
            material=material.strip(),
        )  # fmt: skip
        for upload in uploads:
            booking.drawings.add(store_upload(upload, by=by, purpose="drawing"))
        _tell(booking, equipment.facility.organisation, "booking_requested",
              lambda: _("Booking request: %(machine)s") % {"machine": equipment.name})  # fmt: skip
    return booking


def _tell(booking: Booking, organisation: Organisation, template: str, subject) -> None:
    notify_members(
        organisation,
        subject=subject,
        template=f"facilities/email/{template}.txt",
        context={"booking": booking, "facility": booking.equipment.facility},
    )


def _locked(booking: Booking) -> Booking:
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("equipment__facility__organisation", "organisation")
        .get(pk=booking.pk)
    )


def _require_operator(user, booking: Booking) -> None:
    if not is_operator(user, booking.equipment):
        if is_member(user, booking.organisation_id):
            raise PermissionDenied(_("Only the facility's team may do this."))
        raise Http404


def _require(booking: Booking, *statuses: str) -> None:
    if booking.status not in statuses:
        raise ValidationError(
            _("This booking is already %(status)s.")
            % {"status": booking.get_status_display().lower()}
        )


def confirm_booking(booking: Booking, *, by) -> Booking:
    """The operator confirms a request at the rate of the day (the micro rate for a micro
    enterprise). Refused with `BookingConflict` when the machine is taken for any part of the
    period, by the database itself, so two confirmations at the same moment cannot both win."""
    try:
        with transaction.atomic():
            booking = _locked(booking)
            _require_operator(by, booking)
            _require(booking, Status.REQUESTED)
            if booking.start < timezone.now():
                raise ValidationError(_("The requested time has passed."))
            booking.status, booking.decided_at, booking.decided_by = (
                Status.CONFIRMED, timezone.now(), by,
            )  # fmt: skip
            booking.rate_rupees = rate_for(booking.equipment, micro=is_micro(booking.organisation))
            booking.save()
            _tell(booking, booking.organisation, "booking_confirmed",
                  lambda: _("Confirmed: %(machine)s") % {"machine": booking.equipment.name})  # fmt: skip
    except IntegrityError:
        raise _conflict() from None
    return booking


def _conflict() -> BookingConflict:
    return BookingConflict(
        _("The machine is already booked for part of this time. Decline this request or ask "
          "for another time.")
    )  # fmt: skip


@transaction.atomic
def decline_booking(booking: Booking, *, by, reason: str = "") -> Booking:
    """The operator declines a request, optionally saying why; the requester is told."""
    booking = _locked(booking)
    _require_operator(by, booking)
    _require(booking, Status.REQUESTED)
    booking.status, booking.decided_at, booking.decided_by = Status.DECLINED, timezone.now(), by
    booking.reason = reason.strip()[:500]
    booking.save()
    _tell(booking, booking.organisation, "booking_declined",
          lambda: _("Declined: %(machine)s") % {"machine": booking.equipment.name})  # fmt: skip
    return booking


@transaction.atomic
def cancel_booking(booking: Booking, *, by, reason: str = "") -> Booking:
    """Either side cancels a request or a confirmed booking before it starts. The booking
    organisation cancelling a confirmed booking with less notice than the facility asks is
    recorded as a late cancellation. The other side is told."""
    booking = _locked(booking)
    operator = is_operator(by, booking.equipment)
    if not operator and not is_member(by, booking.organisation_id):
        raise Http404
    _require(booking, Status.REQUESTED, Status.CONFIRMED)
    now = timezone.now()
    if booking.start <= now:
        raise ValidationError(_("The booking has started; the facility records what happened."))
    notice = timedelta(hours=booking.equipment.facility.cancellation_notice_hours)
    late = not operator and booking.status == Status.CONFIRMED and booking.start - now < notice
    booking.status = Status.LATE_CANCELLED if late else Status.CANCELLED
    booking.cancelled_at, booking.reason = now, reason.strip()[:500]
    booking.save()
    other = booking.organisation if operator else booking.equipment.facility.organisation
    if booking.kind == Booking.Kind.BOOKING:
        _tell(booking, other, "booking_cancelled",
              lambda: _("Cancelled: %(machine)s") % {"machine": booking.equipment.name})  # fmt: skip
    return booking


def add_maintenance(
    equipment: Equipment, *, by, start: datetime | None, end: datetime | None, reason: str = ""
) -> Booking:
    """The operator blocks a machine's time (maintenance, calibration, own work). Refused with
    `BookingConflict` where a confirmed booking holds part of it."""
    if not is_operator(by, equipment):
        raise Http404
    if start is None or end is None or end <= start:
        raise ValidationError({"end": _("The end must be after the start.")})
    try:
        with transaction.atomic():
            return Booking.objects.create(
                equipment=equipment, kind=Booking.Kind.MAINTENANCE, status=Status.CONFIRMED,
                organisation=equipment.facility.organisation, requested_by=by,
                period=DateTimeTZRange(start, end), reason=reason.strip()[:500],
                decided_at=timezone.now(), decided_by=by,
            )  # fmt: skip
    except IntegrityError:
        raise BookingConflict(
            _("A confirmed booking holds part of this time. Cancel it first.")
        ) from None


@transaction.atomic
def record_outcome(
    booking: Booking, *, by, outcome: str, used_hours: Decimal | float | None = None
) -> Booking:
    """After a confirmed booking has started, the operator records it as used (with the hours,
    the booked ones unless given, and the amount to invoice: hours times the agreed rate) or as a
    no-show."""
    booking = _locked(booking)
    _require_operator(by, booking)
    _require(booking, Status.CONFIRMED)
    if booking.kind != Booking.Kind.BOOKING:
        raise ValidationError(_("Maintenance has no outcome to record."))
    if booking.start > timezone.now():
        raise ValidationError(_("Record the outcome once the booking has started."))
    if outcome == Status.COMPLETED:
        hours = Decimal(str(used_hours)) if used_hours is not None else Decimal(str(booking.hours))
        if hours <= 0 or hours > Decimal(str(booking.hours)) + 24:
            raise ValidationError({"used_hours": _("Give the hours the machine was used.")})
        booking.used_hours = hours.quantize(Decimal("0.01"))
        booking.amount_rupees = int((booking.used_hours * (booking.rate_rupees or 0)).to_integral())
    elif outcome != Status.NO_SHOW:
        raise ValidationError({"outcome": _("Choose used or no-show.")})
    booking.status = outcome
    booking.save()
    return booking


def expire_booking_requests(now: datetime) -> int:
    """Hourly: requests still unanswered when their time comes are declined as unanswered, and
    the requester is told."""
    handled = 0
    due = Booking.objects.filter(status=Status.REQUESTED, period__startswith__lte=now)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            booking = _locked(Booking(pk=pk))
            if booking.status != Status.REQUESTED:
                continue
            booking.status, booking.decided_at = Status.DECLINED, now
            booking.reason = "Not answered before the requested time."
            booking.save()
            _tell(booking, booking.organisation, "booking_declined",
                  lambda b=booking: _("Declined: %(machine)s") % {"machine": b.equipment.name})  # fmt: skip
            handled += 1
    return handled


# --- What each side sees -----------------------------------------------------------------------


def bookings_of(user, organisation: Organisation) -> QuerySet[Booking]:
    """The organisation's own bookings (not maintenance), soonest first; 404 unless the user is
    a member."""
    if not is_member(user, organisation.pk):
        raise Http404
    return (
        Booking.objects.filter(organisation=organisation, kind=Booking.Kind.BOOKING)
        .select_related("equipment__facility", "equipment__machine_type")
        .order_by("period")
    )


def bookings_for_operator(user, organisation: Organisation) -> QuerySet[Booking]:
    """Every booking and maintenance block on the organisation's machines; 404 unless the user
    is a member."""
    if not is_member(user, organisation.pk):
        raise Http404
    return (
        Booking.objects.filter(equipment__facility__organisation=organisation)
        .select_related("equipment__facility", "organisation", "requested_by")
        .order_by("period")
    )


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def pending_requests(user, organisation: Organisation) -> QuerySet[Booking]:
    """Requests on the organisation's machines waiting for its answer, soonest first."""
    return bookings_for_operator(user, organisation).filter(status=Status.REQUESTED)


def operator_figures(user, organisation: Organisation, *, weeks: int = 4) -> dict:
    """The operator's dashboard: requests waiting, each machine's utilisation (confirmed or
    used hours over open hours) for the last `weeks` weeks, and the no-show rate (no-shows over
    bookings whose time has come)."""
    bookings = bookings_for_operator(user, organisation)
    today = timezone.localdate()
    first = week_start(today) - timedelta(weeks=weeks - 1)
    starts = [first + timedelta(weeks=i) for i in range(weeks)]
    machines = list(
        Equipment.objects.filter(facility__organisation=organisation)
        .select_related("facility")
        .prefetch_related("facility__opening_hours", "facility__holidays")
    )
    rows = []
    for equipment in machines:
        zone = _zone(equipment.facility)
        cells = []
        for monday in starts:
            begin = datetime.combine(monday, time(), tzinfo=zone).astimezone(UTC)
            finish = begin + timedelta(weeks=1)
            open_hours = (
                sum(
                    (min(e, finish) - max(s, begin)).total_seconds()
                    for s, e in open_intervals(equipment.facility, begin, finish)
                )
                / 3600
            )
            used = (
                sum(
                    (min(e, finish) - max(s, begin)).total_seconds()
                    for s, e in _booked(equipment, begin, finish)
                )
                / 3600
            )
            cells.append({"week": monday, "hours": round(used, 1),
                          "share": round(used / open_hours, 2) if open_hours else None})  # fmt: skip
        rows.append({"equipment": equipment, "weeks": cells})
    due = bookings.filter(kind=Booking.Kind.BOOKING, status__in=[Status.COMPLETED, Status.NO_SHOW])
    no_shows = due.filter(status=Status.NO_SHOW).count()
    total = due.count()
    return {
        "pending": pending_requests(user, organisation),
        "to_record": bookings.filter(
            kind=Booking.Kind.BOOKING,
            status=Status.CONFIRMED,
            period__startswith__lte=timezone.now(),
        ),
        "weeks": starts,
        "utilisation": rows,
        "no_shows": no_shows,
        "outcomes": total,
        "no_show_rate": round(no_shows / total, 2) if total else None,
        "late_cancellations": bookings.filter(status=Status.LATE_CANCELLED).count(),
    }


def _booked(equipment: Equipment, start: datetime, end: datetime) -> list[tuple]:
    taken = equipment.bookings.filter(
        kind=Booking.Kind.BOOKING, status__in=[Status.CONFIRMED, Status.COMPLETED],
        period__overlap=DateTimeTZRange(start, end),
    )  # fmt: skip
    return [(b.period.lower, b.period.upper) for b in taken]


def machine_calendar(user, equipment: Equipment, start: datetime, end: datetime) -> list[dict]:
    """What the machine's calendar shows between `start` and `end`: to the operator every
    booking, request and maintenance block with who booked it; to the booking organisation its
    own bookings; to everyone else only "busy"."""
    operator = is_operator(user, equipment)
    mine = (
        set(organisations_of(user).values_list("pk", flat=True)) if user.is_authenticated else set()
    )
    shown = [Status.CONFIRMED, Status.COMPLETED, Status.NO_SHOW]
    if operator:
        shown.append(Status.REQUESTED)
    entries = []
    for booking in (
        equipment.bookings.filter(status__in=shown, period__overlap=DateTimeTZRange(start, end))
        .select_related("organisation")
        .order_by("period")
    ):
        own = booking.organisation_id in mine
        if not operator and not own and booking.status == Status.REQUESTED:
            continue
        entries.append({
            "start": booking.start, "end": booking.end, "status": booking.status,
            "kind": booking.kind, "booking": booking if operator or own else None,
        })  # fmt: skip
    return entries


# --- The operator's catalogue -----------------------------------------------------------------


def operated_by(user, organisation: Organisation | None) -> Organisation:
    """The facility operator the user acts for; 404 unless they are its member and it is one."""
    if (
        organisation is None
        or organisation.kind != Organisation.Kind.FACILITY_OPERATOR
        or not is_member(user, organisation.pk)
    ):
        raise Http404
    return organisation


def editable_facility(user, slug: str) -> Facility:
    """A facility its operator's member may edit; 404 for everyone else."""
    facility = Facility.objects.filter(slug=slug).select_related("organisation").first()
    if facility is None or not is_member(user, facility.organisation_id):
        raise Http404
    return facility


def _locate(fields: dict) -> None:
    centre = centre_of(fields.get("pin_code", ""))
    if centre is None:
        raise ValidationError({"pin_code": _("We do not know this PIN code.")})
    fields["latitude"], fields["longitude"] = centre


@transaction.atomic
def save_facility(
    organisation: Organisation,
    *,
    by,
    fields: dict,
    services: Iterable = (),
    hours: Sequence[tuple[int, time, time]] = (),
    holidays: Sequence[tuple[date, str]] = (),
    facility: Facility | None = None,
) -> Facility:
    """Create or update an operator's facility with its services, weekly opening hours
    (weekday, opens, closes) and holidays (day, name), all or nothing. The PIN code places it
    on the map."""
    operated_by(by, organisation)
    if facility is not None and facility.organisation_id != organisation.pk:
        raise Http404
    fields = dict(fields)
    _locate(fields)
    if facility is None:
        slug = unique_slug(Facility.objects.all(), fields["name"], fallback="facility")
        facility = Facility(organisation=organisation, slug=slug)
    for name, value in fields.items():
        setattr(facility, name, value)
    facility.full_clean(exclude=["services"])
    facility.save()
    facility.services.set(services)
    facility.opening_hours.all().delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(facility=facility, weekday=w, opens=o, closes=c) for w, o, c in hours
    )
    facility.holidays.all().delete()
    Holiday.objects.bulk_create(Holiday(facility=facility, day=d, name=n) for d, n in holidays)
    return facility


@transaction.atomic
def save_equipment(
    facility: Facility,
    *,
    by,
    fields: dict,
    processes: Iterable = (),
    equipment: Equipment | None = None,
) -> Equipment:
    """Add a machine to a facility, or change one, with the processes it serves. The micro
    rate may not exceed the rate."""
    if not is_member(by, facility.organisation_id):
        raise Http404
    if equipment is not None and equipment.facility_id != facility.pk:
        raise Http404
    rate, micro = fields.get("rate_rupees"), fields.get("micro_rate_rupees")
    if rate is not None and micro is not None and micro > rate:
        raise ValidationError(
            {"micro_rate_rupees": _("The rate for micro enterprises cannot be higher.")}
        )
    equipment = equipment or Equipment(facility=facility)
    for name, value in fields.items():
        setattr(equipment, name, value)
    equipment.full_clean(exclude=["processes"])
    equipment.save()
    equipment.processes.set(processes)
    return equipment


# --- Calendar feeds ----------------------------------------------------------------------------


def calendar_feed(user, organisation: Organisation, *, renew: bool = False) -> CalendarFeed:
    """The organisation's calendar feed (made on first use; `renew` gives it a new address and
    the old one stops working). Members only."""
    if not is_member(user, organisation.pk):
        raise Http404
    feed, created = CalendarFeed.objects.get_or_create(
        organisation=organisation, defaults={"token": CalendarFeed.new_token()}
    )
    if renew and not created:
        feed.token = CalendarFeed.new_token()
        feed.save(update_fields=["token"])
    return feed


def ical_for(token: str) -> bytes:
    """The iCalendar file of a feed: the organisation's confirmed bookings, and, for an
    operator, every confirmed booking and maintenance block on its machines. 404 for an unknown
    token."""
    from icalendar import Calendar, Event

    feed = CalendarFeed.objects.select_related("organisation").filter(token=token).first()
    if feed is None or not token:
        raise Http404
    organisation = feed.organisation
    since = timezone.now() - timedelta(days=90)
    bookings = (
        Booking.objects.filter(
            Q(organisation=organisation) | Q(equipment__facility__organisation=organisation),
            status=Status.CONFIRMED, period__endswith__gte=since,
        )
        .select_related("equipment__facility", "organisation")
        .order_by("period")
    )  # fmt: skip
    calendar = Calendar()
    calendar.add("prodid", "-//Udyam Setu//Machine bookings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{organisation.name}: machine bookings")
    for booking in bookings[:2000]:
        facility = booking.equipment.facility
        event = Event()
        event.add("uid", f"booking-{booking.pk}@udyamsetu")
        event.add("dtstamp", booking.updated_at)
        event.add("dtstart", booking.start)
        event.add("dtend", booking.end)
        if booking.kind == Booking.Kind.MAINTENANCE:
            event.add("summary", f"Maintenance: {booking.equipment.name}")
        elif booking.organisation_id == organisation.pk:
            event.add("summary", f"{booking.equipment.name} at {facility.name}")
        else:
            event.add("summary", f"{booking.equipment.name}: {booking.organisation.name}")
        event.add("location", f"{facility.name}, {facility.address}, {facility.city}")
        event.add("url", f"{settings.PORTAL_URL}{booking_url(booking)}")
        calendar.add_component(event)
    return calendar.to_ical()


def booking_url(booking: Booking) -> str:
    from django.urls import reverse

    return reverse("facilities:booking", args=[booking.pk])
