from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from news import admin_views, publishing
from news.forms import ItemAdminForm
from news.models import Item, PublishingEvent, Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    form = ItemAdminForm
    list_display = ["title", "section", "state", "published_at", "updated_by"]
    list_filter = ["status", "section"]
    list_select_related = ["section", "updated_by"]
    search_fields = ["title", "lead"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["press_contact"]
    actions = ["publish_selected", "unpublish_selected"]
    fieldsets = [
        (None, {"fields": ["section", "title", "slug", "lead", "body", "edit_version"]}),
        (_("Main image"), {"fields": ["image", "image_alt", "image_caption", "image_credit"]}),
        (
            _("Publishing"),
            {"fields": ["status", "published_at", "unpublish_at", "press_contact"]},
        ),
    ]

    def get_urls(self):
        upload = path(
            "upload-image/",
            self.admin_site.admin_view(admin_views.upload_image),
            name="news_item_upload_image",
        )
        return [upload, *super().get_urls()]

    def get_queryset(self, request):
        return super().get_queryset(request).with_public_flag()

    @admin.display(description=_("state"))
    def state(self, obj):
        return obj.state()

    # Publishing rights: everything that can change what the public sees checks them here
    # or in news.publishing, never only in the page.

    def has_publish_permission(self, request):
        return publishing.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        if publishing.can_publish(request.user):
            return []
        return list(publishing.PUBLISHING_FIELDS)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        # Without the publish right, a live or scheduled item is read-only: saving it
        # would change what the public sees.
        if obj is None or obj.status == Item.Status.DRAFT:
            return True
        return publishing.can_publish(request.user)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or publishing.may_delete(obj, request.user)

    def save_model(self, request, obj, form, change):
        before = None
        if change:
            before = publishing.publishing_state(Item.objects.get(pk=obj.pk))
        elif not publishing.can_publish(request.user):
            obj.status = Item.Status.DRAFT
        if before != publishing.publishing_state(obj) and obj.status == Item.Status.PUBLISHED:
            publishing.check_can_publish(request.user)
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        publishing.record_change(obj, before, request.user)

    def delete_model(self, request, obj):
        publishing.delete(obj, by=request.user)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        items = list(queryset)
        if not all(publishing.may_delete(item, request.user) for item in items):
            raise PermissionDenied("You may not delete published items.")
        for item in items:
            publishing.delete(item, by=request.user)

    @admin.action(permissions=["publish"], description=_("Publish selected items"))
    def publish_selected(self, request, queryset):
        with transaction.atomic():
            for item in queryset:
                publishing.publish(item, by=request.user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%d item published.", "%d items published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(permissions=["publish"], description=_("Unpublish selected items"))
    def unpublish_selected(self, request, queryset):
        with transaction.atomic():
            for item in queryset:
                publishing.unpublish(item, by=request.user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%d item unpublished.", "%d items unpublished.", count) % count,
            messages.SUCCESS,
        )


@admin.register(PublishingEvent)
class PublishingEventAdmin(admin.ModelAdmin):
    """The record of publishing: read-only for everyone."""

    list_display = ["at", "action", "item_title", "user", "effective_at"]
    list_filter = ["action"]
    list_select_related = ["user"]
    search_fields = ["item_title"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
