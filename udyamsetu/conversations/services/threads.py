"""Threads: who may read and write a conversation, opening one, sending messages, read marks
and unread counts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from udyamsetu.accounts.models import Organisation
from udyamsetu.accounts.services import membership_to_act_as, ordered_pair
from udyamsetu.conversations.models import (
    MAX_BODY,
    Conversation,
    Message,
    ReadMark,
)
from udyamsetu.core.ratelimit import RateLimited, over_limit
from udyamsetu.core.uploads import store_upload
from udyamsetu.enterprises.models import Enterprise, PartnerProfile

if TYPE_CHECKING:
    from udyamsetu.marketplace.models import Post

REVIEW = "conversations.review_reports"
UPLOAD_PURPOSE = "message"
MAX_REASON = 1000
START_WINDOW = 3600  # CONVERSATION_START_RATE counts per hour
MESSAGE_WINDOW = 60  # MESSAGE_RATE counts per minute
# Before any message: read marks and digests that were never written compare against this.
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


# --- Who is on which side ----------------------------------------------------------------------


def _my_organisations(user) -> QuerySet[Organisation]:
    """The active organisations the user belongs to, as a subquery (no ordering)."""
    return Organisation.objects.filter(memberships__user=user, is_active=True).values("pk")


def _require_member(user, organisation: Organisation | None) -> None:
    if (
        organisation is None
        or not user.is_authenticated
        or not Organisation.objects.filter(
            pk=organisation.pk, memberships__user=user, is_active=True
        ).exists()
    ):
        raise Http404


def conversations_of(user, organisation: Organisation | None = None) -> QuerySet[Conversation]:
    """The conversations the user may read, newest activity first: those of every active
    organisation they belong to, or of `organisation` alone (404 unless they are its member).

    Each carries `my_side` (the id of the participant the user belongs to), `unread` (messages
    from the other side the user has not read) and `preview` (the start of the last message).
    """
    if not user.is_authenticated:
        return Conversation.objects.none()
    if organisation is not None:
        _require_member(user, organisation)
        mine = Organisation.objects.filter(pk=organisation.pk).values("pk")
    else:
        mine = _my_organisations(user)
    read_until = ReadMark.objects.filter(user=user, conversation=OuterRef("pk")).values(
        "last_read_at"
    )[:1]
    unread = (
        Message.objects.filter(
            conversation=OuterRef("pk"),
            removed_at__isnull=True,
            created_at__gt=OuterRef("read_until"),
        )
        .exclude(sender_organisation__in=_my_organisations(user))
        .order_by()
        .values("conversation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last = Message.objects.filter(conversation=OuterRef("pk"), removed_at__isnull=True).order_by(
        "-created_at", "-id"
    )
    return (
        Conversation.objects.filter(Q(first__in=mine) | Q(second__in=mine))
        .select_related("first", "second", "post")
        .annotate(
            my_side=Case(
                When(first__in=mine, then=F("first_id")),
                default=F("second_id"),
                output_field=IntegerField(),
            ),
            read_until=Coalesce(Subquery(read_until), Value(EPOCH, output_field=DateTimeField())),
        )
        .annotate(
            unread=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)),
            preview=Subquery(last.values("body")[:1]),
        )
    )


def visible_conversation(user, pk: int) -> Conversation:
    """A conversation the user may read (a member of either organisation), or 404."""
    conversation = conversations_of(user).filter(pk=pk).first()
    if conversation is None:
        raise Http404
    return conversation


def my_side(conversation: Conversation, user, preferred: Organisation | None = None):
    """The participant the user acts for in this conversation: `preferred` (the organisation
    they act for on the portal) when it is a participant they belong to, else the one they
    belong to; 404 if they belong to neither."""
    ids = set(
        Organisation.objects.filter(
            pk__in=conversation.organisation_ids, memberships__user=user, is_active=True
        ).values_list("pk", flat=True)
    )
    if preferred is not None and preferred.pk in ids:
        return preferred
    if conversation.first_id in ids:
        return conversation.first
    if conversation.second_id in ids:
        return conversation.second
    raise Http404


def acting_organisation(user, organisation_id: int | None = None) -> Organisation:
    """The organisation the user writes for when a client names it (404 unless they are a
    member), or their first active organisation (404 when they have none)."""
    membership = membership_to_act_as(user, organisation_id)
    if membership is None or (organisation_id and membership.organisation_id != organisation_id):
        raise Http404
    return membership.organisation


def other_side(conversation: Conversation, mine: Organisation) -> Organisation:
    """The participant that is not `mine`."""
    return conversation.second if conversation.first_id == mine.pk else conversation.first


def messages_of(conversation: Conversation) -> QuerySet[Message]:
    """The messages of a conversation the caller has already fetched with
    `visible_conversation`, oldest first."""
    return conversation.messages.select_related(
        "sender", "sender_organisation", "attachment"
    ).order_by("created_at", "id")


def visible_message(user, conversation_pk: int, message_pk: int) -> Message:
    """One message of a conversation the user may read, or 404."""
    conversation = visible_conversation(user, conversation_pk)
    message = messages_of(conversation).filter(pk=message_pk).first()
    if message is None:
        raise Http404
    return message


def attachment_for_download(user, conversation_pk: int, message_pk: int):
    """The stored file of a message the user may read, or 404 (none, or removed)."""
    message = visible_message(user, conversation_pk, message_pk)
    if message.attachment is None or message.is_removed:
        raise Http404
    return message.attachment


# --- Opening ---------------------------------------------------------------------------------


def existing_conversation(
    organisation: Organisation, other: Organisation, *, by, post: Post | None = None
) -> Conversation | None:
    """The conversation between two organisations (about `post`, or about nothing), if there
    is one and `by` belongs to `organisation`."""
    if organisation.pk == other.pk:
        return None
    _require_member(by, organisation)
    first, second = ordered_pair(organisation, other)
    return Conversation.objects.filter(first=first, second=second, post=post).first()


def open_conversation(
    organisation: Organisation,
    other: Organisation,
    *,
    by,
    post: Post | None = None,
    subject: str = "",
) -> Conversation:
    """The conversation between `organisation` (which `by` belongs to) and `other` about `post`
    (or about nothing): the existing one, or a new one.

    Idempotent and safe when both sides open it at once: the database allows one conversation
    per pair and post, and the loser of a race gets the winner's. A post must belong to one of
    the two. The other organisation must be active; nobody converses with themselves.
    """
    _require_member(by, organisation)
    if other.pk == organisation.pk:
        raise ValidationError(_("You cannot start a conversation with your own organisation."))
    if not other.is_active:
        raise Http404
    if post is not None and post.organisation_id not in (organisation.pk, other.pk):
        raise ValidationError(
            {"post": _("The opportunity must belong to one of the two organisations.")}
        )
    first, second = ordered_pair(organisation, other)
    lookup: dict[str, Any] = {"first": first, "second": second, "post": post}
    existing = Conversation.objects.filter(**lookup).first()
    if existing is not None:
        return existing
    subject = " ".join((subject or (post.title if post else "")).split())[:200]
    try:
        with transaction.atomic():
            return Conversation.objects.create(**lookup, subject=subject, opened_by=by)
    except IntegrityError:
        # Someone opened the same conversation between our look-up and our insert.
        return Conversation.objects.get(**lookup)


def contactable_organisation(
    user, organisation: Organisation | None, *, slug: str | None = None, pk: int | None = None
) -> Organisation:
    """An organisation that `user`, acting for `organisation`, may write to first: an active one
    with a public enterprise or partner profile (what matches and profile pages show), or one
    they already share a conversation with. 404 for anything else, so private organisations
    cannot be discovered; a ValidationError for their own."""
    _require_member(user, organisation)
    lookup = {"slug": slug} if slug is not None else {"pk": pk}
    other = Organisation.objects.filter(is_active=True, **lookup).first()
    if other is None:
        raise Http404
    if other.pk == organisation.pk:  # type: ignore[union-attr]
        raise ValidationError(_("You cannot start a conversation with your own organisation."))
    first, second = ordered_pair(organisation, other)  # type: ignore[arg-type]
    public = (
        Enterprise.objects.filter(organisation=other, is_published=True).exists()
        or PartnerProfile.objects.filter(organisation=other, is_published=True).exists()
        or Conversation.objects.filter(first=first, second=second).exists()
    )
    if not public:
        raise Http404
    return other


def start_from_match(
    organisation: Organisation,
    other: Organisation,
    *,
    by,
    body: str,
    subject: str = "",
    post: Post | None = None,
    upload: Any = None,
) -> Conversation:
    """`by`, acting for `organisation`, writes to `other` from a match or its public profile:
    opens the conversation (or reuses the one there is) and sends the first message.

    `other` must be contactable (see `contactable_organisation`); a post must be one of
    `organisation`'s own (an opportunity it seeks matches for). The first message needs text.
    Opening new conversations is limited per user (`CONVERSATION_START_RATE` an hour).
    Nothing is written when anything is refused.
    """
    other = contactable_organisation(by, organisation, pk=other.pk)
    if post is not None and post.organisation_id != organisation.pk:
        raise Http404
    if not body.strip():
        raise ValidationError({"body": _("Write your first message.")})
    if existing_conversation(organisation, other, by=by, post=post) is None and over_limit(
        "conversation-start", f"user:{by.pk}", settings.CONVERSATION_START_RATE, START_WINDOW
    ):
        raise RateLimited(
            _(
                "You have started %(count)s conversations in the last hour, the most allowed. "
                "Please wait a while, or reply in a conversation you already have."
            )
            % {"count": settings.CONVERSATION_START_RATE}
        )
    with transaction.atomic():
        conversation = open_conversation(organisation, other, by=by, post=post, subject=subject)
        send_message(conversation, by=by, organisation=organisation, body=body, upload=upload)
    return conversation


# --- Writing and reading ---------------------------------------------------------------------


def send_message(
    conversation: Conversation,
    *,
    by,
    organisation: Organisation,
    body: str,
    upload: Any = None,
) -> Message:
    """`by` writes in the conversation for `organisation`, one of its two participants.

    A message has text (at most 4,000 characters), an attachment (checked like every upload:
    PDF, PNG or JPEG by content, size-limited), or both. A user may send `MESSAGE_RATE`
    messages a minute. A refused attachment writes nothing. The sender has read everything up
    to their own message.
    """
    if organisation.pk not in conversation.organisation_ids:
        raise Http404
    _require_member(by, organisation)
    body = body.strip()
    if len(body) > MAX_BODY:
        raise ValidationError(
            {"body": _("Keep a message to %(max)s characters or fewer.") % {"max": MAX_BODY}}
        )
    if not body and not upload:
        raise ValidationError({"body": _("Write a message or attach a file.")})
    if over_limit("message", f"user:{by.pk}", settings.MESSAGE_RATE, MESSAGE_WINDOW):
        raise RateLimited(
            _("You have sent %(count)s messages in the last minute. Please wait a moment.")
            % {"count": settings.MESSAGE_RATE}
        )
    stored = None
    if upload:
        try:
            stored = store_upload(upload, by=by, purpose=UPLOAD_PURPOSE)
        except ValidationError as exc:
            raise ValidationError({"attachment": exc.messages}) from None
    with transaction.atomic():
        message = Message.objects.create(
            conversation=conversation,
            sender=by,
            sender_organisation=organisation,
            body=body,
            attachment=stored,
        )
        Conversation.objects.filter(pk=conversation.pk).update(
            last_message_at=message.created_at, updated_at=timezone.now()
        )
        conversation.last_message_at = message.created_at
        _set_read(by, conversation, message.created_at)
    return message


def _set_read(user, conversation: Conversation, at: datetime) -> None:
    ReadMark.objects.bulk_create(
        [ReadMark(user=user, conversation=conversation, last_read_at=at)],
        update_conflicts=True,
        unique_fields=["user", "conversation"],
        update_fields=["last_read_at"],
    )


def mark_read(conversation: Conversation, *, by, at: datetime | None = None) -> None:
    """`by` has read the conversation up to `at` (now unless given). Only its participants'
    members may (404)."""
    visible_conversation(by, conversation.pk)
    _set_read(by, conversation, at or timezone.now())


def unread_count(user) -> int:
    """How many messages from other organisations the user has not read, over all their
    conversations (the number in the navigation). One query."""
    if not user.is_authenticated:
        return 0
    mine = _my_organisations(user)
    read_until = ReadMark.objects.filter(user=user, conversation=OuterRef("conversation")).values(
        "last_read_at"
    )[:1]
    return (
        Message.objects.filter(
            Q(conversation__first__in=mine) | Q(conversation__second__in=mine),
            removed_at__isnull=True,
        )
        .exclude(sender_organisation__in=mine)
        .annotate(read_until=Coalesce(Subquery(read_until), Value(EPOCH)))
        .filter(created_at__gt=F("read_until"))
        .count()
    )
