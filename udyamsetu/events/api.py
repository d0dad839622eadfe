"""Events in the API: upcoming events, registering, the participant list with match scores,
wishes, meeting requests and one's agenda; and the organiser's desk: the meeting grid, building,
adjusting and publishing the schedule. Private parts are 404 to non-participants, the desk to
everyone but the organiser's members (as on the pages)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Status

from udyamsetu.accounts.schemas import ErrorOut
from udyamsetu.accounts.services import visible_organisation
from udyamsetu.events import services
from udyamsetu.events.forms import GridForm, MoveForm
from udyamsetu.events.models import Event, Meeting, MeetingRequest, Registration, Wish
from udyamsetu.events.schemas import (
    BuildOut,
    EventOut,
    GridIn,
    MeetingOut,
    MoveIn,
    ParticipantOut,
    RegistrationIn,
    RegistrationOut,
    RequestIn,
    RequestOut,
    ScheduledMeetingOut,
    ScheduleOut,
    SwapIn,
    WishIn,
)

router = Router(tags=["events"])
_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _event(event: Event) -> dict:
    return {
        **{f: getattr(event, f) for f in ("slug", "kind", "title", "description", "venue",
                                          "online_url", "timezone", "starts_at", "ends_at",
                                          "status")},
        "organiser": event.organiser.name,
        "schedule_published": event.schedule_published_at is not None,
    }  # fmt: skip


def _request(r: MeetingRequest) -> dict:
    return {"id": r.pk, "source_id": r.source_id, "target_id": r.target_id, "status": r.status,
            "message": r.message, "expires_at": r.expires_at}  # fmt: skip


@router.get("/events", response=list[EventOut], summary="Upcoming events")
def event_list(request: HttpRequest):
    events = services.visible_events(request.user).filter(ends_at__gte=timezone.now())
    return [_event(e) for e in events[:100]]


@router.get("/events/{slug}", response={200: EventOut, 404: ErrorOut}, summary="One event")
def event_detail(request: HttpRequest, slug: str):
    return _event(services.visible_event(request.user, slug))


@router.post("/events/{slug}/registrations", response={201: RegistrationOut, **_ERRORS},
             summary="Register for an event (for one of your organisations)")  # fmt: skip
def register(request: HttpRequest, slug: str, payload: RegistrationIn):
    event = services.visible_event(request.user, slug)
    organisation = visible_organisation(request.user, pk=payload.organisation_id)
    registration = services.register(
        event, by=request.user, organisation=organisation, listed=payload.listed,
        pitch=payload.pitch, language=payload.language,
        needs_interpreter=payload.needs_interpreter,
    )  # fmt: skip
    return Status(201, {"id": registration.pk, "status": registration.status,
                        "listed": registration.listed, "organisation": organisation.name})  # fmt: skip


@router.get("/events/{slug}/participants", response={200: list[ParticipantOut], 404: ErrorOut},
            summary="The listed participants, best match first (participants only)")  # fmt: skip
def participants(request: HttpRequest, slug: str):
    event = services.visible_event(request.user, slug)
    me = services.participant(request.user, event)
    others = list(services.listed_participants(request.user, event))
    scores = services.match_scores(me, others)
    wishes = dict(Wish.objects.filter(source=me).values_list("target_id", "level"))
    others.sort(key=lambda r: -scores.get(r.pk, 0))
    return [{"id": r.pk, "name": r.user.full_name, "organisation": r.organisation.name,
             "pitch": r.pitch, "score": scores.get(r.pk, 0), "my_wish": wishes.get(r.pk, "")}
            for r in others]  # fmt: skip


@router.put("/events/{slug}/wishes/{int:registration_id}", response={204: None, **_ERRORS},
            summary="Must meet, would meet, no thanks, or remove the wish")  # fmt: skip
def wish(request: HttpRequest, slug: str, registration_id: int, payload: WishIn):
    event = services.visible_event(request.user, slug)
    target = get_object_or_404(Registration, pk=registration_id, event=event)
    services.set_wish(event, by=request.user, target=target, level=payload.level)
    return Status(204, None)


@router.post("/events/{slug}/requests", response={201: RequestOut, **_ERRORS},
             summary="Ask a listed participant for a meeting")  # fmt: skip
def ask(request: HttpRequest, slug: str, payload: RequestIn):
    event = services.visible_event(request.user, slug)
    target = get_object_or_404(Registration, pk=payload.target_id, event=event)
    sent = services.send_request(event, by=request.user, target=target, message=payload.message)
    return Status(201, _request(sent))


@router.post("/events/{slug}/requests/{int:request_id}/{action}",
             response={200: RequestOut, **_ERRORS},
             summary="Accept or decline a request made to you (action: accept or decline)")  # fmt: skip
def answer(request: HttpRequest, slug: str, request_id: int, action: str):
    event = services.visible_event(request.user, slug)
    meeting_request = get_object_or_404(MeetingRequest, pk=request_id, event=event)
    if action not in ("accept", "decline"):
        raise Http404
    answered = services.answer_request(meeting_request, by=request.user, accept=action == "accept")
    return _request(answered)


@router.get("/events/{slug}/agenda", response={200: list[MeetingOut], 404: ErrorOut},
            summary="Your meetings, once the schedule is published (times in UTC)")  # fmt: skip
def agenda(request: HttpRequest, slug: str):
    event = services.visible_event(request.user, slug)
    me = services.participant(request.user, event)
    meetings = services.agenda(request.user, event)
    return [{"id": m.pk, "starts_at": m.slot.starts_at, "ends_at": m.slot.ends_at,
             "table": m.table, "with_name": services.other_side(m, me).user.full_name,
             "with_organisation": services.other_side(m, me).organisation.name}
            for m in meetings]  # fmt: skip


# --- The organiser's desk: the grid, the schedule, moves and publishing ------------------------
# Each handler starts with `services.organised_event`, the check the organiser's pages use: 404
# for participants and everyone else. The rules are the services'; form errors answer 400 with
# the field, as the pages' forms do.


def _form_errors(form: GridForm | MoveForm) -> Status:
    return Status(400, {"detail": {name: list(errors) for name, errors in form.errors.items()}})


def _side(registration: Registration) -> dict:
    return {"registration_id": registration.pk, "name": registration.user.full_name,
            "organisation": registration.organisation.name}  # fmt: skip


def _meeting(m: Meeting, zone: ZoneInfo) -> dict:
    return {"id": m.pk, "slot_id": m.slot_id, "starts_at": m.slot.starts_at.astimezone(zone),
            "ends_at": m.slot.ends_at.astimezone(zone), "table": m.table,
            "first": _side(m.first), "second": _side(m.second), "locked": m.locked,
            "value": m.value, "outcome": m.outcome}  # fmt: skip


def _schedule(event: Event) -> dict:
    """The grid and the draft (or published) schedule, times in the event's zone."""
    zone = ZoneInfo(event.timezone)
    slots = [{"id": s.pk, "number": n, "starts_at": s.starts_at.astimezone(zone),
              "ends_at": s.ends_at.astimezone(zone), "is_break": s.is_break}
             for n, s in enumerate(event.slots.all(), start=1)]  # fmt: skip
    meetings = event.meetings.select_related(
        "slot", "first__user", "first__organisation", "second__user", "second__organisation")  # fmt: skip
    return {"timezone": event.timezone, "tables": event.tables, "slots": slots,
            "meetings": [_meeting(m, zone) for m in meetings],
            "published_at": event.schedule_published_at}  # fmt: skip


