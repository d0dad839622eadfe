"""Sign-up with e-mail verification, login, throttling, sessions, logout and password reset."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.test import Client

from udyamsetu.accounts.models import User
from udyamsetu.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"
LOGIN = "/accounts/login/"


def _signup(client: Client, **overrides):
    data = {
        "email": "new.person@example.com",
        "full_name": "Meera Das",
        "password1": "Kalinga-Steel-77",
        "password2": "Kalinga-Steel-77",
    }
    data.update(overrides)
    return client.post(SIGNUP, data)


def _link_from(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_sign_up_sends_a_verification_link_that_logs_the_person_in(
    client, run_tasks, django_capture_on_commit_callbacks
):
    # given a visitor who signs up
    with django_capture_on_commit_callbacks(execute=True):
        response = _signup(client)
    # then nothing is usable until the address is verified
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.com")
    assert user.full_name == "Meera Das"
    assert not EmailAddress.objects.get(user=user).verified
    # when the worker sends the queued e-mail
    run_tasks()
    assert len(mail.outbox) == 1
    link = _link_from(mail.outbox[0])
    # and the visitor confirms through the link
    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    response = client.post(link)
    # then the address is verified and they are logged in
    assert EmailAddress.objects.get(user=user).verified
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200


def test_passwords_are_hashed_with_argon2(client, django_capture_on_commit_callbacks):
    _signup(client)
    user = User.objects.get(email="new.person@example.com")
    assert user.password.startswith("argon2$")
    assert "Kalinga-Steel-77" not in user.password


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"password1": "password123", "password2": "password123"}, "password1", "too common"),
        ({"password1": "Ab1-short", "password2": "Ab1-short"}, "password1", "too short"),
        (
            {"password1": "4829137465012", "password2": "4829137465012"},
            "password1",
            "entirely numeric",
        ),
        ({"password2": "Something-Else-99"}, "password2", "same password"),
        ({"full_name": "x" * 151}, "full_name", "at most 150 characters"),
        ({"email": ("a" * 250) + "@example.com"}, "email", "at most 254 characters"),
        ({"full_name": "   "}, "full_name", "required"),
    ],
    ids=[
        "malformed-email",
        "common-password",
        "short-password",
        "numeric-password",
        "mismatch",
        "long-name",
        "long-email",
        "blank-name",
    ],
)
def test_bad_sign_up_input_gets_a_clear_message_and_writes_nothing(
    client, overrides, field, message
):
    # when a visitor submits a bad sign-up form
    response = _signup(client, **overrides)
    # then the form comes back with the message on the field, and no account exists
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors
    assert User.objects.count() == 0
    assert EmailAddress.objects.count() == 0


def test_an_address_that_is_taken_is_not_registered_twice(
    client, owner, run_tasks, django_capture_on_commit_callbacks
):
    # when someone signs up with an address that already has an account
    with django_capture_on_commit_callbacks(execute=True):
        _signup(client, email="OWNER@example.com")
    run_tasks()
    # then no second account is made (and, to avoid revealing accounts, the owner is e-mailed)
    assert User.objects.filter(email__iexact="owner@example.com").count() == 1
    assert [m.to for m in mail.outbox] == [["owner@example.com"]]


def test_login_changes_the_session_id_and_logout_kills_the_old_session(owner):
    # given a visitor with an anonymous session
    client = Client()
    client.get(LOGIN)
    client.session.save()
    anonymous_key = client.session.session_key
    # when they log in
    response = client.post(LOGIN, {"login": "owner@example.com", "password": PASSWORD})
    assert response.status_code == 302
    logged_in_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    # then the session id is new
    assert logged_in_key != anonymous_key
    # and after logout the old session cookie opens nothing
    client.post("/accounts/logout/")
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = logged_in_key
    response = replay.get("/dashboard/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(owner, client):
    response = client.post(LOGIN, {"login": "owner@example.com", "password": "wrong-password"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_bad_logins_for_one_account_are_throttled_with_429(owner):
    # given five failed attempts on one account, each from a different address
    for attempt in range(5):
        client = Client(REMOTE_ADDR=f"10.0.0.{attempt + 1}")
        response = client.post(LOGIN, {"login": "owner@example.com", "password": "wrong"})
        assert response.status_code == 200
    # when a sixth attempt comes, even with the right password
    client = Client(REMOTE_ADDR="10.0.0.99")
    response = client.post(LOGIN, {"login": "owner@example.com", "password": PASSWORD})
    # then the account is locked for a while
    assert response.status_code == 429
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_bad_logins_from_one_address_are_throttled_with_429(make_user):
    # given one address that fails ten logins across ten different accounts
    client = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(10):
        make_user(f"person{n}@example.com")
        response = client.post(LOGIN, {"login": f"person{n}@example.com", "password": "wrong"})
        assert response.status_code == 200
    # when it tries an eleventh account
    make_user("victim@example.com")
    response = client.post(LOGIN, {"login": "victim@example.com", "password": PASSWORD})
    # then that address is throttled
    assert response.status_code == 429


def test_password_reset_sends_a_link_that_sets_a_new_password(
    owner, client, run_tasks, django_capture_on_commit_callbacks
):
    # when the owner asks for a reset
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "owner@example.com"})
    run_tasks()
    assert len(mail.outbox) == 1
    link = _link_from(mail.outbox[0])
    # and follows the link, choosing a new password
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(
        form_url, {"password1": "Brand-New-Secret-91", "password2": "Brand-New-Secret-91"}
    )
    # then the new password works and the old one does not
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password("Brand-New-Secret-91")
    assert not owner.check_password(PASSWORD)


def test_a_tampered_password_reset_link_is_refused(
    owner, client, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "owner@example.com"})
    run_tasks()
    link = _link_from(mail.outbox[0]).rstrip("/")
    tampered = link[:-3] + ("aaa" if not link.endswith("aaa") else "bbb") + "/"
    response = client.get(tampered, follow=True)
    assert (
        "bad token" in response.content.decode().lower()
        or "invalid" in response.content.decode().lower()
    )
    response = client.post(
        tampered, {"password1": "Brand-New-Secret-91", "password2": "Brand-New-Secret-91"}
    )
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_a_tampered_email_verification_link_verifies_nothing(
    client, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _signup(client)
    run_tasks()
    link = _link_from(mail.outbox[0]).rstrip("/")
    tampered = link[:-4] + "XXXX/"
    client.post(tampered)
    assert not EmailAddress.objects.get(email="new.person@example.com").verified
