"""The partnership pipeline: recording a step, the other side confirming or declining it,
follow-up prompts after a meeting, and the officials' figures.

Who may do what:
- a step is recorded by a member of either organisation of a pair that has a conversation on
  the portal (so nobody can put a stranger in their pipeline);
- only a member of the *other* organisation confirms or declines it; the recorder's side may
  withdraw it while it waits;
- everyone else gets 404; officials see only the aggregate figures, with
  `partnerships.view_partnership_summary`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from udyamsetu.accounts.models import Organisation
from udyamsetu.accounts.services import is_member, ordered_pair, organisations_of
from udyamsetu.core import ratelimit
from udyamsetu.core.services import notify_members
from udyamsetu.partnerships.models import STAGE_ORDER, AgreementType, Partnership, Stage, Step

SUMMARY_PERMISSION = "partnerships.view_partnership_summary"
FOLLOW_UP_MONTHS = (3, 6)
EARLIEST = date(2000, 1, 1)
MAX_NOTE = 500
Status = Step.Status


# --- Who is on which side ----------------------------------------------------------------------


def in_conversation(a: Organisation, b: Organisation) -> bool:
    """Whether the two organisations have a conversation on the portal: the condition for
    recording steps with each other."""
    from udyamsetu.conversations.models import Conversation

    first, second = ordered_pair(a, b)
    return Conversation.objects.filter(first=first, second=second).exists()


def in_contact(a: Organisation, b: Organisation) -> bool:
    """Whether the two may record steps with each other: they have a conversation, or a
    pipeline already (a meeting held at an event starts one)."""
    return in_conversation(a, b) or partnership_between(a, b) is not None


def partner_for(user, organisation: Organisation | None, slug: str) -> Organisation:
    """The organisation `slug` as a partner of the user's `organisation`: 404 unless the user
    is a member of `organisation` and the two are in contact."""
    if organisation is None or not is_member(user, organisation.pk):
        raise Http404
    other = Organisation.objects.filter(slug=slug, is_active=True).first()
    if other is None or other.pk == organisation.pk or not in_contact(organisation, other):
        raise Http404
    return other


def partnership_between(a: Organisation, b: Organisation) -> Partnership | None:
    """The pair's pipeline, if either side has recorded a step."""
    first, second = ordered_pair(a, b)
    return Partnership.objects.filter(first=first, second=second).first()


def partnerships_of(user, organisation: Organisation) -> QuerySet[Partnership]:
    """The organisation's pipelines, latest activity first, for its members only (404 for
    anyone else). Each carries `waiting_for_us`: steps the other side recorded that this
    organisation has not answered yet, and `last_step_at`."""
    if not is_member(user, organisation.pk):
        raise Http404
    return (
        Partnership.objects.filter(Q(first=organisation) | Q(second=organisation))
        .select_related("first", "second")
        .annotate(
            waiting_for_us=Count(
                "steps",
                filter=Q(steps__status=Status.PENDING) & ~Q(steps__recorded_for=organisation),
            ),
            last_step_at=Max("steps__created_at"),
        )
    )


def visible_partnership(user, pk: int) -> Partnership:
    """A pipeline seen by a member of either organisation; 404 for everyone else."""
    mine = organisations_of(user).values("pk") if user.is_authenticated else []
    partnership = (
        Partnership.objects.select_related("first", "second")
        .filter(Q(first__in=mine) | Q(second__in=mine), pk=pk)
        .first()
    )
    if partnership is None:
        raise Http404
    return partnership


def visible_step(user, pk: int) -> Step:
    """A step seen by a member of either organisation of its pair; 404 for everyone else."""
    mine = organisations_of(user).values("pk") if user.is_authenticated else []
    step = (
        Step.objects.select_related("partnership__first", "partnership__second", "recorded_for")
        .filter(Q(partnership__first__in=mine) | Q(partnership__second__in=mine), pk=pk)
        .first()
    )
    if step is None:
        raise Http404
    return step


