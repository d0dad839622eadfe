"""Admin for staff: facilities with their hours, holidays and machines; bookings read-only
apart from their status."""

from __future__ import annotations

from django.contrib import admin

from udyamsetu.facilities.models import Booking, Equipment, Facility, Holiday, OpeningHours


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class HolidayInline(admin.TabularInline):
    model = Holiday
    extra = 0


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "state", "organisation", "is_published"]
    list_filter = ["kind", "state", "is_published"]
    search_fields = ["name", "city", "pin_code"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["organisation"]
    filter_horizontal = ["services"]
    inlines = [OpeningHoursInline, HolidayInline]


@admin.register(Equipment)
class EquipmentAdmin(admin.ModelAdmin):
    list_display = ["name", "machine_type", "facility", "rate_rupees", "micro_rate_rupees"]
    list_filter = ["machine_type"]
    search_fields = ["name", "make_model", "facility__name"]
    raw_id_fields = ["facility"]
    filter_horizontal = ["processes"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["equipment", "kind", "period", "status", "organisation"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["equipment", "organisation", "requested_by", "decided_by", "drawings"]
    readonly_fields = ["created_at", "updated_at"]
