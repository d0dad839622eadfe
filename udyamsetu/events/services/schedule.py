"""The meeting schedule at the organiser's desk: laying out the grid of slots, building the
draft schedule with the solver, moving, swapping and locking meetings, and publishing it.

Every service here that locks rows keeps the package's lock order (see `services/__init__.py`):
the event's row first, then the meetings' rows, in id order when there are several.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from udyamsetu.core.services import email_user
from udyamsetu.events.models import Event, Meeting, MeetingSlot, Registration, Wish
from udyamsetu.events.services.agendas import other_side
from udyamsetu.events.services.matchmaking import _pair_scorer, wanted_meetings
from udyamsetu.events.services.visibility import is_organiser, organised_event
from udyamsetu.events.validation import LockedMeetingConflict

RStatus = Registration.Status
# The meeting grid's limits; the desk's grid form offers the same.
MAX_SLOTS = 64
MAX_SLOT_MINUTES = 240


# --- The grid -------------------------------------------------------------------------------------


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


# --- Building the draft ---------------------------------------------------------------------------


def build_schedule(event: Event, *, by, time_limit_s: float = 20.0):
    """The organiser (re)builds the draft schedule with CP-SAT: the most valuable set of
    meetings such that nobody is in two meetings in a slot, no table holds two, breaks,
    availability windows and interpreter capacity are respected, and no "no thanks" pair
    meets. Locked meetings stay where they are; the other drafts are replaced. Once the
    schedule is published, participants have been sent their meetings, so a build only adds:
    every meeting stays where it is, locked or not (`_kept_meetings`), and new ones take the
    free places; the organiser then publishes the changes to tell participants. A kept
    meeting stays even if one side has since said "no thanks": that only keeps new meetings
    from being made. Returns the solver's `Schedule` (objective, bound, gap).

    The solve runs outside any transaction (it can take `time_limit_s`), so the organiser may
    move, swap, lock or unlock a meeting, lay out a new grid or change the tables meanwhile.
    The write therefore locks the event's row (as those services do) and first checks that
    what the solution was computed from (publication included) is unchanged; if it changed,
    nothing is written and the organiser is asked to build again. Meetings of a participant
    who cancelled meanwhile are left out, as the cancelling would have removed them had it
    come just after."""
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
    staying = list(_kept_meetings(event))
    for meeting in staying:
        wanted.setdefault((meeting.first_id, meeting.second_id), ("accepted", meeting.value))
    kept = {(m.first_id, m.second_id) for m in staying}
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
            if (min(w.source_id, w.target_id), max(w.source_id, w.target_id)) not in kept
        ],
        locked=[
            scheduler.Locked(index[(m.first_id, m.second_id)], m.slot_id, m.table)
            for m in staying
            if (m.first_id, m.second_id) in index
        ],
        interpreters=event.interpreters if event.interpreters else len(keys),
    )
    solved_from = _solved_from(event, [s.pk for s in slots], staying)
    try:
        schedule = scheduler.solve(problem, time_limit_s=time_limit_s)
    except LockedMeetingConflict:
        raise ValidationError(
            _(
                "A meeting that stays where it is no longer fits the event (a table, an "
                "interpreter or someone's availability was taken away since it was placed): "
                "move it or unlock it, then build again."
            )
        ) from None
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        now = _solved_from(event, event.slots.values_list("pk", flat=True), _kept_meetings(event))
        if now != solved_from:
            raise ValidationError(
                _(
                    "The grid or the locked meetings changed while the schedule was being "
                    "built; build it again."
                )
            )
        still_in = set(
            event.registrations.filter(status=RStatus.APPROVED).values_list("pk", flat=True)
        )
        event.meetings.exclude(pk__in=[m.pk for m in staying]).delete()
        Meeting.objects.bulk_create(
            Meeting(event=event, first_id=min(m.a, m.b), second_id=max(m.a, m.b),
                    slot_id=m.slot_id, table=m.table,
                    value=wanted[(min(m.a, m.b), max(m.a, m.b))][1])
            for m in schedule.meetings
            if (min(m.a, m.b), max(m.a, m.b)) not in kept and {m.a, m.b} <= still_in
        )  # fmt: skip
    return schedule


def _kept_meetings(event: Event):
    """The meetings a build of the event's schedule keeps where they are: the locked ones,
    and once the schedule is published every one (participants have been sent them)."""
    if event.schedule_published_at is not None:
        return event.meetings.all()
    return event.meetings.filter(locked=True)


def _solved_from(event: Event, slot_ids: Iterable[int], kept: Iterable[Meeting]) -> tuple:
    """What a schedule is computed from that the desk can change during the solve: the number
    of tables, whether the schedule is published, the grid's slots and the kept meetings in
    their places."""
    return (
        event.tables,
        event.schedule_published_at is not None,
        frozenset(slot_ids),
        frozenset((m.pk, m.first_id, m.second_id, m.slot_id, m.table) for m in kept),
    )


# --- Adjusting it by hand -------------------------------------------------------------------------


@transaction.atomic
def set_locked(meeting: Meeting, *, by, locked: bool) -> Meeting:
    """The organiser locks a meeting where it is (a rebuild keeps it) or unlocks it. The rows
    are locked as a move or swap locks them (the event's, then the meeting's), so the three
    cannot interleave."""
    event = Event.objects.select_for_update().get(pk=meeting.event_id)
    if not is_organiser(by, event):
        raise Http404
    meeting = _locked_meeting(event, meeting.pk)
    meeting.locked = locked
    meeting.save(update_fields=["locked", "updated_at"])
    return meeting


@transaction.atomic
def move_meeting(meeting: Meeting, *, by, slot: MeetingSlot, table: int) -> Meeting:
    """The organiser moves a meeting to another slot and table, checking that neither person
    has another meeting then, the table is free, the slot is not a break and both are
    available. A moved meeting is locked (a rebuild keeps it). 404 when the meeting is gone
    (a new grid or a cancelled registration removed it meanwhile)."""
    event = Event.objects.select_for_update().get(pk=meeting.event_id)
    if not is_organiser(by, event):
        raise Http404
    meeting = _locked_meeting(event, meeting.pk, "first", "second")
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


@transaction.atomic
def swap_meetings(first: Meeting, second: Meeting, *, by) -> None:
    """The organiser swaps two meetings' slots and tables, each checked as a move would be
    (the other one aside); both are then locked. A meeting is not swapped with itself.

    The event's row is locked first, then the two meetings' rows in id order, whichever is
    passed first (see the lock order above), so two opposite swaps of the same pair queue
    instead of each holding one row and waiting for the other (a deadlock)."""
    event = Event.objects.select_for_update().get(pk=first.event_id)
    if first.event_id != second.event_id or not is_organiser(by, event):
        raise Http404
    locked = {
        pk: _locked_meeting(event, pk, "slot", "first__user", "second__user")
        for pk in sorted({first.pk, second.pk})
    }
    first, second = locked[first.pk], locked[second.pk]
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


def _locked_meeting(event: Event, pk: int, *related: str) -> Meeting:
    """The event's meeting `pk` (its `event` is `event`), its row and no other locked FOR
    UPDATE; the caller holds the event's row already. 404 when it is gone: a new grid or a
    cancelled registration removed it while the caller waited for the event."""
    try:
        return event.meetings.select_for_update(of=("self",)).select_related(*related).get(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404 from None


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


# --- Publishing -----------------------------------------------------------------------------------


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
        email_user(
            registration.user,
            subject=lambda: _("Your meetings at %(event)s") % {"event": event.title},
            template="events/email/schedule_published.txt",
            context={"event": event, "rows": rows},
        )
