"""Finding free machine time near a PIN code, the matcher's nearest-facility hint, the pages
(times shown in IST), the iCalendar feed, and the API (409 on a taken machine, 404 for
outsiders)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from icalendar import Calendar

from udyamsetu.accounts.services import create_api_token
from udyamsetu.core.tests.test_uploads import make_pdf
from udyamsetu.enterprises.models import Term
from udyamsetu.facilities import services
from udyamsetu.facilities.models import Booking, Equipment, Facility, OpeningHours
from udyamsetu.facilities.tests.conftest import ist, next_weekday

pytestmark = pytest.mark.django_db
TUESDAY = 1


def _api(user) -> Client:
    _token, raw = create_api_token(user, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _request(machine, organisation, user, start, hours=4) -> Booking:
    return services.request_booking(machine, organisation, by=user, start=start,
                                    end=start + timedelta(hours=hours),
                                    job_description="Bracket batch")  # fmt: skip


@pytest.fixture
def far_machine(operator_org) -> Equipment:
    """A second 5-axis machine at a tool room in Pune, about 1,200 km from Cuttack."""
    facility = Facility.objects.create(
        organisation=operator_org, name="Pune Tool Room", slug="pune-tool-room",
        kind=Facility.Kind.TECHNOLOGY_CENTRE, address="Bhosari MIDC", city="Pune",
        state="MH", pin_code="411026", latitude=18.63, longitude=73.85,
    )  # fmt: skip
    for weekday in range(7):
        OpeningHours.objects.create(facility=facility, weekday=weekday, opens="00:00",
                                    closes="00:00")  # fmt: skip
    return Equipment.objects.create(
        facility=facility, name="Hermle C42",
        machine_type=Term.objects.get(kind="machine", slug="five-axis-machining-centre"),
        rate_rupees=2200,
    )  # fmt: skip


def test_the_search_finds_the_earliest_free_hours_nearby_after_what_is_booked(
    machine, far_machine, org_a, owner, operator
):
    day = next_weekday(TUESDAY)
    services.confirm_booking(_request(machine, org_a, owner, ist(day, 6), hours=10), by=operator)
    five_axis = machine.machine_type
    near_cuttack = services.centre_of("753001")
    found = services.find_free_time(
        machine_type=five_axis, near=near_cuttack, radius_km=100, hours=8,
        start=ist(day, 0), end=ist(day + timedelta(days=7), 0),
    )  # fmt: skip
    # Pune is out of range; Cuttack's machine is free from 16:00 (after the 06:00-16:00 booking)
    assert [f.equipment for f in found] == [machine]
    assert found[0].start == ist(day, 16)
    assert found[0].end == ist(day, 16) + timedelta(hours=8)
    assert found[0].km < 20
    everywhere = services.find_free_time(machine_type=five_axis, hours=8, start=ist(day, 0),
                                         end=ist(day + timedelta(days=1), 2))  # fmt: skip
    # Pune is open round the clock: it is free from midnight, so it comes first
    assert [f.equipment for f in everywhere] == [far_machine, machine]


def test_the_nearest_facility_offering_a_missing_process_is_suggested(facility, far_machine):
    cmm = Term.objects.get(kind="process", slug="metrology-cmm-inspection")
    suggestions = services.nearest_offering([cmm.pk], services.centre_of("751001"))  # Bhubaneswar
    found, km = suggestions[cmm.pk]
    assert found == facility
    assert 10 < km < 40


def test_the_search_page_explains_bad_input_and_shows_ist_times(client, machine):
    answer = client.get("/facilities/", {"hours": "8", "start_day": "2026-12-10",
                                         "end_day": "2026-12-01", "radius_km": "100"})  # fmt: skip
    assert answer.status_code == 400
    errors = answer.context["form"].errors
    assert "Choose a machine or a service." in errors["machine_type"]
    assert "Give your PIN code to search within a distance." in errors["pin_code"]
    assert "The last day must not be before the first." in errors["end_day"]
    day = next_weekday(TUESDAY)
    page = client.get("/facilities/", {
        "machine_type": machine.machine_type.pk, "hours": "4", "pin_code": "753001",
        "radius_km": "100", "start_day": day.isoformat(), "end_day": day.isoformat(),
    })  # fmt: skip
    assert page.status_code == 200
    assert "06:00" in page.content.decode() and "IST" in page.content.decode()


def test_the_equipment_page_books_in_ist_and_refuses_a_taken_time_with_409(
    machine, owner_client, org_a, owner, operator
):
    day = next_weekday(TUESDAY)
    answer = owner_client.post(machine.get_absolute_url(), {
        "day": day.isoformat(), "start_time": "22:00", "hours": "3",
        "job_description": "Impeller roughing", "drawings": SimpleUploadedFile(
            "impeller.pdf", make_pdf(), content_type="application/pdf"),
    })  # fmt: skip
    assert answer.status_code == 302
    booking = Booking.objects.get()
    assert booking.start == ist(day, 22) and booking.drawings.count() == 1
    services.confirm_booking(booking, by=operator)
    again = owner_client.post(
        machine.get_absolute_url(),
        {"day": day.isoformat(), "start_time": "23:00", "hours": "1", "job_description": "x"},
    )
    assert again.status_code == 409
    assert "already booked from" in again.content.decode()
    # both calendars show it, in IST
    mine = owner_client.get("/bookings/").content.decode()
    assert "22:00" in mine and machine.name in mine
    detail = owner_client.get(f"/bookings/{booking.pk}/").content.decode()
    assert "22:00" in detail and "01:00" in detail


def test_an_outsider_gets_404_on_a_booking_its_drawings_and_its_actions(
    machine, org_a, owner, outsider_client
):
    booking = services.request_booking(
        machine, org_a, by=owner, start=ist(next_weekday(TUESDAY), 9),
        end=ist(next_weekday(TUESDAY), 11), job_description="Secret part",
        uploads=[SimpleUploadedFile("part.pdf", make_pdf(), content_type="application/pdf")],
    )  # fmt: skip
    drawing = booking.drawings.get()
    assert outsider_client.get(f"/bookings/{booking.pk}/").status_code == 404
    assert outsider_client.get(f"/bookings/{booking.pk}/drawings/{drawing.pk}").status_code == 404
    answer = outsider_client.post(f"/bookings/{booking.pk}/answer/", {"action": "confirm"})
    assert answer.status_code == 404
    # and the machine's public calendar does not show a request, nor whose it is
    page = outsider_client.get(machine.get_absolute_url()).content.decode()
    assert "Kalinga" not in page and "Secret part" not in page


def test_the_operator_downloads_the_drawing_as_an_attachment(
    machine, org_a, owner, operator_client
):
    booking = services.request_booking(
        machine, org_a, by=owner, start=ist(next_weekday(TUESDAY), 9),
        end=ist(next_weekday(TUESDAY), 11), job_description="Part",
        uploads=[SimpleUploadedFile("part.pdf", make_pdf(), content_type="application/pdf")],
    )  # fmt: skip
    answer = operator_client.get(f"/bookings/{booking.pk}/drawings/{booking.drawings.get().pk}")
    assert answer.status_code == 200
    assert answer["Content-Disposition"].startswith("attachment")


def test_the_calendar_feed_parses_and_a_new_address_revokes_the_old(
    client, machine, org_a, owner, operator, operator_org
):
    day = next_weekday(TUESDAY)
    booking = _request(machine, org_a, owner, ist(day, 22), hours=3)
    services.confirm_booking(booking, by=operator)
    for organisation, user in ((org_a, owner), (operator_org, operator)):
        feed = services.calendar_feed(user, organisation)
        answer = client.get(f"/calendar/{feed.token}.ics")
        assert answer.status_code == 200
        calendar = Calendar.from_ical(answer.content)
        events = list(calendar.walk("VEVENT"))
        assert len(events) == 1
        assert events[0].decoded("dtstart") == ist(day, 22)
        assert events[0].decoded("dtend") == ist(day, 22) + timedelta(hours=3)
    old = services.calendar_feed(owner, org_a).token
    services.calendar_feed(owner, org_a, renew=True)
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_the_api_books_answers_409_on_a_taken_machine_and_404_to_outsiders(
    machine, org_a, org_b, owner, outsider, operator
):
    day = next_weekday(TUESDAY)
    payload = {"equipment_id": machine.pk, "organisation_id": org_a.pk,
               "start": ist(day, 9).isoformat(), "end": ist(day, 13).isoformat(),
               "job_description": "Brackets"}  # fmt: skip
    first = _api(owner).post("/api/v1/bookings", payload, content_type="application/json")
    assert first.status_code == 201, first.content
    second = _api(outsider).post("/api/v1/bookings", {**payload, "organisation_id": org_b.pk},
                                 content_type="application/json")  # fmt: skip
    assert second.status_code == 201
    ids = first.json()["id"], second.json()["id"]
    assert _api(outsider).get(f"/api/v1/bookings/{ids[0]}").status_code == 404
    assert _api(outsider).post(f"/api/v1/bookings/{ids[0]}/confirm").status_code == 404
    assert _api(owner).post(f"/api/v1/bookings/{ids[0]}/confirm").status_code == 403
    assert _api(operator).post(f"/api/v1/bookings/{ids[0]}/confirm").status_code == 200
    conflict = _api(operator).post(f"/api/v1/bookings/{ids[1]}/confirm")
    assert conflict.status_code == 409
    assert "already booked" in conflict.json()["detail"]
    bad = _api(owner).post("/api/v1/bookings", {**payload, "start": ist(day, 9, 10).isoformat()},
                           content_type="application/json")  # fmt: skip
    assert bad.status_code == 400 and "start" in bad.json()["detail"]
    found = _api(owner).get(
        "/api/v1/machine-time",
        {
            "machine_type": "five-axis-machining-centre",
            "hours": 2,
            "pin_code": "753001",
            "radius_km": 50,
            "start": ist(day, 0).isoformat(),
            "end": ist(day, 23).isoformat(),
        },
    )
    assert found.status_code == 200
    assert found.json()[0]["start"].startswith(f"{day.isoformat()}T")
