"""Private threads between two organisations: messages, read marks, reports and digests.

A conversation belongs to exactly two organisations. Every member of either may read and write
in it; nobody else may, except officials who review reports, and they see only the messages
reported to them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from udyamsetu.core.models import TimeStampedModel

MAX_BODY = 4000


class Conversation(TimeStampedModel):
    """A private thread between two organisations, perhaps about one opportunity.

    The pair is stored in order (`first.id < second.id`), so that one pair has one conversation
    per post (and one without a post) whoever opened it: a unique constraint in the database
    keeps it so even when both sides open it at the same moment.
    """

    first = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("first organisation"),
    )  # fmt: skip
    second = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("second organisation"),
    )  # fmt: skip
    post = models.ForeignKey(
        "marketplace.Post", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="conversations", verbose_name=_("opportunity"),
    )  # fmt: skip
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("opened by"),
    )  # fmt: skip
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = [F("last_message_at").desc(nulls_last=True), "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="conversations_pair_in_order"
            ),
            models.UniqueConstraint(
                fields=["first", "second", "post"],
                nulls_distinct=False,
                name="conversations_one_per_pair_and_post",
            ),
        ]
        indexes = [
            models.Index(fields=["first", "last_message_at"]),
            models.Index(fields=["second", "last_message_at"]),
        ]

    def __str__(self) -> str:
        return self.subject or f"{self.first} · {self.second}"

    def get_absolute_url(self) -> str:
        return reverse("conversations:thread", args=[self.pk])

    @property
    def organisation_ids(self) -> tuple[int, int]:
        return (self.first_id, self.second_id)

    def other_than(self, organisation_id: int | None):
        """The participant that is not `organisation_id` (the second when it is neither)."""
        return self.first if self.second_id == organisation_id else self.second

    @property
    def my_organisation(self):
        """The reader's participant (on conversations from `services.conversations_of`)."""
        return self.second if getattr(self, "my_side", None) == self.second_id else self.first

    @property
    def other_organisation(self):
        """The other participant (on conversations from `services.conversations_of`)."""
        return self.other_than(self.my_organisation.pk)


class Message(models.Model):
    """One message in a conversation: text, an attachment, or both.

    The sender acts for one of the two organisations (`sender_organisation`). An official may
    remove a reported message: its text and attachment are then no longer shown to anyone.
    """

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("sender"),
    )  # fmt: skip
    sender_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("sent for"),
    )  # fmt: skip
    body = models.TextField(_("message"), max_length=MAX_BODY, blank=True)
    attachment = models.ForeignKey(
        "core.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("attachment"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("removed by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(body="") | Q(attachment__isnull=False),
                name="conversations_message_not_empty",
            ),
        ]
        indexes = [models.Index(fields=["conversation", "created_at"])]

    def __str__(self) -> str:
        return f"{self.sender_organisation} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


class ReadMark(models.Model):
    """How far a user has read a conversation: messages after `last_read_at` are unread."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="read_marks"
    )
    last_read_at = models.DateTimeField(_("read until"))

    class Meta:
        verbose_name = _("read mark")
        verbose_name_plural = _("read marks")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "conversation"], name="conversations_one_read_mark"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.conversation_id} · {self.last_read_at:%Y-%m-%d %H:%M}"


class Report(TimeStampedModel):
    """A participant's report of a message from the other side, for officials to review.

    Officials with `conversations.review_reports` see the reported message and the report,
    never the rest of the conversation. A person reports a message once.
    """

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("reported by"),
    )  # fmt: skip
    reporting_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("reported for"),
    )  # fmt: skip
    reason = models.TextField(_("reason"), max_length=1000)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("resolved by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("reported message")
        verbose_name_plural = _("reported messages")
        ordering = ["resolved_at", "-created_at"]
        permissions = [
            ("review_reports", _("Can read reported messages and resolve the reports")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "reported_by"], name="conversations_one_report_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.message} ({self.reporting_organisation})"


class DigestMark(models.Model):
    """When a user was last sent the digest of unread messages, so none is sent twice."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    last_sent_at = models.DateTimeField(_("last digest"))

    class Meta:
        verbose_name = _("message digest")
        verbose_name_plural = _("message digests")

    def __str__(self) -> str:
        return f"{self.user} · {self.last_sent_at:%Y-%m-%d %H:%M}"
