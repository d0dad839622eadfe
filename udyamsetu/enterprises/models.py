"""The enterprise registry: Udyam-registered enterprises, their capabilities, certificates and
trust records; foreign partners' profiles; and registry imports."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from udyamsetu.core.models import TimeStampedModel
from udyamsetu.enterprises.reference import STATE_CHOICES


class Term(models.Model):
    """An entry of a controlled vocabulary: a process, material, machine type, certification,
    technology area, partnership type or sector. Shipped with the portal, edited by officials."""

    class Kind(models.TextChoices):
        PROCESS = "process", _("Manufacturing process")
        MATERIAL = "material", _("Material")
        MACHINE = "machine", _("Machine type")
        CERTIFICATION = "certification", _("Certification")
        TECHNOLOGY_AREA = "technology_area", _("Technology area")
        PARTNERSHIP_TYPE = "partnership_type", _("Partnership type")
        SECTOR = "sector", _("Sector")

    kind = models.CharField(_("vocabulary"), max_length=32, choices=Kind.choices)
    slug = models.SlugField(max_length=80)
    name = models.CharField(_("name"), max_length=120)
    name_hi = models.CharField(_("name in Hindi"), max_length=160, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        verbose_name=_("broader term"),
    )
    synonyms = ArrayField(
        models.CharField(max_length=80), default=list, blank=True, verbose_name=_("synonyms")
    )
    hint = models.CharField(
        _("hint"),
        max_length=300,
        blank=True,
        help_text=_("Issuer of a certification, or key specifications of a machine."),
    )
    expires = models.BooleanField(
        _("expires"),
        default=True,
        help_text=_("Certifications only: whether a validity date applies."),
    )
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("vocabulary term")
        verbose_name_plural = _("vocabulary terms")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "slug"], name="enterprises_term_slug")
        ]
        permissions = [("manage_vocabularies", _("Can edit the capability vocabularies"))]

    def __str__(self) -> str:
        return self.name

    def display_name(self, language: str) -> str:
        """The term in the reader's language, English when no translation exists."""
        return self.name_hi if language == "hi" and self.name_hi else self.name


