"""The JSON API at /api/v1: one router per app, OpenAPI 3 at /api/v1/openapi.json."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from udyamsetu.accounts.api import router as accounts_router
from udyamsetu.conversations.api import router as conversations_router
from udyamsetu.core.api_auth import api_auth
from udyamsetu.core.ratelimit import RateLimited
from udyamsetu.events.api import router as events_router
from udyamsetu.facilities.api import router as facilities_router
from udyamsetu.facilities.services import BookingConflict
from udyamsetu.marketplace.api import router as marketplace_router
from udyamsetu.matching.api import router as matching_router
from udyamsetu.partnerships.api import router as partnerships_router
from udyamsetu.search.api import router as search_router

api = NinjaAPI(
    title="Udyam Setu API",
    version="1",
    description=(
        "The portal's JSON API. Authenticate with a personal token "
        "(`Authorization: Bearer us_…`, created under Settings → API tokens) or, from the "
        "browser, with the session cookie and the CSRF token."
    ),
    auth=api_auth,
    urls_namespace="api",
    docs_url="/docs",
    throttle=[
        AnonRateThrottle(settings.API_RATE_ANONYMOUS),
        AuthRateThrottle(settings.API_RATE_AUTHENTICATED),
    ],
)
api.add_router("/", accounts_router)
api.add_router("/", search_router)
api.add_router("/", matching_router)
api.add_router("/", marketplace_router)
api.add_router("/", conversations_router)
api.add_router("/", partnerships_router)
api.add_router("/", facilities_router)
api.add_router("/", events_router)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError):
    if isinstance(exc, BookingConflict):
        return api.create_response(request, {"detail": exc.messages[0]}, status=409)
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": detail}, status=400)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied):
    return api.create_response(request, {"detail": str(exc) or "Permission denied."}, status=403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(RateLimited)
def rate_limited(request: HttpRequest, exc: RateLimited):
    return api.create_response(request, {"detail": str(exc)}, status=429)
