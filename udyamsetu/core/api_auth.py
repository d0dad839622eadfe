"""Authentication for the JSON API: hashed personal tokens, or the browser's session."""

from __future__ import annotations

from allauth.mfa.utils import is_mfa_enabled
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from udyamsetu.accounts.middleware import requires_two_factor
from udyamsetu.accounts.services import user_for_api_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer us_<prefix>_<secret>` with a token created on the API tokens page."""

    openapi_description = "A personal API token from Settings → API tokens."

    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_api_token(token)
        if user is None:
            return None
        if requires_two_factor(user) and not is_mfa_enabled(user):
            raise HttpError(403, "Officials and staff need two-factor authentication first.")
        request.user = user
        return user


class BrowserSessionAuth(SessionAuth):
    """The logged-in browser session; unsafe methods need the CSRF token (X-CSRFToken)."""

    openapi_description = "The portal's session cookie, with the CSRF token for writes."


api_auth = [TokenAuth(), BrowserSessionAuth()]
