"""Matching: the embedding of what each profile offers and seeks.

Vectors are internal: every enterprise and partner profile has them, listed or not, so that a
private profile can still be shown what matches it. Who may *appear* in a match is decided when
matching (only what search lists), never here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from pgvector.django import HalfVectorField, IvfflatIndex

from udyamsetu.matching.embeddings import DIMENSIONS

# The fewest lists the offers index is built with (a new table, the tests' few vectors).
OFFERS_INDEX_MIN_LISTS = 10
OFFERS_INDEX = "matching_offers_ivfflat"  # the nearest-offers index's name


class Aspect(models.TextChoices):
    """Which side of a profile a vector describes."""

    OFFERS = "offers", _("offers")
    SEEKS = "seeks", _("seeks")


class ProfileVector(models.Model):
    """The embedding of one aspect of one profile (enterprise, partner, later opportunities and
    facilities), with a digest of the text it was made from so unchanged texts are skipped."""

    kind = models.CharField(max_length=12)  # as search.models.Kind
    object_id = models.BigIntegerField()
    aspect = models.CharField(max_length=6, choices=Aspect.choices)
    vector = HalfVectorField(dimensions=DIMENSIONS)
    digest = models.BigIntegerField(help_text="Hash of the text embedded.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "aspect"], name="matching_one_vector_each"
            )
        ]
        indexes = [
            # Approximate nearest offers to a need. Vectors are unit length: inner product is
            # cosine similarity and the cheapest to compute. IVFFlat, not HNSW (decision 0026):
            # needs are short texts far from every profile, where a graph's greedy walk loses
            # its way and clusters do not. `lists` here is what a new, empty table gets;
            # `services.build_offers_index` builds it with lists for the vectors there are.
            # Seek vectors are few (claimed profiles that wrote what they seek): read exactly.
            IvfflatIndex(
                fields=["vector"],
                name=OFFERS_INDEX,
                opclasses=["halfvec_ip_ops"],
                condition=models.Q(aspect="offers"),
                lists=OFFERS_INDEX_MIN_LISTS,
            ),
            # The few seek vectors, read whole for "who seeks what you offer".
            models.Index(
                fields=["kind"], name="matching_seeks", condition=models.Q(aspect="seeks")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} {self.aspect}"


class Feedback(models.Model):
    """What a team said of one match shown to it: relevant, not relevant, or hide.

    The seeker is what the matches were for (an enterprise or partner profile, or a post); the
    match is the profile shown. A hidden match is never shown to that seeker again; every
    verdict is kept for evaluating the matcher.
    """

    class Verdict(models.TextChoices):
        RELEVANT = "relevant", _("Relevant")
        NOT_RELEVANT = "not_relevant", _("Not relevant")
        HIDDEN = "hidden", _("Hidden")

    SEEKER_KINDS = ("enterprise", "partner", "post")
    MATCH_KINDS = ("enterprise", "partner")

    seeker_kind = models.CharField(max_length=12)
    seeker_id = models.BigIntegerField()
    match_kind = models.CharField(max_length=12)
    match_id = models.BigIntegerField()
    verdict = models.CharField(_("verdict"), max_length=12, choices=Verdict.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("match feedback")
        verbose_name_plural = _("match feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["seeker_kind", "seeker_id", "match_kind", "match_id"],
                name="matching_one_verdict_per_match",
            )
        ]

    def __str__(self) -> str:
        return f"{self.seeker_kind} {self.seeker_id} → {self.match_kind} {self.match_id}: {self.verdict}"
