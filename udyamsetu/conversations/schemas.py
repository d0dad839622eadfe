"""API shapes for conversations, messages and reports."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from udyamsetu.conversations.models import MAX_BODY
from udyamsetu.conversations.services import MAX_REASON


class ErrorOut(Schema):
    detail: str | dict


class OrganisationRef(Schema):
    id: int
    name: str
    slug: str
    kind: str


class AttachmentOut(Schema):
    name: str
    content_type: str
    size: int
    url: str  # download it with the same credentials


class MessageOut(Schema):
    id: int
    sender: str  # the sender's name, "" for a former member
    sender_organisation: OrganisationRef
    mine: bool  # sent by the caller's side of the conversation
    body: str  # "" when removed by an official
    attachment: AttachmentOut | None
    created_at: datetime
    removed: bool


class ConversationOut(Schema):
    id: int
    subject: str
    post_id: int | None
    post_title: str
    my_organisation: OrganisationRef
    other_organisation: OrganisationRef
    created_at: datetime
    last_message_at: datetime | None
    unread: int


class ConversationDetailOut(ConversationOut):
    messages: list[MessageOut]


class UnreadOut(Schema):
    unread: int


class MessageIn(Schema):
    body: str = Field(max_length=MAX_BODY)


class StartIn(Schema):
    organisation_id: int = Field(description="The organisation to write to.")
    body: str = Field(max_length=MAX_BODY, description="The first message (required).")
    subject: str = Field("", max_length=200)
    post_id: int | None = Field(None, description="One of your opportunities it is about.")
    from_organisation_id: int | None = Field(
        None, description="The organisation you write for; your first one if left out."
    )


class ReportIn(Schema):
    reason: str = Field(max_length=MAX_REASON)


class ReportOut(Schema):
    id: int
    message_id: int
    reason: str
    created_at: datetime
    resolved_at: datetime | None


class ReviewedReportOut(ReportOut):
    reporting_organisation: OrganisationRef
    message: MessageOut


class ResolveIn(Schema):
    remove_message: bool = False
