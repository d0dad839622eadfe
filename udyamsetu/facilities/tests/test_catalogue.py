"""The operator's catalogue: listing a facility with its hours and holidays, adding machines,
with line-numbered errors for holidays, and nobody but the operator's members may edit."""

from __future__ import annotations

from datetime import date, time

import pytest

from udyamsetu.accounts.models import Membership, Organisation
from udyamsetu.enterprises.models import Term
from udyamsetu.facilities.models import Equipment, Facility

pytestmark = pytest.mark.django_db


def _listing(**changes) -> dict:
    data = {
        "name": "Cuttack Tool Room", "kind": "technology_centre", "address": "Jagatpur",
        "city": "Cuttack", "state": "OD", "pin_code": "753001", "cancellation_notice_hours": "12",
        "is_published": "on", "opens_0": "09:00", "closes_0": "17:00", "opens_4": "22:00",
        "closes_4": "06:00", "holidays": "2027-01-26 Republic Day\n2027-04-01 Utkal Divas",
        "services": [Term.objects.get(kind="process", slug="calibration").pk],
    }  # fmt: skip
    data.update(changes)
    return data


def test_an_operator_lists_a_facility_with_its_hours_and_holidays(
    operator_client, operator_org, reference_data
):
    answer = operator_client.post("/facilities/new/", _listing())
    assert answer.status_code == 302
    facility = Facility.objects.get(name="Cuttack Tool Room")
    assert facility.organisation == operator_org
    assert facility.latitude is not None  # placed on the map by its PIN code
    hours = [(h.weekday, h.opens, h.closes) for h in facility.opening_hours.all()]
    assert hours == [(0, time(9), time(17)), (4, time(22), time(6))]
    assert [(h.day, h.name) for h in facility.holidays.all()] == [
        (date(2027, 1, 26), "Republic Day"),
        (date(2027, 4, 1), "Utkal Divas"),
    ]
    assert [t.slug for t in facility.services.all()] == ["calibration"]
    # and changes it: Monday now closed
    operator_client.post(f"/facilities/{facility.slug}/edit/",
                         _listing(opens_0="", closes_0="", holidays=""))  # fmt: skip
    assert [h.weekday for h in facility.opening_hours.all()] == [4]
    assert not facility.holidays.exists()


def test_mistakes_are_named_by_field_and_line_and_nothing_is_written(
    operator_client, reference_data
):
    answer = operator_client.post("/facilities/new/", _listing(
        holidays="2027-01-26 Republic Day\n26/01/2027 again\n2027-01-26 twice",
        closes_0="", pin_code="999999"))  # fmt: skip
    assert answer.status_code == 400
    errors = answer.context["form"].errors
    assert errors["holidays"] == ["Line 2: start with a date like 2027-01-26.",
                                  "Line 3: this date is already listed."]  # fmt: skip
    assert errors["closes_0"] == ["Give both times, or neither (closed)."]
    assert not Facility.objects.exists()
    unknown_pin = operator_client.post("/facilities/new/", _listing(pin_code="999999"))
    assert unknown_pin.status_code == 400
    assert unknown_pin.context["form"].errors["pin_code"] == ["We do not know this PIN code."]
    assert not Facility.objects.exists()


def test_an_operator_adds_a_machine_and_the_micro_rate_may_not_exceed_the_rate(
    operator_client, facility
):
    five_axis = Term.objects.get(kind="machine", slug="five-axis-machining-centre")
    data = {"name": "Hermle C42", "machine_type": five_axis.pk, "rate_rupees": "2000",
            "micro_rate_rupees": "2500", "is_bookable": "on"}  # fmt: skip
    url = f"/facilities/{facility.slug}/equipment/new/"
    refused = operator_client.post(url, data)
    assert refused.status_code == 400
    assert refused.context["form"].errors["micro_rate_rupees"] == [
        "The rate for micro enterprises cannot be higher."
    ]
    assert operator_client.post(url, {**data, "micro_rate_rupees": "1500"}).status_code == 302
    machine = Equipment.objects.get(name="Hermle C42")
    assert (machine.facility, machine.micro_rate_rupees) == (facility, 1500)


def test_nobody_but_the_operators_members_may_list_or_edit(
    owner_client, make_user, facility, machine
):
    # an enterprise member, and the member of another operator
    assert owner_client.get("/facilities/new/").status_code == 404
    assert owner_client.get(f"/facilities/{facility.slug}/edit/").status_code == 404
    other_operator = Organisation.objects.create(
        name="Other CFC", slug="other-cfc", kind=Organisation.Kind.FACILITY_OPERATOR
    )
    rival = make_user("rival@example.com", "Rival")
    Membership.objects.create(user=rival, organisation=other_operator,
                              role=Membership.Role.OWNER)  # fmt: skip
    from django.test import Client

    client = Client()
    client.force_login(rival, backend="allauth.account.auth_backends.AuthenticationBackend")
    assert client.get(f"/facilities/{facility.slug}/edit/").status_code == 404
    assert client.post(f"/facilities/{facility.slug}/equipment/{machine.pk}/edit/",
                       {"name": "Mine now"}).status_code == 404  # fmt: skip
    machine.refresh_from_db()
    assert machine.name == "DMG Mori DMU 50 5-axis"
