"""The JSON API: tokens, session auth with CSRF, object-level permission, the OpenAPI document."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from openapi_spec_validator import validate

from udyamsetu.accounts import services
from udyamsetu.accounts.models import ApiToken, Invitation, Membership, Organisation

pytestmark = pytest.mark.django_db


def _bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_token_created_in_the_ui_works_and_stops_working_once_revoked(owner, owner_client):
    # given a token created on the API tokens page
    response = owner_client.post("/settings/api-tokens/", {"name": "ERP export"})
    raw = re.search(r"us_[0-9a-f]{8}_[A-Za-z0-9_\-]+", response.content.decode()).group(0)
    token = ApiToken.objects.get(user=owner)
    # then only its hash is stored and it is never shown again
    assert raw not in token.key_hash
    assert raw not in owner_client.get("/settings/api-tokens/").content.decode()
    # and it authenticates API calls as its owner
    anonymous = Client()
    response = anonymous.get("/api/v1/me", **_bearer(raw))
    assert response.status_code == 200
    assert response.json()["email"] == "owner@example.com"
    token.refresh_from_db()
    assert token.last_used_at is not None
    # when the owner revokes it
    owner_client.post(f"/settings/api-tokens/{token.pk}/revoke/")
    # then it no longer works
    assert anonymous.get("/api/v1/me", **_bearer(raw)).status_code == 401


@pytest.mark.parametrize("raw", ["", "us_deadbeef_nothing", "garbage", "us__", "Bearer"])
def test_unknown_or_malformed_tokens_are_401(raw):
    assert Client().get("/api/v1/me", **_bearer(raw)).status_code == 401


def test_a_tampered_token_is_401(owner):
    _token, raw = services.create_api_token(owner, name="script")
    tampered = raw[:-1] + ("A" if raw[-1] != "A" else "B")
    assert Client().get("/api/v1/me", **_bearer(tampered)).status_code == 401


def test_a_user_cannot_revoke_someone_elses_token(owner, outsider_client):
    token, raw = services.create_api_token(owner, name="script")
    response = outsider_client.post(f"/settings/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    assert Client().get("/api/v1/me", **_bearer(raw)).status_code == 200


def test_an_empty_token_name_is_refused_and_nothing_is_created(owner_client):
    response = owner_client.post("/settings/api-tokens/", {"name": "   "})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_without_credentials_the_api_answers_401(client):
    assert client.get("/api/v1/organisations").status_code == 401


def test_the_browser_session_works_for_reads_but_writes_need_the_csrf_token(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.get("/api/v1/organisations").status_code == 200
    payload = {"name": "New Co", "kind": "enterprise"}
    response = client.post("/api/v1/organisations", payload, content_type="application/json")
    assert response.status_code in (401, 403)
    assert not Organisation.objects.filter(name="New Co").exists()
    client.get("/dashboard/")  # sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        "/api/v1/organisations", payload, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert response.status_code == 201


def test_members_read_their_organisation_and_members(owner, org_a, teammate):
    _t, raw = services.create_api_token(teammate, name="t")
    response = Client().get(f"/api/v1/organisations/{org_a.pk}/members", **_bearer(raw))
    assert response.status_code == 200
    assert {m["email"] for m in response.json()} == {"owner@example.com", "teammate@example.com"}


def test_an_outsider_gets_404_on_another_organisations_api_objects(owner, org_a, outsider):
    _t, raw = services.create_api_token(outsider, name="t")
    api = Client()
    membership = Membership.objects.get(user=owner)
    responses = [
        api.get(f"/api/v1/organisations/{org_a.pk}", **_bearer(raw)),
        api.get(f"/api/v1/organisations/{org_a.pk}/members", **_bearer(raw)),
        api.post(
            f"/api/v1/organisations/{org_a.pk}/invitations",
            {"email": "x@example.com"},
            content_type="application/json",
            **_bearer(raw),
        ),
        api.delete(f"/api/v1/organisations/{org_a.pk}/members/{membership.pk}", **_bearer(raw)),
    ]
    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    assert org_a.pk not in [
        o["id"] for o in api.get("/api/v1/organisations", **_bearer(raw)).json()
    ]
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert not Invitation.objects.exists()


def test_creating_an_organisation_through_the_api_validates_its_input(owner):
    _t, raw = services.create_api_token(owner, name="t")
    api = Client()
    cases = [
        ({"name": "", "kind": "enterprise"}, 422),
        ({"name": "x" * 201, "kind": "enterprise"}, 422),
        ({"name": "Acme", "kind": "spaceship"}, 400),
        ({"name": "Acme", "kind": "government_office"}, 403),
        ({"name": "Acme", "kind": "enterprise", "website": "not a url"}, 400),
    ]
    for payload, status in cases:
        response = api.post(
            "/api/v1/organisations", payload, content_type="application/json", **_bearer(raw)
        )
        assert response.status_code == status, payload
        assert "detail" in response.json()
    assert not Organisation.objects.filter(name__in=["Acme", ""]).exists()
    response = api.post(
        "/api/v1/organisations",
        {"name": "Acme", "kind": "enterprise"},
        content_type="application/json",
        **_bearer(raw),
    )
    assert response.status_code == 201


def test_invitations_through_the_api_follow_the_same_rules(owner, teammate, org_a):
    _t, owner_raw = services.create_api_token(owner, name="t")
    _t, teammate_raw = services.create_api_token(teammate, name="t")
    api = Client()
    url = f"/api/v1/organisations/{org_a.pk}/invitations"
    as_teammate = api.post(
        url, {"email": "x@example.com"}, content_type="application/json", **_bearer(teammate_raw)
    )
    bad = api.post(url, {"email": "nope"}, content_type="application/json", **_bearer(owner_raw))
    good = api.post(
        url, {"email": "x@example.com"}, content_type="application/json", **_bearer(owner_raw)
    )
    again = api.post(
        url, {"email": "x@example.com"}, content_type="application/json", **_bearer(owner_raw)
    )
    assert [as_teammate.status_code, bad.status_code, good.status_code, again.status_code] == [
        403,
        400,
        201,
        400,
    ]
    assert Invitation.objects.count() == 1


def test_the_openapi_document_is_valid_openapi_3(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert document["openapi"].startswith("3.")
    assert "/api/v1/organisations" in document["paths"]


def test_the_interactive_api_docs_are_served_from_the_portal_itself(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    body = response.content.decode()
    assert "cdn" not in body.lower()
    assert "/static/" in body


def test_guessing_tokens_is_rate_limited_per_address(owner):
    _t, raw = services.create_api_token(owner, name="t")
    guesser = Client(REMOTE_ADDR="198.51.100.9")
    statuses = [
        guesser.get("/api/v1/me", **_bearer(f"us_deadbeef_{n}")).status_code for n in range(21)
    ]
    assert statuses[:20] == [401] * 20
    assert statuses[20] == 429
    # even a right token from that address waits; other addresses are not affected
    assert guesser.get("/api/v1/me", **_bearer(raw)).status_code == 429
    assert Client(REMOTE_ADDR="198.51.100.10").get("/api/v1/me", **_bearer(raw)).status_code == 200


def test_authenticated_api_calls_are_throttled_per_user(owner, settings):
    # the configured limit (API_RATE_AUTHENTICATED, 600 a minute) is enforced per user
    limit = int(settings.API_RATE_AUTHENTICATED.split("/")[0])
    _t, raw = services.create_api_token(owner, name="t")
    api = Client()
    statuses = [api.get("/api/v1/me", **_bearer(raw)).status_code for _ in range(limit + 1)]
    assert statuses[:limit] == [200] * limit
    assert statuses[limit] == 429
