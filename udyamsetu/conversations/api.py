"""Conversations in the API: the inbox with unread counts, a thread with its messages, writing
(JSON, or multipart with an attachment), starting from a match, read marks and reports.
Everything a non-participant asks about is 404."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from ninja import File, Form, Router, Status, UploadedFile

from udyamsetu.conversations import services
from udyamsetu.conversations.models import Conversation, Message, Report
from udyamsetu.conversations.schemas import (
    ConversationDetailOut,
    ConversationOut,
    ErrorOut,
    MessageIn,
    MessageOut,
    ReportIn,
    ReportOut,
    ResolveIn,
    ReviewedReportOut,
    StartIn,
    UnreadOut,
)
from udyamsetu.core.uploads import file_response
from udyamsetu.marketplace.services import post_for_matches

router = Router(tags=["conversations"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut}


def _org(organisation) -> dict:
    return {
        "id": organisation.pk,
        "name": organisation.name,
        "slug": organisation.slug,
        "kind": organisation.kind,
    }


def _message(message: Message, *, mine_id: int | None, attachment_url: str | None) -> dict:
    removed = message.is_removed
    attachment = None
    if message.attachment and not removed and attachment_url:
        attachment = {
            "name": message.attachment.original_name,
            "content_type": message.attachment.content_type,
            "size": message.attachment.size,
            "url": attachment_url,
        }
    return {
        "id": message.pk,
        "sender": message.sender.full_name if message.sender else "",
        "sender_organisation": _org(message.sender_organisation),
        "mine": message.sender_organisation_id == mine_id,
        "body": "" if removed else message.body,
        "attachment": attachment,
        "created_at": message.created_at,
        "removed": removed,
    }


def _attachment_url(message: Message) -> str:
    return reverse("api:conversation_attachment", args=[message.conversation_id, message.pk])


def _conversation(conversation: Conversation) -> dict:
    return {
        "id": conversation.pk,
        "subject": conversation.subject,
        "post_id": conversation.post_id,
        "post_title": conversation.post.title if conversation.post else "",
        "my_organisation": _org(conversation.my_organisation),
        "other_organisation": _org(conversation.other_organisation),
        "created_at": conversation.created_at,
        "last_message_at": conversation.last_message_at,
        "unread": conversation.unread,
    }


@router.get(
    "/conversations",
    response=list[ConversationOut],
    summary="My conversations, latest first, with unread counts",
)
def conversation_list(request: HttpRequest, limit: int = 50, offset: int = 0):
    limit = max(1, min(limit, 200))
    rows = services.conversations_of(request.user)[max(offset, 0) : max(offset, 0) + limit]
    return [_conversation(c) for c in rows]


@router.get(
    "/conversations/unread", response=UnreadOut, summary="How many messages I have not read"
)
def unread(request: HttpRequest):
    return {"unread": services.unread_count(request.user)}


@router.post(
    "/conversations",
    response={201: ConversationOut, **ERRORS},
    summary="Write to an organisation from a match or its public profile",
    description=(
        "Opens the conversation (or reuses the one you have) and sends the first message. The "
        "organisation must have a public enterprise or partner profile, or already be in a "
        "conversation with you; 404 otherwise. New conversations are limited per hour (429)."
    ),
)
def start(request: HttpRequest, payload: StartIn):
    acting = services.acting_organisation(request.user, payload.from_organisation_id)
    other = services.contactable_organisation(request.user, acting, pk=payload.organisation_id)
    post = post_for_matches(request.user, payload.post_id) if payload.post_id else None
    conversation = services.start_from_match(
        acting, other, by=request.user, body=payload.body, subject=payload.subject, post=post
    )
    return Status(201, _conversation(services.visible_conversation(request.user, conversation.pk)))


@router.get(
    "/conversations/{conversation_id}",
    response={200: ConversationDetailOut, 404: ErrorOut},
    summary="One conversation with its messages (does not mark it read)",
)
def conversation_detail(request: HttpRequest, conversation_id: int):
    conversation = services.visible_conversation(request.user, conversation_id)
    mine = conversation.my_organisation
    return {
        **_conversation(conversation),
        "messages": [
            _message(m, mine_id=mine.pk, attachment_url=_attachment_url(m))
            for m in services.messages_of(conversation)
        ],
    }


def _send(request: HttpRequest, conversation_id: int, body: str, upload=None):
    conversation = services.visible_conversation(request.user, conversation_id)
    mine = conversation.my_organisation
    message = services.send_message(
        conversation, by=request.user, organisation=mine, body=body, upload=upload
    )
    message = services.messages_of(conversation).get(pk=message.pk)
    return Status(201, _message(message, mine_id=mine.pk, attachment_url=_attachment_url(message)))


@router.post(
    "/conversations/{conversation_id}/messages",
    response={201: MessageOut, **ERRORS},
    summary="Send a message",
    description="At most 4,000 characters; messages per minute are limited (429).",
)
def send(request: HttpRequest, conversation_id: int, payload: MessageIn):
    return _send(request, conversation_id, payload.body)


@router.post(
    "/conversations/{conversation_id}/messages/upload",
    response={201: MessageOut, **ERRORS},
    summary="Send a message with an attachment (multipart/form-data)",
    description=(
        "Fields `attachment` (a PDF, PNG or JPEG, checked by its content; 10 MB at most) and "
        "`body` (optional text). A refused file sends nothing (400)."
    ),
)
def send_with_attachment(
    request: HttpRequest,
    conversation_id: int,
    attachment: File[UploadedFile],
    body: Form[str] = "",
):
    return _send(request, conversation_id, body, upload=attachment)


@router.get(
    "/conversations/{conversation_id}/messages/{message_id}/attachment",
    response={200: None, 404: ErrorOut},
    url_name="conversation_attachment",
    summary="Download a message's attachment",
)
def attachment(request: HttpRequest, conversation_id: int, message_id: int):
    return file_response(
        services.attachment_for_download(request.user, conversation_id, message_id)
    )


@router.post(
    "/conversations/{conversation_id}/read",
    response={204: None, 404: ErrorOut},
    summary="Mark a conversation read up to now",
)
def mark_read(request: HttpRequest, conversation_id: int):
    conversation = services.visible_conversation(request.user, conversation_id)
    services.mark_read(conversation, by=request.user)
    return Status(204, None)


@router.post(
    "/conversations/{conversation_id}/messages/{message_id}/report",
    response={201: ReportOut, **ERRORS},
    summary="Report a message from the other organisation to the officials",
)
def report(request: HttpRequest, conversation_id: int, message_id: int, payload: ReportIn):
    message = services.visible_message(request.user, conversation_id, message_id)
    return Status(201, services.report_message(message, by=request.user, reason=payload.reason))


def _reviewed(found: Report) -> dict:
    url = reverse("api:conversation_report_attachment", args=[found.pk])
    return {
        "id": found.pk,
        "message_id": found.message_id,
        "reason": found.reason,
        "created_at": found.created_at,
        "resolved_at": found.resolved_at,
        "reporting_organisation": _org(found.reporting_organisation),
        "message": _message(found.message, mine_id=None, attachment_url=url),
    }


@router.get(
    "/conversation-reports",
    response={200: list[ReviewedReportOut], 403: ErrorOut},
    summary="Reported messages (officials who review them)",
    description="Each reported message with its report, never the rest of the conversation.",
)
def report_list(request: HttpRequest, open_only: bool = False, limit: int = 50, offset: int = 0):
    limit = max(1, min(limit, 200))
    reports = services.reported_messages(request.user, open_only=open_only)
    return [_reviewed(r) for r in reports[max(offset, 0) : max(offset, 0) + limit]]


@router.post(
    "/conversation-reports/{report_id}/resolve",
    response={200: ReviewedReportOut, 403: ErrorOut, 404: ErrorOut},
    summary="Resolve a report, perhaps removing the message (officials)",
)
def resolve(request: HttpRequest, report_id: int, payload: ResolveIn):
    found = services.visible_report(request.user, report_id)
    services.resolve_report(found, by=request.user, remove_message=payload.remove_message)
    return _reviewed(services.visible_report(request.user, report_id))


@router.get(
    "/conversation-reports/{report_id}/attachment",
    response={200: None, 404: ErrorOut},
    url_name="conversation_report_attachment",
    summary="Download a reported message's attachment (officials)",
)
def report_attachment(request: HttpRequest, report_id: int):
    found = services.visible_report(request.user, report_id)
    return file_response(services.report_attachment(found))
