"""Matching in the API: what each of my organisations is recommended, with the reasons."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from udyamsetu.accounts.services import visible_organisation
from udyamsetu.matching import services

router = Router(tags=["matching"])


class MatchOut(Schema):
    kind: str
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
    return {
        "profile": kind,
        "matches": [
            {**m.hit.__dict__, "score": m.score, "reasons": m.reasons, "parts": m.parts}
            for m in matches
        ],
    }
