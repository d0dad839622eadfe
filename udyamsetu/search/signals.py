"""Keep search documents in step with what they describe, in the same transaction.

Registry imports write with COPY, which sends no signals: the importer's `registry_imported`
signal starts a task for the enterprises the import changed (see tasks.py).
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from udyamsetu.accounts.models import Organisation
from udyamsetu.enterprises.models import Certificate, Enterprise, PartnerProfile
from udyamsetu.enterprises.signals import registry_imported
from udyamsetu.search import services
from udyamsetu.search.models import Kind, SearchDocument, Synonym


@receiver(post_save, sender=Enterprise)
def enterprise_saved(sender, instance: Enterprise, raw: bool = False, **kwargs) -> None:
    if not raw:
        services.refresh_enterprises([instance.pk])


@receiver(post_save, sender=PartnerProfile)
def partner_saved(sender, instance: PartnerProfile, raw: bool = False, **kwargs) -> None:
    if not raw:
        services.refresh_partners([instance.pk])


@receiver(post_save, sender=Organisation)
def organisation_saved(sender, instance: Organisation, raw: bool = False, **kwargs) -> None:
    """A partner's name, country and description are its organisation's."""
    if raw:
        return
    profile_id = PartnerProfile.objects.filter(organisation=instance).values_list("pk", flat=True)
    services.refresh_partners(profile_id)


def _capabilities_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear") or reverse:
        return
    if isinstance(instance, Enterprise):
        services.refresh_enterprises([instance.pk])
    elif isinstance(instance, PartnerProfile):
        services.refresh_partners([instance.pk])


for _model, _fields in (
    (Enterprise, ("processes", "technology_areas", "materials")),
    (PartnerProfile, ("processes", "technology_areas")),
):
    for _name in _fields:
        m2m_changed.connect(
            _capabilities_changed,
            sender=getattr(_model, _name).through,
            dispatch_uid=f"search-{_model.__name__}-{_name}",
        )


@receiver(post_delete, sender=Enterprise)
def enterprise_deleted(sender, instance: Enterprise, **kwargs) -> None:
    SearchDocument.objects.filter(kind=Kind.ENTERPRISE, object_id=instance.pk).delete()


@receiver(post_delete, sender=PartnerProfile)
def partner_deleted(sender, instance: PartnerProfile, **kwargs) -> None:
    SearchDocument.objects.filter(kind=Kind.PARTNER, object_id=instance.pk).delete()


@receiver([post_save, post_delete], sender=Synonym)
def synonyms_changed(sender, **kwargs) -> None:
    services.forget_synonyms()


@receiver(registry_imported)
def registry_imported_(sender, run, since, **kwargs) -> None:
    from udyamsetu.search.tasks import index_registry_changes

    index_registry_changes.enqueue(since.isoformat())


@receiver([post_save, post_delete], sender=Certificate)
def certificate_changed(sender, instance: Certificate, raw: bool = False, **kwargs) -> None:
    """The filter index reads certificates with the enterprise's document: touch it."""
    if not raw:
        services.refresh_enterprises([instance.enterprise_id])
