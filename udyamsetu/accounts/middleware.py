"""Per-request context: the user's language and zone, the active organisation, and 2FA."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from udyamsetu.accounts.models import Membership
from udyamsetu.accounts.services import membership_to_act_as

SESSION_ORGANISATION_KEY = "active_organisation_id"


class UserPreferencesMiddleware:
    """Shows the portal in the logged-in user's language and time zone.

    The language cookie handles visitors; a saved preference wins for logged-in users so that
    their choice follows them to every device.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        language = getattr(user, "language", "") if user.is_authenticated else ""
        if language and language != request.LANGUAGE_CODE:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        if user.is_authenticated:
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.timezone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        response = self.get_response(request)
        if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=False,
            )
        timezone.deactivate()
        return response


def _active_membership(request: HttpRequest) -> Membership | None:
    if not request.user.is_authenticated:
        return None
    return membership_to_act_as(request.user, request.session.get(SESSION_ORGANISATION_KEY))


class ActiveOrganisationMiddleware:
    """Sets `request.membership` and `request.organisation`: who the user acts for right now.

    Re-read from the database on every request, so a removed member loses access at once.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership = _active_membership(request)
        request.membership = membership  # type: ignore[attr-defined]
        request.organisation = membership.organisation if membership else None  # type: ignore[attr-defined]
        return self.get_response(request)


# Pages an official or staff member without 2FA may still open: setting it up, and leaving.
_ALLOWED_WITHOUT_2FA = ("/accounts/", "/i18n/", "/static/", "/healthz")


def requires_two_factor(user) -> bool:
    """Staff and officials must protect their accounts with a second factor."""
    return user.is_authenticated and (user.is_staff or user.is_official)


class RequireTwoFactorMiddleware:
    """Sends staff and officials without two-factor authentication to set it up first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_ALLOWED_WITHOUT_2FA)
            and requires_two_factor(user)
            and not is_mfa_enabled(user)
        ):
            message = _(
                "Officials and staff must protect their account with an authenticator app "
                "before they continue."
            )
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=403)
            messages.warning(request, message)
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
