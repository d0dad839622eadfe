"""Events: registering, the participant list, meeting wishes and requests, building and
publishing the meeting schedule, and each participant's agenda.

Who may do what:
- the organiser's members (a government office) create and run their events: approve
  registrations, build, adjust and publish the schedule, record what happened on the day;
- a registered participant sees the listed participants, wishes and asks for meetings, and
  sees their own agenda once the schedule is published;
- everyone else sees published events and nothing private; a draft event is 404.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from udyamsetu.accounts.models import Organisation
from udyamsetu.accounts.services import is_member, organisations_of
from udyamsetu.core.services import notify_members, send_email_later, unique_slug
from udyamsetu.events.models import (
    Event,
    Feedback,
    Meeting,
    MeetingRequest,
    MeetingSlot,
    Registration,
    Wish,
)

RStatus = Registration.Status
# The PDF agenda's font: Noto Sans Devanagari has Latin letters too, so Hindi and English names
# print alike (fpdf2 shapes the Devanagari with HarfBuzz).
_FONT = Path(__file__).resolve().parent / "fonts" / "NotoSansDevanagari-Regular.ttf"
QStatus = MeetingRequest.Status
# The meeting grid's limits; the desk's grid form offers the same.
MAX_SLOTS = 64
MAX_SLOT_MINUTES = 240


# --- Who is who --------------------------------------------------------------------------------


def is_organiser(user, event: Event) -> bool:
    return is_member(user, event.organiser_id)


def visible_events(user) -> QuerySet[Event]:
    """Published (or closed) events, and the drafts of the user's own organisations."""
    shown = Q(status__in=[Event.Status.PUBLISHED, Event.Status.CLOSED])
    if user.is_authenticated:
        shown |= Q(organiser__in=organisations_of(user).values("pk"))
    return Event.objects.filter(shown).select_related("organiser")


def visible_event(user, slug: str) -> Event:
    event = visible_events(user).filter(slug=slug).first()
    if event is None:
        raise Http404
    return event


def organised_event(user, slug: str) -> Event:
    """An event the user's organisation organises; 404 for everyone else."""
    event = Event.objects.filter(slug=slug).select_related("organiser").first()
    if event is None or not is_organiser(user, event):
        raise Http404
    return event


def upcoming_for(user) -> list[Registration]:
    """The user's registrations for events still to come (for the dashboard)."""
    return list(
        Registration.objects.filter(user=user, event__ends_at__gte=timezone.now(),
                                    status__in=[RStatus.APPROVED, RStatus.PENDING])
        .select_related("event")
        .order_by("event__starts_at")[:5]
    )  # fmt: skip


def registration_of(user, event: Event) -> Registration | None:
    if not user.is_authenticated:
        return None
    return event.registrations.filter(user=user).select_related("organisation").first()


def participant(user, event: Event) -> Registration:
    """The user's approved registration; 404 if they have none (they may not see the list)."""
    registration = registration_of(user, event)
    if registration is None or registration.status != RStatus.APPROVED:
        raise Http404
    return registration


# --- Registration ------------------------------------------------------------------------------


@transaction.atomic
def register(event: Event, *, by, organisation: Organisation, listed: bool, pitch: str = "",
             language: str = "en", needs_interpreter: bool = False,
             available_from: datetime | None = None,
             available_until: datetime | None = None) -> Registration:  # fmt: skip
    """`by` registers for `organisation`: approved at once, or waiting for the organiser when
    the event asks for approval. Refused when registration is closed, the event is full (the
    event's row is locked, so the last place goes once), or they are registered already."""
    if not is_member(by, organisation.pk):
        raise PermissionDenied(_("Only the organisation's members may do this."))
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != Event.Status.PUBLISHED or event.starts_at <= timezone.now():
        raise ValidationError(_("Registration for this event is closed."))
    if available_from and available_until and available_until <= available_from:
        raise ValidationError({"available_until": _("The end must be after the start.")})
    existing = event.registrations.filter(user=by).first()
    if existing is not None and existing.status != RStatus.CANCELLED:
        raise ValidationError(_("You are already registered for this event."))
    taken = event.registrations.filter(status__in=[RStatus.APPROVED, RStatus.PENDING]).count()
    if event.capacity is not None and taken >= event.capacity:
        raise ValidationError(_("The event is full."))
    fields = {
        "organisation": organisation, "listed": listed, "pitch": pitch.strip()[:500],
        "language": language, "needs_interpreter": needs_interpreter,
        "available_from": available_from, "available_until": available_until,
        "status": RStatus.PENDING if event.requires_approval else RStatus.APPROVED,
    }  # fmt: skip
    if existing is not None:
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.save()
        return existing
    return Registration.objects.create(event=event, user=by, **fields)


