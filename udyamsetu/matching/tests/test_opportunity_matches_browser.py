"""An opportunity's matches in a real headless Chromium: the team opens them from the dashboard,
hides one, and it stays hidden; at desktop and phone width and in Hindi."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from udyamsetu.accounts.tests.test_browser_journey import _log_in
from udyamsetu.marketplace.tests.factories import post
from udyamsetu.search.tests.factories import make

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_a_team_opens_its_opportunitys_matches_and_hides_one(
    page, live_server, owner, org_a, run_tasks, screenshot
):
    post(org_a, "Vacuum heat treatment of tool steel dies",
         description="Hardening and tempering of H13 dies in a vacuum furnace, 200 a month.")  # fmt: skip
    make("Odisha Heat Treaters", description="vacuum heat treatment and hardening of tool steel dies",
         verification_level=2, district="Cuttack")  # fmt: skip
    make("Jajpur Hardening Works", description="vacuum hardening and tempering of dies",
         verification_level=1, district="Jajpur")  # fmt: skip
    make("Deccan Bakers", description="bread and rusk", nic_codes=["10711"])
    run_tasks()

    # given the owner on the dashboard, which lists the team's opportunities
    _log_in(page, live_server, owner.email)
    page.goto(live_server.url + "/dashboard/")
    page.get_by_role("link", name="Matches", exact=True).click()

    # then the matching enterprises are listed with their reasons, the bakery not at all
    expect(page.locator("h1")).to_have_text("Matches for this opportunity")
    matches = page.locator(".match")
    expect(matches).to_have_count(2)
    expect(matches.first.locator(".reasons")).to_contain_text("Mentions")
    expect(page.locator("body")).not_to_contain_text("Deccan Bakers")
    screenshot(page, "opportunity-matches-desktop")

    # when the owner hides the first, in place
    first = matches.first.locator("h3").inner_text()
    matches.first.get_by_role("button", name="Hide").click()
    expect(matches.first).to_contain_text("it will not be shown again")
    screenshot(page, "opportunity-matches-hidden")

    # then after a reload it is gone, and only the other remains
    page.reload()
    expect(page.locator(".match")).to_have_count(1)
    expect(page.locator(".match h3")).not_to_have_text(first)

    # and the page reads at phone width, and in Hindi
    page.set_viewport_size({"width": 360, "height": 780})
    screenshot(page, "opportunity-matches-phone")
    with page.expect_navigation():
        page.select_option("#language-select", "hi")
    expect(page.locator("h1")).to_have_text("इस अवसर के लिए मिलान")
    expect(page.locator(".match-feedback").first).to_contain_text("क्या यह अच्छा मिलान है?")
    screenshot(page, "opportunity-matches-phone-hi")