def steps_of(partnership: Partnership) -> QuerySet[Step]:
    """The pair's steps in date order, withdrawn ones left out."""
    return (
        partnership.steps.exclude(status=Status.WITHDRAWN)
        .select_related("recorded_for", "recorded_by", "answered_by")
        .order_by("occurred_on", "id")
    )


# --- Recording and answering -------------------------------------------------------------------


def _check_step(
    stage: str, occurred_on: date | None, agreement_type: str, value_rupees: int | None, note: str
) -> None:
    errors: dict[str, str] = {}
    if stage not in STAGE_ORDER:
        errors["stage"] = _("Choose one of the steps.")
    if occurred_on is None:
        errors["occurred_on"] = _("Give the date.")
    elif occurred_on > timezone.localdate():
        errors["occurred_on"] = _("The date cannot be in the future.")
    elif occurred_on < EARLIEST:
        errors["occurred_on"] = _("The date is too long ago.")
    if stage == Stage.AGREEMENT:
        if agreement_type not in AgreementType.values:
            errors["agreement_type"] = _("Say what kind of agreement was signed.")
    else:
        if agreement_type:
            errors["agreement_type"] = _("Only an agreement has a type.")
        if value_rupees is not None:
            errors["value_rupees"] = _("Only an agreement has a value.")
    if value_rupees is not None and value_rupees < 0:
        errors["value_rupees"] = _("The value cannot be negative.")
    if len(note) > MAX_NOTE:
        errors["note"] = _("At most %(n)d characters.") % {"n": MAX_NOTE}
    if errors:
        raise ValidationError(errors)


def _pair_locked(a: Organisation, b: Organisation) -> Partnership:
    """The pair's pipeline, created if need be, locked until the transaction ends so that
    steps of one pair are recorded and answered one at a time."""
    first, second = ordered_pair(a, b)
    try:
        with transaction.atomic():
            partnership, _created = Partnership.objects.get_or_create(first=first, second=second)
    except IntegrityError:
        # The other side created it at the same moment.
        partnership = Partnership.objects.get(first=first, second=second)
    return (
        Partnership.objects.select_for_update()
        .select_related("first", "second")
        .get(pk=partnership.pk)
    )


def _pending_step(partnership: Partnership, stage: str, agreement_type: str) -> Step | None:
    return (
        partnership.steps.select_for_update()
        .filter(stage=stage, agreement_type=agreement_type, status=Status.PENDING)
        .first()
    )


def _confirmed_on(
    partnership: Partnership, stage: str, agreement_type: str, occurred_on: date
) -> Step | None:
    return partnership.steps.filter(
        stage=stage, agreement_type=agreement_type, occurred_on=occurred_on,
        status=Status.CONFIRMED,
    ).first()  # fmt: skip


def _already(step: Step) -> str:
    if step.status == Status.CONFIRMED:
        return _("“%(step)s” is already confirmed (%(date)s).") % {
            "step": step.label,
            "date": date_format(step.occurred_on),
        }
    return _(
        "%(org)s already recorded “%(step)s” on %(date)s; it waits for the other side's "
        "confirmation."
    ) % {
        "org": step.recorded_for.name,
        "step": step.label,
        "date": date_format(step.occurred_on),
    }


