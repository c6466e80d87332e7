"""Smaller copies of an item's main image, so that no page ships a full-size photo.

Each main image gets copies at the widths below that are narrower than itself (and one at
its own width, up to the largest), in its own kind (JPEG, or PNG when it has transparency)
and in WebP. Their names follow from the image's name and width, so templates build the
`srcset` without asking the storage: `items/2024/07/abc.jpg` → `renditions/items/2024/07/
abc-640.jpg` and `…/abc-640.webp`. Made when an item is saved with a new image, or by the
`make_renditions` command for images stored before.
"""

import io
import posixpath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

WIDTHS = (320, 640, 960, 1280)
FOLDER = "renditions"


def widths_for(image_width):
    """The rendition widths of an image `image_width` pixels wide, narrowest first."""
    if not image_width:
        return []
    widths = [width for width in WIDTHS if width < image_width]
    return [*widths, min(image_width, WIDTHS[-1])]


def fallback_format(name):
    return "png" if name.lower().endswith(".png") else "jpg"


def rendition_name(name, width, extension):
    stem = posixpath.splitext(name)[0]
    return f"{FOLDER}/{stem}-{width}.{extension}"


def sources(name, image_width):
    """{"webp": [(url, width)], "fallback": [(url, width)]} for an item's image, stored
    as `name`."""
    widths = widths_for(image_width)
    fallback = fallback_format(name)
    return {
        extension: [
            (default_storage.url(rendition_name(name, width, ext)), width) for width in widths
        ]
        for extension, ext in (("webp", "webp"), ("fallback", fallback))
    }


def image_size(image):
    """(width, height) of an image field's file, stored or just uploaded; (None, None)
    when there is none or it cannot be read (the page then shows the original)."""
    if not image:
        return None, None
    try:
        return image.width, image.height
    except (FileNotFoundError, UnidentifiedImageError, OSError, TypeError, ValueError):
        return None, None


def make_renditions(image, storage=default_storage):
    """Write the renditions of a stored image; those already there are kept. Returns the
    names written. An unreadable image is skipped: the page then shows the original."""
    try:
        with storage.open(image.name) as file:
            original = Image.open(file)
            original.load()
    except (FileNotFoundError, UnidentifiedImageError, OSError):
        return []
    original = ImageOps.exif_transpose(original)
    fallback = fallback_format(image.name)
    written = []
    for width in widths_for(original.width):
        height = max(1, round(original.height * width / original.width))
        resized = None
        for extension in ("webp", fallback):
            name = rendition_name(image.name, width, extension)
            if storage.exists(name):
                continue
            if resized is None:
                resized = original.resize((width, height), Image.Resampling.LANCZOS)
            written.append(storage.save(name, ContentFile(encode(resized, extension))))
    return written


def encode(image, extension):
    out = io.BytesIO()
    if extension == "webp":
        image.save(out, "WEBP", quality=80, method=4)
    elif extension == "png":
        image.save(out, "PNG", optimize=True)
    else:
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()
