"""The hourly e-mail digest of unread messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import (
    Exists,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from udyamsetu.accounts.models import Organisation
from udyamsetu.conversations.models import (
    Conversation,
    DigestMark,
    Message,
)
from udyamsetu.conversations.services.threads import EPOCH, _my_organisations, conversations_of
from udyamsetu.core.services import as_recipient, send_email_later

# --- The digest ------------------------------------------------------------------------------


@dataclass
class DigestLine:
    conversation: Conversation
    other: Organisation
    unread: int
    url: str


def send_digests(now: datetime | None = None) -> int:
    """E-mail each user who wants it (`message_digest`) one digest of their unread
    conversations, when messages arrived that they have not read since their last digest.

    Hourly (`HOUSEKEEPING_JOBS`). The digest lists conversations and unread counts, never the
    messages themselves. Each user's digest mark is locked while they are handled and moved to
    `now`, so two runs never send the same messages twice. Returns how many e-mails were queued.
    """
    now = now or timezone.now()
    user_model = get_user_model()
    digest_at = DigestMark.objects.filter(user=OuterRef("pk")).values("last_sent_at")[:1]
    news = Conversation.objects.filter(
        Q(first__memberships__user=OuterRef("pk")) | Q(second__memberships__user=OuterRef("pk")),
        last_message_at__gt=OuterRef("digest_at"),
    )
    candidates = (
        user_model.objects.filter(is_active=True, message_digest=True)
        .exclude(email="")
        .annotate(digest_at=Coalesce(Subquery(digest_at), Value(EPOCH)))
        .filter(Exists(news))
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in list(candidates):
        with transaction.atomic():
            user = user_model.objects.filter(pk=pk, is_active=True, message_digest=True).first()
            if user is None:
                continue
            DigestMark.objects.bulk_create(
                [DigestMark(user=user, last_sent_at=EPOCH)], ignore_conflicts=True
            )
            mark = DigestMark.objects.select_for_update(skip_locked=True).filter(user=user).first()
            if mark is None:  # another run is handling this user
                continue
            if _send_digest(user, since=mark.last_sent_at, until=now):
                sent += 1
            mark.last_sent_at = now
            mark.save(update_fields=["last_sent_at"])
    return sent


def _send_digest(user, *, since: datetime, until: datetime) -> bool:
    conversations = list(
        conversations_of(user)
        .filter(unread__gt=0)
        .annotate(
            fresh=Exists(
                Message.objects.filter(
                    conversation=OuterRef("pk"),
                    removed_at__isnull=True,
                    created_at__gt=since,
                    created_at__lte=until,
                )
                .filter(created_at__gt=OuterRef("read_until"))
                .exclude(sender_organisation__in=_my_organisations(user))
            )
        )
    )
    if not any(c.fresh for c in conversations):
        return False
    portal = settings.PORTAL_URL
    lines = [
        DigestLine(
            conversation=c,
            other=c.second if c.first_id == c.my_side else c.first,
            unread=c.unread,
            url=portal + c.get_absolute_url(),
        )
        for c in conversations
    ]
    total = sum(line.unread for line in lines)
    with as_recipient(user):
        context = {
            "user": user,
            "lines": lines,
            "total": total,
            "inbox_url": portal + reverse("conversations:inbox"),
            "preferences_url": portal + reverse("accounts:preferences"),
        }
        send_email_later(
            subject=ngettext(
                "%(count)s unread message on Udyam Setu",
                "%(count)s unread messages on Udyam Setu",
                total,
            )
            % {"count": total},
            body=render_to_string("conversations/email/digest.txt", context),
            to=[user.email],
        )
    return True