def record_step(
    organisation: Organisation,
    other: Organisation,
    *,
    by,
    stage: str,
    occurred_on: date | None,
    agreement_type: str = "",
    value_rupees: int | None = None,
    note: str = "",
) -> Step:
    """`by`, for `organisation`, records a step with `other`; the other side is asked to
    confirm it. When the other side has already recorded the same step, this confirms theirs
    instead (the returned step is then theirs, confirmed). Refused with a clear message when
    the step is already recorded or confirmed, when the input is wrong, or when the two have
    no conversation."""
    if not is_member(by, organisation.pk):
        raise PermissionDenied(_("Only the organisation's members may do this."))
    if other.pk == organisation.pk or not in_contact(organisation, other):
        raise Http404
    note = note.strip()
    _check_step(stage, occurred_on, agreement_type, value_rupees, note)
    if ratelimit.over_limit("partnership-step", str(by.pk), settings.PARTNERSHIP_STEP_RATE, 3600):
        raise ValidationError(_("Too many steps recorded in an hour. Please wait."))
    try:
        with transaction.atomic():
            partnership = _pair_locked(organisation, other)
            existing = _pending_step(partnership, stage, agreement_type)
            if existing is not None:
                if existing.recorded_for_id == other.pk:
                    return _confirm(existing, partnership, by=by)
                raise ValidationError(_already(existing))
            existing = _confirmed_on(partnership, stage, agreement_type, occurred_on)
            if existing is not None:
                raise ValidationError(_already(existing))
            step = Step.objects.create(
                partnership=partnership, stage=stage, occurred_on=occurred_on,
                agreement_type=agreement_type, value_rupees=value_rupees, note=note,
                recorded_for=organisation, recorded_by=by,
            )  # fmt: skip
            partnership.save(update_fields=["updated_at"])
            notify_members(
                other,
                subject=lambda: (
                    _("Please confirm: %(step)s with %(org)s")
                    % {"step": step.label, "org": organisation.name}
                ),
                template="partnerships/email/step_recorded.txt",
                context={"step": step, "organisation": organisation, "other": other},
            )
    except IntegrityError:
        # The unique constraint caught a step recorded at the same moment.
        partnership = partnership_between(organisation, other)
        existing = partnership and _pending_step(partnership, stage, agreement_type)
        if existing is None:
            raise
        raise ValidationError(_already(existing)) from None
    return step


def _locked_step(step: Step) -> tuple[Step, Partnership]:
    partnership = (
        Partnership.objects.select_for_update()
        .select_related("first", "second")
        .get(pk=step.partnership_id)
    )
    step = (
        Step.objects.select_for_update(of=("self",)).select_related("recorded_for").get(pk=step.pk)
    )
    return step, partnership


def _require_answerer(step: Step, partnership: Partnership, by) -> Organisation:
    """The side that answers a step: the pair's organisation that did not record it."""
    answerer = partnership.other_than(step.recorded_for_id)
    if not is_member(by, answerer.pk):
        if is_member(by, step.recorded_for_id):
            raise PermissionDenied(_("The other organisation confirms what your side records."))
        raise Http404
    return answerer


def _require_pending(step: Step) -> None:
    if step.status != Status.PENDING:
        raise ValidationError(
            _("This step is already %(status)s.") % {"status": step.get_status_display().lower()}
        )


@transaction.atomic
def confirm_step(step: Step, *, by) -> Step:
    """The other side confirms a recorded step: the pipeline moves on when the step is further
    than its stage, and a meeting starts the follow-up clock."""
    step, partnership = _locked_step(step)
    _require_answerer(step, partnership, by)
    _require_pending(step)
    return _confirm(step, partnership, by=by)


def _moves_on(partnership: Partnership, step: Step) -> bool:
    """Whether a confirmed step is further than the pair's stage (or the same, later)."""
    if not partnership.stage:
        return True
    here, there = STAGE_ORDER[partnership.stage], STAGE_ORDER[step.stage]
    return there > here or (there == here and step.occurred_on > partnership.stage_reached_on)


def _confirm(step: Step, partnership: Partnership, *, by) -> Step:
    step.status, step.answered_at, step.answered_by = Status.CONFIRMED, timezone.now(), by
    step.save(update_fields=["status", "answered_at", "answered_by", "updated_at"])
    if _moves_on(partnership, step):
        partnership.stage, partnership.stage_reached_on = step.stage, step.occurred_on
    if step.stage == Stage.MEETING and (
        partnership.meeting_on is None or step.occurred_on > partnership.meeting_on
    ):
        # A newer meeting: its own follow-ups, 3 and 6 months on.
        partnership.meeting_on, partnership.follow_ups_sent = step.occurred_on, 0
    partnership.save()
    answerer = partnership.other_than(step.recorded_for_id)
    notify_members(
        step.recorded_for,
        subject=lambda: (
            _("Confirmed: %(step)s with %(org)s") % {"step": step.label, "org": answerer.name}
        ),
        template="partnerships/email/step_answered.txt",
        context={"step": step, "answerer": answerer},
    )
    return step


