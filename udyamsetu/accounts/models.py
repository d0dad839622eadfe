"""People, the organisations they act for, their roles, invitations and API tokens."""

from __future__ import annotations

import zoneinfo

from babel.core import get_global
from django.conf import settings
from django.contrib.auth.models import AbstractUser, Permission
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from udyamsetu.core.models import TimeStampedModel

# CLDR's canonical zones (Asia/Kolkata, not the old alias Asia/Calcutta), without the Etc/GMT±N
# zones whose signs read backwards; UTC stays.
_AVAILABLE_ZONES = zoneinfo.available_timezones()  # scans the zone directory: once, not per zone
TIMEZONE_CHOICES = sorted(
    (tz, tz.replace("_", " "))
    for tz in get_global("zone_territories")
    if tz in _AVAILABLE_ZONES and (not tz.startswith("Etc/") or tz == "Etc/UTC")
)


class UserManager(DjangoUserManager):
    """Users are identified by e-mail; there is no username."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):  # type: ignore[override]
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person. Logs in with an e-mail address; acts for one or more organisations."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language the portal uses for you, on every device."),
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=TIMEZONE_CHOICES,
        default="Asia/Kolkata",
        help_text=_("Times are shown in this zone."),
    )
    message_digest = models.BooleanField(
        _("e-mail me about unread messages"),
        default=True,
        help_text=_("At most one e-mail an hour, listing the conversations with unread messages."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_official(self) -> bool:
        """True when the user belongs to a government office on the portal."""
        return self.memberships.filter(
            organisation__kind=Organisation.Kind.GOVERNMENT_OFFICE, organisation__is_active=True
        ).exists()


class Organisation(TimeStampedModel):
    """An enterprise, foreign partner, buyer agency, facility operator or government office.

    Users act on the portal for an organisation. A government office's `permissions` are what
    its members may do as officials (see `backends.OfficePermissionBackend`).
    """

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Indian enterprise")
        FOREIGN_PARTNER = "foreign_partner", _("Foreign partner")
        BUYER_AGENCY = "buyer_agency", _("Buyer agency")
        FACILITY_OPERATOR = "facility_operator", _("Facility operator")
        GOVERNMENT_OFFICE = "government_office", _("Government office")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    country = models.CharField(
        _("country"),
        max_length=2,
        default="IN",
        help_text=_("Two-letter ISO code, e.g. IN, IL, TW."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("about"), max_length=2000, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    permissions = models.ManyToManyField(
        Permission,
        blank=True,
        related_name="offices",
        verbose_name=_("office permissions"),
        help_text=_("Only for government offices: what its members may do as officials."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        permissions = [
            ("view_all_organisations", _("Can see every organisation and its members")),
        ]
        indexes = [models.Index(fields=["kind", "is_active"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:organisation_detail", args=[self.slug])

    @property
    def is_government_office(self) -> bool:
        return self.kind == self.Kind.GOVERNMENT_OFFICE


class Membership(TimeStampedModel):
    """A user's role in an organisation."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="accounts_one_membership"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"

    @property
    def is_owner(self) -> bool:
        return self.role == self.Role.OWNER


class Invitation(TimeStampedModel):
    """An owner's invitation to an e-mail address to join an organisation.

    The link carries a random token; only its SHA-256 is stored. Only the invited address may
    accept, once, before `expires_at`.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=16, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            # At most one open invitation per address and organisation, even under concurrency.
            models.UniqueConstraint(
                Lower("email"),
                "organisation",
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="accounts_one_open_invitation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class ApiToken(TimeStampedModel):
    """A personal token for the JSON API. The secret is shown once; only its SHA-256 is stored.

    Tokens look like `us_<prefix>_<secret>`; the prefix finds the row, the hash proves the secret.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} (us_{self.prefix}_…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
