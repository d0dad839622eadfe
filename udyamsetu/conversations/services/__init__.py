"""Business rules for conversations: who may open, read and write a thread, unread counts,
reports to officials and the hourly e-mail digest.

A conversation belongs to two organisations; every member of either may read and write it, and
nobody else may (404). Officials with `conversations.review_reports` see the messages reported
to them and nothing else of the thread.
"""

from udyamsetu.conversations.services.digest import DigestLine, send_digests
from udyamsetu.conversations.services.reports import (
    report_attachment,
    report_message,
    reported_messages,
    resolve_report,
    visible_report,
)
from udyamsetu.conversations.services.threads import (
    EPOCH,
    MAX_REASON,
    REVIEW,
    acting_organisation,
    attachment_for_download,
    contactable_organisation,
    conversations_of,
    existing_conversation,
    mark_read,
    messages_of,
    my_side,
    open_conversation,
    other_side,
    send_message,
    start_from_match,
    unread_count,
    visible_conversation,
    visible_message,
)

__all__ = [
    "EPOCH", "MAX_REASON", "REVIEW", "DigestLine", "acting_organisation",
    "attachment_for_download", "contactable_organisation", "conversations_of",
    "existing_conversation", "mark_read", "messages_of", "my_side", "open_conversation",
    "other_side", "report_attachment", "report_message", "reported_messages", "resolve_report",
    "send_digests", "send_message", "start_from_match", "unread_count", "visible_conversation",
    "visible_message", "visible_report",
]  # fmt: skip
