"""Admin-only endpoints of the news app (served inside the admin, behind its login)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from news import images, translations, versions
from news.models import Item, ShareLink
from news.previews import render_preview

# Room for the multipart envelope around a file at the size cap.
MAX_REQUEST_BYTES = images.MAX_BYTES + 64 * 1024


def upload_error(message, status):
    """An error in the JSON shape CKEditor 4 reads and shows to the editor."""
    return JsonResponse({"uploaded": 0, "error": {"message": str(message)}}, status=status)


@require_POST
def upload_image(request):
    """CKEditor's image upload: staff who may write items; CSRF-protected by the admin."""
    if not (request.user.has_perm("news.add_item") or request.user.has_perm("news.change_item")):
        return upload_error(_("You may not upload images."), 403)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_REQUEST_BYTES:
        return upload_error(_("The file is larger than 5 MB."), 413)
    upload = request.FILES.get("upload")
    if upload is None:
        return upload_error(_("No file was sent."), 400)
    try:
        name = images.store_upload(upload)
    except ValidationError as error:
        return upload_error(error.messages[0], 400)
    return JsonResponse(
        {"uploaded": 1, "fileName": name.rsplit("/", 1)[-1], "url": default_storage.url(name)}
    )


def _item_or_404(request, model_admin, object_id, permission):
    item = get_object_or_404(
        Item.objects.select_related("section", "pending_version"), pk=object_id
    )
    if not request.user.has_perm(f"news.{permission}"):
        raise PermissionDenied
    return item


def _admin_context(request, model_admin, item, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": Item._meta,
        "item": item,
        "original": item,
        "has_view_permission": True,
        **extra,
    }


def version_history(request, object_id, model_admin):
    """Every saved version of an item, to compare any two or restore one."""
    item = _item_or_404(request, model_admin, object_id, "view_item")
    history = list(item.versions.select_related("created_by"))
    context = _admin_context(
        request,
        model_admin,
        item,
        title=_("Versions of “%(title)s”") % {"title": item.title},
        versions=history,
        may_restore=model_admin.has_change_permission(request, item),
    )
    return TemplateResponse(request, "admin/news/item/versions.html", context)


def compare_versions(request, object_id, model_admin):
    """Two versions side by side, field by field; `live` names the current content."""
    item = _item_or_404(request, model_admin, object_id, "view_item")

    def data_for(key):
        if key == "live":
            return _("live content"), versions.snapshot(item)
        if key and key.isdigit():
            version = item.versions.filter(pk=int(key)).first()
            if version is not None:
                return str(version), version.data
        raise Http404("No such version")

    older_label, older = data_for(request.GET.get("a"))
    newer_label, newer = data_for(request.GET.get("b", "live"))
    context = _admin_context(
        request,
        model_admin,
        item,
        title=_("Compare versions of “%(title)s”") % {"title": item.title},
        older_label=older_label,
        newer_label=newer_label,
        changes=versions.compare(older, newer),
    )
    return TemplateResponse(request, "admin/news/item/compare.html", context)


def not_restored(error):
    return _("Nothing was changed: %(reasons)s") % {"reasons": " ".join(error.messages)}


@require_POST
def restore_version(request, object_id, version_id, model_admin):
    item = _item_or_404(request, model_admin, object_id, "change_item")
    if not model_admin.has_change_permission(request, item):
        raise PermissionDenied
    version = get_object_or_404(item.versions, pk=version_id)
    try:
        versions.restore(item, version, by=request.user)
    except ValidationError as error:
        messages.error(request, not_restored(error))
    except IntegrityError:  # taken between the check and the save
        messages.error(request, _("Another item in that section already uses this address."))
    else:
        if versions.is_live_or_scheduled(item):
            messages.success(
                request, _("The version is restored as unpublished changes for a publisher.")
            )
        else:
            messages.success(request, _("The version is restored as the draft."))
    return redirect("admin:news_item_change", item.pk)


@require_POST
def publish_pending_changes(request, object_id, model_admin):
    item = _item_or_404(request, model_admin, object_id, "publish_item")
    try:
        published = versions.publish_pending(item, by=request.user)
    except ValidationError as error:
        messages.error(request, not_restored(error))
    else:
        if published:
            messages.success(request, _("The changes are published."))
    return redirect("admin:news_item_change", item.pk)


@require_POST
def discard_pending_changes(request, object_id, model_admin):
    item = _item_or_404(request, model_admin, object_id, "publish_item")
    versions.discard_pending(item, by=request.user)
    messages.success(request, _("The unpublished changes are discarded."))
    return redirect("admin:news_item_change", item.pk)


def preview(request, object_id, model_admin):
    """The item as readers would see it, with any unpublished changes, marked as a preview."""
    item = _item_or_404(request, model_admin, object_id, "view_item")
    return render_preview(request, item)


@require_POST
def create_share_link(request, object_id, model_admin):
    """A publisher creates a reviewer's link to this item's preview (7 days by default)."""
    item = _item_or_404(request, model_admin, object_id, "publish_item")
    link = ShareLink.objects.create(item=item, created_by=request.user)
    url = request.build_absolute_uri(link.get_absolute_url())
    messages.success(
        request,
        _("Share link, valid until %(when)s: %(url)s")
        % {"when": timezone.localtime(link.expires_at).strftime("%d.%m.%Y %H:%M"), "url": url},
    )
    return redirect("admin:news_item_change", item.pk)


@require_POST
def translate_item(request, object_id, model_admin):
    """Open the item's version in the other language, creating a linked draft if missing."""
    item = _item_or_404(request, model_admin, object_id, "view_item")
    _language, counterpart = translations.translation_target(item)
    if counterpart is None and not request.user.has_perm("news.add_item"):
        raise PermissionDenied
    translation, created = translations.translate(item, by=request.user)
    if created:
        messages.success(
            request,
            _("A draft in %(language)s is ready to translate, linked to “%(title)s”.")
            % {"language": translation.get_language_display(), "title": item.title},
        )
    return redirect("admin:news_item_change", translation.pk)
