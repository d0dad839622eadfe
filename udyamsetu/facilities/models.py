"""Shared facilities: common facility centres, technology centres and test labs, their
equipment with machine-hour rates, opening hours and holidays, and bookings of machine time.

Times are stored in UTC; a facility's opening hours are wall-clock times in its own time zone
(India's facilities are all in IST). A booking's period is a PostgreSQL range, and an exclusion
constraint keeps the confirmed bookings and maintenance blocks of one machine from overlapping,
whatever the application checked before.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from udyamsetu.core.models import TimeStampedModel


class Facility(TimeStampedModel):
    """A place with machines and services to offer by the hour, run by a facility operator.

    `cancellation_notice_hours`: a booking cancelled with less notice than this is recorded as
    a late cancellation.
    """

    class Kind(models.TextChoices):
        CFC = "cfc", _("Common facility centre")
        TECHNOLOGY_CENTRE = "technology_centre", _("Technology centre or tool room")
        TEST_LAB = "test_lab", _("Test laboratory")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="facilities",
        verbose_name=_("operator"),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    address = models.CharField(_("address"), max_length=300)
    city = models.CharField(_("city"), max_length=100)
    state = models.CharField(_("state"), max_length=2)
    pin_code = models.CharField(_("PIN code"), max_length=6)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Kolkata")
    services = models.ManyToManyField(
        "enterprises.Term", blank=True, related_name="+", verbose_name=_("services"),
        limit_choices_to={"kind": "process"},
    )  # fmt: skip
    other_services = models.CharField(
        _("other services"), max_length=300, blank=True, help_text=_("For example training.")
    )
    cancellation_notice_hours = models.PositiveSmallIntegerField(
        _("cancellation notice (hours)"), default=24
    )
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("facilities:facility", args=[self.slug])


class OpeningHours(models.Model):
    """When a facility is open on a weekday, in its own time zone. `closes` at or before
    `opens` means the shift runs past midnight into the next day (a night shift); 00:00 to
    00:00 is open all day."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(
        _("weekday"),
        choices=[(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")),
                 (4, _("Friday")), (5, _("Saturday")), (6, _("Sunday"))],
    )  # fmt: skip
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "weekday"], name="facilities_one_shift"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


class Holiday(models.Model):
    """A day the facility is closed (in its own calendar)."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="holidays")
    day = models.DateField(_("day"))
    name = models.CharField(_("name"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "day"], name="facilities_one_holiday"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.name}"


class Equipment(TimeStampedModel):
    """A machine that can be booked by the hour: its type from the machine vocabulary, make and
    model, key specifications, the processes it serves, and its rates (a reduced one for micro
    enterprises)."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="equipment")
    machine_type = models.ForeignKey(
        "enterprises.Term", on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"kind": "machine"}, verbose_name=_("type"),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=200)
    make_model = models.CharField(_("make and model"), max_length=200, blank=True)
    specifications = models.TextField(_("key specifications"), max_length=2000, blank=True)
    capacity = models.CharField(_("capacity"), max_length=200, blank=True)
    processes = models.ManyToManyField(
        "enterprises.Term", blank=True, related_name="+", verbose_name=_("processes"),
        limit_choices_to={"kind": "process"},
    )  # fmt: skip
    rate_rupees = models.PositiveIntegerField(_("rate per hour (₹)"))
    micro_rate_rupees = models.PositiveIntegerField(
        _("rate per hour for micro enterprises (₹)"), null=True, blank=True
    )
    is_bookable = models.BooleanField(_("bookable"), default=True)

    class Meta:
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")
        ordering = ["facility", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.facility})"

    def get_absolute_url(self) -> str:
        return reverse("facilities:equipment", args=[self.pk])


class Booking(TimeStampedModel):
    """Machine time: an enterprise's request (pending until the operator answers), or a
    maintenance block the operator sets. Confirmed bookings and maintenance blocks of one
    machine never overlap: the database refuses it (`facilities_no_overlap`).

    After the time has passed the operator records the outcome: used (with the hours and the
    amount to invoice: hours times the rate agreed at confirmation) or a no-show.
    """

    class Kind(models.TextChoices):
        BOOKING = "booking", _("Booking")
        MAINTENANCE = "maintenance", _("Maintenance")

    class Status(models.TextChoices):
        # "Requested" is also a column of dates elsewhere; as a status it needs its own words.
        REQUESTED = "requested", pgettext_lazy("booking status", "Requested")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        LATE_CANCELLED = "late_cancelled", _("Cancelled late")
        COMPLETED = "completed", _("Used")
        NO_SHOW = "no_show", _("No-show")

    HOLDING = ("confirmed", "completed", "no_show")  # statuses that occupy the machine

    equipment = models.ForeignKey(Equipment, on_delete=models.CASCADE, related_name="bookings")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.BOOKING)
    period = DateTimeRangeField(_("period"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="machine_bookings",
        verbose_name=_("booked by"),
    )  # fmt: skip
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("requested by"),
    )  # fmt: skip
    job_description = models.TextField(_("job"), max_length=2000, blank=True)
    material = models.CharField(_("material"), max_length=200, blank=True)
    drawings = models.ManyToManyField(
        "core.StoredFile", blank=True, related_name="+", verbose_name=_("drawings")
    )
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("answered by"),
    )  # fmt: skip
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    rate_rupees = models.PositiveIntegerField(_("rate per hour (₹)"), null=True, blank=True)
    used_hours = models.DecimalField(
        _("hours used"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    amount_rupees = models.PositiveIntegerField(_("amount (₹)"), null=True, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["period"]
        constraints = [
            ExclusionConstraint(
                name="facilities_no_overlap",
                expressions=[
                    ("equipment", RangeOperators.EQUAL),
                    ("period", RangeOperators.OVERLAPS),
                ],
                condition=Q(status__in=["confirmed", "completed", "no_show"]),
            ),
            models.CheckConstraint(
                condition=Q(period__isempty=False), name="facilities_period_not_empty"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["equipment", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.equipment} · {self.period.lower:%Y-%m-%d %H:%M}"

    @property
    def start(self):
        return self.period.lower

    @property
    def end(self):
        return self.period.upper

    @property
    def hours(self) -> float:
        return (self.period.upper - self.period.lower).total_seconds() / 3600


class CalendarFeed(models.Model):
    """The secret address of an organisation's iCalendar feed of bookings: calendar apps cannot
    log in, so the address itself is the key. A new token revokes the old address."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.organisation)

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)