@transaction.atomic
def cancel_registration(event: Event, *, by) -> Registration:
    """A participant gives up their place: their meetings go, freeing their slots and tables,
    and their pending requests are withdrawn. Before the schedule is published the meetings
    are the organiser's drafts (the organiser builds again); once it is published, the other
    side of each removed meeting has been sent it, so they are told by e-mail, in their
    language and time zone, that it is cancelled. The event's row is locked as publishing
    locks it, so the two cannot cross: either the meetings are gone before the agendas go
    out, or this sees the schedule published and tells the other sides."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    registration = registration_of(by, event)
    if registration is None or registration.status == RStatus.CANCELLED:
        raise Http404
    if event.starts_at <= timezone.now():
        raise ValidationError(_("The event has started."))
    registration.status = RStatus.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    meetings = list(
        event.meetings.filter(Q(first=registration) | Q(second=registration)).select_related(
            "slot", "first__user", "first__organisation", "second__user", "second__organisation"
        )
    )
    Meeting.objects.filter(pk__in=[m.pk for m in meetings]).delete()
    event.meeting_requests.filter(
        Q(source=registration) | Q(target=registration), status=QStatus.PENDING
    ).update(status=QStatus.WITHDRAWN)
    if event.schedule_published_at is not None:
        for meeting in meetings:
            _mail_participant(
                other_side(meeting, registration).user,
                subject=lambda: _("Meeting cancelled at %(event)s") % {"event": event.title},
                template="events/email/meeting_cancelled.txt",
                context={"event": event, "meeting": meeting, "cancelled_by": registration},
            )
    return registration


@transaction.atomic
def answer_registration(registration: Registration, *, by, approve: bool) -> Registration:
    """The organiser approves or declines a waiting registration; the person is told."""
    registration = (
        Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    )
    if not is_organiser(by, registration.event):
        raise Http404
    if registration.status != RStatus.PENDING:
        raise ValidationError(_("This registration is already answered."))
    registration.status = RStatus.APPROVED if approve else RStatus.DECLINED
    registration.save(update_fields=["status", "updated_at"])
    return registration


# --- The participant list, wishes and requests --------------------------------------------------


def listed_participants(user, event: Event) -> QuerySet[Registration]:
    """The approved participants who chose to be listed, for another approved participant or
    the organiser; 404 for everyone else."""
    if not is_organiser(user, event):
        participant(user, event)
    return (
        event.registrations.filter(status=RStatus.APPROVED, listed=True)
        .exclude(user=user)
        .select_related("user", "organisation")
    )


def set_wish(event: Event, *, by, target: Registration, level: str) -> Wish | None:
    """The participant's wish about meeting `target` (must, would, no thanks); an empty level
    removes it."""
    source = participant(by, event)
    if target.event_id != event.pk or not target.listed or target.status != RStatus.APPROVED:
        raise Http404
    if target.pk == source.pk:
        raise ValidationError(_("You cannot meet yourself."))
    if not level:
        Wish.objects.filter(source=source, target=target).delete()
        return None
    if level not in Wish.Level.values:
        raise ValidationError({"level": _("Choose must meet, would meet or no thanks.")})
    wish, _created = Wish.objects.update_or_create(
        source=source, target=target, defaults={"level": level, "event": event}
    )
    return wish


def send_request(event: Event, *, by, target: Registration, message: str = "") -> MeetingRequest:
    """Ask a listed participant for a meeting. Refused over the event's per-person limit,
    when a request between the two is already waiting or accepted, or when the other said "no
    thanks"."""
    source = participant(by, event)
    if target.event_id != event.pk or not target.listed or target.status != RStatus.APPROVED:
        raise Http404
    if target.pk == source.pk:
        raise ValidationError(_("You cannot meet yourself."))
    if event.schedule_published_at is not None:
        raise ValidationError(_("The schedule is published; requests are closed."))
    if Wish.objects.filter(source=target, target=source, level=Wish.Level.NO).exists():
        raise ValidationError(_("This participant does not take meeting requests from you."))
    sent = event.meeting_requests.filter(source=source).exclude(status=QStatus.WITHDRAWN).count()
    if sent >= event.request_limit:
        raise ValidationError(
            _("You have sent the %(n)d meeting requests this event allows.")
            % {"n": event.request_limit}
        )
    live = MeetingRequest.objects.filter(
        Q(source=source, target=target) | Q(source=target, target=source),
        status__in=[QStatus.PENDING, QStatus.ACCEPTED],
    )
    if live.exists():
        raise ValidationError(_("A meeting request between you two is already open."))
    expires = min(event.starts_at, timezone.now() + timedelta(days=settings.MEETING_REQUEST_DAYS))
    try:
        with transaction.atomic():
            request = MeetingRequest.objects.create(
                event=event, source=source, target=target, message=message.strip()[:500],
                expires_at=expires,
            )  # fmt: skip
    except IntegrityError:
        raise ValidationError(_("A meeting request between you two is already open.")) from None
    notify_members(
        target.organisation,
        subject=lambda: _("Meeting request at %(event)s") % {"event": event.title},
        template="events/email/meeting_request.txt",
        context={"request": request, "event": event},
    )
    return request


