from functools import partial

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from news import admin_views, publishing, search, translations, versions
from news.forms import ItemAdminForm
from news.models import Item, PublishingEvent, Section, ShareLink
from news.translations import Parity


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "title_ru", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["title", "title_ru"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["slug", "position"]}),
        (_("English"), {"fields": ["title", "description"]}),
        (_("Russian"), {"fields": ["title_ru", "description_ru"]}),
    ]


class TranslationFilter(admin.SimpleListFilter):
    """Items by how their counterpart in the other language stands (news.translations)."""

    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return Parity.choices

    def queryset(self, request, queryset):
        if self.value() in Parity.values:
            return translations.of_parity(queryset, self.value())
        return queryset


class ItemChangeList(ChangeList):
    """The admin's list of items, counted, dated and ordered on the item table alone: of
    the page, only the ids are read so, then its rows by id, with their counterparts and
    how each stands (`translations.with_parity`). Counted with the counterparts' joins, a
    million items took 0.3 s a count, three times a page."""

    def get_results(self, request):
        super().get_results(request)  # the page, a queryset not read yet
        page = self.result_list
        self.result_list = translations.with_counterpart_parity(page, self.root_queryset)


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    form = ItemAdminForm
    list_display = [
        "title", "language", "section", "state", "translation_state", "published_at", "updated_by",
    ]  # fmt: skip
    list_filter = ["language", TranslationFilter, "status", "section"]
    list_select_related = ["section", "updated_by"]
    search_fields = ["title", "lead"]  # the search box; the search: get_search_results
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["press_contact", "translation_of"]
    actions = ["publish_selected", "unpublish_selected"]
    fieldsets = [
        (
            None,
            {"fields": ["language", "section", "title", "slug", "lead", "body", "edit_version"]},
        ),
        (_("Main image"), {"fields": ["image", "image_alt", "image_caption", "image_credit"]}),
        (
            _("Publishing"),
            {"fields": ["status", "published_at", "unpublish_at", "press_contact"]},
        ),
        (
            _("Translation"),
            {
                "fields": ["translation_of"],
                "description": _(
                    "Link a translation to its original in the other language; "
                    "“Translate” above makes a linked draft."
                ),
            },
        ),
    ]

    change_form_template = "admin/news/item/change_form.html"

    # Item pages of our own, behind the admin's login: (route, view, URL name suffix).
    item_views = [
        ("<int:object_id>/versions/", admin_views.version_history, "versions"),
        ("<int:object_id>/versions/compare/", admin_views.compare_versions, "compare"),
        (
            "<int:object_id>/versions/<int:version_id>/restore/",
            admin_views.restore_version,
            "restore",
        ),
        (
            "<int:object_id>/pending/publish/",
            admin_views.publish_pending_changes,
            "publish_pending",
        ),
        (
            "<int:object_id>/pending/discard/",
            admin_views.discard_pending_changes,
            "discard_pending",
        ),
        ("<int:object_id>/preview/", admin_views.preview, "preview"),
        ("<int:object_id>/share/", admin_views.create_share_link, "share"),
        ("<int:object_id>/translate/", admin_views.translate_item, "translate"),
    ]

    def get_urls(self):
        upload = path(
            "upload-image/",
            self.admin_site.admin_view(admin_views.upload_image),
            name="news_item_upload_image",
        )
        own = [
            path(
                route,
                self.admin_site.admin_view(partial(view, model_admin=self)),
                name=f"news_item_{name}",
            )
            for route, view, name in self.item_views
        ]
        return [upload, *own, *super().get_urls()]

    def get_object(self, request, object_id, from_field=None):
        item = super().get_object(request, object_id, from_field)
        if item is not None and item.pending_version_id:
            # The form edits the unpublished changes, not the live content.
            versions.apply(item, item.pending_version.data)
        return item

    def get_queryset(self, request):
        items = super().get_queryset(request).with_public_flag()
        # The changelist applies list_select_related only to a queryset without any.
        return items.select_related(*self.list_select_related)

    def get_changelist(self, request, **kwargs):
        return ItemChangeList

    def get_search_results(self, request, queryset, search_term):
        """Items with every word of the search at the start of a word of theirs
        (news.search.staff_matching), whatever their state or language."""
        if not search_term.strip():
            return queryset, False
        return search.staff_matching(queryset, search_term), False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        item = self.get_object(request, object_id)
        if item is not None:
            language, counterpart = translations.translation_target(item)
            extra_context = {
                **(extra_context or {}),
                "counterpart": counterpart,
                "translation_language": dict(settings.LANGUAGES)[language],
            }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("state"))
    def state(self, obj):
        return obj.state()

    @admin.display(description=_("translation"))
    def translation_state(self, obj):
        """The counterpart's state, linked to it when there is one."""
        status = Parity(obj.parity)
        counterpart = obj.counterpart()
        if counterpart is None:
            return status.label
        url = reverse("admin:news_item_change", args=[counterpart.pk])
        return format_html(
            '<a href="{}">{}: {}</a>', url, counterpart.get_language_display(), status.label
        )

    # Publishing rights: everything that can change what the public sees checks them here
    # or in news.publishing, never only in the page.

    def has_publish_permission(self, request):
        return publishing.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        if publishing.can_publish(request.user):
            return []
        return list(publishing.PUBLISHING_FIELDS)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or publishing.may_delete(obj, request.user)

    def save_model(self, request, obj, form, change):
        before = None
        if change:
            stored = Item.objects.get(pk=obj.pk)
            before = publishing.publishing_state(stored)
            if versions.is_live_or_scheduled(stored) and not publishing.can_publish(request.user):
                # Without the publish right, changes to a live item wait for a publisher.
                Item._meta.get_field("image").pre_save(obj, add=False)  # store a new upload
                versions.save_pending(stored, versions.snapshot(obj), by=request.user)
                self.message_user(
                    request,
                    _("Your changes wait for a publisher; the public page is unchanged."),
                    messages.WARNING,
                )
                return
        elif not publishing.can_publish(request.user):
            obj.status = Item.Status.DRAFT
        if before != publishing.publishing_state(obj) and obj.status == Item.Status.PUBLISHED:
            publishing.check_can_publish(request.user)
        if not change:
            obj.created_by = request.user
        else:
            versions.note_content_change(obj, versions.snapshot(stored))
        obj.updated_by = request.user
        obj.pending_version = None  # the form showed the pending content: it is now saved
        super().save_model(request, obj, form, change)
        versions.record_version(obj, request.user)
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
        count = self.change_each(request, queryset, publishing.publish)
        message = ngettext("%d item published.", "%d items published.", count) % count
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(permissions=["publish"], description=_("Unpublish selected items"))
    def unpublish_selected(self, request, queryset):
        count = self.change_each(request, queryset, publishing.unpublish)
        message = ngettext("%d item unpublished.", "%d items unpublished.", count) % count
        self.message_user(request, message, messages.SUCCESS)

    @transaction.atomic
    def change_each(self, request, queryset, change):
        """Apply a news.publishing rule to each selected item, all or none; return the count."""
        items = list(queryset)
        for item in items:
            change(item, by=request.user)
        return len(items)


