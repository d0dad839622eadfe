"""The unread-message count for the navigation, computed only when a template shows it."""

from __future__ import annotations

from functools import cache

from django.http import HttpRequest

from udyamsetu.conversations.services import unread_count


def unread_messages(request: HttpRequest) -> dict:
    """`unread_messages`: a callable the template calls (once, then cached) for the count."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_messages": cache(lambda: unread_count(user))}
