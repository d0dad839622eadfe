"""Reports of messages to officials, who see the reported message and nothing else of the
thread."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import (
    F,
    QuerySet,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from udyamsetu.conversations.models import (
    Message,
    Report,
)
from udyamsetu.conversations.services.threads import (
    MAX_REASON,
    REVIEW,
    _my_organisations,
    my_side,
    visible_conversation,
)

# --- Reports ---------------------------------------------------------------------------------


def report_message(message: Message, *, by, reason: str) -> Report:
    """A participant reports a message from the other side to the officials.

    404 for anyone who may not read the conversation; a message of one's own side cannot be
    reported, and a person reports a message once.
    """
    conversation = visible_conversation(by, message.conversation_id)
    side = my_side(conversation, by)
    if _my_organisations(by).filter(pk=message.sender_organisation_id).exists():
        raise ValidationError(_("You can only report messages from the other organisation."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say what is wrong with this message.")})
    if len(reason) > MAX_REASON:
        raise ValidationError(
            {"reason": _("Keep the reason to %(max)s characters or fewer.") % {"max": MAX_REASON}}
        )
    try:
        with transaction.atomic():
            return Report.objects.create(
                message=message, reported_by=by, reporting_organisation=side, reason=reason
            )
    except IntegrityError:
        raise ValidationError(_("You have already reported this message.")) from None


def reported_messages(user, *, open_only: bool = False) -> QuerySet[Report]:
    """The reports officials review, open ones first, each with its message and nothing else of
    the conversation. For officials with `conversations.review_reports` only."""
    if not user.is_authenticated or not user.has_perm(REVIEW):
        raise PermissionDenied(_("Only officials who review reported messages can see them."))
    reports = Report.objects.select_related(
        "message__sender",
        "message__sender_organisation",
        "message__attachment",
        "reporting_organisation",
        "reported_by",
        "resolved_by",
    ).order_by(F("resolved_at").desc(nulls_first=True), "-created_at")
    if open_only:
        reports = reports.filter(resolved_at__isnull=True)
    return reports


def visible_report(user, pk: int) -> Report:
    """One report, for officials who review them; 404 for everyone else."""
    if not user.is_authenticated or not user.has_perm(REVIEW):
        raise Http404
    report = reported_messages(user).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def report_attachment(report: Report):
    """The attachment of a reported message, for the official who fetched the report with
    `visible_report`; 404 when it has none or the message was removed."""
    if report.message.attachment is None or report.message.is_removed:
        raise Http404
    return report.message.attachment


def resolve_report(report: Report, *, by, remove_message: bool = False) -> Report:
    """An official settles a report, and with it every open report of the same message;
    `remove_message` hides the message's text and attachment from everyone."""
    if not by.has_perm(REVIEW):
        raise PermissionDenied(_("Only officials who review reported messages can resolve them."))
    now = timezone.now()
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=report.message_id)
        if remove_message and message.removed_at is None:
            message.removed_at = now
            message.removed_by = by
            message.save(update_fields=["removed_at", "removed_by"])
        Report.objects.filter(message=message, resolved_at__isnull=True).update(
            resolved_at=now, resolved_by=by, updated_at=now
        )
    report.refresh_from_db()
    return report
