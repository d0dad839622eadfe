"""Every main page, at desktop (1280 px) and phone (360 px) width, in English and Hindi.

Each page is saved as a full-page screenshot under test-artifacts/screenshots/pages/ for people
to look at; the tests check what a machine can: the page's language, its heading, and that
nothing makes a phone scroll sideways. One login per user: the phone context reuses the
desktop context's session.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from udyamsetu.accounts import services
from udyamsetu.accounts.models import Membership, Organisation
from udyamsetu.conftest import PASSWORD, TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

VIEWPORTS = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 360, "height": 780},
}
LANGUAGES = ("en", "hi")


@pytest.fixture
def new_context(browser, live_server) -> Iterator[Callable]:
    """Open browser contexts at a named width (optionally with another context's session)."""
    opened = []

    def _new_context(width: str, *, session_of=None):
        context = browser.new_context(
            viewport=VIEWPORTS[width],
            storage_state=session_of.storage_state() if session_of is not None else None,
        )
        context.set_default_timeout(15_000)
        opened.append(context)
        return context

    yield _new_context
    for context in opened:
        context.close()


def _use_language(context, live_server, language: str) -> None:
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])


def _current_totp_code() -> str:
    # allauth accepts only the current 30-second step: never type a code about to expire.
    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.5)
    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


def _log_in(page, live_server, email: str, *, with_totp: bool = False) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if with_totp:
        page.wait_for_url(f"{live_server.url}/accounts/2fa/authenticate/")
        page.fill("#id_code", _current_totp_code())
        page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")


def _wait_for_fonts(page) -> None:
    # Load every declared face (the bold Devanagari one is otherwise fetched only once some
    # bold Hindi text is laid out), so that screenshots never catch the fallback font.
    page.evaluate(
        "Promise.all([...document.fonts].map(f => f.load())).then(() => document.fonts.ready)"
    )


def _visit_and_shoot(
    page,
    live_server,
    screenshot,
    *,
    path: str,
    name: str,
    width: str,
    language: str,
    heading: str | None,
) -> int:
    """Open a page, check its language and heading, save it; return its sideways overflow."""
    page.goto(live_server.url + path)
    _wait_for_fonts(page)
    assert page.url == live_server.url + path, f"{path} redirected to {page.url}"
    assert page.get_attribute("html", "lang") == language
    if heading is not None and language == "en":
        assert page.get_by_role("heading", level=1).first.inner_text().strip() == heading
    screenshot(page, f"pages/{name}-{width}-{language}")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    return max(0, scroll_width - VIEWPORTS[width]["width"]) if width == "phone" else 0


