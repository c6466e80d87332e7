"""Admin-only endpoints of the news app (served inside the admin, behind its login)."""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from news import images

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
