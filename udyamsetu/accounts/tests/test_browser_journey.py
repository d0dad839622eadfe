"""A new user's path through the portal, in a real headless Chromium.

Sign up, verify the e-mail address, create an organisation, invite a colleague, switch to Hindi,
log out; the invited colleague accepts; the keyboard reaches the main content first.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import translation

from udyamsetu.accounts.models import Invitation, Membership, Organisation, User
from udyamsetu.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

LINK = re.compile(r"https?://\S+")


def _link_in_mail(to: str, path_part: str) -> str:
    """The first link containing `path_part` in the last e-mail sent to `to`."""
    messages = [m for m in mail.outbox if to in m.to]
    assert messages, f"no e-mail was sent to {to}"
    links = [link for link in LINK.findall(messages[-1].body) if path_part in link]
    assert links, f"no {path_part} link in: {messages[-1].body}"
    return links[0]


def _confirm_email(page, run_tasks, email: str) -> None:
    run_tasks()
    page.goto(_link_in_mail(email, "/accounts/confirm-email/"))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(lambda url: "/confirm-email/" not in url)


def _log_in(page, live_server, email: str, next_path: str = "") -> None:
    page.goto(f"{live_server.url}/accounts/login/{next_path}")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_a_new_user_signs_up_verifies_creates_an_organisation_invites_switches_to_hindi_and_logs_out(
    page, live_server, run_tasks, screenshot
):
    # given a visitor on the home page
    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Where India's MSMEs meet")
    screenshot(page, "01-home")

    # when they sign up with their name, e-mail and password twice
    page.get_by_role("link", name="Create a free account").click()
    page.wait_for_url(re.compile(r"/accounts/signup/$"))
    page.fill("#id_full_name", "Meera Patnaik")
    page.fill("#id_email", "meera@example.in")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    screenshot(page, "02-signup")
    page.get_by_role("button", name="Sign Up").click()

    # then they are asked to verify their address, and an account exists but is unverified
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    user = User.objects.get(email="meera@example.in")
    assert user.full_name == "Meera Patnaik"
    assert not user.emailaddress_set.get().verified

    # when the verification e-mail goes out and they open its link and confirm
    run_tasks()
    link = _link_in_mail("meera@example.in", "/accounts/confirm-email/")
    page.goto(link)
    assert "meera@example.in" in page.locator("main").inner_text()
    screenshot(page, "03-verify-email")
    page.get_by_role("button", name="Confirm").click()

    # then the address is verified and they are logged in, on a dashboard without organisation
    page.wait_for_url(lambda url: "/confirm-email/" not in url)
    page.goto(live_server.url + "/dashboard/")
    assert page.url == live_server.url + "/dashboard/"
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Meera"
    assert user.emailaddress_set.get().verified
    screenshot(page, "04-dashboard-no-org")

    # when they create an Indian enterprise
    page.get_by_role("link", name="Create an organisation").click()
    page.wait_for_url(re.compile(r"/organisations/new/$"))
    page.get_by_label("Name").fill("Patnaik Castings")
    page.get_by_label("Kind").select_option(label="Indian enterprise")
    page.get_by_label("City").fill("Rourkela")
    screenshot(page, "05-create-organisation")
    page.get_by_role("button", name="Create organisation").click()

    # then they land on its page as its owner, acting for it
    page.wait_for_url(re.compile(r"/organisations/patnaik-castings/$"))
    organisation = Organisation.objects.get(name="Patnaik Castings")
    assert organisation.kind == Organisation.Kind.ENTERPRISE
    assert Membership.objects.get(user=user, organisation=organisation).role == "owner"
    assert "Patnaik Castings is ready. You are its owner." in page.locator("#messages").inner_text()
    assert "Patnaik Castings" in page.locator(".org-bar").inner_text()
    screenshot(page, "06-organisation")

    # when they invite a colleague by e-mail (htmx swaps the members panel)
    invite = page.locator("#invite")
    invite.get_by_label("E-mail address").fill("Arjun@Example.in")
    invite.get_by_role("button", name="Send invitation").click()

    # then the invitation waits for an answer, without a page load, and the e-mail goes out
    waiting = page.locator("#members-panel").get_by_role("heading", name="Waiting for an answer")
    waiting.wait_for()
    assert "arjun@example.in · Member" in page.locator("#invite").inner_text()
    assert page.url.endswith("/organisations/patnaik-castings/")
    assert Invitation.objects.get(organisation=organisation).email == "arjun@example.in"
    screenshot(page, "07-invite-sent")
    run_tasks()
    invitation_mail = next(m for m in mail.outbox if m.to == ["arjun@example.in"])
    assert invitation_mail.subject == "Meera Patnaik invites you to Patnaik Castings on Udyam Setu"
    assert "/invitations/" in invitation_mail.body

    # when they switch the language to Hindi with the header switcher
    page.goto(live_server.url + "/dashboard/")
    with page.expect_navigation():
        page.select_option("#language-select", "hi")

    # then the dashboard is in Hindi, and the choice is saved on their account
    page.goto(live_server.url + "/dashboard/")
    assert page.get_attribute("html", "lang") == "hi"
    assert page.locator("#language-select option:checked").inner_text() == "हिंदी"
    with translation.override("hi"):
        # the greeting as the compiled Hindi catalogue has it (English while untranslated)
        welcome = translation.gettext("Welcome, %(name)s") % {"name": "Meera"}
    assert page.get_by_role("heading", level=1).inner_text() == welcome
    user.refresh_from_db()
    assert user.language == "hi"
    screenshot(page, "08-dashboard-hindi")

    # when they log out with the header's button (its label is Hindi now)
    page.locator("header form[action='/accounts/logout/']").get_by_role("button").click()
    page.wait_for_url(live_server.url + "/")

    # then the dashboard sends them to the login page
    page.goto(live_server.url + "/dashboard/")
    assert page.url == live_server.url + "/accounts/login/?next=/dashboard/"
    assert page.locator("#id_login").is_visible()
    screenshot(page, "09-logged-out")


def test_an_invited_colleague_signs_up_accepts_and_can_switch_between_organisations(
    browser, live_server, run_tasks, screenshot, owner, org_a, org_b
):
    owner_context = browser.new_context(viewport={"width": 1280, "height": 900})
    invitee_context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        owner_page, invitee_page = owner_context.new_page(), invitee_context.new_page()

        # given an owner who invited a colleague through the organisation page
        _log_in(owner_page, live_server, owner.email)
        owner_page.goto(f"{live_server.url}/organisations/{org_a.slug}/")
        owner_page.locator("#invite").get_by_label("E-mail address").fill("arjun@example.in")
        owner_page.locator("#invite").get_by_role("button", name="Send invitation").click()
        owner_page.locator("#invite").get_by_text("arjun@example.in").wait_for()
        run_tasks()
        invitation_link = _link_in_mail("arjun@example.in", "/invitations/")

        # when the colleague opens the link without an account
        invitee_page.goto(invitation_link)

        # then they are told to log in or sign up with the invited address
        assert invitee_page.get_by_role("heading", level=1).inner_text() == f"Join {org_a.name}"
        assert "Priya Nayak invites arjun@example.in to join as Member." in (
            invitee_page.locator("main").inner_text()
        )
        screenshot(invitee_page, "10-invitation-anonymous")

        # when they sign up with the invited address, verify it, open the link and accept
        invitee_page.get_by_role("link", name="Sign up").last.click()
        invitee_page.wait_for_url(re.compile(r"/accounts/signup/\?next="))
        invitee_page.fill("#id_full_name", "Arjun Das")
        invitee_page.fill("#id_email", "arjun@example.in")
        invitee_page.fill("#id_password1", PASSWORD)
        invitee_page.fill("#id_password2", PASSWORD)
        invitee_page.get_by_role("button", name="Sign Up").click()
        invitee_page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
        _confirm_email(invitee_page, run_tasks, "arjun@example.in")
        invitee_page.goto(invitation_link)
        screenshot(invitee_page, "11-invitation-logged-in")
        invitee_page.get_by_role("button", name="Accept invitation").click()

        # then they land on the organisation page as a member, acting for it
        invitee_page.wait_for_url(f"{live_server.url}/organisations/{org_a.slug}/")
        arjun = User.objects.get(email="arjun@example.in")
        assert Membership.objects.get(user=arjun, organisation=org_a).role == "member"
        assert Invitation.objects.get(email="arjun@example.in").accepted_at is not None
        assert f"Welcome to {org_a.name}." in invitee_page.locator("#messages").inner_text()
        assert "You are: Member" in invitee_page.locator("main").inner_text()
        assert org_a.name in invitee_page.locator(".org-bar").inner_text()
        screenshot(invitee_page, "12-invitation-accepted")

        # given they also belong to a second organisation
        Membership.objects.create(user=arjun, organisation=org_b, role=Membership.Role.MEMBER)
        invitee_page.goto(live_server.url + "/dashboard/")
        assert (
            "You act for Kalinga Precision Engineering" in invitee_page.locator("main").inner_text()
        )
        assert invitee_page.locator("#org-select option:checked").inner_text() == org_a.name

        # when they choose the other one in the header's organisation switcher
        with invitee_page.expect_navigation():
            invitee_page.select_option("#org-select", label=org_b.name)

        # then "Acting for" and the dashboard follow
        invitee_page.wait_for_url(live_server.url + "/dashboard/")
        org_bar = invitee_page.locator(".org-bar")
        assert invitee_page.locator("#org-select option:checked").inner_text() == org_b.name
        assert "Foreign partner" in org_bar.inner_text()
        assert f"You act for {org_b.name}, a foreign partner." in (
            invitee_page.locator("main").inner_text()
        )
        screenshot(invitee_page, "13-switched-organisation")
    finally:
        owner_context.close()
        invitee_context.close()


def test_the_first_tab_on_the_home_page_reaches_the_skip_link_and_enter_moves_focus_to_main(
    page, live_server
):
    # given the home page, freshly loaded
    page.goto(live_server.url + "/")

    # when the keyboard user presses Tab
    page.keyboard.press("Tab")

    # then the "Skip to main content" link has focus, and is visible on screen
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    skip_link = page.locator("a.skip-link")
    box = skip_link.bounding_box()
    assert box is not None and box["y"] >= 0, "the focused skip link stays off screen"

    # when they press Enter
    page.keyboard.press("Enter")

    # then focus moves to the main content
    page.wait_for_url(live_server.url + "/#main")
    assert page.evaluate("document.activeElement.id") == "main"
