"""Organising events: government offices create and change their events (a draft until
published) in a time zone the portal knows, and publish, close or cancel them."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from udyamsetu.accounts.models import Organisation
from udyamsetu.accounts.services import is_member
from udyamsetu.core.services import unique_slug
from udyamsetu.events.models import Event
from udyamsetu.events.services.visibility import organised_event


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
