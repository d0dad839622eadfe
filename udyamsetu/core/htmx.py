"""Helpers for pages that htmx updates in part."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page_or_partial(
    request: HttpRequest, page: str, partial: str, context: dict, *, status: int = 200
) -> HttpResponse:
    """Render only `partial` for an htmx request, the whole `page` otherwise.

    Every htmx-enhanced form also works as a plain form: without JavaScript the browser gets
    the full page back. htmx swaps 4xx responses too (see static/js/app.js), so a form with
    errors is shown in place.
    """
    template = partial if getattr(request, "htmx", False) else page
    return render(request, template, context, status=status)