@transaction.atomic
def answer_request(request: MeetingRequest, *, by, accept: bool) -> MeetingRequest:
    """The asked participant accepts or declines a waiting request."""
    request = (
        MeetingRequest.objects.select_for_update()
        .select_related("event", "source", "target")
        .get(pk=request.pk)
    )
    if request.target.user_id != by.pk:
        if request.source.user_id == by.pk:
            raise PermissionDenied(_("The person you asked answers the request."))
        raise Http404
    if request.status != QStatus.PENDING:
        raise ValidationError(_("This request is already answered."))
    request.status = QStatus.ACCEPTED if accept else QStatus.DECLINED
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answered_at", "updated_at"])
    return request


def expire_meeting_requests(now: datetime) -> int:
    """Hourly: waiting requests past their answer time expire."""
    return MeetingRequest.objects.filter(status=QStatus.PENDING, expires_at__lte=now).update(
        status=QStatus.EXPIRED, answered_at=now
    )


def match_scores(me: Registration, others: Iterable[Registration]) -> dict[int, int]:
    """How well each other participant fits `me`, 0 to 100: the similarity of what each says
    they offer and seek (their pitch, or their organisation's description), by the portal's
    text embeddings. Used to order the participant list and to value meetings."""
    from udyamsetu.matching.embeddings import embedder

    others = list(others)
    if not others:
        return {}
    texts = [_pitch(me), *(_pitch(o) for o in others)]
    vectors = embedder().embed(texts)
    mine = vectors[0]
    return {
        o.pk: max(0, min(100, round(float(vectors[i + 1] @ mine) * 100)))
        for i, o in enumerate(others)
    }


def _pitch(registration: Registration) -> str:
    organisation = registration.organisation
    return registration.pitch or organisation.description or organisation.name


# --- The schedule ------------------------------------------------------------------------------


def _pair_scorer(registrations: list[Registration]):
    """score(a_id, b_id) -> 0..100 for the pairs of these registrations (see match_scores)."""
    from udyamsetu.matching.embeddings import embedder

    if not registrations:
        return lambda a, b: 0
    vectors = dict(zip([r.pk for r in registrations],
                       embedder().embed([_pitch(r) for r in registrations]), strict=True))  # fmt: skip

    def score(a: int, b: int) -> int:
        if a not in vectors or b not in vectors:
            return 0
        return max(0, min(100, round(float(vectors[a] @ vectors[b]) * 100)))

    return score


