"""Who is who at an event: which events a person sees, the organiser's members, and a
participant's own registration. A draft event is 404 to everyone but its organiser; the
participant list and agendas are 404 to anyone without an approved registration."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from udyamsetu.accounts.services import is_member, organisations_of
from udyamsetu.events.models import Event, Registration

RStatus = Registration.Status


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
