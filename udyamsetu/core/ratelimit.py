"""A fixed-window rate limit on the shared cache, for pages that could be scraped or abused."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest


def client_key(request: HttpRequest) -> str:
    """Who is asking: the user when signed in, the client address otherwise."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def over_limit(scope: str, who: str, limit: int, window_seconds: int = 60) -> bool:
    """Count one more request of `who` in `scope`; True once more than `limit` came in the window."""
    key = f"rate:{scope}:{who}"
    if cache.add(key, 1, window_seconds):
        return False
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window_seconds)
        return False
