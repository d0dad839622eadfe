"""The home page, dashboards, language switching and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language as django_set_language

from udyamsetu.accounts.services import remember_language
from udyamsetu.core import services
from udyamsetu.core.dashboards import dashboard_context


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The dashboard of the organisation the user acts for; each kind has its own."""
    context = dashboard_context(request.user, request.organisation, request.membership)
    return render(request, context["template"], context)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, plus remembering the choice on the user's account."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if response.status_code in (200, 302) and request.user.is_authenticated:
        from django.conf import settings

        if language in dict(settings.LANGUAGES):
            remember_language(request.user, language)
    return response


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: 200 when the database answers, 503 when it does not."""
    database_ok = services.database_is_reachable()
    return JsonResponse(
        {
            "status": "ok" if database_ok else "error",
            "database": "ok" if database_ok else "unreachable",
        },
        status=200 if database_ok else 503,
    )