PUBLIC_PAGES = [
    ("home", "/", "Where India's MSMEs meet partners, demand and shared capacity"),
    ("login", "/accounts/login/", "Sign In"),
    ("signup", "/accounts/signup/", "Sign Up"),
    ("password-reset", "/accounts/password/reset/", "Password Reset"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", VIEWPORTS)
def test_public_pages_fit_the_screen_in_each_language(
    new_context, live_server, screenshot, width, language
):
    # given a visitor at this width who chose this language
    context = new_context(width)
    _use_language(context, live_server, language)
    page = context.new_page()

    # when they open each public page
    overflowing = {}
    for name, path, heading in PUBLIC_PAGES:
        overflow = _visit_and_shoot(
            page,
            live_server,
            screenshot,
            path=path,
            name=name,
            width=width,
            language=language,
            heading=heading,
        )
        if overflow:
            overflowing[path] = overflow

    # then every page is in their language (checked above) and none scrolls sideways on a phone
    assert overflowing == {}, f"pages wider than {width} (px too wide): {overflowing}"


KIND_PEOPLE = {
    Organisation.Kind.ENTERPRISE: ("Kalinga Precision Engineering", "IN", "an Indian enterprise"),
    Organisation.Kind.FOREIGN_PARTNER: ("Galil Aero Systems", "IL", "a foreign partner"),
    Organisation.Kind.BUYER_AGENCY: ("Naval Dockyard Procurement", "IN", "a buyer agency"),
    Organisation.Kind.FACILITY_OPERATOR: (
        "CTTC Bhubaneswar Tool Room",
        "IN",
        "a facility operator",
    ),
    Organisation.Kind.GOVERNMENT_OFFICE: ("MSME-DFO Cuttack", "IN", "a government office"),
}


@pytest.mark.parametrize("kind", list(KIND_PEOPLE))
def test_each_kind_of_organisation_has_its_own_dashboard_that_fits_both_widths_and_languages(
    request, new_context, live_server, screenshot, make_user, kind
):
    # given a member of an organisation of this kind (an official logs in with a second factor)
    name, country, described_as = KIND_PEOPLE[kind]
    if kind == Organisation.Kind.GOVERNMENT_OFFICE:
        user = request.getfixturevalue("official")
    else:
        organisation = Organisation.objects.create(
            name=name,
            slug=f"org-{kind}".replace("_", "-"),
            kind=kind,
            country=country,
        )
        user = make_user(f"{kind}@example.com", "Sushant Mishra")
        Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.OWNER)
    desktop = new_context("desktop")
    _log_in(
        desktop.new_page(),
        live_server,
        user.email,
        with_totp=kind == Organisation.Kind.GOVERNMENT_OFFICE,
    )
    phone = new_context("phone", session_of=desktop)

    # when they open their dashboard at each width, in each language
    overflowing = {}
    for width, context in (("desktop", desktop), ("phone", phone)):
        page = context.new_page()
        for language in LANGUAGES:
            _use_language(context, live_server, language)
            overflow = _visit_and_shoot(
                page,
                live_server,
                screenshot,
                path="/dashboard/",
                name=f"dashboard-{kind}",
                width=width,
                language=language,
                heading=f"Welcome, {user.get_short_name()}",
            )
            if overflow:
                overflowing[f"{width}-{language}"] = overflow
            # then it is the dashboard of their kind of organisation
            if language == "en":
                intro = page.locator("main .page-header p").first.inner_text()
                assert intro == f"You act for {name}, {described_as}."

    # and it never scrolls sideways on a phone
    assert overflowing == {}, f"the {kind} dashboard is too wide (px): {overflowing}"


def test_organisation_and_account_pages_fit_both_widths_and_languages(
    new_context, live_server, screenshot, owner, teammate, org_a
):
    # given an owner of two organisations, with a teammate, an open invitation and an API token
    org_a.description = "Precision machined parts for defence and railways since 1994."
    org_a.website = "https://kalinga.example.in"
    org_a.save()
    second = Organisation.objects.create(
        name="Odisha Defence Suppliers Consortium",
        slug="odisha-consortium",
        kind=Organisation.Kind.BUYER_AGENCY,
    )
    Membership.objects.create(user=owner, organisation=second, role=Membership.Role.MEMBER)
    services.invite_member(org_a, by=owner, email="new.colleague@example.in")
    services.create_api_token(owner, name="ERP export script")
    desktop = new_context("desktop")
    _log_in(desktop.new_page(), live_server, owner.email)
    phone = new_context("phone", session_of=desktop)
    pages = [
        ("organisations", "/organisations/", "Your organisations"),
        ("organisation-detail", f"/organisations/{org_a.slug}/", org_a.name),
        ("preferences", "/settings/preferences/", "Name, language and time zone"),
        ("api-tokens", "/settings/api-tokens/", "API tokens"),
        ("two-factor", "/accounts/2fa/", "Two-Factor Authentication"),
    ]

    # when they open each page at each width, in each language
    overflowing = {}
    for width, context in (("desktop", desktop), ("phone", phone)):
        page = context.new_page()
        for language in LANGUAGES:
            _use_language(context, live_server, language)
            for name, path, heading in pages:
                overflow = _visit_and_shoot(
                    page,
                    live_server,
                    screenshot,
                    path=path,
                    name=name,
                    width=width,
                    language=language,
                    heading=heading,
                )
                if overflow:
                    overflowing[f"{path} {width}-{language}"] = overflow
            # then the header offers both organisations to act for
            assert page.locator("#org-select option").all_inner_texts() == [
                org_a.name,
                second.name,
            ]

    # and no page scrolls sideways on a phone
    assert overflowing == {}, f"pages too wide at 360 px (px): {overflowing}"


def test_an_official_without_two_factor_is_sent_to_set_up_an_authenticator_app(
    page, live_server, screenshot, make_user, office
):
    # given a member of a government office who has no second factor
    official = make_user("new.official@example.gov.in", "Bikash Rout")
    Membership.objects.create(user=official, organisation=office, role=Membership.Role.MEMBER)

    # when they log in and open the dashboard
    page.goto(f"{live_server.url}/accounts/login/?next=/dashboard/")
    page.fill("#id_login", official.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    # then they are told why and land straight on the authenticator setup page: the password
    # they typed a moment ago counts (accounts.adapters.AccountAdapter), no second prompt
    page.wait_for_url(f"{live_server.url}/accounts/2fa/totp/activate/")
    assert (
        "Officials and staff must protect their account with an authenticator app before they "
        "continue." in page.locator("#messages").inner_text()
    )

    assert page.get_by_role("heading", level=1).inner_text() == "Activate Authenticator App"
    assert page.locator("#id_code").is_visible()
    screenshot(page, "pages/official-without-2fa-desktop-en")

    # and the dashboard stays closed to them until they have set it up
    page.goto(f"{live_server.url}/dashboard/")
    assert page.url == f"{live_server.url}/accounts/2fa/totp/activate/"


def test_on_a_phone_the_menu_button_shows_and_hides_the_navigation_below_it(
    new_context, live_server, screenshot
):
    # given a visitor on the home page at 360 px, where the navigation hides behind "Menu"
    page = new_context("phone").new_page()
    page.goto(live_server.url + "/")
    menu_button = page.locator("header").get_by_role("button", name="Menu")
    navigation = page.locator("#main-nav")
    assert menu_button.get_attribute("aria-expanded") == "false"
    assert not navigation.get_by_role("link", name="Log in").is_visible()

    # when they tap the menu button
    menu_button.click()

    # then the links show below the button, and the button says the menu is open
    screenshot(page, "pages/menu-open-phone-en")
    assert menu_button.get_attribute("aria-expanded") == "true"
    assert navigation.get_by_role("link", name="Log in").is_visible()
    assert navigation.get_by_role("link", name="Sign up").is_visible()
    button_box, menu_box = menu_button.bounding_box(), navigation.bounding_box()
    assert menu_box["y"] >= button_box["y"] + button_box["height"]

    # when they tap it again, then the menu closes
    menu_button.click()
    assert menu_button.get_attribute("aria-expanded") == "false"
    assert not navigation.get_by_role("link", name="Log in").is_visible()


def test_at_desktop_width_the_navigation_is_always_shown_without_a_menu_button(
    page, live_server, owner
):
    # given a logged-in member at 1280 px
    _log_in(page, live_server, owner.email)

    # when they look at the header
    header = page.locator("header")

    # then every destination and "Log out" is visible, and there is no Menu button
    for name in ("Dashboard", "Organisations", "Settings"):
        assert header.get_by_role("link", name=name).is_visible()
    assert header.get_by_role("button", name="Log out").is_visible()
    assert not header.get_by_role("button", name="Menu").is_visible()


def test_allauth_pages_sit_in_the_portals_entrance_card_and_settings_layout(
    page, live_server, owner
):
    # given a visitor on the login page
    page.goto(f"{live_server.url}/accounts/login/")

    # then the form sits in the narrow entrance card, like the portal's own forms
    # APP BUG (templates/allauth/layouts/*.html): allauth's pages fill `content`, the same block
    # name base.html uses, so their content replaces the layouts' wrappers.
    assert page.locator("main .narrow .card.entrance form").count() == 1

    # when a member opens the two-factor settings
    _log_in(page, live_server, owner.email)
    page.goto(f"{live_server.url}/accounts/2fa/")

    # then the page has the settings navigation beside it, like the preferences page
    assert page.locator("nav.settings-nav").is_visible()
