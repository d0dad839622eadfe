"""Matchmaking before the schedule: the participant list, wishes (must, would, no thanks),
meeting requests and their answers, and how well participants fit (match scores from the
portal's text embeddings), which together say which pairs should meet."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from udyamsetu.core.services import notify_members
from udyamsetu.events.models import Event, MeetingRequest, Registration, Wish
from udyamsetu.events.services.visibility import is_organiser, participant

RStatus = Registration.Status
QStatus = MeetingRequest.Status


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
        MeetingRequest.objects.select_for_update(of=("self",))
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
