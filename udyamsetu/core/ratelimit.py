"""A fixed-window rate limit on the shared cache, for pages that could be scraped or abused."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The caller's address, trusting only as many X-Forwarded-For hops as we have proxies."""
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
    if hops and len(forwarded) >= hops and forwarded[-hops]:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def client_key(request: HttpRequest) -> str:
    """Who is asking: the user when signed in, the client address otherwise."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{client_ip(request)}"


def count(key: str, window_seconds: int = 60) -> int:
    """Count one more event under `key`; how many there have been in the current window."""
    if cache.add(key, 1, window_seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window_seconds)
        return 1


def over_limit(scope: str, who: str, limit: int, window_seconds: int = 60) -> bool:
    """Count one more request of `who` in `scope`; True once more than `limit` came in the window."""
    return count(f"rate:{scope}:{who}", window_seconds) > limit


class RateLimited(Exception):
    """A service refuses an action because its actor did it too often in the window.

    Raised by services with a message for people; pages answer it with HTTP 429 and the message,
    the API with 429 and `{"detail": message}`.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
