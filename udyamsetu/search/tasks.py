"""Background work for search: indexing after a registry import, saved-search digests."""

from __future__ import annotations

from datetime import datetime

from django_tasks import task

from udyamsetu.search import services


@task()
def index_registry_changes(since: str) -> int:
    """Documents for the enterprises a registry import inserted or changed."""
    return services.refresh_enterprises_changed_since(datetime.fromisoformat(since))


@task()
def send_saved_search_digests(frequency: str) -> int:
    """E-mail each saved search of this frequency its results new since the last digest."""
    return services.send_digests(frequency)