class ReadOnlyAdminMixin:
    """Records nobody adds, changes or deletes by hand in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PublishingEvent)
class PublishingEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The record of publishing: read-only for everyone."""

    list_display = ["at", "action", "item_title", "user", "effective_at"]
    list_filter = ["action"]
    list_select_related = ["user"]
    search_fields = ["item_title"]
    date_hierarchy = "at"


@admin.register(ShareLink)
class ShareLinkAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Reviewers' preview links: publishers see and revoke them; items create them."""

    list_display = ["item", "created_by", "created_at", "expires_at", "revoked_at", "url"]
    list_filter = ["revoked_at"]
    list_select_related = ["item", "created_by"]
    search_fields = ["item__title"]
    actions = ["revoke_selected"]

    @admin.display(description=_("link"))
    def url(self, obj):
        return obj.get_absolute_url() if obj.is_valid() else "—"

    def has_publish_permission(self, request):
        return publishing.can_publish(request.user)

    def has_view_permission(self, request, obj=None):
        return publishing.can_publish(request.user)

    def has_module_permission(self, request):
        return publishing.can_publish(request.user)

    @admin.action(permissions=["publish"], description=_("Revoke selected links"))
    def revoke_selected(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, ngettext("%d link revoked.", "%d links revoked.", count) % count)