def wanted_meetings(event: Event, score=None) -> dict[tuple[int, int], tuple[str, int]]:
    """Every pair that should meet, with its kind and value: accepted requests, and pairs who
    both wish to meet (mutual "must meet" when both say must), the match score ordering pairs
    of one kind. A "no thanks" from either side removes the pair."""
    from udyamsetu.events.scheduler import request_value

    score = score or (lambda a, b: 0)

    wishes: dict[tuple[int, int], str] = {
        (w.source_id, w.target_id): w.level for w in event.wishes.all()
    }
    refused = {_pair_ids(a, b) for (a, b), level in wishes.items() if level == Wish.Level.NO}
    wanted: dict[tuple[int, int], tuple[str, int]] = {}
    for (a, b), level in wishes.items():
        other = wishes.get((b, a))
        if a < b and other and level != Wish.Level.NO and other != Wish.Level.NO:
            kind = "mutual_must" if level == other == Wish.Level.MUST else "mutual"
            wanted[(a, b)] = (kind, request_value(kind, score(a, b)))
    for request in event.meeting_requests.filter(status=QStatus.ACCEPTED):
        key = _pair_ids(request.source_id, request.target_id)
        wanted.setdefault(key, ("accepted", request_value("accepted", score(*key))))
    return {key: value for key, value in wanted.items() if key not in refused}


