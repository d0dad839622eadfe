"""Two-factor authentication for officials and staff; officials act through office permissions."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.models import Permission
from django.test import Client

from udyamsetu.accounts import services
from udyamsetu.accounts.models import Membership, Organisation
from udyamsetu.conftest import PASSWORD, TOTP_SECRET

pytestmark = pytest.mark.django_db


def _current_code(secret: str = TOTP_SECRET) -> str:
    # RFC 6238: the counter is the number of 30-second periods since the epoch
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_an_official_without_two_factor_is_sent_to_set_it_up(make_user, office):
    # given a member of a government office with no authenticator
    user = make_user("new.official@example.gov.in")
    Membership.objects.create(user=user, organisation=office, role="member")
    client = Client()
    client.force_login(user)
    # when they open any page of the portal
    response = client.get("/dashboard/")
    # then they are sent to set up an authenticator app first
    assert response.status_code == 302
    assert response.url == "/accounts/2fa/totp/activate/"
    # which is reachable (after confirming the password, as allauth asks before any 2FA change)
    setup = client.get("/accounts/2fa/totp/activate/", follow=True)
    assert setup.status_code == 200
    assert setup.redirect_chain[-1][0].startswith("/accounts/reauthenticate/")
    # and the API refuses them too
    assert client.get("/api/v1/me").status_code == 403


def test_staff_without_two_factor_cannot_open_the_admin(make_user):
    staff = make_user("staff@example.com", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == "/accounts/2fa/totp/activate/"


def test_staff_with_two_factor_log_in_with_a_code_and_reach_the_admin(make_user):
    staff = make_user("staff@example.com", is_staff=True, is_superuser=True)
    TOTP.activate(staff, TOTP_SECRET)
    client = Client()
    # when staff log in with their password
    response = client.post("/accounts/login/", {"login": "staff@example.com", "password": PASSWORD})
    # then a second step asks for the code, and the admin stays closed until it is given
    assert response.url == "/accounts/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/2fa/authenticate/", {"code": _current_code()})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_admin_login_page_hands_over_to_the_portal_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_an_ordinary_member_needs_no_second_factor(owner_client):
    assert owner_client.get("/dashboard/").status_code == 200


def test_officials_hold_exactly_the_permissions_of_their_office(official, teammate, office):
    assert official.has_perm("accounts.view_all_organisations")
    assert not official.is_superuser
    assert not official.has_perm("accounts.delete_organisation")
    assert not teammate.has_perm("accounts.view_all_organisations")


def test_an_official_loses_office_permissions_on_leaving_the_office(official, office):
    Membership.objects.filter(user=official, organisation=office).delete()
    official = type(official).objects.get(pk=official.pk)  # fresh permission cache
    assert not official.has_perm("accounts.view_all_organisations")


def test_permissions_given_to_a_non_government_organisation_grant_nothing(owner, org_a):
    view_all = Permission.objects.get(codename="view_all_organisations")
    org_a.permissions.add(view_all)
    assert not owner.has_perm("accounts.view_all_organisations")


def test_an_inactive_office_grants_nothing(official, office):
    Organisation.objects.filter(pk=office.pk).update(is_active=False)
    official = type(official).objects.get(pk=official.pk)
    assert not official.has_perm("accounts.view_all_organisations")


def test_an_official_without_view_all_is_still_an_outsider_to_private_pages(make_user, org_a):
    office = Organisation.objects.create(
        name="Other office", slug="other-office", kind="government_office"
    )
    user = make_user("clerk@example.gov.in")
    Membership.objects.create(user=user, organisation=office, role="member")
    TOTP.activate(user, TOTP_SECRET)
    client = Client()
    client.force_login(user)
    assert client.get(f"/organisations/{org_a.slug}/").status_code == 404
    with pytest.raises(Exception):  # noqa: B017 -- Http404, whatever the import path
        services.visible_organisation(user, slug=org_a.slug)


def test_a_first_authenticator_right_after_login_needs_no_second_password(make_user, office):
    user = make_user("fresh.official@example.gov.in")
    Membership.objects.create(user=user, organisation=office, role="member")
    client = Client()
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    assert "id_code" in response.content.decode()


def test_removing_an_authenticator_still_asks_for_the_password_again(official):
    client = Client()
    client.post("/accounts/login/", {"login": official.email, "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": _current_code()})
    response = client.get("/accounts/2fa/totp/deactivate/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/reauthenticate/")
