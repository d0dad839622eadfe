"""Machine time in a real headless Chromium, one screenshot per step: an enterprise on a phone
searches for a 5-axis machine near its PIN code, requests the earliest free hours with a
drawing, the operator confirms it from the dashboard, and the booking shows in both calendars
(the operator's machine calendar and the enterprise's bookings), in IST."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from udyamsetu.core.tests.test_uploads import make_pdf
from udyamsetu.facilities.models import Booking
from udyamsetu.facilities.tests.conftest import ist, next_weekday

# The vocabularies and PIN centroids come from migrations: a flush by an earlier transactional
# test would leave them empty, so this test restores them (serialized_rollback).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PHONE = {"width": 360, "height": 780}


def _fits(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"


def test_an_enterprise_books_machine_time_and_the_operator_confirms_it(
    browser, live_server, screenshot, log_in, machine, owner, operator, tmp_path
):
    drawing = tmp_path / "PD-221-bracket.pdf"
    drawing.write_bytes(make_pdf())
    tuesday = next_weekday(1)

    # 1. the enterprise searches on its phone: a 5-axis machine within 100 km, 4 hours
    phone = browser.new_context(viewport=PHONE, locale="en-GB").new_page()
    phone.set_default_timeout(15_000)
    log_in(phone, owner.email)
    phone.goto(f"{live_server.url}/facilities/")
    phone.select_option("#id_machine_type", label="5-axis machining centre")
    phone.fill("#id_hours", "4")
    phone.fill("#id_pin_code", "753001")
    phone.select_option("#id_radius_km", "100")
    phone.fill("#id_start_day", tuesday.isoformat())
    phone.fill("#id_end_day", tuesday.isoformat())
    phone.get_by_role("button", name="Find free time").click()
    expect(phone.get_by_text("1 machine with free time")).to_be_visible()
    expect(phone.locator(".free-slot")).to_contain_text("06:00")
    screenshot(phone, "facilities-1-search-phone")
    _fits(phone)

    # 2. it requests the earliest free hours with a drawing
    phone.get_by_role("link", name="Book this time").click()
    phone.fill("#id_job_description", "Machine 40 titanium brackets to drawing PD-221.")
    phone.fill("#id_material", "Ti-6Al-4V")
    phone.set_input_files("#id_drawings", str(drawing))
    screenshot(phone, "facilities-2-request-phone")
    phone.get_by_role("button", name="Request this time").click()
    expect(phone.get_by_text("will confirm or decline it")).to_be_visible()
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.REQUESTED
    assert booking.start == ist(tuesday, 6) and booking.drawings.count() == 1

    # 3. the operator sees it on the dashboard and confirms it
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
    desk.set_default_timeout(15_000)
    log_in(desk, operator.email)
    expect(desk.get_by_text("1 booking request waits for your answer.")).to_be_visible()
    desk.locator(".booking-list").get_by_role("link", name=machine.name).click()
    expect(desk.get_by_role("link", name="PD-221-bracket.pdf")).to_be_visible()
    screenshot(desk, "facilities-3-operator-confirms")
    desk.get_by_role("button", name="Confirm").click()
    expect(desk.get_by_text("Confirmed. The requester has been told.")).to_be_visible()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED and booking.rate_rupees == 1800

    # 4. both calendars show it: the machine's (with who booked it) and the enterprise's
    desk.goto(f"{live_server.url}{machine.get_absolute_url()}")
    expect(desk.locator(".machine-calendar")).to_contain_text("06:00\u201310:00")
    expect(desk.locator(".machine-calendar")).to_contain_text("Kalinga Precision Engineering")
    screenshot(desk, "facilities-4-machine-calendar")
    phone.goto(f"{live_server.url}/bookings/")
    expect(phone.locator(".booking-list")).to_contain_text("Confirmed")
    expect(phone.locator(".booking-list")).to_contain_text("06:00")
    screenshot(phone, "facilities-5-enterprise-bookings-phone")
    _fits(phone)
