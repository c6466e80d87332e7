from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from news.models import Item, Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["title", "section", "status", "published_at", "updated_by"]
    list_filter = ["status", "section"]
    list_select_related = ["section", "updated_by"]
    search_fields = ["title", "lead"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["press_contact"]
    fieldsets = [
        (None, {"fields": ["section", "title", "slug", "lead", "body"]}),
        (_("Main image"), {"fields": ["image", "image_alt"]}),
        (_("Publishing"), {"fields": ["status", "published_at", "press_contact"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Only users with the publish permission may change what the public sees.
        if request.user.has_perm("news.publish_item"):
            return []
        return ["status"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
