"""Accepting images from staff: validated by content, re-encoded, stored under random names.

Nothing an uploader claims (name, extension, content type) is trusted. Pillow decodes the
file; only JPEG, PNG, GIF and WebP within the byte and pixel caps are accepted; the image is
re-encoded, which drops EXIF and anything appended to the pixels (polyglots), and stored
under a random name with the extension of the detected format.
"""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}

NOT_AN_IMAGE = _("The file is not a JPEG, PNG, GIF or WebP image.")
# Markup inside an image file means a polyglot meant to be read as something else.
MARKUP_SIGNATURES = (
    b"<script",
    b"<html",
    b"<svg",
    b"<!doctype",
    b"<?php",
    b"<iframe",
    b"javascript:",
)


def _decode(data):
    """Open `data` as an image, refusing anything unsafe before its pixels are decoded."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            probe = Image.open(io.BytesIO(data))
            if probe.format not in EXTENSIONS:
                raise ValidationError(NOT_AN_IMAGE, code="format")
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("The image is too large: at most %(pixels)s megapixels."),
                    code="pixels",
                    params={"pixels": MAX_PIXELS // 1_000_000},
                )
            probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
        except (
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
            UnidentifiedImageError,
            OSError,
            SyntaxError,
            ValueError,
            EOFError,
        ) as error:
            raise ValidationError(NOT_AN_IMAGE, code="invalid") from error
    return image


def _encode(image, image_format):
    """The image re-encoded in its own format, upright, without metadata."""
    out = io.BytesIO()
    animated = getattr(image, "is_animated", False)
    if image_format == "JPEG":
        image = ImageOps.exif_transpose(image)
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=90, optimize=True)
    elif image_format == "PNG":
        image = ImageOps.exif_transpose(image)
        image.save(out, "PNG", optimize=True)
    elif image_format == "GIF":
        image.save(out, "GIF", save_all=animated)
    else:
        image.save(out, "WEBP", quality=90, save_all=animated)
    return out.getvalue()


def clean_image(uploaded):
    """Validate an uploaded file and return it re-encoded as a ContentFile with a random name.

    Raises ValidationError with a message for the uploader; nothing is written.
    """
    if uploaded.size is not None and uploaded.size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."), code="size")
    uploaded.seek(0)
    data = uploaded.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."), code="size")
    lowered = data.lower()
    if any(signature in lowered for signature in MARKUP_SIGNATURES):
        raise ValidationError(NOT_AN_IMAGE, code="polyglot")
    image = _decode(data)
    image_format = image.format
    try:
        content = _encode(image, image_format)
    except (OSError, ValueError) as error:
        raise ValidationError(NOT_AN_IMAGE, code="invalid") from error
    return ContentFile(content, name=f"{uuid.uuid4().hex}.{EXTENSIONS[image_format]}")


def store_upload(uploaded):
    """Validate and store an image uploaded through the editor; return its storage name."""
    cleaned = clean_image(uploaded)
    folder = timezone.now().strftime("uploads/%Y/%m")
    return default_storage.save(f"{folder}/{cleaned.name}", cleaned)
