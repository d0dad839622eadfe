"""Shared test fixtures: the four test users (owner, teammate, outsider, official), their
organisations, logged-in clients, the task worker, and a real headless Chromium."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.test import Client

from udyamsetu.accounts.models import Membership, Organisation, User

PASSWORD = "Correct-Horse-Battery-42"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
ARTIFACTS = Path(os.environ.get("UDYAMSETU_TEST_ARTIFACTS", "test-artifacts"))


@pytest.fixture(scope="session")
def password_hash(django_db_setup, django_db_blocker) -> str:
    # Argon2 is slow on purpose; hash the shared password once rather than for every user.
    return make_password(PASSWORD)


@pytest.fixture
def make_user(db, password_hash) -> Callable[..., User]:
    def _make_user(email: str, full_name: str = "Test Person", **extra) -> User:
        user = User.objects.create(
            email=email, full_name=full_name, password=password_hash, **extra
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    return _make_user


@pytest.fixture
def org_a(db) -> Organisation:
    return Organisation.objects.create(
        name="Kalinga Precision Engineering",
        slug="kalinga",
        kind=Organisation.Kind.ENTERPRISE,
        city="Cuttack",
    )


@pytest.fixture
def org_b(db) -> Organisation:
    return Organisation.objects.create(
        name="Galil Aero Systems",
        slug="galil",
        kind=Organisation.Kind.FOREIGN_PARTNER,
        country="IL",
        city="Haifa",
    )


@pytest.fixture
def office(db) -> Organisation:
    office = Organisation.objects.create(
        name="MSME-DFO Cuttack",
        slug="dfo-cuttack",
        kind=Organisation.Kind.GOVERNMENT_OFFICE,
    )
    office.permissions.add(
        Permission.objects.get(
            content_type__app_label="accounts", codename="view_all_organisations"
        )
    )
    return office


@pytest.fixture
def owner(make_user, org_a) -> User:
    user = make_user("owner@example.com", "Priya Nayak")
    Membership.objects.create(user=user, organisation=org_a, role=Membership.Role.OWNER)
    return user


@pytest.fixture
def teammate(make_user, org_a) -> User:
    user = make_user("teammate@example.com", "Rahul Sahoo")
    Membership.objects.create(user=user, organisation=org_a, role=Membership.Role.MEMBER)
    return user


@pytest.fixture
def outsider(make_user, org_b) -> User:
    user = make_user("outsider@example.com", "Noa Levi")
    Membership.objects.create(user=user, organisation=org_b, role=Membership.Role.OWNER)
    return user


@pytest.fixture
def official(make_user, office) -> User:
    user = make_user("official@example.gov.in", "Anita Mohanty")
    Membership.objects.create(user=user, organisation=office, role=Membership.Role.MEMBER)
    TOTP.activate(user, TOTP_SECRET)
    return user


def client_for(user: User) -> Client:
    """A test client logged in as `user` (apps' conftests import it for their own users)."""
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


@pytest.fixture
def owner_client(owner) -> Client:
    return client_for(owner)


@pytest.fixture
def teammate_client(teammate) -> Client:
    return client_for(teammate)


@pytest.fixture
def outsider_client(outsider) -> Client:
    return client_for(outsider)


@pytest.fixture
def official_client(official) -> Client:
    return client_for(official)


@pytest.fixture
def run_tasks() -> Callable[[], int]:
    """Run every queued background task now through the real worker's code; return how many.

    `udyamsetu worker --batch` would close the database connection between tasks, which ends
    the transaction a test runs in; so this drives the same Worker.run_task loop in place.
    A task that fails fails the test.
    """
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    def _run() -> int:
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        )
        count = 0
        while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
            result.claim(worker.worker_id)
            worker.run_task(result)
            result.refresh_from_db()
            assert result.status != "FAILED", result.traceback
            count += 1
        return count

    return _run


# --- Browser tests --------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium and chromium-driver.")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself (fixtures, assertions) are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server) -> Iterator:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot() -> Callable:
    """Save a full-page screenshot under test-artifacts/screenshots/NAME.png."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def _shot(page, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot


def current_totp_code() -> str:
    """The shared officials' current TOTP code. allauth accepts only the current 30-second
    step: never type a code about to expire."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.5)
    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


@pytest.fixture
def log_in(live_server) -> Callable:
    """Log a shared test user in on a browser page (with the TOTP step for officials), landing
    on the dashboard."""

    def _log_in(page, email: str, *, with_totp: bool = False) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_login", email)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Sign In").click()
        if with_totp:
            page.wait_for_url(f"{live_server.url}/accounts/2fa/authenticate/")
            page.fill("#id_code", current_totp_code())
            page.get_by_role("button", name="Sign In").click()
        page.wait_for_url(f"{live_server.url}/dashboard/")

    return _log_in


@pytest.fixture(autouse=True)
def _english_by_default() -> Iterator[None]:
    # The active language is per thread and outlives a request made through the test client;
    # without this, a test after one that browsed in Hindi would run in Hindi.
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()
