"""The whole collaboration loop in a real headless Chromium, one screenshot per step: a buyer
posts an indigenisation item → an official publishes it → an enterprise finds it and expresses
interest with its capability statement → the buyer accepts → they exchange messages with an
attachment → both record an MoU."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import expect

from udyamsetu.conversations.models import Message
from udyamsetu.core.tests.test_uploads import make_pdf
from udyamsetu.marketplace.models import Interest, Post
from udyamsetu.partnerships.models import Partnership, Stage, Step

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
PHONE = {"width": 360, "height": 780}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


def _fits(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"


def test_a_buyer_and_an_enterprise_go_from_post_to_mou(
    page, browser, live_server, screenshot, log_in, buyer, owner, official, office, tmp_path
):
    office.permissions.add(Permission.objects.get(codename="review_post"))
    capability = tmp_path / "kalinga-capability.pdf"
    capability.write_bytes(make_pdf())
    drawing = tmp_path / "PD-8W-2231-drawing.pdf"
    drawing.write_bytes(make_pdf())

    # 1. the buyer posts an indigenisation item and submits it
    log_in(page, buyer.email)
    page.get_by_role("link", name="Post an opportunity").first.click()
    page.get_by_role("link", name="Indigenisation item").click()
    page.fill("#id_title", "RF power divider for a surveillance radar")
    page.fill("#id_description", "Indigenise the 8-way RF power divider, 2 to 4 GHz, to drawing.")
    page.fill("#id_expires_on", "2027-03-31")
    page.fill("#id_part_number", "PD-8W-2231")
    page.fill("#id_quantity", "40")
    page.select_option("#id_route", "make_ii")
    page.check("#id_positive_list")
    screenshot(page, "loop-1-buyer-posts")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted. An official will review it")).to_be_visible()
    post = Post.objects.get(title="RF power divider for a surveillance radar")
    assert post.status == Post.Status.SUBMITTED

    # 2. an official publishes it from the review queue
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
    desk.set_default_timeout(15_000)
    log_in(desk, official.email, with_totp=True)
    desk.get_by_role("link", name="Opportunities to review (1)").click()
    desk.get_by_role("link", name="RF power divider for a surveillance radar").click()
    screenshot(desk, "loop-2-official-reviews")
    desk.get_by_role("button", name="Publish").click()
    expect(desk.get_by_text("Published: RF power divider")).to_be_visible()

    # 3. the enterprise, on a phone, finds it and expresses interest with a PDF
    phone = browser.new_context(viewport=PHONE, locale="en-GB").new_page()
    phone.set_default_timeout(15_000)
    log_in(phone, owner.email)
    phone.goto(f"{live_server.url}/opportunities/?q=power+divider")
    phone.get_by_role("link", name="RF power divider for a surveillance radar").click()
    expect(phone.get_by_text("PD-8W-2231")).to_be_visible()
    screenshot(phone, "loop-3-enterprise-finds-phone")
    _fits(phone)
    phone.get_by_role("link", name="Express interest").click()
    phone.fill("#id_summary", "We build RF dividers and combiners to 6 GHz; NABL-tested.")
    phone.fill("#id_proposal", "Samples in eight weeks; a visit to Chandipur.")
    phone.set_input_files("#id_attachments", str(capability))
    screenshot(phone, "loop-3-enterprise-interest-phone")
    phone.get_by_role("button", name="Send expression of interest").click()
    expect(phone.get_by_text("Sent. You will hear by e-mail")).to_be_visible()

    # 4. the buyer sees it waiting on the dashboard and accepts it
    page.goto(f"{live_server.url}/dashboard/")
    page.get_by_role("link", name="1 interest waiting").click()
    expect(page.get_by_role("link", name="kalinga-capability.pdf")).to_be_visible()
    screenshot(page, "loop-4-buyer-accepts")
    page.get_by_role("button", name="Accept and start a conversation").click()
    expect(
        page.get_by_role("heading", level=1, name="Kalinga Precision Engineering")
    ).to_be_visible()
    assert Interest.objects.get().status == Interest.Status.ACCEPTED

    # 5. they exchange messages, the buyer's with the drawing attached
    page.fill("#id_body", "Welcome aboard. The drawing is attached; please quote.")
    page.set_input_files("#id_attachment", str(drawing))
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("link", name="PD-8W-2231-drawing.pdf")).to_be_visible()
    phone.goto(f"{live_server.url}/messages/")
    phone.locator(".conversation-row").get_by_role("link").first.click()
    expect(phone.get_by_role("link", name="PD-8W-2231-drawing.pdf")).to_be_visible()
    phone.fill("#id_body", "Thank you. Quotation by Friday; shall we sign an MoU?")
    phone.get_by_role("button", name="Send").click()
    expect(phone.get_by_text("shall we sign an MoU?")).to_be_visible()
    screenshot(phone, "loop-5-messages-phone")
    _fits(phone)
    assert Message.objects.count() == 2

    # 6. both record the MoU they signed: the buyer from the conversation, the enterprise
    #    from its phone, which confirms the buyer's record
    signed_on = (timezone.localdate() - timedelta(days=1)).isoformat()
    page.get_by_role("link", name="Record a partnership step").click()
    page.get_by_label("MoU or LoI signed").check()
    page.fill("#id_occurred_on", signed_on)
    page.fill("#id_note", "MoU for the 8-way power divider, signed at Chandipur.")
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_text("is asked to confirm it")).to_be_visible()
    screenshot(page, "loop-6-buyer-records-mou")
    phone.goto(f"{live_server.url}/dashboard/")
    expect(phone.get_by_text("recorded “MoU or LoI signed”")).to_be_visible()
    phone.get_by_role("link", name="Confirm or correct").click()
    phone.get_by_label("MoU or LoI signed").check()
    phone.fill("#id_occurred_on", signed_on)
    phone.get_by_role("button", name="Record", exact=True).click()
    expect(phone.get_by_text("You confirmed the step")).to_be_visible()
    screenshot(phone, "loop-7-enterprise-records-mou-phone")
    _fits(phone)
    partnership = Partnership.objects.get()
    assert partnership.stage == Stage.MOU
    assert partnership.steps.get().status == Step.Status.CONFIRMED
