"""Conversations in a real headless Chromium: an enterprise writes to a foreign partner from its
public profile with a drawing attached; the partner, on a phone, sees the unread count, opens
the thread, downloads the drawing and replies; the enterprise sees the reply."""

from __future__ import annotations

import pytest
from PIL import Image
from playwright.sync_api import expect

from udyamsetu.conftest import PASSWORD
from udyamsetu.conversations.models import Message
from udyamsetu.enterprises.models import PartnerProfile

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PHONE = {"width": 360, "height": 780}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


def _log_in(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")


def _fits(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"


def test_a_message_with_an_attachment_reaches_the_other_side_on_a_phone_and_is_answered(
    page, browser, live_server, screenshot, owner, outsider, org_b, tmp_path
):
    # given org_b's public partner profile, and the owner of org_a logged in at desktop width
    PartnerProfile.objects.create(organisation=org_b, offer_text="Aerospace machining")
    drawing = tmp_path / "bracket-drawing.png"
    Image.new("RGB", (600, 420), "white").save(drawing, format="PNG")
    _log_in(page, live_server, owner.email)

    # when the owner writes from the profile, adding a subject and the drawing
    page.goto(f"{live_server.url}/partners/galil/")
    expect(page.get_by_role("heading", name="Send a message")).to_be_visible()
    page.get_by_role("link", name="Add a subject or a file").click()
    page.fill("#id_subject", "Titanium brackets")
    page.fill("#id_body", "Can you machine Ti-6Al-4V brackets to this drawing?")
    page.set_input_files("#id_attachment", str(drawing))
    page.get_by_role("button", name="Send").click()

    # then the thread shows the message with its attachment
    expect(page.get_by_role("heading", level=1, name="Galil Aero Systems")).to_be_visible()
    expect(page.get_by_role("link", name="bracket-drawing.png")).to_be_visible()
    screenshot(page, "conversations-thread-desktop")
    _fits(page)

    # when the partner logs in on a phone
    phone = browser.new_context(viewport=PHONE, locale="en-GB").new_page()
    phone.set_default_timeout(15_000)
    _log_in(phone, live_server, outsider.email)
    phone.goto(f"{live_server.url}/messages/")

    # then the menu button and the inbox show the thread as unread
    expect(phone.locator(".menu-count")).to_contain_text("1")
    row = phone.locator(".conversation-row.is-unread")
    expect(row).to_contain_text("Kalinga Precision Engineering")
    expect(row).to_contain_text("1 unread")
    screenshot(phone, "conversations-inbox-phone")
    _fits(phone)

    # when they open it, download the drawing and reply
    row.get_by_role("link").click()
    expect(phone.get_by_text("Can you machine Ti-6Al-4V brackets")).to_be_visible()
    with phone.expect_download() as download:
        phone.get_by_role("link", name="bracket-drawing.png").click()
    assert download.value.suggested_filename == "bracket-drawing.png"
    assert download.value.path().read_bytes() == drawing.read_bytes()
    phone.fill("#id_body", "Yes, up to 400 mm. Quote follows.")
    phone.get_by_role("button", name="Send").click()

    # then the reply appears in place (htmx) and the thread fits the phone
    expect(phone.locator(".thread-message.is-mine")).to_contain_text("Yes, up to 400 mm.")
    expect(phone.locator("#id_body")).to_have_value("")
    screenshot(phone, "conversations-thread-phone")
    _fits(phone)
    assert Message.objects.count() == 2

    # when the owner looks again
    page.goto(f"{live_server.url}/messages/")

    # then the reply is unread for them, and opening the thread shows it
    expect(page.locator(".nav-count")).to_have_text("1 unread")
    screenshot(page, "conversations-inbox-desktop")
    page.locator(".conversation-row a").click()
    expect(page.get_by_text("Yes, up to 400 mm. Quote follows.")).to_be_visible()
    expect(page.locator(".nav-count")).to_have_count(0)
    phone.context.close()