def record_event_meeting(
    first: Organisation, second: Organisation, *, on: date, note: str, by
) -> Step | None:
    """A one-to-one meeting an event's organiser recorded as held: a confirmed "meeting held"
    step of the pair (both attended; the organiser vouches), which starts the follow-ups.
    Nothing when the pair already has a meeting on that day, or is one organisation."""
    if first.pk == second.pk:
        return None
    with transaction.atomic():
        partnership = _pair_locked(first, second)
        if partnership.steps.filter(stage=Stage.MEETING, occurred_on=on,
                                    status__in=[Status.PENDING, Status.CONFIRMED]).exists():  # fmt: skip
            return None
        step = Step.objects.create(
            partnership=partnership, stage=Stage.MEETING, occurred_on=on, note=note[:MAX_NOTE],
            recorded_for=first, recorded_by=by, status=Status.CONFIRMED,
            answered_at=timezone.now(), answered_by=by,
        )  # fmt: skip
        if _moves_on(partnership, step):
            partnership.stage, partnership.stage_reached_on = step.stage, step.occurred_on
        if partnership.meeting_on is None or on > partnership.meeting_on:
            partnership.meeting_on, partnership.follow_ups_sent = on, 0
        partnership.save()
    return step


@transaction.atomic
def decline_step(step: Step, *, by, reason: str = "") -> Step:
    """The other side says a recorded step did not happen (optionally why); the recording side
    is told and may record it again."""
    step, partnership = _locked_step(step)
    answerer = _require_answerer(step, partnership, by)
    _require_pending(step)
    reason = reason.strip()
    if len(reason) > MAX_NOTE:
        raise ValidationError({"reason": _("At most %(n)d characters.") % {"n": MAX_NOTE}})
    step.status, step.answered_at, step.answered_by = Status.DECLINED, timezone.now(), by
    step.decline_reason = reason
    step.save()
    partnership.save(update_fields=["updated_at"])
    notify_members(
        step.recorded_for,
        subject=lambda: (
            _("Not confirmed: %(step)s with %(org)s") % {"step": step.label, "org": answerer.name}
        ),
        template="partnerships/email/step_answered.txt",
        context={"step": step, "answerer": answerer},
    )
    return step


@transaction.atomic
def withdraw_step(step: Step, *, by) -> Step:
    """The recording side takes back a step that still waits for confirmation."""
    step, partnership = _locked_step(step)
    if not is_member(by, step.recorded_for_id):
        if is_member(by, partnership.other_than(step.recorded_for_id).pk):
            raise PermissionDenied(_("Only the side that recorded a step may withdraw it."))
        raise Http404
    _require_pending(step)
    step.status, step.answered_at, step.answered_by = Status.WITHDRAWN, timezone.now(), by
    step.save(update_fields=["status", "answered_at", "answered_by", "updated_at"])
    return step


# --- Follow-ups --------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has no such day)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _follow_ups_due(partnership: Partnership, today: date) -> int:
    """How many follow-ups of the latest meeting are due by `today` (0, 1 or 2)."""
    if partnership.meeting_on is None:
        return 0
    return sum(add_months(partnership.meeting_on, m) <= today for m in FOLLOW_UP_MONTHS)


def send_follow_ups(now: datetime) -> int:
    """Hourly: 3 and 6 months after a pair's latest confirmed meeting, ask both sides what came
    of it, unless they have signed an agreement since. Each prompt goes out once; a meeting
    recorded long after it happened sends only its latest prompt. Returns how many pairs were
    prompted."""
    today = timezone.localdate(now)
    earliest = add_months(today, -FOLLOW_UP_MONTHS[0])
    candidates = Partnership.objects.filter(
        meeting_on__lte=earliest, follow_ups_sent__lt=len(FOLLOW_UP_MONTHS)
    ).exclude(stage=Stage.AGREEMENT)
    prompted = 0
    for pk in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            partnership = (
                Partnership.objects.select_for_update().select_related("first", "second").get(pk=pk)
            )
            due = _follow_ups_due(partnership, today)
            if due <= partnership.follow_ups_sent or partnership.stage == Stage.AGREEMENT:
                continue
            partnership.follow_ups_sent, partnership.followed_up_at = due, now
            partnership.save(update_fields=["follow_ups_sent", "followed_up_at", "updated_at"])
            months = FOLLOW_UP_MONTHS[due - 1]
            for side in (partnership.first, partnership.second):
                other = partnership.other_than(side.pk)
                notify_members(
                    side,
                    subject=lambda o=other: _("How is it going with %(org)s?") % {"org": o.name},
                    template="partnerships/email/follow_up.txt",
                    context={"partnership": partnership, "other": other, "months": months},
                )
            prompted += 1
    return prompted


