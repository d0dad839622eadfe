"""Feedback on matches: relevant, not relevant, hide. Hidden matches never come back; verdicts
are kept; only the seeker's team may give them; bad input is refused and changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from udyamsetu.marketplace.tests.factories import post
from udyamsetu.matching import services
from udyamsetu.matching.models import Feedback
from udyamsetu.search.tests.factories import make

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_post(org_a):
    return post(org_a, "Vacuum heat treatment of tool steel dies",
                description="Hardening and tempering in a vacuum furnace, 200 dies a month.")  # fmt: skip


@pytest.fixture
def treaters(run_tasks):
    found = [
        make("Odisha Heat Treaters", description="vacuum heat treatment of tool steel dies"),
        make("Cuttack Vacuum Furnaces", description="vacuum hardening of dies and moulds"),
    ]
    run_tasks()
    return found


def verdict(client, seeker_kind, seeker_id, match, value, **extra):
    return client.post(reverse("matching:feedback"), {
        "seeker_kind": seeker_kind, "seeker_id": seeker_id, "match_kind": "enterprise",
        "match_id": match.pk, "verdict": value, "next": "/dashboard/"}, **extra)  # fmt: skip


def titles(post_) -> list[str]:
    return [m.hit.title for m in services.matches_for_post(post_)]


def test_a_hidden_match_never_comes_back_until_the_team_undoes_it(
    request_post, treaters, owner_client, teammate_client
):
    # given both treaters match the request
    assert set(titles(request_post)) == {"Odisha Heat Treaters", "Cuttack Vacuum Furnaces"}
    # when the owner hides one
    response = verdict(owner_client, "post", request_post.pk, treaters[0], "hidden")
    # then it is gone for the whole team, in the page and in the API
    assert response.status_code == 302
    assert titles(request_post) == ["Cuttack Vacuum Furnaces"]
    page = teammate_client.get(reverse("matching:opportunity", args=[request_post.pk]))
    assert "Odisha Heat Treaters" not in page.content.decode()
    api = teammate_client.get(f"/api/v1/opportunities/{request_post.pk}/matches").json()
    assert [m["title"] for m in api["matches"]] == ["Cuttack Vacuum Furnaces"]
    # and undoing brings it back
    verdict(teammate_client, "post", request_post.pk, treaters[0], "")
    assert set(titles(request_post)) == {"Odisha Heat Treaters", "Cuttack Vacuum Furnaces"}


def test_a_hidden_recommendation_stays_hidden_on_the_dashboard(org_a, owner_client, run_tasks):
    seeker = make("Kalinga Precision Engineering", organisation=org_a, is_published=True,
                  seek_text="vacuum heat treatment of tool steel")  # fmt: skip
    treater = make("Odisha Heat Treaters", description="vacuum heat treatment of tool steel")
    run_tasks()
    assert "Odisha Heat Treaters" in owner_client.get(reverse("dashboard")).content.decode()
    verdict(owner_client, "enterprise", seeker.pk, treater, "hidden")
    assert "Odisha Heat Treaters" not in owner_client.get(reverse("dashboard")).content.decode()
    api = owner_client.get(f"/api/v1/organisations/{org_a.pk}/recommendations").json()
    assert api["matches"] == []


def test_relevant_and_not_relevant_are_kept_and_shown_but_hide_nothing(
    request_post, treaters, owner, owner_client
):
    verdict(owner_client, "post", request_post.pk, treaters[0], "relevant")
    verdict(owner_client, "post", request_post.pk, treaters[1], "not_relevant")
    verdict(owner_client, "post", request_post.pk, treaters[1], "relevant")  # a change of mind
    kept = Feedback.objects.order_by("match_id")
    assert [(f.match_id, f.verdict, f.by) for f in kept] == [
        (treaters[0].pk, "relevant", owner), (treaters[1].pk, "relevant", owner)]  # fmt: skip
    assert len(titles(request_post)) == 2
    page = owner_client.get(reverse("matching:opportunity", args=[request_post.pk]))
    assert page.content.decode().count('aria-pressed="true"') == 2


def test_with_htmx_the_verdict_replaces_only_its_own_buttons(request_post, treaters, owner_client):
    response = verdict(owner_client, "post", request_post.pk, treaters[0], "hidden",
                       HTTP_HX_REQUEST="true")  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "will not be shown again" in body and 'value="">Undo' in body


def test_outsiders_cannot_judge_another_teams_matches(
    request_post, treaters, outsider_client, client
):
    response = verdict(outsider_client, "post", request_post.pk, treaters[0], "hidden")
    assert response.status_code == 404
    api = outsider_client.post("/api/v1/matches/feedback", {
        "seeker_kind": "post", "seeker_id": request_post.pk, "match_kind": "enterprise",
        "match_id": treaters[0].pk, "verdict": "hidden"}, content_type="application/json")  # fmt: skip
    assert api.status_code == 404
    assert client.post(reverse("matching:feedback"), {}).status_code == 302  # to log in
    assert not Feedback.objects.exists()
    assert len(titles(request_post)) == 2


def test_a_bad_verdict_or_match_is_refused_with_a_reason_and_nothing_is_kept(
    request_post, treaters, owner_client
):
    response = owner_client.post("/api/v1/matches/feedback", {
        "seeker_kind": "post", "seeker_id": request_post.pk, "match_kind": "enterprise",
        "match_id": treaters[0].pk, "verdict": "maybe"}, content_type="application/json")  # fmt: skip
    assert response.status_code == 400 and "verdict" in response.json()["detail"]
    response = owner_client.post("/api/v1/matches/feedback", {
        "seeker_kind": "post", "seeker_id": request_post.pk, "match_kind": "enterprise",
        "match_id": 987654, "verdict": "hidden"}, content_type="application/json")  # fmt: skip
    assert response.status_code == 400 and "match_id" in response.json()["detail"]
    response = verdict(owner_client, "post", request_post.pk, treaters[0], "maybe",
                       HTTP_HX_REQUEST="true")  # fmt: skip
    assert (
        response.status_code == 400
        and "relevant, not relevant or hide" in response.content.decode()
    )
    assert not Feedback.objects.exists()


def test_the_api_records_a_verdict_for_the_team(request_post, treaters, owner_client):
    response = owner_client.post("/api/v1/matches/feedback", {
        "seeker_kind": "post", "seeker_id": request_post.pk, "match_kind": "enterprise",
        "match_id": treaters[1].pk, "verdict": "hidden"}, content_type="application/json")  # fmt: skip
    assert response.status_code == 200 and response.json() == {"verdict": "hidden"}
    assert titles(request_post) == ["Odisha Heat Treaters"]
