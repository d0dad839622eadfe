"""Organisations: creating, seeing, inviting, accepting, removing, switching — and outsiders."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test import Client
from django.utils import timezone

from udyamsetu.accounts import services
from udyamsetu.accounts.models import Invitation, Membership, Organisation

pytestmark = pytest.mark.django_db


def _invite(client: Client, slug: str, email: str, role: str = "member"):
    return client.post(f"/organisations/{slug}/invite/", {"email": email, "role": role})


def _token_from_outbox() -> str:
    return re.search(r"/invitations/([^/\s]+)/", mail.outbox[-1].body).group(1)


# --- creating ------------------------------------------------------------------------------


def test_a_new_organisation_makes_its_creator_the_owner(make_user):
    user = make_user("founder@example.com")
    client = Client()
    client.force_login(user)
    response = client.post(
        "/organisations/new/",
        {
            "name": "Odisha Composites",
            "kind": "enterprise",
            "country": "IN",
            "city": "Bhubaneswar",
            "website": "odishacomposites.in",
            "description": "Carbon-fibre layups.",
        },
    )
    organisation = Organisation.objects.get(name="Odisha Composites")
    assert response.status_code == 302
    assert response.url == organisation.get_absolute_url()
    assert organisation.website == "https://odishacomposites.in"
    assert Membership.objects.get(user=user, organisation=organisation).role == "owner"
    # and the user now acts for it
    assert client.get("/dashboard/").context["organisation"] == organisation


def test_nobody_can_make_themselves_a_government_office(make_user):
    user = make_user("impostor@example.com")
    client = Client()
    client.force_login(user)
    response = client.post(
        "/organisations/new/",
        {
            "name": "Ministry of Everything",
            "kind": "government_office",
            "country": "IN",
        },
    )
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert not Organisation.objects.filter(name="Ministry of Everything").exists()
    with pytest.raises(Exception, match="administrators"):
        services.create_organisation(user, name="Ministry", kind="government_office")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "kind": "enterprise", "country": "IN"}, "name"),
        ({"name": "x" * 201, "kind": "enterprise", "country": "IN"}, "name"),
        ({"name": "Acme", "kind": "spaceship", "country": "IN"}, "kind"),
        ({"name": "Acme", "kind": "foreign_partner", "country": "IN"}, "country"),
        ({"name": "Acme", "kind": "enterprise", "country": "IL"}, "country"),
        ({"name": "Acme", "kind": "enterprise", "country": "XX"}, "country"),
        (
            {"name": "Acme", "kind": "enterprise", "country": "IN", "website": "not a url"},
            "website",
        ),
        (
            {"name": "Acme", "kind": "enterprise", "country": "IN", "description": "d" * 2001},
            "description",
        ),
    ],
    ids=[
        "blank-name",
        "long-name",
        "unknown-kind",
        "foreign-in-india",
        "indian-abroad",
        "unknown-country",
        "bad-website",
        "long-description",
    ],
)
def test_bad_organisation_input_is_refused_on_its_field_and_writes_nothing(
    owner_client, data, field
):
    before = Organisation.objects.count()
    response = owner_client.post("/organisations/new/", data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Organisation.objects.count() == before


# --- who sees what ---------------------------------------------------------------------------


def test_members_see_their_organisation_page(owner_client, teammate_client, org_a):
    for client in (owner_client, teammate_client):
        response = client.get(f"/organisations/{org_a.slug}/")
        assert response.status_code == 200
        assert "Priya Nayak" in response.content.decode()


def test_an_outsider_gets_404_on_another_organisations_private_pages(outsider_client, org_a, owner):
    membership = Membership.objects.get(user=owner)
    invitation = services.Invitation.objects.create(
        organisation=org_a,
        email="x@example.com",
        token_hash="0" * 64,
        expires_at=timezone.now() + timedelta(days=1),
    )
    responses = [
        outsider_client.get(f"/organisations/{org_a.slug}/"),
        _invite(outsider_client, org_a.slug, "friend@example.com"),
        outsider_client.post(f"/organisations/{org_a.slug}/members/{membership.pk}/remove/"),
        outsider_client.post(
            f"/organisations/{org_a.slug}/members/{membership.pk}/role/", {"role": "member"}
        ),
        outsider_client.post(f"/organisations/{org_a.slug}/invitations/{invitation.pk}/revoke/"),
    ]
    assert [r.status_code for r in responses] == [404] * 5
    assert Membership.objects.filter(pk=membership.pk, role="owner").exists()
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None


def test_an_anonymous_visitor_is_sent_to_log_in(client, org_a):
    response = client.get(f"/organisations/{org_a.slug}/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_an_official_whose_office_may_view_all_organisations_sees_them(official_client, org_a):
    assert official_client.get(f"/organisations/{org_a.slug}/").status_code == 200


# --- invitations -------------------------------------------------------------------------------


def test_an_owner_invites_by_email_and_the_invitee_accepts(
    owner_client, org_a, make_user, run_tasks, django_capture_on_commit_callbacks
):
    # when the owner invites a colleague
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(owner_client, org_a.slug, "Colleague@Example.com")
    assert response.status_code == 302
    run_tasks()
    # then an e-mail with a link goes to that address
    assert mail.outbox[-1].to == ["colleague@example.com"]
    token = _token_from_outbox()
    assert token not in Invitation.objects.get().token_hash  # only the hash is stored
    # when the colleague signs in and accepts
    colleague = make_user("colleague@example.com", "Asha Patra")
    client = Client()
    client.force_login(colleague)
    page = client.get(f"/invitations/{token}/")
    assert "Join Kalinga Precision Engineering" in page.content.decode()
    response = client.post(f"/invitations/{token}/")
    # then they are a member, acting for the organisation, and the link is used up
    assert response.status_code == 302
    assert Membership.objects.get(user=colleague, organisation=org_a).role == "member"
    assert client.get(f"/invitations/{token}/").status_code == 404


def test_an_invitation_works_only_for_the_invited_address(
    owner, org_a, outsider, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_member(org_a, by=owner, email="colleague@example.com")
    run_tasks()
    token = _token_from_outbox()
    client = Client()
    client.force_login(outsider)
    client.post(f"/invitations/{token}/")
    assert not Membership.objects.filter(user=outsider, organisation=org_a).exists()


@pytest.mark.parametrize("state", ["tampered", "expired", "revoked"])
def test_a_tampered_expired_or_revoked_invitation_is_404(
    owner, org_a, make_user, state, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_member(org_a, by=owner, email="colleague@example.com")
    run_tasks()
    token = _token_from_outbox()
    if state == "tampered":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif state == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    else:
        services.revoke_invitation(invitation, by=owner)
    colleague = make_user("colleague@example.com")
    client = Client()
    client.force_login(colleague)
    assert client.get(f"/invitations/{token}/").status_code == 404
    assert client.post(f"/invitations/{token}/").status_code == 404
    assert not Membership.objects.filter(user=colleague).exists()


def test_a_member_who_is_not_an_owner_cannot_invite(teammate_client, org_a):
    response = _invite(teammate_client, org_a.slug, "friend@example.com")
    assert response.status_code == 403
    assert "Only an owner" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not-an-email", "Enter a valid email address"),
        ("teammate@example.com", "already a member"),
        ("a" * 250 + "@example.com", "at most 254"),
    ],
)
def test_bad_invitations_get_a_clear_message_and_write_nothing(
    owner_client, teammate, org_a, email, message
):
    response = _invite(owner_client, org_a.slug, email)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Invitation.objects.exists()


def test_inviting_the_same_address_twice_is_refused_clearly(owner_client, org_a):
    _invite(owner_client, org_a.slug, "friend@example.com")
    response = _invite(owner_client, org_a.slug, "FRIEND@example.com")
    assert response.status_code == 400
    assert "already been invited" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_the_htmx_invite_form_returns_only_the_members_panel(owner_client, org_a):
    response = owner_client.post(
        f"/organisations/{org_a.slug}/invite/",
        {"email": "friend@example.com", "role": "member"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "friend@example.com" in body


# --- removing and roles ----------------------------------------------------------------------


def test_an_owner_removes_a_member_who_then_loses_access(
    owner_client, teammate, teammate_client, org_a
):
    membership = Membership.objects.get(user=teammate)
    response = owner_client.post(f"/organisations/{org_a.slug}/members/{membership.pk}/remove/")
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert teammate_client.get(f"/organisations/{org_a.slug}/").status_code == 404


def test_a_member_cannot_remove_the_owner(teammate_client, owner, org_a):
    membership = Membership.objects.get(user=owner)
    teammate_client.post(f"/organisations/{org_a.slug}/members/{membership.pk}/remove/")
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_member_can_leave(teammate_client, teammate, org_a):
    membership = Membership.objects.get(user=teammate)
    response = teammate_client.post(f"/organisations/{org_a.slug}/members/{membership.pk}/remove/")
    assert response.url == "/organisations/"
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_the_last_owner_can_neither_leave_nor_be_demoted(owner, owner_client, org_a):
    membership = Membership.objects.get(user=owner)
    response = owner_client.post(
        f"/organisations/{org_a.slug}/members/{membership.pk}/remove/", follow=True
    )
    assert "needs at least one owner" in response.content.decode()
    owner_client.post(
        f"/organisations/{org_a.slug}/members/{membership.pk}/role/", {"role": "member"}
    )
    assert Membership.objects.get(pk=membership.pk).role == "owner"


@pytest.mark.django_db(transaction=True)
def test_two_owners_removing_each_other_at_once_leave_one_owner(make_user, org_a):
    # given an organisation with exactly two owners
    first, second = make_user("first@example.com"), make_user("second@example.com")
    m1 = Membership.objects.create(user=first, organisation=org_a, role="owner")
    m2 = Membership.objects.create(user=second, organisation=org_a, role="owner")
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def remove(by, membership):
        barrier.wait()
        try:
            services.remove_member(org_a, by=by, membership=membership)
        except (ValidationError, Http404) as exc:
            # the second to get the lock is either no longer a member or the last owner
            errors.append(exc)
        finally:
            connection.close()

    # when each removes the other at the same moment
    threads = [
        threading.Thread(target=remove, args=(first, m2)),
        threading.Thread(target=remove, args=(second, m1)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then exactly one removal happened and one owner remains
    assert Membership.objects.filter(organisation=org_a, role="owner").count() == 1
    assert len(errors) == 1


# --- switching -------------------------------------------------------------------------------


def test_a_person_in_two_organisations_switches_between_them(owner, owner_client, org_a, org_b):
    Membership.objects.create(user=owner, organisation=org_b, role="member")
    for organisation in (org_a, org_b, org_a):
        response = owner_client.post(
            "/organisations/switch/", {"organisation": organisation.pk, "next": "/dashboard/"}
        )
        assert response.url == "/dashboard/"
        assert owner_client.get("/dashboard/").context["organisation"] == organisation


def test_switching_to_an_organisation_one_is_not_in_changes_nothing(owner_client, org_a, org_b):
    response = owner_client.post("/organisations/switch/", {"organisation": org_b.pk}, follow=True)
    assert "not a member" in response.content.decode()
    assert owner_client.get("/dashboard/").context["organisation"] == org_a


def test_switching_never_redirects_to_another_site(owner_client, org_a):
    response = owner_client.post(
        "/organisations/switch/", {"organisation": org_a.pk, "next": "https://evil.example/"}
    )
    assert response.url == "/dashboard/"


# --- dashboards ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", Organisation.Kind.values)
def test_each_kind_of_organisation_has_its_own_dashboard(make_user, kind):
    user = make_user(f"{kind}@example.com")
    organisation = Organisation.objects.create(
        name=f"Org {kind}",
        slug=kind.replace("_", "-"),
        kind=kind,
        country="TW" if kind == "foreign_partner" else "IN",
    )
    Membership.objects.create(user=user, organisation=organisation, role="owner")
    if kind == "government_office":
        from allauth.mfa.totp.internal.auth import TOTP

        TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client = Client()
    client.force_login(user)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert next(t.name for t in response.templates) == f"core/dashboards/{kind}.html"


def test_someone_without_an_organisation_is_asked_to_create_or_join_one(make_user):
    client = Client()
    client.force_login(make_user("lonely@example.com"))
    response = client.get("/dashboard/")
    assert "Create an organisation" in response.content.decode()


def test_the_officials_dashboard_counts_organisations_by_kind(official_client, org_a, org_b):
    response = official_client.get("/dashboard/")
    counts = {row["kind"]: row["count"] for row in response.context["organisations_by_kind"]}
    assert counts["Indian enterprise"] == 1
    assert counts["Foreign partner"] == 1
    assert counts["Government office"] == 1
