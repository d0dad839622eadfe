"""Template context every page needs: the portal's name, the user's organisations."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from udyamsetu.accounts.models import Membership


def portal(request: HttpRequest) -> dict:
    memberships = []
    if request.user.is_authenticated:
        memberships = list(
            Membership.objects.select_related("organisation")
            .filter(user=request.user, organisation__is_active=True)
            .order_by("organisation__name")
        )
    return {
        "SITE_NAME": settings.SITE_NAME,
        "my_memberships": memberships,
        "active_organisation": getattr(request, "organisation", None),
    }
