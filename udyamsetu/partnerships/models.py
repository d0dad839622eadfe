"""The partnership pipeline: for each pair of organisations, the steps from first contact to a
signed agreement, each recorded by one side and confirmed by the other.

A step counts only once the other side confirms it, so the pipeline (and the officials'
figures built on it) shows what both parties agree happened.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from udyamsetu.core.models import TimeStampedModel


class Stage(models.TextChoices):
    """The steps of the pipeline, in order (an agreement is the last)."""

    CONTACTED = "contacted", _("Contacted")
    MEETING = "meeting", _("Meeting held")
    NDA = "nda", _("NDA signed")
    MOU = "mou", _("MoU or LoI signed")
    AGREEMENT = "agreement", _("Agreement signed")


STAGE_ORDER = {stage: position for position, stage in enumerate(Stage.values)}


class AgreementType(models.TextChoices):
    JOINT_VENTURE = "joint_venture", _("Joint venture")
    LICENCE = "licence", _("Licence or technology transfer")
    SUPPLY_ORDER = "supply_order", _("Supply order")
    SUBCONTRACTING = "subcontracting", _("Subcontracting")
    DISTRIBUTION = "distribution", _("Distribution")
    RD_COOPERATION = "rd_cooperation", _("R&D cooperation")
    INVESTMENT = "investment", _("Investment")


class Partnership(TimeStampedModel):
    """Two organisations working towards an agreement: one row per pair, stored in order
    (`first.id < second.id`) so that whoever records first, the pair has one pipeline.

    `stage` is the furthest step both sides have confirmed (empty until one is); `meeting_on`
    is the date of the latest confirmed meeting, `follow_ups_sent` how many of its follow-up
    prompts (3 and 6 months after) have gone out and `followed_up_at` when the last did.
    """

    first = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("first organisation"),
    )  # fmt: skip
    second = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("second organisation"),
    )  # fmt: skip
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, blank=True)
    stage_reached_on = models.DateField(_("stage reached on"), null=True, blank=True)
    meeting_on = models.DateField(_("last meeting"), null=True, blank=True)
    follow_ups_sent = models.PositiveSmallIntegerField(_("follow-ups sent"), default=0)
    followed_up_at = models.DateTimeField(_("last follow-up"), null=True, blank=True)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["-updated_at", "-id"]
        permissions = [
            ("view_partnership_summary", _("Can see the partnership figures of all organisations")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="partnerships_pair_in_order"
            ),
            models.UniqueConstraint(fields=["first", "second"], name="partnerships_one_per_pair"),
        ]
        indexes = [models.Index(fields=["second"]), models.Index(fields=["meeting_on"])]

    def __str__(self) -> str:
        return f"{self.first} · {self.second}"

    @property
    def organisation_ids(self) -> tuple[int, int]:
        return (self.first_id, self.second_id)

    def other_than(self, organisation_id: int):
        """The organisation of the pair that is not `organisation_id`."""
        return self.first if self.second_id == organisation_id else self.second


class Step(TimeStampedModel):
    """One step as one side recorded it: pending until the other side confirms or declines it.

    An agreement carries its type, its value in rupees (when disclosed) and its date. One step
    of a kind (an agreement of a type) waits for confirmation at a time; steps recur (a second
    meeting, another supply order), but the same step on the same date is recorded once.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Not confirmed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(_("step"), max_length=16, choices=Stage.choices)
    occurred_on = models.DateField(_("date"))
    agreement_type = models.CharField(
        _("type of agreement"), max_length=20, choices=AgreementType.choices, blank=True
    )
    value_rupees = models.PositiveBigIntegerField(_("value (₹)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    recorded_for = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("recorded for"),
    )  # fmt: skip
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("answered by"),
    )  # fmt: skip
    decline_reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("partnership step")
        verbose_name_plural = _("partnership steps")
        ordering = ["occurred_on", "id"]
        constraints = [
            # Both sides recording the same step at once: one of them wins, in the database.
            models.UniqueConstraint(
                fields=["partnership", "stage", "agreement_type"],
                condition=Q(status="pending"),
                name="partnerships_one_pending_step",
            ),
            models.CheckConstraint(
                condition=Q(stage="agreement", agreement_type__gt="")
                | (~Q(stage="agreement") & Q(agreement_type="", value_rupees__isnull=True)),
                name="partnerships_agreement_typed",
            ),
        ]
        indexes = [models.Index(fields=["status", "stage"])]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} · {self.occurred_on}"

    @property
    def label(self) -> str:
        """The step in words, with the agreement's type when it is one."""
        if self.stage == Stage.AGREEMENT and self.agreement_type:
            return f"{self.get_stage_display()}: {self.get_agreement_type_display()}"
        return str(self.get_stage_display())
