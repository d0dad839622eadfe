"""Registering for an event: a place is taken under the event's row lock (so the last one goes
once), answered by the organiser when the event asks for approval, and given up by cancelling,
which removes the participant's meetings and tells the other sides once the schedule is out."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from udyamsetu.accounts.models import Organisation
from udyamsetu.accounts.services import is_member
from udyamsetu.core.services import email_user
from udyamsetu.events.models import Event, Meeting, MeetingRequest, Registration
from udyamsetu.events.services.agendas import other_side
from udyamsetu.events.services.visibility import is_organiser, registration_of

RStatus = Registration.Status
QStatus = MeetingRequest.Status


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
            email_user(
                other_side(meeting, registration).user,
                subject=lambda: _("Meeting cancelled at %(event)s") % {"event": event.title},
                template="events/email/meeting_cancelled.txt",
                context={"event": event, "meeting": meeting, "cancelled_by": registration},
            )
    return registration


@transaction.atomic
def answer_registration(registration: Registration, *, by, approve: bool) -> Registration:
    """The organiser approves or declines a waiting registration; the person who registered
    (and no one else) is told by e-mail, in their language and time zone: when approved, with
    the event's times, venue and page; when declined, that they have no place."""
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event", "user")
        .get(pk=registration.pk)
    )
    event = registration.event
    if not is_organiser(by, event):
        raise Http404
    if registration.status != RStatus.PENDING:
        raise ValidationError(_("This registration is already answered."))
    registration.status = RStatus.APPROVED if approve else RStatus.DECLINED
    registration.save(update_fields=["status", "updated_at"])
    email_user(
        registration.user,
        subject=lambda: (
            (
                _("Your registration for %(event)s is approved")
                if approve
                else _("Your registration for %(event)s is declined")
            )
            % {"event": event.title}
        ),
        template="events/email/registration_approved.txt"
        if approve
        else "events/email/registration_declined.txt",
        context={"event": event, "registration": registration},
    )
    return registration
