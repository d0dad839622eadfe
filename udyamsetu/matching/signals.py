"""Queue the embedding of a profile whenever what it offers or seeks may have changed.

The task is queued in the same transaction as the change (the database task backend), so it
exists exactly when the change does; it embeds only texts whose digest changed.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from udyamsetu.accounts.models import Organisation
from udyamsetu.enterprises.models import Enterprise, PartnerProfile
from udyamsetu.enterprises.signals import registry_imported
from udyamsetu.matching import services, tasks


def _queue(kind: str, ids: list[int]) -> None:
    if ids:
        tasks.embed_profiles.enqueue(kind, ids)


@receiver(post_save, sender=Enterprise)
def enterprise_saved(sender, instance: Enterprise, raw: bool = False, **kwargs) -> None:
    if not raw:
        _queue("enterprise", [instance.pk])


@receiver(post_save, sender=PartnerProfile)
def partner_saved(sender, instance: PartnerProfile, raw: bool = False, **kwargs) -> None:
    if not raw:
        _queue("partner", [instance.pk])


@receiver(post_save, sender=Organisation)
def organisation_saved(sender, instance: Organisation, raw: bool = False, **kwargs) -> None:
    """A partner's name and description are its organisation's."""
    if not raw:
        _queue("partner", list(PartnerProfile.objects.filter(organisation=instance).values_list(
            "pk", flat=True)))  # fmt: skip


@receiver(post_delete, sender=Enterprise)
def enterprise_deleted(sender, instance: Enterprise, **kwargs) -> None:
    services.forget("enterprise", [instance.pk])


@receiver(post_delete, sender=PartnerProfile)
def partner_deleted(sender, instance: PartnerProfile, **kwargs) -> None:
    services.forget("partner", [instance.pk])


def _terms_changed(sender, instance, action: str, reverse: bool, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear") or reverse:
        return
    _queue("enterprise" if isinstance(instance, Enterprise) else "partner", [instance.pk])


for _model, _fields in (
    (Enterprise, ("processes", "materials", "technology_areas")),
    (PartnerProfile, ("processes", "technology_areas")),
):
    for _name in _fields:
        m2m_changed.connect(
            _terms_changed,
            sender=getattr(_model, _name).through,
            dispatch_uid=f"matching-{_model.__name__}-{_name}",
        )


@receiver(registry_imported)
def registry_imported_(sender, run, since, **kwargs) -> None:
    tasks.embed_registry_changes.enqueue(since.isoformat())