def _organised_meeting(request: HttpRequest, slug: str, meeting_id: int) -> tuple[Event, Meeting]:
    event = services.organised_event(request.user, slug)
    return event, get_object_or_404(Meeting, pk=meeting_id, event=event)


def _one_meeting(event: Event, meeting_id: int) -> dict:
    meeting = event.meetings.select_related(
        "slot", "first__user", "first__organisation", "second__user", "second__organisation"
    ).get(pk=meeting_id)
    return _meeting(meeting, ZoneInfo(event.timezone))


@router.get("/events/{slug}/schedule", response={200: ScheduleOut, 404: ErrorOut},
            summary="Organiser: the meeting grid and the schedule (times in the event's zone)")  # fmt: skip
def schedule(request: HttpRequest, slug: str):
    return _schedule(services.organised_event(request.user, slug))


@router.put("/events/{slug}/grid", response={200: ScheduleOut, **_ERRORS},
            summary="Organiser: lay out the meeting grid (removes every draft meeting; refused once the schedule is published)")  # fmt: skip
def grid(request: HttpRequest, slug: str, payload: GridIn):
    event = services.organised_event(request.user, slug)
    form = GridForm({"start": payload.start.isoformat(), "minutes": payload.minutes,
                     "count": payload.count, "breaks": ",".join(map(str, payload.breaks))})  # fmt: skip
    form.fields["start"].zone = event.timezone
    if not form.is_valid():
        return _form_errors(form)
    data = form.cleaned_data
    services.slots_for(event, by=request.user, start=data["start"], minutes=data["minutes"],
                       count=data["count"], breaks=data["breaks"])  # fmt: skip
    return _schedule(event)


