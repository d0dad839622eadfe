"""Events: seminars, delegations, B2B matchmaking days and online sessions; registrations;
meeting wishes and requests between participants; and the one-to-one meeting schedule.

Every time is stored in UTC; an event has its own time zone (where it happens). Each
participant sees their agenda (page, PDF, e-mails) in their own zone; the organiser's desk and
meeting pages, which plan the day at the venue, show the event's zone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from udyamsetu.core.models import TimeStampedModel


class Event(TimeStampedModel):
    """An event an office or association organises. A matchmaking day has meeting slots and
    tables; registration may need the organiser's approval and has a capacity."""

    class Kind(models.TextChoices):
        SEMINAR = "seminar", _("Seminar")
        DELEGATION = "delegation", _("Trade delegation")
        B2B = "b2b", _("B2B matchmaking day")
        ONLINE = "online", _("Online session")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Open for registration")
        CLOSED = "closed", _("Registration closed")
        CANCELLED = "cancelled", _("Cancelled")

    organiser = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="events",
        verbose_name=_("organiser"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Kolkata")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    requires_approval = models.BooleanField(_("registrations need approval"), default=False)
    tables = models.PositiveSmallIntegerField(_("meeting tables"), default=0)
    interpreters = models.PositiveSmallIntegerField(
        _("interpreters per slot"), default=0, help_text=_("0: not limited.")
    )
    request_limit = models.PositiveSmallIntegerField(
        _("meeting requests per participant"), default=20
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    schedule_published_at = models.DateTimeField(_("schedule published"), null=True, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="events_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event", args=[self.slug])


class Session(models.Model):
    """A talk or panel in an event's programme."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return self.title


class Registration(TimeStampedModel):
    """A person's place at an event, for their organisation. `listed`: they chose to appear in
    the participant list (others can then ask to meet them). `available_from/until` narrow the
    part of a matchmaking day they can meet."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Registered")
        DECLINED = "declined", _("Not accepted")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("organisation"),
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    listed = models.BooleanField(_("shown in the participant list"), default=False)
    pitch = models.CharField(_("what I offer and seek"), max_length=500, blank=True)
    language = models.CharField(_("meeting language"), max_length=8, default="en")
    needs_interpreter = models.BooleanField(_("I need an interpreter"), default=False)
    available_from = models.DateTimeField(_("available from"), null=True, blank=True)
    available_until = models.DateTimeField(_("available until"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="events_one_registration"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.event}"


class Wish(models.Model):
    """What one participant thinks of meeting another: must meet, would meet, or no thanks."""

    class Level(models.TextChoices):
        MUST = "must", _("Must meet")
        WOULD = "would", _("Would meet")
        NO = "no", _("No thanks")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="wishes")
    source = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="wishes_made")
    target = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="wishes_got")
    level = models.CharField(_("wish"), max_length=8, choices=Level.choices)

    class Meta:
        verbose_name = _("meeting wish")
        verbose_name_plural = _("meeting wishes")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="events_one_wish"),
            models.CheckConstraint(condition=~Q(source=F("target")), name="events_wish_other"),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}: {self.level}"


class MeetingRequest(TimeStampedModel):
    """A participant asks another for a meeting; the other accepts or declines. Unanswered
    requests expire."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_requests")
    source = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="sent")
    target = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="received")
    message = models.CharField(_("message"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    expires_at = models.DateTimeField(_("expires"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target"],
                condition=Q(status__in=["pending", "accepted"]),
                name="events_one_live_request",
            ),
            models.CheckConstraint(condition=~Q(source=F("target")), name="events_request_other"),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target} ({self.status})"


class MeetingSlot(models.Model):
    """A slot of a matchmaking day's meeting grid; breaks hold no meetings."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    is_break = models.BooleanField(_("break"), default=False)

    class Meta:
        verbose_name = _("meeting slot")
        verbose_name_plural = _("meeting slots")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M}"


class Meeting(TimeStampedModel):
    """A scheduled one-to-one meeting: two registrations, a slot and a table. Drafts are the
    organiser's until the schedule is published; `locked` ones stay put when the schedule is
    built again. On the day the organiser records it held or a no-show."""

    class Outcome(models.TextChoices):
        HELD = "held", _("Held")
        NO_SHOW = "no_show", _("No-show")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    first = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    slot = models.ForeignKey(MeetingSlot, on_delete=models.CASCADE, related_name="meetings")
    table = models.PositiveSmallIntegerField(_("table"))
    value = models.PositiveIntegerField(_("value"), default=0)
    locked = models.BooleanField(_("locked"), default=False)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["slot", "table"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "table"], name="events_one_meeting_a_table"),
            models.UniqueConstraint(fields=["first", "second"], name="events_pair_meets_once"),
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="events_meeting_pair_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slot} · {self.table}"


class Feedback(TimeStampedModel):
    """A participant's word on a meeting after the event: how useful (1 to 5), a comment for
    the organiser, and whether they will follow it up."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(
        _("how useful"), choices=[(n, str(n)) for n in range(1, 6)]
    )
    comment = models.CharField(_("comment for the organiser"), max_length=1000, blank=True)
    follow_up = models.BooleanField(_("we will follow up"), default=False)

    class Meta:
        verbose_name = _("meeting feedback")
        verbose_name_plural = _("meeting feedback")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "registration"], name="events_one_feedback"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.rating}"