def _pair_ids(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def build_schedule(event: Event, *, by, time_limit_s: float = 20.0):
    """The organiser (re)builds the draft schedule with CP-SAT: the most valuable set of
    meetings such that nobody is in two meetings in a slot, no table holds two, breaks,
    availability windows and interpreter capacity are respected, and no "no thanks" pair
    meets. Locked meetings stay where they are; the other drafts are replaced. Returns the
    solver's `Schedule` (objective, bound, gap)."""
    from udyamsetu.events import scheduler

    event = organised_event(by, event.slug)
    slots = list(event.slots.all())
    if not slots or event.tables < 1:
        raise ValidationError(_("Add meeting slots and tables to the event first."))
    people = list(
        event.registrations.filter(status=RStatus.APPROVED).select_related("organisation")
    )
    by_id = {p.pk: p for p in people}
    wanted = wanted_meetings(event, _pair_scorer(people))
    locked = list(event.meetings.filter(locked=True))
    for meeting in locked:
        wanted.setdefault((meeting.first_id, meeting.second_id), ("accepted", meeting.value))
    keys = [key for key in wanted if key[0] in by_id and key[1] in by_id]
    index = {key: i for i, key in enumerate(keys)}
    window = {
        p.pk: [(p.available_from or event.starts_at, p.available_until or event.ends_at)]
        for p in people
    }
    problem = scheduler.Problem(
        slots=[scheduler.Slot(s.pk, s.starts_at, s.ends_at, s.is_break) for s in slots],
        tables=event.tables,
        people=[scheduler.Person(p.pk, window[p.pk], p.language) for p in people],
        requests=[
            scheduler.Request(
                index[key],
                key[0],
                key[1],
                wanted[key][1],
                wanted[key][0],
                by_id[key[0]].needs_interpreter or by_id[key[1]].needs_interpreter,
            )
            for key in keys
        ],
        no_thanks=[
            scheduler.NoThanks(w.source_id, w.target_id)
            for w in event.wishes.filter(level=Wish.Level.NO)
        ],
        locked=[
            scheduler.Locked(index[(m.first_id, m.second_id)], m.slot_id, m.table)
            for m in locked
            if (m.first_id, m.second_id) in index
        ],
        interpreters=event.interpreters if event.interpreters else len(keys),
    )
    schedule = scheduler.solve(problem, time_limit_s=time_limit_s)
    with transaction.atomic():
        event.meetings.filter(locked=False).delete()
        kept = {(m.first_id, m.second_id) for m in locked}
        Meeting.objects.bulk_create(
            Meeting(event=event, first_id=min(m.a, m.b), second_id=max(m.a, m.b),
                    slot_id=m.slot_id, table=m.table,
                    value=wanted[(min(m.a, m.b), max(m.a, m.b))][1])
            for m in schedule.meetings
            if (min(m.a, m.b), max(m.a, m.b)) not in kept
        )  # fmt: skip
    return schedule


@transaction.atomic
def set_locked(meeting: Meeting, *, by, locked: bool) -> Meeting:
    """The organiser locks a meeting where it is (a rebuild keeps it) or unlocks it. The row
    is locked as a move or swap locks it, so the three cannot interleave."""
    meeting = Meeting.objects.select_for_update().select_related("event").get(pk=meeting.pk)
    if not is_organiser(by, meeting.event):
        raise Http404
    meeting.locked = locked
    meeting.save(update_fields=["locked", "updated_at"])
    return meeting


@transaction.atomic
def move_meeting(meeting: Meeting, *, by, slot: MeetingSlot, table: int) -> Meeting:
    """The organiser moves a meeting to another slot and table, checking that neither person
    has another meeting then, the table is free, the slot is not a break and both are
    available. A moved meeting is locked (a rebuild keeps it)."""
    meeting = (
        Meeting.objects.select_for_update()
        .select_related("event", "first", "second")
        .get(pk=meeting.pk)
    )
    event = meeting.event
    if not is_organiser(by, event):
        raise Http404
    if slot.event_id != event.pk:
        raise Http404
    if slot.is_break:
        raise ValidationError({"slot": _("That slot is a break.")})
    if not 1 <= table <= event.tables:
        raise ValidationError({"table": _("Tables are numbered 1 to %(n)d.") % {"n": event.tables}})
    if event.meetings.filter(slot=slot, table=table).exclude(pk=meeting.pk).exists():
        raise ValidationError({"table": _("That table is taken in that slot.")})
    _require_free(meeting, slot, aside=[meeting.pk])
    meeting.slot, meeting.table, meeting.locked = slot, table, True
    meeting.save(update_fields=["slot", "table", "locked", "updated_at"])
    return meeting


def publish_schedule(event: Event, *, by) -> Event:
    """The organiser publishes the schedule (or its changes): every participant with a meeting
    is told, in their language and time zone, and can see their agenda."""
    event = organised_event(by, event.slug)
    with transaction.atomic():
        # Locked as `slots_for` locks it: a grid laid out meanwhile either finishes first (and
        # this sees its empty schedule) or waits and is then refused.
        event = Event.objects.select_for_update().get(pk=event.pk)
        if not event.meetings.exists():
            raise ValidationError(_("Build the schedule first."))
        event.schedule_published_at = timezone.now()
        event.save(update_fields=["schedule_published_at", "updated_at"])
        _tell_participants(event)
    return event


def _tell_participants(event: Event) -> None:
    """One e-mail per participant with meetings: their agenda, in their language and zone."""
    meetings = list(event.meetings.select_related(
        "slot", "first__user", "first__organisation", "second__user", "second__organisation"))  # fmt: skip
    people = {r.pk: r for m in meetings for r in (m.first, m.second)}
    for registration in people.values():
        mine = sorted((m for m in meetings if registration.pk in (m.first_id, m.second_id)),
                      key=lambda m: m.slot.starts_at)  # fmt: skip
        rows = [{"meeting": m, "other": other_side(m, registration)} for m in mine]
        _mail_participant(
            registration.user,
            subject=lambda: _("Your meetings at %(event)s") % {"event": event.title},
            template="events/email/schedule_published.txt",
            context={"event": event, "rows": rows},
        )


def _mail_participant(user, *, subject: Callable[[], str], template: str, context: dict) -> None:
    """E-mail one participant in their own language and time zone (times in the template show
    in their zone, as on their agenda): `subject` is called and `template` rendered with both
    active, with `recipient` and `portal` in the context."""
    with (
        translation.override(user.language or settings.LANGUAGE_CODE),
        timezone.override(ZoneInfo(user.timezone or settings.TIME_ZONE)),
    ):
        body = render_to_string(
            template, {**context, "recipient": user, "portal": settings.PORTAL_URL}
        )
        send_email_later(subject=str(subject()), body=body, to=[user.email])


@transaction.atomic
def swap_meetings(first: Meeting, second: Meeting, *, by) -> None:
    """The organiser swaps two meetings' slots and tables, each checked as a move would be
    (the other one aside); both are then locked. A meeting is not swapped with itself.

    The two rows are locked in id order, whichever is passed first: two opposite swaps of the
    same pair at the same moment then queue on the same row instead of each holding one and
    waiting for the other (a deadlock)."""
    locked = {
        pk: Meeting.objects.select_for_update().select_related("event", "slot", "first__user",
                                                               "second__user").get(pk=pk)
        for pk in sorted({first.pk, second.pk})
    }  # fmt: skip
    first, second = locked[first.pk], locked[second.pk]
    if first.event_id != second.event_id or not is_organiser(by, first.event):
        raise Http404
    if first.pk == second.pk:
        raise ValidationError(_("A meeting cannot be swapped with itself."))
    targets = {first.pk: (second.slot, second.table), second.pk: (first.slot, first.table)}
    for meeting in (first, second):
        _require_free(meeting, targets[meeting.pk][0], aside=[first.pk, second.pk])
    # The (slot, table) pair is unique: park the first at table 0 while the second moves.
    Meeting.objects.filter(pk=first.pk).update(table=0)
    Meeting.objects.filter(pk=second.pk).update(slot=targets[second.pk][0],
                                                table=targets[second.pk][1], locked=True)  # fmt: skip
    Meeting.objects.filter(pk=first.pk).update(slot=targets[first.pk][0],
                                               table=targets[first.pk][1], locked=True)  # fmt: skip


def _require_free(meeting: Meeting, slot: MeetingSlot, *, aside: list[int]) -> None:
    """Refuse a slot where either person has another meeting (the ones `aside` moving too) or
    is not there."""
    people = [meeting.first_id, meeting.second_id]
    clash = meeting.event.meetings.filter(slot=slot).exclude(pk__in=aside)
    if clash.filter(Q(first_id__in=people) | Q(second_id__in=people)).exists():
        raise ValidationError({"slot": _("One of the two has another meeting then.")})
    event = meeting.event
    for person in (meeting.first, meeting.second):
        start = person.available_from or event.starts_at
        end = person.available_until or event.ends_at
        if slot.starts_at < start or slot.ends_at > end:
            raise ValidationError(
                {"slot": _("%(name)s is not available then.") % {"name": person.user.full_name}}
            )


def agenda(user, event: Event) -> list[Meeting]:
    """The participant's meetings in time order, once the schedule is published."""
    registration = participant(user, event)
    if event.schedule_published_at is None:
        return []
    return list(
        event.meetings.filter(Q(first=registration) | Q(second=registration))
        .select_related("slot", "first__user", "first__organisation", "second__user",
                        "second__organisation")
        .order_by("slot__starts_at")
    )  # fmt: skip


def slot_labels(event: Event) -> dict[int, str]:
    """How the organiser's pages name each slot of the event's grid, by the slot's id: its
    number in the grid (breaks are numbered too, as in the grid's break numbers) and its start
    and end in the event's own zone, wherever the reader is: Slot 3 · 10:30 to 10:45 (the
    times joined by an en dash)."""
    zone = ZoneInfo(event.timezone)
    labels = {}
    for number, slot in enumerate(event.slots.all(), start=1):
        start, end = slot.starts_at.astimezone(zone), slot.ends_at.astimezone(zone)
        times = f"{start:%H:%M}\u2013{end:%H:%M}"
        labels[slot.pk] = _("Slot %(number)d · %(times)s") % {"number": number, "times": times}
    return labels


def grid_closed_reason(event: Event) -> str | None:
    """Why the organiser may no longer lay out the event's meeting grid, or None while they
    may: once the schedule is published, participants have been sent their meetings, and a new
    grid would remove them."""
    if event.schedule_published_at is not None:
        return _(
            "The schedule is published: laying out the grid again would remove the meetings "
            "the participants have been sent."
        )
    return None


def slots_for(event: Event, *, by, start: datetime, minutes: int, count: int,
              breaks: Iterable[int] = ()) -> list[MeetingSlot]:  # fmt: skip
    """The organiser lays out the meeting grid: `count` slots (1 to MAX_SLOTS) of `minutes`
    (5 to MAX_SLOT_MINUTES) from `start`, the ones numbered in `breaks` (1 to `count`, never
    all of them) being breaks. Replaces the slots and so removes every draft meeting, locked
    ones too (the desk warns of this beforehand). Once the schedule is published the grid
    stays: participants have been sent their meetings. The event's row is locked, so
    publishing cannot slip in between the check and the new grid."""
    organised_event(by, event.slug)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        closed = grid_closed_reason(event)
        if closed:
            raise ValidationError(closed)
        errors = {}
        if count < 1:
            errors["count"] = _("Give at least one slot of five minutes or more.")
        elif count > MAX_SLOTS:
            errors["count"] = _("Give at most %(n)d slots.") % {"n": MAX_SLOTS}
        if minutes < 5:
            errors["minutes"] = _("Give at least one slot of five minutes or more.")
        elif minutes > MAX_SLOT_MINUTES:
            errors["minutes"] = _("A slot lasts at most %(n)d minutes.") % {"n": MAX_SLOT_MINUTES}
        if not errors and (
            start < event.starts_at or start + timedelta(minutes=minutes * count) > event.ends_at
        ):
            errors["start"] = _("The slots must fall within the event.")
        breaks = set(breaks)
        outside = sorted(n for n in breaks if not 1 <= n <= count)
        if count >= 1 and outside:
            errors["breaks"] = _(
                "Breaks must be slot numbers from 1 to %(count)d, not %(numbers)s."
            ) % {"count": count, "numbers": ", ".join(map(str, outside))}
        elif 1 <= count <= MAX_SLOTS and len(breaks) >= count:
            errors["breaks"] = _("At least one slot must be for meetings, not a break.")
        if errors:
            raise ValidationError(errors)
        event.slots.all().delete()
        return MeetingSlot.objects.bulk_create(
            MeetingSlot(event=event, starts_at=start + timedelta(minutes=minutes * i),
                        ends_at=start + timedelta(minutes=minutes * (i + 1)),
                        is_break=(i + 1) in breaks)
            for i in range(count)
        )  # fmt: skip


# --- Organising ---------------------------------------------------------------------------------


def may_organise(user, organisation: Organisation | None) -> bool:
    """Government offices organise events (an association would be given the same kind)."""
    return (
        organisation is not None
        and organisation.kind == Organisation.Kind.GOVERNMENT_OFFICE
        and is_member(user, organisation.pk)
    )


@cache
def known_time_zones() -> frozenset[str]:
    """The IANA zones this machine knows (read from the zone files once)."""
    return frozenset(available_timezones())


def save_event(
    organisation: Organisation, *, by, fields: dict, event: Event | None = None
) -> Event:
    """Create or change an event of the organiser. A new event is a draft until published.
    Its time zone must be one the portal knows: every page and e-mail of the event reads it."""
    if not may_organise(by, organisation):
        raise Http404
    if event is not None and event.organiser_id != organisation.pk:
        raise Http404
    if "timezone" in fields and fields["timezone"] not in known_time_zones():
        raise ValidationError({"timezone": _("Choose a valid time zone.")})
    if fields["ends_at"] <= fields["starts_at"]:
        raise ValidationError({"ends_at": _("The end must be after the start.")})
    if event is None:
        slug = unique_slug(Event.objects.all(), fields["title"], fallback="event")
        event = Event(organiser=organisation, slug=slug)
    for name, value in fields.items():
        setattr(event, name, value)
    event.full_clean()
    event.save()
    return event


def set_status(event: Event, *, by, status: str) -> Event:
    """Publish, close or cancel an event (its organiser only)."""
    event = organised_event(by, event.slug)
    if status not in Event.Status.values:
        raise ValidationError(_("Unknown status."))
    event.status = status
    event.save(update_fields=["status", "updated_at"])
    return event


# --- On the day and after -------------------------------------------------------------------------


def check_in(registration: Registration, *, by) -> Registration:
    """The organiser checks a participant in at the desk."""
    if not is_organiser(by, registration.event):
        raise Http404
    if registration.status != RStatus.APPROVED:
        raise ValidationError(_("Only registered participants can be checked in."))
    if registration.checked_in_at is None:
        registration.checked_in_at = timezone.now()
        registration.save(update_fields=["checked_in_at", "updated_at"])
    return registration


@transaction.atomic
def record_meeting(meeting: Meeting, *, by, outcome: str) -> Meeting:
    """The organiser records a published meeting as held or a no-show, once its slot has
    begun. A held meeting between two organisations goes into their partnership pipeline as a
    confirmed meeting."""
    from udyamsetu.partnerships.services import record_event_meeting

    meeting = (
        Meeting.objects.select_for_update()
        .select_related("event", "slot", "first__organisation", "second__organisation")
        .get(pk=meeting.pk)
    )
    event = meeting.event
    if not is_organiser(by, event):
        raise Http404
    if outcome not in Meeting.Outcome.values:
        raise ValidationError({"outcome": _("Choose held or no-show.")})
    if event.schedule_published_at is None or meeting.slot.starts_at > timezone.now():
        raise ValidationError(_("Record a meeting once its time has come."))
    meeting.outcome = outcome
    meeting.save(update_fields=["outcome", "updated_at"])
    if outcome == Meeting.Outcome.HELD:
        day = timezone.localtime(meeting.slot.starts_at, ZoneInfo(event.timezone)).date()
        record_event_meeting(
            meeting.first.organisation, meeting.second.organisation, on=day, by=by,
            note=_("Met at %(event)s") % {"event": event.title},
        )  # fmt: skip
    return meeting


def give_feedback(meeting: Meeting, *, by, rating: int, comment: str = "",
                  follow_up: bool = False) -> Feedback:  # fmt: skip
    """A participant of a held meeting says how useful it was."""
    mine = [r for r in (meeting.first, meeting.second) if r.user_id == by.pk]
    if not mine:
        raise Http404
    if meeting.outcome != Meeting.Outcome.HELD:
        raise ValidationError(_("Feedback is for meetings that took place."))
    if not 1 <= int(rating) <= 5:
        raise ValidationError({"rating": _("Rate from 1 to 5.")})
    feedback, _created = Feedback.objects.update_or_create(
        meeting=meeting, registration=mine[0],
        defaults={"rating": int(rating), "comment": comment.strip()[:1000],
                  "follow_up": follow_up},
    )  # fmt: skip
    return feedback


# --- Agendas as files ----------------------------------------------------------------------------


def other_side(meeting: Meeting, registration: Registration) -> Registration:
    return meeting.second if meeting.first_id == registration.pk else meeting.first


def agenda_ical(user, event: Event) -> bytes:
    """The participant's meetings as an iCalendar file (times in UTC; calendar apps show them
    in the reader's zone)."""
    from icalendar import Calendar
    from icalendar import Event as CalendarEvent

    registration = participant(user, event)
    calendar = Calendar()
    calendar.add("prodid", "-//Udyam Setu//Event agenda//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", event.title)
    for meeting in agenda(user, event):
        other = other_side(meeting, registration)
        entry = CalendarEvent()
        entry.add("uid", f"meeting-{meeting.pk}@udyamsetu")
        entry.add("dtstamp", meeting.updated_at)
        entry.add("dtstart", meeting.slot.starts_at)
        entry.add("dtend", meeting.slot.ends_at)
        entry.add("summary", f"{other.user.full_name} ({other.organisation.name})")
        entry.add("location", f"{event.venue or event.online_url} · Table {meeting.table}")
        calendar.add_component(entry)
    return calendar.to_ical()


def agenda_pdf(user, event: Event) -> bytes:
    """The participant's printable agenda: the event, then each meeting with its time (in the
    participant's zone), table and who."""
    from fpdf import FPDF

    registration = participant(user, event)
    zone = ZoneInfo(user.timezone or settings.TIME_ZONE)
    pdf = FPDF(format="A4")
    pdf.add_font("Noto", fname=str(_FONT))
    pdf.set_text_shaping(True)
    pdf.add_page()
    pdf.set_font("Noto", size=16)
    pdf.multi_cell(0, 9, event.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Noto", size=10)
    start = timezone.localtime(event.starts_at, zone)
    pdf.multi_cell(0, 6, f"{start:%A %d %B %Y}, {event.venue or event.online_url}",
                   new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.multi_cell(0, 6, _("Agenda of %(name)s, %(org)s. Times in %(zone)s.") % {
        "name": user.full_name, "org": registration.organisation.name, "zone": zone.key},
        new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.ln(4)
    pdf.set_font("Noto", size=11)
    for meeting in agenda(user, event):
        other = other_side(meeting, registration)
        begins = timezone.localtime(meeting.slot.starts_at, zone)
        ends = timezone.localtime(meeting.slot.ends_at, zone)
        line = _("%(start)s-%(end)s, table %(table)d: %(name)s, %(org)s") % {
            "start": f"{begins:%H:%M}", "end": f"{ends:%H:%M}", "table": meeting.table,
            "name": other.user.full_name, "org": other.organisation.name,
        }  # fmt: skip
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