@router.post("/events/{slug}/schedule/build", response={200: BuildOut, **_ERRORS},
             summary="Organiser: build the draft schedule (locked meetings stay where they are)")  # fmt: skip
def build(request: HttpRequest, slug: str):
    event = services.organised_event(request.user, slug)
    built = services.build_schedule(event, by=request.user)
    return {"meetings": event.meetings.count(), "value": built.objective, "bound": built.bound,
            "gap": built.gap, "status": built.status}  # fmt: skip


@router.post("/events/{slug}/schedule/publish", response={200: ScheduleOut, **_ERRORS},
             summary="Organiser: publish the schedule; each participant with meetings is told")  # fmt: skip
def publish(request: HttpRequest, slug: str):
    event = services.organised_event(request.user, slug)
    return _schedule(services.publish_schedule(event, by=request.user))


@router.post("/events/{slug}/meetings/{int:meeting_id}/move",
             response={200: ScheduledMeetingOut, **_ERRORS},
             summary="Organiser: move a meeting to another slot and table (it is then locked)")  # fmt: skip
def move(request: HttpRequest, slug: str, meeting_id: int, payload: MoveIn):
    event, meeting = _organised_meeting(request, slug, meeting_id)
    form = MoveForm({"slot": payload.slot_id, "table": payload.table}, event=event)
    if not form.is_valid():
        return _form_errors(form)
    services.move_meeting(meeting, by=request.user, slot=form.cleaned_data["slot"],
                          table=form.cleaned_data["table"])  # fmt: skip
    return _one_meeting(event, meeting.pk)


@router.post("/events/{slug}/meetings/{int:meeting_id}/swap",
             response={200: list[ScheduledMeetingOut], **_ERRORS},
             summary="Organiser: exchange two meetings' slots and tables (both are then locked)")  # fmt: skip
def swap(request: HttpRequest, slug: str, meeting_id: int, payload: SwapIn):
    event, meeting = _organised_meeting(request, slug, meeting_id)
    other = get_object_or_404(Meeting, pk=payload.other_id, event=event)
    services.swap_meetings(meeting, other, by=request.user)
    return [_one_meeting(event, meeting.pk), _one_meeting(event, other.pk)]


@router.post("/events/{slug}/meetings/{int:meeting_id}/lock",
             response={200: ScheduledMeetingOut, **_ERRORS},
             summary="Organiser: lock a meeting (a rebuild keeps it where it is)")  # fmt: skip
def lock(request: HttpRequest, slug: str, meeting_id: int):
    event, meeting = _organised_meeting(request, slug, meeting_id)
    services.set_locked(meeting, by=request.user, locked=True)
    return _one_meeting(event, meeting.pk)


@router.post("/events/{slug}/meetings/{int:meeting_id}/unlock",
             response={200: ScheduledMeetingOut, **_ERRORS},
             summary="Organiser: unlock a meeting (a rebuild may move or drop it)")  # fmt: skip
def unlock(request: HttpRequest, slug: str, meeting_id: int):
    event, meeting = _organised_meeting(request, slug, meeting_id)
    services.set_locked(meeting, by=request.user, locked=False)
    return _one_meeting(event, meeting.pk)
