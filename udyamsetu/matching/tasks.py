"""Background work for matching: embedding profiles after they change."""

from __future__ import annotations

from datetime import datetime

from django_tasks import task

from udyamsetu.matching import services


@task()
def embed_profiles(kind: str, ids: list[int]) -> int:
    """Embed these profiles' offers and seeks where their texts changed."""
    return services.embed_profiles(kind, ids)


@task()
def embed_registry_changes(since: str) -> int:
    """Embed the enterprises a registry import inserted or changed."""
    return services.embed_enterprises_changed_since(datetime.fromisoformat(since))
