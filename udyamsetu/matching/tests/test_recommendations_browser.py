"""The dashboard's recommendations in a real headless Chromium, at desktop and phone width and
in Hindi."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from udyamsetu.accounts.models import Organisation
from udyamsetu.accounts.tests.test_browser_journey import _log_in
from udyamsetu.marketplace.tests.factories import post
from udyamsetu.search.tests.factories import make

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_an_owner_sees_recommendations_with_reasons_on_the_dashboard(
    page, live_server, owner, org_a, run_tasks, screenshot
):
    make("Kalinga Precision Engineering", organisation=org_a, is_published=True,
         description="5-axis machining", seek_text="vacuum heat treatment of tool steel")  # fmt: skip
    make("Odisha Heat Treaters", description="vacuum heat treatment and hardening of tool steel",
         verification_level=2, district="Cuttack")  # fmt: skip
    make("Jajpur Hardening Works", description="induction hardening and heat treatment",
         verification_level=1, district="Jajpur")  # fmt: skip
    buyer = Organisation.objects.create(name="Proof and Experimental Establishment", slug="pxe",
                                        kind=Organisation.Kind.BUYER_AGENCY)  # fmt: skip
    post(buyer, "Machined housings for a tracking mount",
         description="5-axis machining of aluminium housings and brackets, 40 sets a year")  # fmt: skip
    run_tasks()

    # given the owner logged in, on the dashboard
    _log_in(page, live_server, owner.email)
    page.goto(live_server.url + "/dashboard/")

    # then the enterprises matching what they seek are listed, the closest first, with reasons
    panel = page.locator(".recommendations")
    expect(panel.locator("h2")).to_have_text("Recommended for you")
    expect(panel.locator(".match h3").first).to_have_text("Odisha Heat Treaters")
    expect(panel.locator(".match").first.locator(".reasons")).to_contain_text("Verified on site")
    # and the open request that asks for what they offer
    opportunities = page.locator(".opportunities")
    expect(opportunities.locator("h2")).to_have_text("Opportunities for you")
    expect(opportunities.locator(".match h3")).to_have_text(
        "Machined housings for a tracking mount"
    )
    screenshot(page, "recommendations-desktop")

    # and at phone width the panel still reads top to bottom
    page.set_viewport_size({"width": 360, "height": 780})
    panel.scroll_into_view_if_needed()
    screenshot(page, "recommendations-phone")

    # and in Hindi
    with page.expect_navigation():
        page.select_option("#language-select", "hi")
    page.goto(live_server.url + "/dashboard/")
    expect(page.locator(".recommendations h2")).to_have_text("आपके लिए सुझाव")
    expect(page.locator(".recommendations .reasons").first).to_contain_text("स्थल पर सत्यापित")
    screenshot(page, "recommendations-phone-hi")
