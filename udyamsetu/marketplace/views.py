"""Opportunity pages (thin: the rules live in services.py). Issue 6 adds posting, review and
expressions of interest."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from udyamsetu.accounts.services import organisations_of
from udyamsetu.enterprises.models import Enterprise
from udyamsetu.enterprises.reference import STATES_BY_CODE
from udyamsetu.marketplace import services

SIZES = dict(Enterprise.Size.choices)


def post(request: HttpRequest, pk: int) -> HttpResponse:
    """One opportunity, as far as the reader may see it."""
    found = services.visible_post(request.user, getattr(request, "organisation", None), pk)
    is_member = (
        request.user.is_authenticated
        and organisations_of(request.user).filter(pk=found.organisation_id).exists()
    )
    context = {
        "post": found,
        "shows_poster": services.shows_poster(found, request.user),
        "may_see_matches": is_member or request.user.has_perm(services.REVIEW),
        "processes": found.processes.all(),
        "areas": found.technology_areas.all(),
        "required": found.required_certifications.all(),
        "preferred": found.preferred_certifications.all(),
        "sizes": [SIZES.get(size, size) for size in found.size_classes],
        "states": [_(STATES_BY_CODE[c].name) for c in found.states if c in STATES_BY_CODE],
    }
    return render(request, "marketplace/post.html", context)
