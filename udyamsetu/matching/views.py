"""Pages of matches: an opportunity's matches, and the verdicts a team gives each match (thin:
the rules live in services.py and marketplace.services)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from udyamsetu.core.ratelimit import client_key, over_limit
from udyamsetu.marketplace.services import post_for_matches
from udyamsetu.matching import services
from udyamsetu.search.views import hit_cards


def match_cards(matches, seeker_kind: str, seeker_id: int) -> list[dict]:
    """Result cards of matches, each with its reasons and the team's verdict so far."""
    said = services.verdicts(seeker_kind, seeker_id)
    cards = hit_cards([m.hit for m in matches])
    for card, found in zip(cards, matches, strict=True):
        card["reasons"] = found.reasons
        card["score"] = found.score
        card["verdict"] = said.get((found.hit.kind, found.hit.object_id), "")
    return cards


@login_required
def opportunity_matches(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Matches for this opportunity": for the posting team and reviewing officials only."""
    post = post_for_matches(request.user, pk)
    cards = match_cards(services.matches_for_post(post), "post", post.pk)
    context = {"post": post, "cards": cards, "seeker_kind": "post", "seeker_id": post.pk,
               "may_judge": post.organisation_id == getattr(request.organisation, "pk", None)}  # fmt: skip
    return render(request, "matching/opportunity_matches.html", context)


@login_required
@require_POST
def feedback(request: HttpRequest) -> HttpResponse:
    """A team's verdict on one match: relevant, not relevant, hide (or "" to take it back)."""
    if over_limit("match-feedback", client_key(request), settings.MATCH_FEEDBACK_RATE):
        return render(request, "429.html", status=429)
    data = request.POST
    try:
        services.give_feedback(
            request.user,
            seeker_kind=data.get("seeker_kind", ""),
            seeker_id=_int(data.get("seeker_id")),
            match_kind=data.get("match_kind", ""),
            match_id=_int(data.get("match_id")),
            verdict=data.get("verdict", ""),
        )
    except ValidationError as exc:
        if request.htmx:
            return HttpResponse("; ".join(exc.messages), status=400)
        messages.error(request, "; ".join(exc.messages))
    else:
        if request.htmx:
            context = {
                "seeker_kind": data["seeker_kind"], "seeker_id": data["seeker_id"],
                "match_kind": data["match_kind"], "match_id": data["match_id"],
                "verdict": data.get("verdict", ""), "next": data.get("next", ""),
            }  # fmt: skip
            return render(request, "matching/_feedback.html", context)
        messages.success(request, _("Thank you: your verdict is saved."))
    target = data.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "dashboard"
    return redirect(target)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("A match or seeker is missing.")) from None
