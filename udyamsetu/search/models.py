"""Search: one document per searchable thing (enterprise, foreign partner, opportunity,
facility), the synonyms that widen queries, and users' saved searches.

Documents hold only what may be shown to anyone: never contacts, turnover, or the programme
flags (women-led, SC/ST-owned). They are derived data: `services.refresh_*` keeps them in step,
and `udyamsetu rebuild-search` makes them again from scratch.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from udyamsetu.core.models import TimeStampedModel


class Kind(models.TextChoices):
    """What a document stands for; one tab of the search page each."""

    ENTERPRISE = "enterprise", _("Enterprises")
    PARTNER = "partner", _("Foreign partners")
    OPPORTUNITY = "opportunity", _("Opportunities")
    FACILITY = "facility", _("Facilities")


class SearchDocument(models.Model):
    """The searchable, public face of one enterprise, partner, opportunity or facility."""

    kind = models.CharField(max_length=12, choices=Kind.choices)
    object_id = models.BigIntegerField()
    key = models.CharField(max_length=64, help_text="What the object's URL is made from.")
    title = models.CharField(max_length=255)
    summary = models.CharField(max_length=300, blank=True)
    text = SearchVectorField()
    state = models.CharField(max_length=2, blank=True)
    district = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2, blank=True)
    nic_codes = ArrayField(models.CharField(max_length=5), default=list)
    nic_divisions = ArrayField(models.CharField(max_length=2), default=list)
    nic_sections = ArrayField(models.CharField(max_length=1), default=list)
    size_class = models.CharField(max_length=8, blank=True)
    processes = ArrayField(models.IntegerField(), default=list)
    technology_areas = ArrayField(models.IntegerField(), default=list)
    verification = models.PositiveSmallIntegerField(default=0)
    exporter = models.BooleanField(default=False)
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    changed_at = models.DateTimeField()
    # The id of the transaction that last wrote the row (pg_current_xact_id()), so that each
    # process's in-memory filter index (search/facets.py) can read just what changed.
    txid = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_one_document_each")
        ]
        indexes = [
            GinIndex(fields=["text"], name="search_text_gin"),
            GinIndex(name="search_title_trgm", fields=["title"], opclasses=["gin_trgm_ops"]),
            # An exact name comes first in relevance; found by equality, whatever else matched.
            models.Index(Lower("title"), name="search_title_exact"),
            models.Index(fields=["kind", "state", "district"], name="search_place"),
            GinIndex(fields=["nic_codes"], name="search_nic_gin"),
            GinIndex(fields=["processes"], name="search_processes_gin"),
            GinIndex(fields=["technology_areas"], name="search_areas_gin"),
            models.Index(fields=["txid"], name="search_txid"),
            models.Index(fields=["changed_at"], name="search_changed"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"


class SearchRemoval(models.Model):
    """A document deleted, and by which transaction: written by a trigger on the document
    table, read by the in-memory filter indexes to drop the id. `rebuild-search` empties it."""

    document_id = models.BigIntegerField()
    txid = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"{self.document_id} removed by {self.txid}"


class Synonym(models.Model):
    """Words and phrases that mean the same in searches: "UAV", "drone", "unmanned aerial
    vehicle". A query for any of them finds all. Shipped with the portal, edited by officials."""

    phrases = ArrayField(
        models.CharField(max_length=80),
        verbose_name=_("words and phrases"),
        help_text=_("Separate them with commas. Each finds the others."),
    )

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")
        ordering = ["phrases"]

    def __str__(self) -> str:
        return " ~ ".join(self.phrases)


class SavedSearch(TimeStampedModel):
    """A search a user keeps, with an e-mail digest of results that are new since the last one."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")
        NEVER = "never", _("No e-mail")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    query = models.CharField(max_length=2000, help_text="The search page's query string.")
    frequency = models.CharField(
        _("e-mail digest"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NicEntry(models.Model):
    """NIC 2008 divisions, groups and classes with their section and title, so that documents
    can be built in SQL (reference.nic_codes() is the source; loaded by a migration)."""

    code = models.CharField(max_length=4, primary_key=True)
    section = models.CharField(max_length=1)
    title = models.CharField(max_length=255)

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class PinCentroid(models.Model):
    """Where a PIN code is (its post offices' centre), for "within N km of a PIN code"."""

    pin = models.CharField(max_length=6, primary_key=True)
    latitude = models.FloatField()
    longitude = models.FloatField()

    def __str__(self) -> str:
        return self.pin
