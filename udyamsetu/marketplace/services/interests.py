"""Expressions of interest: one per organisation and post, answered by the post's team.

Sending checks that the post is open and visible to the sender's organisation (category A
licences only to eligible Indian enterprises). Accepting opens a conversation between the two
organisations and shows an anonymous poster's name to the accepted organisation. A pending
expression expires after `INTEREST_EXPIRY_DAYS`; the team is reminded
`INTEREST_REMINDER_DAYS` before.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from udyamsetu.accounts.models import Organisation
from udyamsetu.accounts.services import organisations_of
from udyamsetu.core import ratelimit
from udyamsetu.core.services import notify_members
from udyamsetu.core.uploads import check_upload, store_upload
from udyamsetu.marketplace.models import Interest, Post
from udyamsetu.marketplace.services.visibility import is_member, open_posts, visible_posts

MAX_ATTACHMENTS = 3
Status = Interest.Status


def _poster_name(post: Post) -> str:
    return _("An anonymous poster") if post.is_anonymous else post.organisation.name


def send_interest(
    post: Post,
    *,
    by,
    organisation: Organisation,
    summary: str,
    proposal: str,
    uploads: Sequence = (),
) -> Interest:
    """`by`, acting for `organisation`, expresses interest in an open post. Refused with a clear
    message when the organisation already has (whatever became of it), when the post is its
    own, closed or not visible to it; attachments are checked before anything is written."""
    if not is_member(by, organisation.pk):
        raise PermissionDenied(_("Only the organisation's members may do this."))
    if not visible_posts(by, organisation).filter(pk=post.pk).exists():
        raise Http404
    if post.organisation_id == organisation.pk:
        raise ValidationError(_("This is your own organisation's opportunity."))
    if not open_posts().filter(pk=post.pk).exists():
        raise ValidationError(_("This opportunity is no longer open."))
    errors = {}
    if not summary.strip():
        errors["summary"] = _("Say what you bring.")
    if not proposal.strip():
        errors["proposal"] = _("Suggest a next step.")
    if len(uploads) > MAX_ATTACHMENTS:
        errors["attachments"] = _("At most %(n)d files.") % {"n": MAX_ATTACHMENTS}
    else:
        for upload in uploads:
            try:
                check_upload(upload)
                upload.seek(0)
            except ValidationError as error:
                errors["attachments"] = [f"{upload.name}: {m}" for m in error.messages]
                break
    if errors:
        raise ValidationError(errors)
    existing = Interest.objects.filter(post=post, organisation=organisation).first()
    if existing:
        raise ValidationError(_already_sent(existing))
    if ratelimit.over_limit("interest", str(by.pk), settings.INTEREST_RATE, 3600):
        raise ValidationError(_("Too many expressions of interest in an hour. Please wait."))
    try:
        with transaction.atomic():
            interest = Interest.objects.create(
                post=post, organisation=organisation, submitted_by=by,
                summary=summary.strip(), proposal=proposal.strip(),
                expires_at=timezone.now() + timedelta(days=settings.INTEREST_EXPIRY_DAYS),
            )  # fmt: skip
            for upload in uploads:
                interest.attachments.add(store_upload(upload, by=by, purpose="interest"))
            notify_members(
                post.organisation,
                subject=lambda: _("Interest in %(title)s") % {"title": post.title},
                template="marketplace/email/interest_received.txt",
                context={"post": post, "interest": interest},
            )
    except IntegrityError:
        # Two members of the same organisation sent at once: the other one won.
        existing = Interest.objects.get(post=post, organisation=organisation)
        raise ValidationError(_already_sent(existing)) from None
    return interest


def _already_sent(existing: Interest) -> str:
    return _(
        "Your organisation already expressed interest in this opportunity on %(date)s "
        "(%(status)s). Only one expression of interest per organisation is allowed."
    ) % {
        "date": date_format(timezone.localtime(existing.created_at).date()),
        "status": existing.get_status_display().lower(),
    }


def _locked(interest: Interest) -> Interest:
    return (
        Interest.objects.select_for_update(of=("self",))
        .select_related("post__organisation", "organisation")
        .get(pk=interest.pk)
    )


def _require_pending(interest: Interest) -> None:
    if interest.status != Status.PENDING:
        raise ValidationError(
            _("This expression of interest is already %(status)s.")
            % {"status": interest.get_status_display().lower()}
        )


@transaction.atomic
def accept_interest(interest: Interest, *, by) -> Interest:
    """The post's team accepts: the interested organisation is told, learns who posted, and a
    conversation between the two opens (returned as `interest.conversation` when the
    conversations app is installed)."""
    interest = _locked(interest)
    post = interest.post
    if not is_member(by, post.organisation_id):
        raise PermissionDenied(_("Only the poster's team may answer."))
    _require_pending(interest)
    interest.status, interest.decided_at, interest.decided_by = Status.ACCEPTED, timezone.now(), by
    interest.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    interest.conversation = _open_conversation(interest, by=by)
    notify_members(
        interest.organisation,
        subject=lambda: _("Accepted: your interest in %(title)s") % {"title": post.title},
        template="marketplace/email/interest_accepted.txt",
        context={"post": post, "interest": interest},
    )
    return interest


def _open_conversation(interest: Interest, *, by):
    from django.apps import apps

    if not apps.is_installed("udyamsetu.conversations"):
        return None
    from udyamsetu.conversations.services import open_conversation

    return open_conversation(
        interest.post.organisation, interest.organisation, by=by, post=interest.post,
        subject=interest.post.title,
    )  # fmt: skip


def conversation_of(interest: Interest, *, by):
    """The conversation an accepted expression of interest opened, seen from `by`'s side; None
    before acceptance or without the conversations app."""
    from django.apps import apps

    if interest.status != Status.ACCEPTED or not apps.is_installed("udyamsetu.conversations"):
        return None
    from udyamsetu.conversations.services import existing_conversation

    post = interest.post
    if is_member(by, post.organisation_id):
        return existing_conversation(post.organisation, interest.organisation, by=by, post=post)
    if is_member(by, interest.organisation_id):
        return existing_conversation(interest.organisation, post.organisation, by=by, post=post)
    return None


@transaction.atomic
def decline_interest(interest: Interest, *, by, reason: str = "") -> Interest:
    """The post's team declines, optionally saying why; the interested organisation is told
    (an anonymous poster stays anonymous)."""
    interest = _locked(interest)
    if not is_member(by, interest.post.organisation_id):
        raise PermissionDenied(_("Only the poster's team may answer."))
    _require_pending(interest)
    _decline(interest, by=by, reason=reason)
    return interest


def _decline(interest: Interest, *, by, reason: str) -> None:
    interest.status, interest.decided_at, interest.decided_by = Status.DECLINED, timezone.now(), by
    interest.decline_reason = reason.strip()
    interest.save()
    notify_members(
        interest.organisation,
        subject=lambda: _("Declined: your interest in %(title)s") % {"title": interest.post.title},
        template="marketplace/email/interest_declined.txt",
        context={"post": interest.post, "interest": interest,
                 "poster": _poster_name(interest.post)},
    )  # fmt: skip


def decline_pending(post: Post, *, by, reason: str) -> int:
    """Decline every pending expression of interest in a post (it was closed)."""
    pending = Interest.objects.select_for_update().select_related("post__organisation",
                                                                  "organisation")  # fmt: skip
    handled = 0
    for interest in pending.filter(post=post, status=Status.PENDING):
        _decline(interest, by=by, reason=reason)
        handled += 1
    return handled


@transaction.atomic
def withdraw_interest(interest: Interest, *, by) -> Interest:
    """The interested organisation takes back an unanswered expression of interest. It still
    counts as its one expression for the post."""
    interest = _locked(interest)
    if not is_member(by, interest.organisation_id):
        raise PermissionDenied(_("Only the interested organisation may withdraw it."))
    _require_pending(interest)
    interest.status, interest.decided_at = Status.WITHDRAWN, timezone.now()
    interest.save(update_fields=["status", "decided_at", "updated_at"])
    return interest


def expire_interests(now: datetime) -> int:
    """Hourly: pending expressions past their answer date expire (both sides told); those due
    within `INTEREST_REMINDER_DAYS` remind the post's team once. Returns how many."""
    handled = 0
    for pk in Interest.objects.filter(status=Status.PENDING, expires_at__lte=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            interest = _locked(Interest(pk=pk))
            if interest.status != Status.PENDING or interest.expires_at > now:
                continue
            interest.status, interest.decided_at = Status.EXPIRED, now
            interest.save(update_fields=["status", "decided_at", "updated_at"])
            context = {"post": interest.post, "interest": interest,
                       "poster": _poster_name(interest.post)}  # fmt: skip
            for organisation in (interest.organisation, interest.post.organisation):
                notify_members(
                    organisation,
                    subject=lambda i=interest: (
                        _("Expired unanswered: interest in %(title)s") % {"title": i.post.title}
                    ),
                    template="marketplace/email/interest_expired.txt",
                    context={**context, "to_poster": organisation == interest.post.organisation},
                )
            handled += 1
    soon = now + timedelta(days=settings.INTEREST_REMINDER_DAYS)
    due = Interest.objects.filter(
        status=Status.PENDING, expires_at__gt=now, expires_at__lte=soon, reminded_at__isnull=True
    )
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            interest = _locked(Interest(pk=pk))
            if interest.reminded_at is not None or interest.status != Status.PENDING:
                continue
            interest.reminded_at = now
            interest.save(update_fields=["reminded_at"])
            notify_members(
                interest.post.organisation,
                subject=lambda i=interest: (
                    _("Reminder: answer %(name)s about %(title)s")
                    % {"name": i.organisation.name, "title": i.post.title}
                ),
                template="marketplace/email/interest_reminder.txt",
                context={"post": interest.post, "interest": interest},
            )
            handled += 1
    return handled


def interests_in(post: Post, user) -> QuerySet[Interest]:
    """Expressions of interest in a post, for its team only (404 for anyone else)."""
    if not is_member(user, post.organisation_id):
        raise Http404
    return post.interests.select_related("organisation", "submitted_by").prefetch_related(
        "attachments"
    )


def own_interest(post: Post, organisation: Organisation | None) -> Interest | None:
    """The acting organisation's expression of interest in a post, if it sent one."""
    if organisation is None:
        return None
    return Interest.objects.filter(post=post, organisation=organisation).first()


def interests_sent(user, organisation: Organisation) -> QuerySet[Interest]:
    """What an organisation has expressed interest in, newest first (its members only)."""
    if not organisations_of(user).filter(pk=organisation.pk).exists():
        return Interest.objects.none()
    return organisation.interests.select_related("post", "post__organisation")


def visible_interest(user, pk: int) -> Interest:
    """An expression of interest seen by the post's team or the interested organisation; 404
    for everyone else."""
    if not user.is_authenticated:
        raise Http404
    mine = organisations_of(user)
    interest = (
        Interest.objects.select_related("post__organisation", "organisation")
        .filter(Q(organisation__in=mine) | Q(post__organisation__in=mine), pk=pk)
        .first()
    )
    if interest is None:
        raise Http404
    return interest
