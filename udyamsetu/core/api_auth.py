"""Authentication for the JSON API: hashed personal tokens, or the browser's session."""

from __future__ import annotations

from allauth.mfa.utils import is_mfa_enabled
from django.core.cache import cache
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from udyamsetu.accounts.middleware import requires_two_factor
from udyamsetu.accounts.services import user_for_api_token
from udyamsetu.core.ratelimit import client_ip, count

FAILED_TOKEN_LIMIT = 20  # per client address per minute


class TokenAuth(HttpBearer):
    """`Authorization: Bearer us_<prefix>_<secret>` with a token created on the API tokens page.

    Failed attempts are counted per client address; past the limit the API answers 429 for a
    minute, so nobody can hammer the token table (ninja's throttles run only after auth).
    """

    openapi_description = "A personal API token from Settings → API tokens."

    def authenticate(self, request: HttpRequest, token: str):
        failures_key = f"api-token-failures:{client_ip(request)}"
        if cache.get(failures_key, 0) >= FAILED_TOKEN_LIMIT:
            raise HttpError(429, "Too many failed token attempts. Wait a minute and try again.")
        user = user_for_api_token(token)
        if user is None:
            count(failures_key, window_seconds=60)
            return None
        if requires_two_factor(user) and not is_mfa_enabled(user):
            raise HttpError(403, "Officials and staff need two-factor authentication first.")
        request.user = user
        return user


class BrowserSessionAuth(SessionAuth):
    """The logged-in browser session; unsafe methods need the CSRF token (X-CSRFToken)."""

    openapi_description = "The portal's session cookie, with the CSRF token for writes."


api_auth = [TokenAuth(), BrowserSessionAuth()]
