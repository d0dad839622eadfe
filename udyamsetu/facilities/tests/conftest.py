"""Fixtures for shared facilities: a common facility centre in Cuttack (open 06:00 to 02:00
the next day, Monday to Saturday, closed on Sunday and on a holiday) with a 5-axis machining
centre; its operator; org_a's owner and teammate book; org_b's member is the outsider."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from udyamsetu.accounts.models import Membership, Organisation
from udyamsetu.conftest import client_for
from udyamsetu.enterprises.models import Term
from udyamsetu.facilities.models import Equipment, Facility, Holiday, OpeningHours

IST = ZoneInfo("Asia/Kolkata")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


@pytest.fixture
def operator_org(db) -> Organisation:
    return Organisation.objects.create(
        name="Accurate Engineering Cluster CFC", slug="aec-cfc",
        kind=Organisation.Kind.FACILITY_OPERATOR, city="Cuttack",
    )  # fmt: skip


@pytest.fixture
def operator(make_user, operator_org):
    user = make_user("operator@example.com", "Sandeep Rout")
    Membership.objects.create(user=user, organisation=operator_org, role=Membership.Role.OWNER)
    return user


@pytest.fixture
def operator_client(operator) -> Client:
    return client_for(operator)


def next_weekday(weekday: int, *, weeks: int = 1) -> date:
    """A date `weeks` weeks ahead on `weekday` (0 = Monday), in IST: always in the future."""
    today = timezone.localtime(timezone.now(), IST).date()
    return today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks)


def ist(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=IST)


@pytest.fixture
def holiday() -> date:
    """A Wednesday three weeks on, when the centre is closed."""
    return next_weekday(2, weeks=3)


@pytest.fixture
def reference_data(db) -> None:
    """The machine and process vocabularies and the PIN centroids, which migrations load: a
    transactional test before this one flushes them, so load them again when they are gone."""
    from udyamsetu.enterprises.services import load_vocabularies
    from udyamsetu.search import reference_data
    from udyamsetu.search.models import PinCentroid

    if not Term.objects.exists():
        load_vocabularies()
    if not PinCentroid.objects.exists():
        reference_data.load()


@pytest.fixture
def facility(operator_org, holiday, reference_data) -> Facility:
    facility = Facility.objects.create(
        organisation=operator_org, name="AEC Common Facility Centre", slug="aec",
        kind=Facility.Kind.CFC, address="Plot 7, Jagatpur Industrial Estate", city="Cuttack",
        state="OD", pin_code="753001", latitude=20.49, longitude=85.88,
        cancellation_notice_hours=24,
    )  # fmt: skip
    for weekday in range(6):  # Monday to Saturday, 06:00 to 02:00 the next morning
        OpeningHours.objects.create(facility=facility, weekday=weekday, opens=time(6),
                                    closes=time(2))  # fmt: skip
    Holiday.objects.create(facility=facility, day=holiday, name="Odisha Day")
    facility.services.add(Term.objects.get(kind="process", slug="metrology-cmm-inspection"))
    return facility


@pytest.fixture
def machine(facility) -> Equipment:
    machine = Equipment.objects.create(
        facility=facility, name="DMG Mori DMU 50 5-axis",
        machine_type=Term.objects.get(kind="machine", slug="five-axis-machining-centre"),
        make_model="DMG Mori DMU 50", capacity="500 x 450 x 400 mm, 300 kg",
        rate_rupees=1800, micro_rate_rupees=1200,
    )  # fmt: skip
    machine.processes.add(Term.objects.get(kind="process", slug="cnc-machining-5-axis"))
    return machine
