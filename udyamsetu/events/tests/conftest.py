"""Fixtures for events: a B2B matchmaking day the shared office organises (the official acts
for it), starting a week on at 09:00 IST with two meeting tables; participants in Cuttack
(owner), Tel Aviv (outsider, org_b) and Taipei (a third organisation)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from udyamsetu.accounts.models import Membership, Organisation
from udyamsetu.conftest import client_for
from udyamsetu.events import services
from udyamsetu.events.models import Event

IST = ZoneInfo("Asia/Kolkata")


def at(event: Event, hour: int, minute: int = 0) -> datetime:
    """A time on the event's day, in IST."""
    return datetime.combine(event.starts_at.astimezone(IST).date(), time(hour, minute),
                            tzinfo=IST)  # fmt: skip


@pytest.fixture
def event(office, official) -> Event:
    day = timezone.localdate() + timedelta(days=7)
    return Event.objects.create(
        organiser=office, kind=Event.Kind.B2B, title="Odisha Defence MSME Meet", slug="meet",
        venue="Janata Maidan, Bhubaneswar", timezone="Asia/Kolkata",
        starts_at=datetime.combine(day, time(9), tzinfo=IST),
        ends_at=datetime.combine(day, time(17), tzinfo=IST),
        tables=2, status=Event.Status.PUBLISHED,
    )  # fmt: skip


@pytest.fixture
def org_c(db) -> Organisation:
    return Organisation.objects.create(name="Formosa Green Tech", slug="formosa",
                                       kind=Organisation.Kind.FOREIGN_PARTNER, country="TW")  # fmt: skip


@pytest.fixture
def taipei(make_user, org_c):
    user = make_user("taipei@example.com", "Chen Mei-ling", timezone="Asia/Taipei")
    Membership.objects.create(user=user, organisation=org_c, role=Membership.Role.OWNER)
    return user


@pytest.fixture
def tel_aviv(outsider):
    """The shared outsider (org_b, Galil Aero), living in Tel Aviv."""
    outsider.timezone = "Asia/Jerusalem"
    outsider.save(update_fields=["timezone"])
    return outsider


@pytest.fixture
def registered(event, owner, org_a, tel_aviv, org_b, taipei, org_c):
    """owner, tel_aviv and taipei registered and listed."""
    return {
        user: services.register(event, by=user, organisation=org, listed=True, pitch=pitch)
        for user, org, pitch in (
            (owner, org_a, "5-axis CNC machining of aerospace parts in Cuttack"),
            (tel_aviv, org_b, "Small drones; we seek an Indian composites and machining partner"),
            (taipei, org_c, "E-waste recycling technology for licence in India"),
        )
    }


@pytest.fixture
def taipei_client(taipei) -> Client:
    return client_for(taipei)
