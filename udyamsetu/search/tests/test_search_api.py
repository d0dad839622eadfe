"""The search in the API: the same filters and counts as the page, errors as JSON."""

from __future__ import annotations

import pytest
from django.test import Client

from udyamsetu.search.tests.factories import make

pytestmark = pytest.mark.django_db


def test_the_api_answers_with_the_same_results_and_counts_as_the_page(owner_client):
    make("Odisha Forge", state="OD", description="closed die forging")
    make("Pune Forge", state="MH", description="open die forging")
    response = owner_client.get("/api/v1/search/enterprise", {"q": "forging", "state": "OD"})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1 and not body["total_capped"]
    assert [r["title"] for r in body["results"]] == ["Odisha Forge"]
    assert {c["value"]: c["count"] for c in body["facets"]["state"]} == {"OD": 1, "MH": 1}
    assert "contact_email" not in body["results"][0]


def test_a_bad_filter_gets_a_400_naming_the_field(owner_client):
    response = owner_client.get("/api/v1/search/enterprise", {"size": "huge", "page": "0"})
    assert response.status_code == 400
    assert set(response.json()["detail"]) == {"size", "page"}


def test_an_unknown_tab_is_refused(owner_client):
    assert owner_client.get("/api/v1/search/people").status_code == 422


def test_the_search_api_needs_a_token_or_a_session():
    assert Client().get("/api/v1/search/enterprise").status_code == 401
