"""Events in the API: upcoming events, registering, the participant list with match scores,
wishes, meeting requests and one's agenda. Private parts are 404 to non-participants."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Status

from udyamsetu.accounts.schemas import ErrorOut
from udyamsetu.accounts.services import visible_organisation
from udyamsetu.events import services
from udyamsetu.events.models import Event, MeetingRequest, Registration, Wish
from udyamsetu.events.schemas import (
    EventOut,
    MeetingOut,
    ParticipantOut,
    RegistrationIn,
    RegistrationOut,
    RequestIn,
    RequestOut,
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
