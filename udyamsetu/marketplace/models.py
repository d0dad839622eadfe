"""Opportunities: what organisations offer and request, and what buyers demand.

A post is one technology or business offer or request, an R&D request, or a buyer's demand (a
tender, an indigenisation item, an innovation challenge, a technology-transfer licence). Matching
reads a post as a need: its text, the processes and technology areas it wants, and its hard
requirements (certifications valid on the day, size classes, states, distance from a PIN code).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from udyamsetu.core.models import TimeStampedModel
from udyamsetu.enterprises.reference import STATE_CHOICES


class Post(TimeStampedModel):
    """An opportunity an organisation posts. Only a published post that has not expired is seen
    outside its organisation (and by officials who review posts); a category A licence only by
    eligible Indian enterprises (`services.may_see_category_a`)."""

    class Kind(models.TextChoices):
        TECHNOLOGY_OFFER = "technology_offer", _("Technology offer")
        TECHNOLOGY_REQUEST = "technology_request", _("Technology request")
        BUSINESS_OFFER = "business_offer", _("Business offer")
        BUSINESS_REQUEST = "business_request", _("Business request")
        RND_REQUEST = "rnd_request", _("R&D / co-development request")
        TENDER = "tender", _("Tender or RFP")
        INDIGENISATION = "indigenisation", _("Indigenisation item")
        CHALLENGE = "challenge", _("Innovation challenge")
        LICENCE = "licence", _("Technology-transfer licence")

    # What the post offers, rather than asks for: its matches are those who would take it up.
    OFFERS = frozenset({Kind.TECHNOLOGY_OFFER, Kind.BUSINESS_OFFER, Kind.LICENCE})

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        CLOSED = "closed", _("Closed")
        EXPIRED = "expired", _("Expired")
        AWARDED = "awarded", _("Awarded")

    class LicenceCategory(models.TextChoices):
        A = "A", _("Category A (military only)")
        B = "B", _("Category B (dual use)")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="posts"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000)
    processes = models.ManyToManyField(
        "enterprises.Term", blank=True, related_name="+", verbose_name=_("processes wanted"),
        limit_choices_to={"kind": "process"},
    )  # fmt: skip
    technology_areas = models.ManyToManyField(
        "enterprises.Term", blank=True, related_name="+", verbose_name=_("technology areas"),
        limit_choices_to={"kind": "technology_area"},
    )  # fmt: skip
    required_certifications = models.ManyToManyField(
        "enterprises.Term", blank=True, related_name="+",
        verbose_name=_("certifications required"), limit_choices_to={"kind": "certification"},
        help_text=_("Only enterprises holding each, valid on the day, are matched."),
    )  # fmt: skip
    preferred_certifications = models.ManyToManyField(
        "enterprises.Term", blank=True, related_name="+",
        verbose_name=_("certifications preferred"), limit_choices_to={"kind": "certification"},
    )  # fmt: skip
    size_classes = ArrayField(
        models.CharField(max_length=8), blank=True, default=list, verbose_name=_("sizes eligible"),
        help_text=_("Empty: every size."),
    )  # fmt: skip
    states = ArrayField(
        models.CharField(max_length=2, choices=STATE_CHOICES), blank=True, default=list,
        verbose_name=_("states eligible"), help_text=_("Empty: anywhere in India."),
    )  # fmt: skip
    pin_code = models.CharField(_("near PIN code"), max_length=6, blank=True)
    radius_km = models.PositiveIntegerField(_("within (km)"), null=True, blank=True)
    licence_category = models.CharField(
        _("licence category"), max_length=1, choices=LicenceCategory.choices, blank=True
    )
    is_anonymous = models.BooleanField(
        _("post anonymously"), default=False,
        help_text=_("Your name is shown only to those whose interest you accept."),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    expires_on = models.DateField(_("open until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["-published_at", "-id"]
        permissions = [("review_post", _("Can review, publish and reject opportunities"))]
        indexes = [models.Index(fields=["status", "expires_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(licence_category="") | ~models.Q(kind="licence"),
                name="marketplace_licence_has_category",
                violation_error_message=_("A licence needs its category (A or B)."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("marketplace:post", args=[self.pk])

    @property
    def offers(self) -> bool:
        return self.kind in self.OFFERS
