"""Matching in the API: what each of my organisations and opportunities is matched with, with
the reasons; and the team's verdict on each match."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from udyamsetu.accounts.services import visible_organisation
from udyamsetu.marketplace.services import post_for_matches
from udyamsetu.matching import services

router = Router(tags=["matching"])


class MatchOut(Schema):
    kind: str
    object_id: int  # what feedback names the match by
    key: str
    title: str
    state: str
    district: str
    country: str
    size_class: str
    verification: int
    score: float
    reasons: list[str]
    parts: dict[str, float]


class RecommendationsOut(Schema):
    profile: str  # "enterprise", "partner", or "" when the organisation has no profile yet
    matches: list[MatchOut]


class ErrorOut(Schema):
    detail: str


@router.get(
    "/organisations/{organisation_id}/recommendations",
    response={200: RecommendationsOut, 404: ErrorOut},
    summary="Enterprises matching what one of my organisations seeks",
    description=(
        "Ranked matches for what the organisation's enterprise or partner profile says it "
        "seeks, each with its score, the parts of the score and the reasons in words (in the "
        "language of the request). Empty while the profile seeks nothing."
    ),
)
def recommendations(request: HttpRequest, organisation_id: int):
    organisation = visible_organisation(request.user, pk=organisation_id)
    kind, matches = services.recommendations_for_organisation(organisation)
    return {"profile": kind, "matches": _matches_out(matches)}


def _matches_out(matches) -> list[dict]:
    return [
        {**m.hit.__dict__, "score": m.score, "reasons": m.reasons, "parts": m.parts}
        for m in matches
    ]


class OpportunityMatchesOut(Schema):
    opportunity: int
    matches: list[MatchOut]


@router.get(
    "/opportunities/{post_id}/matches",
    response={200: OpportunityMatchesOut, 404: ErrorOut},
    summary="Enterprises matching one of my opportunities",
    description=(
        "Ranked enterprises that meet every hard requirement of the opportunity (certifications "
        "valid today, sizes, states, distance; category A licences: verified Indian enterprises "
        "only), with scores and reasons; matches the team hid are left out. For the posting "
        "organisation's members and reviewing officials; 404 for everyone else."
    ),
)
def opportunity_matches(request: HttpRequest, post_id: int):
    post = post_for_matches(request.user, post_id)
    return {"opportunity": post.pk, "matches": _matches_out(services.matches_for_post(post))}


class FeedbackIn(Schema):
    seeker_kind: str  # "enterprise", "partner" (a profile's recommendations) or "post"
    seeker_id: int
    match_kind: str  # "enterprise" or "partner"
    match_id: int  # the match's object_id
    verdict: str  # "relevant", "not_relevant", "hidden", or "" to take a verdict back


class FeedbackOut(Schema):
    verdict: str


@router.post(
    "/matches/feedback",
    response={200: FeedbackOut, 400: dict, 404: ErrorOut},
    summary="Say whether a match is relevant, or hide it",
    description=(
        "A hidden match is never returned for that seeker again; every verdict is kept for "
        "evaluating the matcher. Only members of the seeker's organisation may judge its "
        "matches; 404 for everyone else."
    ),
)
def feedback(request: HttpRequest, payload: FeedbackIn):
    services.give_feedback(request.user, **payload.dict())
    return {"verdict": payload.verdict}
