"""Images reach the site only as validated, re-encoded files under random names."""

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from news.models import Item
from tests.helpers import make_staff

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/admin/news/item/upload-image/"


def image_bytes(image_format="JPEG", size=(40, 30), mode="RGB", **save):
    out = io.BytesIO()
    Image.new(mode, size, "navy" if mode == "RGB" else 1).save(out, image_format, **save)
    return out.getvalue()


def jpeg_with_exif():
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"  # Make
    exif[0x0131] = "SecretSoftware"  # Software
    return image_bytes("JPEG", exif=exif.tobytes())


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


@pytest.fixture
def editor_client(client):
    client.force_login(make_staff("Editors"))
    return client


def upload(client, name, content, content_type="image/jpeg"):
    return client.post(UPLOAD_URL, {"upload": SimpleUploadedFile(name, content, content_type)})


@pytest.mark.parametrize(
    "image_format, extension",
    [("JPEG", "jpg"), ("PNG", "png"), ("GIF", "gif"), ("WEBP", "webp")],
)
def test_an_editor_uploads_an_image_under_a_random_name(
    editor_client, settings, image_format, extension
):
    response = upload(editor_client, "photo.bin", image_bytes(image_format), "application/x-evil")

    assert response.status_code == 200
    answer = response.json()
    assert answer["uploaded"] == 1
    assert re.fullmatch(
        rf"/media/uploads/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\.{extension}", answer["url"]
    )
    [stored] = stored_files(settings)
    assert answer["url"] == f"/media/{stored}"
    with Image.open(settings.MEDIA_ROOT / stored) as image:
        assert image.format == image_format


def test_uploaded_jpeg_loses_its_exif(editor_client, settings):
    original = jpeg_with_exif()
    assert b"SecretCameraMaker" in original

    response = upload(editor_client, "photo.jpg", original)

    [stored] = stored_files(settings)
    data = (settings.MEDIA_ROOT / stored).read_bytes()
    assert response.status_code == 200
    assert b"SecretCameraMaker" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert dict(image.getexif()) == {}


def bomb(size):
    out = io.BytesIO()
    Image.new("1", size).save(out, "PNG")
    return out.getvalue()


BAD_UPLOADS = {
    "plain text": ("notes.jpg", b"just some text, not an image"),
    "html": ("page.html", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
    "svg": (
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="5"/></svg>',
    ),
    "svg named jpg": (
        "logo.jpg",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
    ),
    "pdf": ("doc.jpg", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"),
    "truncated jpeg": ("cut.jpg", image_bytes("JPEG", size=(400, 300))[:200]),
    "bmp": ("old.jpg", image_bytes("BMP")),
    "tiff": ("scan.jpg", image_bytes("TIFF")),
    "gif with html appended": ("poly.gif", image_bytes("GIF") + b"<html><script>alert(1)</script>"),
    "jpeg with script comment": (
        "poly.jpg",
        image_bytes("JPEG", comment=b"<script>alert(1)</script>"),
    ),
    "too many pixels": ("big.png", bomb((7000, 7000))),
    "decompression bomb": ("bomb.png", bomb((14000, 14000))),
    "empty": ("empty.jpg", b""),
}


@pytest.mark.parametrize("kind", BAD_UPLOADS)
def test_bad_uploads_are_refused_with_a_message_and_nothing_is_stored(
    editor_client, settings, kind
):
    name, content = BAD_UPLOADS[kind]

    response = upload(editor_client, name, content)

    assert 400 <= response.status_code < 500
    answer = response.json()
    assert answer["uploaded"] == 0
    assert answer["error"]["message"]
    assert stored_files(settings) == []


def test_a_file_over_five_megabytes_is_refused(editor_client, settings):
    response = upload(editor_client, "huge.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 10))

    assert response.status_code in (400, 413)
    assert "5 MB" in response.json()["error"]["message"]
    assert stored_files(settings) == []


def test_upload_without_a_file_is_a_clear_error(editor_client):
    response = editor_client.post(UPLOAD_URL, {})

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "No file was sent."


def test_readers_cannot_upload(client, settings):
    response = upload(client, "photo.jpg", image_bytes())

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert stored_files(settings) == []


def test_staff_without_item_rights_cannot_upload(client, settings):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("clerk", is_staff=True))

    response = upload(client, "photo.jpg", image_bytes())

    assert response.status_code == 403
    assert stored_files(settings) == []


def test_upload_needs_the_csrf_token(settings):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_staff("Editors"))

    response = upload(client, "photo.jpg", image_bytes())

    assert response.status_code == 403
    assert stored_files(settings) == []


def test_upload_only_accepts_post(editor_client):
    assert editor_client.get(UPLOAD_URL).status_code == 405


def test_the_editor_is_configured_to_upload_through_this_view(editor_client, section):
    page = editor_client.get("/admin/news/item/add/").content.decode()

    config = json.loads(re.search(r'data-config="([^"]+)"', page).group(1).replace("&quot;", '"'))
    assert config["uploadUrl"] == UPLOAD_URL
    assert config["filebrowserImageUploadUrl"].startswith(UPLOAD_URL)
    assert "uploadimage" in config["extraPlugins"]
    assert "js/admin/ckeditor-upload.js" in page


def item_form(section, image, **changes):
    data = {
        "language": "en",
        "section": section.pk,
        "title": "With a photo",
        "slug": "with-a-photo",
        "lead": "Lead.",
        "body": "<p>Body.</p>",
        "image": image,
        "image_alt": "Delegates at the table",
        "image_caption": "The meeting in Moscow",
        "image_credit": "CSTO press service",
        "status": "published",
        "published_at_0": "2024-07-26",
        "published_at_1": "12:00:00",
    }
    data.update(changes)
    return data


def test_main_image_is_validated_re_encoded_and_shown_with_caption(client, settings, section):
    client.force_login(make_staff("Publishers"))

    response = client.post(
        "/admin/news/item/add/",
        item_form(section, SimpleUploadedFile("DSC0001.JPG", jpeg_with_exif(), "image/jpeg")),
    )

    assert response.status_code == 302
    item = Item.objects.get()
    assert re.fullmatch(r"items/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", item.image.name)
    assert b"SecretCameraMaker" not in item.image.read()
    page = client.get(item.get_absolute_url()).content.decode()
    stem = item.image.name.rsplit(".", 1)[0]
    assert f"/media/renditions/{stem}-" in page  # resized copies, made on save
    assert 'alt="Delegates at the table"' in page
    assert "The meeting in Moscow" in page and "Photo: CSTO press service" in page


@pytest.mark.parametrize("kind", ["html", "svg", "gif with html appended", "decompression bomb"])
def test_bad_main_image_is_a_form_error_and_nothing_is_saved(client, settings, section, kind):
    client.force_login(make_staff("Publishers"))
    name, content = BAD_UPLOADS[kind]

    response = client.post(
        "/admin/news/item/add/", item_form(section, SimpleUploadedFile(name, content, "image/png"))
    )

    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not Item.objects.exists()
    assert stored_files(settings) == []


def test_main_image_needs_alt_text(client, settings, section):
    client.force_login(make_staff("Publishers"))

    response = client.post(
        "/admin/news/item/add/",
        item_form(
            section, SimpleUploadedFile("a.png", image_bytes("PNG"), "image/png"), image_alt=""
        ),
    )

    assert response.status_code == 200
    assert "Describe the image for readers who cannot see it." in response.content.decode()
    assert not Item.objects.exists()