def _awaits_follow_up(partnership: Partnership) -> bool:
    """Whether a follow-up prompt went out and nobody has recorded a step since."""
    prompted = partnership.followed_up_at
    if prompted is None or partnership.stage == Stage.AGREEMENT:
        return False
    last = getattr(partnership, "last_step_at", None)
    return last is None or last < prompted


# --- What each side and the officials see ------------------------------------------------------


@dataclass
class Waiting:
    """A step the organisation is asked to confirm."""

    step: Step
    other: Organisation


def pipeline_panel(user, organisation: Organisation) -> dict:
    """The dashboard's partnerships panel: steps waiting for this organisation's answer, pairs
    whose meeting is due a follow-up, and the count of pipelines by stage."""
    partnerships = list(partnerships_of(user, organisation)[:200])
    waiting = (
        Step.objects.filter(partnership__in=[p.pk for p in partnerships], status=Status.PENDING)
        .exclude(recorded_for=organisation)
        .select_related("recorded_for", "partnership")
        .order_by("created_at")
    )
    follow_up = [p for p in partnerships if _awaits_follow_up(p)]
    return {
        "waiting": [Waiting(step, step.recorded_for) for step in waiting[:10]],
        "follow_up": [(p, p.other_than(organisation.pk)) for p in follow_up[:5]],
        "total": len(partnerships),
        "agreements": sum(p.stage == Stage.AGREEMENT for p in partnerships),
    }


def summary(user, *, since: date | None = None) -> dict:
    """The officials' figures: pairs by the furthest confirmed step, agreements by type with
    their count and disclosed value, and steps waiting for confirmation. Only confirmed steps
    count. Refused without `partnerships.view_partnership_summary`."""
    if not user.has_perm(SUMMARY_PERMISSION):
        raise PermissionDenied(_("Only officials may see the partnership figures."))
    pairs = Partnership.objects.exclude(stage="")
    steps = Step.objects.filter(status=Status.CONFIRMED)
    if since is not None:
        pairs = pairs.filter(stage_reached_on__gte=since)
        steps = steps.filter(occurred_on__gte=since)
    by_stage = dict(pairs.values_list("stage").annotate(n=Count("pk")))
    agreements = {
        row["agreement_type"]: row
        for row in steps.filter(stage=Stage.AGREEMENT)
        .values("agreement_type")
        .annotate(n=Count("pk"), value=Sum("value_rupees"))
    }
    cross_border = pairs.filter(
        Q(first__kind=Organisation.Kind.FOREIGN_PARTNER)
        ^ Q(second__kind=Organisation.Kind.FOREIGN_PARTNER)
    ).count()
    return {
        "since": since,
        "by_stage": [
            {"stage": value, "label": str(label), "pairs": by_stage.get(value, 0)}
            for value, label in Stage.choices
        ],
        "pairs": sum(by_stage.values()),
        "cross_border_pairs": cross_border,
        "agreements": [
            {
                "type": value,
                "label": str(label),
                "count": agreements.get(value, {}).get("n", 0),
                "value_rupees": agreements.get(value, {}).get("value") or 0,
            }
            for value, label in AgreementType.choices
        ],
        "agreements_total": sum(row["n"] for row in agreements.values()),
        "agreements_value_rupees": sum(row["value"] or 0 for row in agreements.values()),
        "waiting_for_confirmation": Step.objects.filter(status=Status.PENDING).count(),
    }