class Enterprise(TimeStampedModel):
    """A Udyam-registered enterprise. Most come from the registry import and have no portal
    account; an Indian enterprise organisation on the portal claims one and edits its profile.

    `size_class` is always computed from investment and turnover (services.classify), never typed.
    """

    class OrganisationType(models.TextChoices):
        PROPRIETARY = "proprietary", _("Proprietorship")
        PARTNERSHIP = "partnership", _("Partnership firm")
        HUF = "huf", _("Hindu undivided family")
        LLP = "llp", _("Limited liability partnership")
        PRIVATE_LIMITED = "private_limited", _("Private limited company")
        PUBLIC_LIMITED = "public_limited", _("Public limited company")
        COOPERATIVE = "cooperative", _("Co-operative")
        SOCIETY = "society", _("Society")
        TRUST = "trust", _("Trust")
        OTHERS = "others", _("Other")

    class Activity(models.TextChoices):
        MANUFACTURING = "manufacturing", _("Manufacturing")
        SERVICES = "services", _("Services")
        TRADING = "trading", _("Trading")

    class Size(models.TextChoices):
        MICRO = "micro", _("Micro")
        SMALL = "small", _("Small")
        MEDIUM = "medium", _("Medium")
        LARGE = "large", _("Larger than medium")

    class Verification(models.IntegerChoices):
        SELF_DECLARED = 0, _("Self-declared")
        DOCUMENTS_CHECKED = 1, _("Documents checked")
        VERIFIED = 2, _("Verified by an official")

    class Source(models.TextChoices):
        REGISTRY = "registry", _("Udyam registry import")
        PORTAL = "portal", _("Registered on the portal")

    # Unique through Meta.constraints rather than unique=True: that would add a second,
    # pattern-matching index, one more index for every row the registry import writes.
    udyam_number = models.CharField(_("Udyam registration number"), max_length=19)
    organisation = models.OneToOneField(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enterprise",
        verbose_name=_("portal organisation"),
    )
    legal_name = models.CharField(_("legal name"), max_length=255)
    organisation_type = models.CharField(
        _("type of organisation"), max_length=20, choices=OrganisationType.choices
    )
    commencement_date = models.DateField(_("date of commencement"))
    major_activity = models.CharField(_("major activity"), max_length=16, choices=Activity.choices)
    nic_codes = ArrayField(
        models.CharField(max_length=5),
        verbose_name=_("NIC 2008 codes"),
        help_text=_("The first is the main activity."),
    )
    investment_rupees = models.BigIntegerField(_("investment in plant and machinery (₹)"))
    turnover_rupees = models.BigIntegerField(_("turnover (₹)"))
    export_turnover_rupees = models.BigIntegerField(_("export turnover (₹)"), default=0)
    employees = models.PositiveIntegerField(_("employees"), default=0)
    size_class = models.CharField(_("size"), max_length=8, choices=Size.choices, editable=False)

    address = models.CharField(_("address"), max_length=500, blank=True)
    city = models.CharField(_("city or town"), max_length=100, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    pin_code = models.CharField(_("PIN code"), max_length=6)
    state = models.CharField(_("state"), max_length=2, choices=STATE_CHOICES)

    # Programme statistics: shown to officials only, never on public pages or in search.
    women_led = models.BooleanField(_("women-led"), default=False)
    sc_st_owned = models.BooleanField(_("SC/ST-owned"), default=False)

    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "core.StoredFile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
        db_index=False,
    )

    description = models.TextField(_("what we make or do"), max_length=2000, blank=True)
    offer_text = models.TextField(_("what we offer"), max_length=2000, blank=True)
    seek_text = models.TextField(_("what we seek"), max_length=2000, blank=True)
    processes = models.ManyToManyField(
        Term,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Term.Kind.PROCESS},
        verbose_name=_("processes"),
    )
    materials = models.ManyToManyField(
        Term,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Term.Kind.MATERIAL},
        verbose_name=_("materials"),
    )
    technology_areas = models.ManyToManyField(
        Term,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Term.Kind.TECHNOLOGY_AREA},
        verbose_name=_("technology areas"),
    )
    partnership_types = models.ManyToManyField(
        Term,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Term.Kind.PARTNERSHIP_TYPE},
        verbose_name=_("partnerships sought"),
    )
    export_markets = ArrayField(
        models.CharField(max_length=2), default=list, blank=True, verbose_name=_("export markets")
    )

    verification_level = models.PositiveSmallIntegerField(
        _("verification"), choices=Verification.choices, default=Verification.SELF_DECLARED
    )
    verification_requested_at = models.DateTimeField(null=True, blank=True)
    is_published = models.BooleanField(
        _("public profile"),
        default=False,
        help_text=_("Show the profile to everyone. Registry entries stay private until claimed."),
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PORTAL)
    # Not indexed here: nothing lists enterprises by creation time, and 7.5 million rows would
    # pay for the index on every import.
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        constraints = [
            models.UniqueConstraint(
                fields=["udyam_number"], name="enterprises_udyam_number_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "size_class"]),
            GinIndex(fields=["nic_codes"], name="enterprises_nic_gin"),
        ]
        permissions = [
            ("verify_enterprise", _("Can verify enterprises")),
            ("view_programme_statistics", _("Can see women-led and SC/ST-owned flags")),
            ("import_registry", _("Can import the Udyam registry")),
            ("moderate_reports", _("Can act on reported profiles")),
        ]

    def __str__(self) -> str:
        return self.legal_name

    def get_absolute_url(self) -> str:
        return reverse("enterprises:profile", args=[self.udyam_number])


class Machine(models.Model):
    """A machine an enterprise owns, with its key specifications."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="machines")
    machine_type = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Term.Kind.MACHINE},
        verbose_name=_("type"),
    )
    make = models.CharField(_("make"), max_length=100, blank=True)
    model = models.CharField(_("model"), max_length=100, blank=True)
    specifications = models.CharField(_("key specifications"), max_length=300, blank=True)
    quantity = models.PositiveSmallIntegerField(_("how many"), default=1)

    class Meta:
        verbose_name = _("machine")
        verbose_name_plural = _("machines")

    def __str__(self) -> str:
        return f"{self.machine_type} {self.make} {self.model}".strip()


class Certificate(TimeStampedModel):
    """A certification an enterprise holds. Past `valid_until` it stops counting anywhere
    (search filters, matching, badges) without anyone having to act."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="certificates"
    )
    certification = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Term.Kind.CERTIFICATION},
        verbose_name=_("certification"),
    )
    issuer = models.CharField(_("issued by"), max_length=200)
    number = models.CharField(_("certificate number"), max_length=100, blank=True)
    scope = models.CharField(_("scope"), max_length=500, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    file = models.ForeignKey(
        "core.StoredFile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("certificate file"),
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-valid_until"]
        indexes = [models.Index(fields=["certification", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.certification}: {self.enterprise}"

    def is_valid_on(self, day: date | None = None) -> bool:
        """Valid on `day` (today by default): started and not yet past its validity."""
        day = day or timezone.localdate()
        started = self.valid_from is None or self.valid_from <= day
        return started and (self.valid_until is None or day <= self.valid_until)

    @property
    def is_valid(self) -> bool:
        return self.is_valid_on()


class VerificationRecord(models.Model):
    """What was verified about an enterprise, by whom and when: the history behind its badge."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="verifications"
    )
    level = models.PositiveSmallIntegerField(choices=Enterprise.Verification.choices)
    checked = models.CharField(_("what was checked"), max_length=300)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    office = models.ForeignKey(
        "accounts.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("verification record")
        verbose_name_plural = _("verification records")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.enterprise}: {self.get_level_display()} ({self.at:%Y-%m-%d})"


class ProfileReport(TimeStampedModel):
    """Someone's report that a profile is fake, spam or misleading, for officials to act on."""

    class Reason(models.TextChoices):
        FAKE = "fake", _("Fake or impersonated enterprise")
        SPAM = "spam", _("Spam or advertising")
        MISLEADING = "misleading", _("Misleading claims (certificates, capabilities)")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Upheld: profile hidden")
        DISMISSED = "dismissed", _("Dismissed")

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="reports")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    details = models.TextField(_("details"), max_length=2000, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("profile report")
        verbose_name_plural = _("profile reports")
        ordering = ["-created_at"]
        constraints = [
            # One open report per person and profile: repeated clicks do not pile up.
            models.UniqueConstraint(
                fields=["enterprise", "reported_by"],
                condition=models.Q(status="open"),
                name="enterprises_one_open_report",
            ),
        ]


class PartnerProfile(TimeStampedModel):
    """A foreign partner's profile: what it offers and what it seeks in India, on the same
    vocabularies as Indian enterprises so that the two can be matched."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="partner_profile"
    )
    sector = models.ForeignKey(
        Term,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": Term.Kind.SECTOR},
        verbose_name=_("sector"),
    )
    offer_text = models.TextField(_("what we offer"), max_length=2000, blank=True)
    seek_text = models.TextField(_("what we seek in India"), max_length=2000, blank=True)
    processes = models.ManyToManyField(
        Term,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Term.Kind.PROCESS},
        verbose_name=_("processes"),
    )
    technology_areas = models.ManyToManyField(
        Term,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Term.Kind.TECHNOLOGY_AREA},
        verbose_name=_("technology areas"),
    )
    partnership_types = models.ManyToManyField(
        Term,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Term.Kind.PARTNERSHIP_TYPE},
        verbose_name=_("partnerships sought"),
    )
    is_published = models.BooleanField(_("public profile"), default=True)

    class Meta:
        verbose_name = _("partner profile")
        verbose_name_plural = _("partner profiles")


class RegistryImport(TimeStampedModel):
    """One run of the registry import: progress, counts and where it can resume.

    Each batch of rows commits together with `lines_done`, so a run killed part-way resumes at the
    first line of the batch that did not commit.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    file_name = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    lines_done = models.BigIntegerField(default=0)
    lines_total = models.BigIntegerField(null=True, blank=True)
    inserted = models.BigIntegerField(default=0)
    updated = models.BigIntegerField(default=0)
    unchanged = models.BigIntegerField(default=0)
    rejected = models.BigIntegerField(default=0)
    reject_path = models.CharField(max_length=500, blank=True)
    reject_bytes = models.BigIntegerField(default=0)
    error = models.TextField(blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("registry import")
        verbose_name_plural = _("registry imports")
        ordering = ["-created_at"]

    @property
    def percent(self) -> int:
        if not self.lines_total:
            return 0
        return min(100, int(100 * self.lines_done / self.lines_total))
