"""Admin for staff: the pairs and their steps, read-only facts for support."""

from __future__ import annotations

from django.contrib import admin

from udyamsetu.partnerships.models import Partnership, Step


class StepInline(admin.TabularInline):
    model = Step
    extra = 0
    fields = ["stage", "agreement_type", "value_rupees", "occurred_on", "recorded_for", "status"]
    readonly_fields = fields
    can_delete = False


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["id", "first", "second", "stage", "stage_reached_on", "meeting_on"]
    list_filter = ["stage"]
    search_fields = ["first__name", "second__name"]
    raw_id_fields = ["first", "second"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [StepInline]
