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

from udyamsetu.core.models import StoredFile, TimeStampedModel
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

    # Buyer demand: posted by buyer agencies and government offices, not by those who sell.
    DEMAND = frozenset({Kind.TENDER, Kind.INDIGENISATION, Kind.CHALLENGE, Kind.LICENCE})

    class LicenceCategory(models.TextChoices):
        A = "A", _("Category A (military only)")
        B = "B", _("Category B (dual use)")

    class Stage(models.TextChoices):
        CONCEPT = "concept", _("Concept or idea")
        DEVELOPMENT = "development", _("Under development")
        PROTOTYPE = "prototype", _("Prototype available")
        TESTED = "tested", _("Field-tested")
        MARKET = "market", _("On the market")

    class Partnership(models.TextChoices):
        TECHNICAL = "technical", _("Technical co-operation")
        LICENCE = "licence", _("Licence or technology transfer")
        JOINT_VENTURE = "joint_venture", _("Joint venture")
        SUPPLIER = "supplier", _("Supplier sought")
        SUBCONTRACTING = "subcontracting", _("Subcontracting")
        DISTRIBUTION = "distribution", _("Distribution")
        RND = "rnd", _("R&D co-operation")
        INVESTMENT = "investment", _("Investment")

    class Ipr(models.TextChoices):
        GRANTED = "granted", _("Patent granted")
        APPLIED = "applied", _("Patent applied for")
        KNOW_HOW = "know_how", _("Know-how or trade secret")
        DESIGN = "design", _("Registered design or copyright")
        NONE = "none", _("No IPR")

    class ValueBand(models.TextChoices):
        UNDER_25L = "lt25l", _("Under ₹25 lakh")
        TO_1CR = "lt1cr", _("₹25 lakh to ₹1 crore")
        TO_10CR = "lt10cr", _("₹1 crore to ₹10 crore")
        ABOVE_10CR = "gt10cr", _("Above ₹10 crore")

    class Route(models.TextChoices):
        MAKE_I = "make_i", _("Make-I (government funded)")
        MAKE_II = "make_ii", _("Make-II (industry funded)")
        MAKE_III = "make_iii", _("Make-III (manufacture in India)")
        IDEX = "idex", _("iDEX")
        TOT = "tot", _("Transfer of technology")
        OWN = "own", _("Buyer's own development order")

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
    # Offers and requests (the Enterprise Europe Network's profile shape).
    stage = models.CharField(
        _("stage of development"), max_length=12, choices=Stage.choices, blank=True
    )
    partnership_sought = ArrayField(
        models.CharField(max_length=16, choices=Partnership.choices), blank=True, default=list,
        verbose_name=_("partnership sought"),
    )  # fmt: skip
    ipr_status = models.CharField(_("IPR status"), max_length=10, choices=Ipr.choices, blank=True)
    target_countries = ArrayField(
        models.CharField(max_length=2), blank=True, default=list,
        verbose_name=_("target countries"), help_text=_("Empty: any country."),
    )  # fmt: skip
    # Tenders and RFPs.
    value_band = models.CharField(_("value"), max_length=8, choices=ValueBand.choices, blank=True)
    deadline = models.DateTimeField(_("bids due"), null=True, blank=True)
    msme_preference = models.BooleanField(
        _("MSME purchase preference"), default=False,
        help_text=_("Micro and small enterprises get the preference of the Public Procurement "
                    "Policy."),
    )  # fmt: skip
    # Indigenisation items.
    part_number = models.CharField(_("part number"), max_length=60, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    annual_demand = models.PositiveIntegerField(_("annual demand"), null=True, blank=True)
    buyer = models.CharField(
        _("buyer"), max_length=200, blank=True,
        help_text=_("The lab, DPSU or factory that will buy, if not the poster."),
    )  # fmt: skip
    route = models.CharField(
        _("indigenisation route"), max_length=10, choices=Route.choices, blank=True
    )
    positive_list = models.BooleanField(_("on a Positive Indigenisation List"), default=False)
    # Innovation challenges.
    grant_rupees = models.PositiveBigIntegerField(_("grant (₹)"), null=True, blank=True)
    challenge_stages = models.TextField(
        _("stages"), max_length=2000, blank=True,
        help_text=_("One stage per line, e.g. “Proposal — 15 January”."),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    rejection_reason = models.TextField(_("reason for rejection"), max_length=1000, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    expires_on = models.DateField(_("open until"), null=True, blank=True)
    expiry_reminded_on = models.DateField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
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

    @property
    def is_demand(self) -> bool:
        return self.kind in self.DEMAND


class PostReport(TimeStampedModel):
    """Someone's report that a post is spam or fake. Officials who review posts see open reports
    in their queue and dismiss them or take the post down; one report per person and post."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        FAKE = "fake", _("Fake or misleading")
        OTHER = "other", _("Something else")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=8, choices=Reason.choices)
    note = models.TextField(_("what is wrong"), max_length=1000, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("report of an opportunity")
        verbose_name_plural = _("reports of opportunities")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reported_by"], name="marketplace_one_report_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.post}"


class Interest(TimeStampedModel):
    """An organisation's expression of interest in a post: a short structured pitch with up to
    three attachments. One per organisation and post (a database constraint). The post's team
    accepts or declines it; a pending one expires after `INTEREST_EXPIRY_DAYS`, with a reminder
    to the team `INTEREST_REMINDER_DAYS` before. Accepting opens a conversation and, for an
    anonymous post, shows the interested organisation who posted it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired unanswered")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="interests")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="interests"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    summary = models.TextField(
        _("what you bring"), max_length=1500,
        help_text=_("Your capability for this opportunity: processes, capacity, past work."),
    )  # fmt: skip
    proposal = models.TextField(
        _("what you propose"), max_length=1000,
        help_text=_("The next step you suggest: a call, a visit, samples, a quotation."),
    )  # fmt: skip
    attachments = models.ManyToManyField(StoredFile, blank=True, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    expires_at = models.DateTimeField(_("answer due"))
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    decline_reason = models.TextField(_("reason"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "organisation"], name="marketplace_one_interest_per_organisation"
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.post}"


class Responsiveness(models.Model):
    """How an organisation answers those who approach it, over the last year: expressions of
    interest in its posts and messages in its conversations. Recomputed hourly by
    `services.refresh_responsiveness` (a derived table, so profiles and the matcher read one
    row instead of counting). An enquiry counts once answered, or once
    `RESPONSE_GRACE_DAYS` have passed without an answer."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, primary_key=True,
        related_name="responsiveness",
    )  # fmt: skip
    enquiries = models.PositiveIntegerField(_("enquiries"))
    answered = models.PositiveIntegerField(_("answered"))
    median_seconds = models.PositiveIntegerField(_("median time to answer"), null=True)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("responsiveness")
        verbose_name_plural = _("responsiveness")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.answered}/{self.enquiries}"

    @property
    def rate(self) -> float:
        return self.answered / self.enquiries if self.enquiries else 0.0
