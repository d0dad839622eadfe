from django.contrib import admin

from udyamsetu.marketplace.models import Post


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "organisation", "status", "expires_on", "published_at"]
    list_filter = ["kind", "status", "licence_category"]
    search_fields = ["title", "organisation__name"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = [
        "processes", "technology_areas", "required_certifications", "preferred_certifications",
    ]  # fmt: skip
    raw_id_fields = ["created_by"]
