"""The organiser's flow in a real headless Chromium, one screenshot per step: a draft
matchmaking day → registration opened → participants register and wish → the meeting grid is
laid out → the schedule is built, a meeting moved and locked → published → a participant in
Tel Aviv reads their agenda on a phone, in their own time."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from udyamsetu.events import services
from udyamsetu.events.models import Event, Meeting
from udyamsetu.events.tests.conftest import at

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
PHONE = {"width": 360, "height": 780}


def _fits(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"


def test_an_organiser_takes_a_matchmaking_day_from_draft_to_published_agendas(
    browser, live_server, screenshot, log_in, event, official, owner, org_a, tel_aviv, org_b,
    taipei, org_c,
):  # fmt: skip
    event.status = Event.Status.DRAFT
    event.save()
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
    desk.set_default_timeout(20_000)

    # 1. the organiser opens registration from the desk
    log_in(desk, official.email, with_totp=True)
    desk.goto(f"{live_server.url}{event.get_absolute_url()}")
    desk.get_by_role("link", name="Organiser's desk").click()
    screenshot(desk, "events-1-draft-desk")
    desk.get_by_role("button", name="Open registration").click()
    expect(desk.get_by_text("Open for registration")).to_be_visible()

    # 2. three participants register, listed; two of them must meet, one pair would meet
    registered = {
        user: services.register(event, by=user, organisation=org, listed=True, pitch=pitch)
        for user, org, pitch in (
            (owner, org_a, "5-axis CNC machining of aerospace parts"),
            (tel_aviv, org_b, "Small drones; seeking a composites partner"),
            (taipei, org_c, "E-waste recycling technology"),
        )
    }
    for a, b, level in ((owner, tel_aviv, "must"), (tel_aviv, owner, "must"),
                        (owner, taipei, "would"), (taipei, owner, "would")):  # fmt: skip
        services.set_wish(event, by=a, target=registered[b], level=level)

    # 3. the grid: three 30-minute slots from 10:00 (IST), the third a break
    desk.reload()
    desk.fill("#id_grid-start", at(event, 10).strftime("%Y-%m-%dT%H:%M"))
    desk.fill("#id_grid-minutes", "30")
    desk.fill("#id_grid-count", "3")
    desk.fill("#id_grid-breaks", "3")
    desk.get_by_role("button", name="Lay out").click()
    expect(desk.get_by_text("The meeting grid is laid out.")).to_be_visible()

    # 4. build the draft schedule, then move the must-meet to table 2 (it is locked)
    desk.get_by_role("button", name="Build the schedule").click()
    expect(desk.get_by_text("Draft schedule: 2 meetings")).to_be_visible()
    screenshot(desk, "events-2-draft-schedule")
    must = Meeting.objects.get(
        first__user__in=[owner, tel_aviv], second__user__in=[owner, tel_aviv]
    )
    desk.goto(f"{live_server.url}/events/{event.slug}/meetings/{must.pk}/")
    desk.fill("#id_table", "2")
    desk.get_by_role("button", name="Move and lock").click()
    expect(desk.get_by_text("Moved and locked.")).to_be_visible()
    must.refresh_from_db()
    assert must.locked and must.table == 2

    # 5. publish
    desk.get_by_role("button", name="Publish the schedule").click()
    expect(desk.get_by_text("Published. Participants see their agendas.")).to_be_visible()
    screenshot(desk, "events-3-published")

    # 6. the participant in Tel Aviv reads the agenda on a phone: 10:00 IST is 06:30 there in
    # winter, 07:30 in Israel's summer time
    phone = browser.new_context(viewport=PHONE, locale="en-GB").new_page()
    phone.set_default_timeout(20_000)
    log_in(phone, tel_aviv.email)
    phone.goto(f"{live_server.url}{event.get_absolute_url()}")
    phone.get_by_role("link", name="Your agenda").click()
    expect(phone.locator(".agenda-meeting")).to_have_count(1)
    expect(phone.locator(".agenda-time")).to_contain_text("Table 2")
    expect(phone.locator(".agenda-meeting").first).to_contain_text("Priya Nayak")
    slot_start = must.slot.starts_at.astimezone(ZoneInfo("Asia/Jerusalem"))
    expect(phone.locator(".agenda-time")).to_contain_text(slot_start.strftime("%H:%M"))
    screenshot(phone, "events-4-agenda-tel-aviv-phone")
    _fits(phone)
