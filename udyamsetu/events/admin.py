"""Admin for staff: events with their sessions and slots; registrations and meetings."""

from __future__ import annotations

from django.contrib import admin

from udyamsetu.events.models import Event, Meeting, MeetingSlot, Registration, Session


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


class SlotInline(admin.TabularInline):
    model = MeetingSlot
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "organiser", "starts_at", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    raw_id_fields = ["organiser"]
    inlines = [SessionInline, SlotInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "event", "status", "listed", "checked_in_at"]
    list_filter = ["status"]
    raw_id_fields = ["event", "user", "organisation"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["event", "slot", "table", "first", "second", "locked", "outcome"]
    raw_id_fields = ["event", "first", "second", "slot"]
