"""Template context every page needs: the portal's name, the user's organisations."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from udyamsetu.accounts.services import memberships_of


def portal(request: HttpRequest) -> dict:
    memberships = []
    if request.user.is_authenticated:
        memberships = list(memberships_of(request.user))
    return {
        "SITE_NAME": settings.SITE_NAME,
        "my_memberships": memberships,
        "active_organisation": getattr(request, "organisation", None),
    }
