"""Admin for staff: vocabularies, enterprises, certificates, reports and imports."""

from __future__ import annotations

from django.contrib import admin

from udyamsetu.enterprises.models import (
    Certificate,
    Enterprise,
    Machine,
    PartnerProfile,
    ProfileReport,
    RegistryImport,
    Term,
    VerificationRecord,
)


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "name_hi", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "name_hi", "slug"]


class CertificateInline(admin.TabularInline):
    model = Certificate
    extra = 0
    raw_id_fields = ["file", "checked_by"]


class MachineInline(admin.TabularInline):
    model = Machine
    extra = 0


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    # 7.5 million rows: no counting of the whole table, searches by exact Udyam number first.
    show_full_result_count = False
    list_display = ["legal_name", "udyam_number", "state", "size_class", "verification_level"]
    list_filter = ["size_class", "verification_level", "major_activity"]
    search_fields = ["=udyam_number", "legal_name"]
    raw_id_fields = ["organisation", "logo"]
    readonly_fields = ["size_class", "created_at", "updated_at"]
    filter_horizontal = ["processes", "materials", "technology_areas", "partnership_types"]
    inlines = [CertificateInline, MachineInline]


@admin.register(ProfileReport)
class ProfileReportAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "reason", "status", "created_at"]
    list_filter = ["status", "reason"]
    raw_id_fields = ["enterprise", "reported_by", "resolved_by"]


@admin.register(VerificationRecord)
class VerificationRecordAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "level", "by", "at"]
    raw_id_fields = ["enterprise", "by", "office"]


@admin.register(RegistryImport)
class RegistryImportAdmin(admin.ModelAdmin):
    list_display = [
        "file_name",
        "status",
        "lines_done",
        "inserted",
        "updated",
        "rejected",
        "created_at",
    ]
    readonly_fields = [f.name for f in RegistryImport._meta.fields]


admin.site.register(PartnerProfile)
