"""Search in a real headless Chromium: type, filter, watch the counts change, go back, save."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from udyamsetu.accounts.tests.test_browser_journey import _log_in
from udyamsetu.search.models import SavedSearch
from udyamsetu.search.tests.factories import make

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def _count_of(page, name: str, value: str) -> str:
    option = page.locator(f"input[name='{name}'][value='{value}']").locator("xpath=..")
    return option.locator(".facet-count").inner_text()


def test_a_buyer_types_filters_sees_counts_change_goes_back_and_saves_the_search(
    page, live_server, owner, screenshot
):
    for n in range(3):
        make(f"Kalinga Forge {n}", description="closed die forging", state="OD", district="Cuttack")
    for n in range(2):
        make(f"Pune Forgings {n}", description="ring rolling and forging", state="MH",
             district="Pune", size_class="small")  # fmt: skip
    make("Deccan Bakers", description="bread and rusk", state="MH", district="Pune")

    # given the search page
    page.goto(live_server.url + "/search/")
    assert page.locator(".results-count").inner_text() == "6 results"

    # when they type a query, the results and counts update without a reload
    page.fill("#id_q", "forging")
    page.wait_for_url(re.compile(r"q=forging"))
    expect(page.locator(".results-count")).to_have_text("5 results")
    assert _count_of(page, "state", "MH") == "2"
    assert _count_of(page, "size", "micro") == "3"

    # and pick a state: the results narrow, the size counts follow, the state counts stay
    page.locator("input[name='state'][value='OD']").check()
    page.wait_for_url(re.compile(r"state=OD"))
    expect(page.locator(".results-count")).to_have_text("3 results")
    assert _count_of(page, "size", "micro") == "3"
    assert page.locator("input[name='size'][value='small']").count() == 0
    assert _count_of(page, "state", "MH") == "2"
    assert page.locator(".hit h3").first.inner_text().startswith("Kalinga Forge")
    screenshot(page, "search-desktop")

    # then the back button returns to the search before the state was chosen
    page.go_back()
    expect(page.locator(".results-count")).to_have_text("5 results")
    assert not page.locator("input[name='state'][value='OD']").is_checked()
    assert "state=OD" not in page.url

    # and the page at phone width keeps the query and the filters
    page.go_forward()
    expect(page.locator(".results-count")).to_have_text("3 results")
    page.set_viewport_size({"width": 360, "height": 800})
    screenshot(page, "search-phone")

    # and a member who signs in can save it
    _log_in(page, live_server, owner.email, "?next=/search/%3Fq%3Dforging%26state%3DOD")
    page.wait_for_url(re.compile(r"/search/"))
    page.get_by_text("Save this search").click()
    page.fill("#id_save_name", "Forges in Odisha")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/search/saved/"))
    saved = SavedSearch.objects.get(user=owner)
    assert saved.query == "q=forging&state=OD" and saved.frequency == "weekly"
    screenshot(page, "search-saved-phone")
