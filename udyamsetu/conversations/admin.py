"""Admin for staff. Message text is private to the two organisations, so the admin shows the
facts about messages (who, when, an attachment) but never their text; reported messages are
read by officials on their own page."""

from __future__ import annotations

from django.contrib import admin

from udyamsetu.conversations.models import Conversation, DigestMark, Message, ReadMark, Report


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["id", "first", "second", "post", "created_at", "last_message_at"]
    search_fields = ["first__name", "second__name"]
    raw_id_fields = ["first", "second", "post", "opened_by"]
    readonly_fields = ["created_at", "updated_at", "last_message_at"]
    exclude = ["subject"]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "conversation",
        "sender",
        "sender_organisation",
        "created_at",
        "removed_at",
    ]
    list_filter = ["removed_at"]
    raw_id_fields = ["conversation", "sender", "sender_organisation", "attachment", "removed_by"]
    exclude = ["body"]
    readonly_fields = ["created_at"]

    def has_add_permission(self, request) -> bool:
        return False  # messages are written by participants only


@admin.register(ReadMark)
class ReadMarkAdmin(admin.ModelAdmin):
    list_display = ["user", "conversation", "last_read_at"]
    raw_id_fields = ["user", "conversation"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["id", "reporting_organisation", "reported_by", "created_at", "resolved_at"]
    list_filter = ["resolved_at"]
    raw_id_fields = ["message", "reported_by", "reporting_organisation", "resolved_by"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(DigestMark)
class DigestMarkAdmin(admin.ModelAdmin):
    list_display = ["user", "last_sent_at"]
    raw_id_fields = ["user"]
