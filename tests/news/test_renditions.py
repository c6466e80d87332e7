"""Main images are shipped as smaller copies: WebP and JPEG/PNG at several widths."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from news.models import Item
from tests.helpers import make_item

pytestmark = pytest.mark.django_db


def photo(width, height, image_format="JPEG", mode="RGB"):
    out = io.BytesIO()
    Image.new(mode, (width, height), "steelblue").save(out, image_format)
    return out.getvalue()


def item_with_image(section, width, height, image_format="JPEG", extension="jpg", **fields):
    item = make_item(section=section, image_alt="Delegates at the table", **fields)
    content = ContentFile(photo(width, height, image_format), name=f"photo.{extension}")
    item.image.save(f"photo.{extension}", content)  # saves the item, as the admin does
    return item


def test_saving_an_item_makes_webp_and_jpeg_copies_at_each_narrower_width(section):
    item = item_with_image(section, 1000, 500)
    stem = item.image.name.rsplit(".", 1)[0]

    assert (item.image_width, item.image_height) == (1000, 500)
    for width in (320, 640, 960, 1000):
        for extension, kind in (("webp", "WEBP"), ("jpg", "JPEG")):
            with default_storage.open(f"renditions/{stem}-{width}.{extension}") as file:
                copy = Image.open(file)
                assert copy.format == kind
                assert copy.size == (width, round(500 * width / 1000))
    assert not default_storage.exists(f"renditions/{stem}-1280.jpg")  # never enlarged


def test_transparent_png_keeps_png_copies(section):
    item = item_with_image(section, 700, 700, image_format="PNG", extension="png")
    stem = item.image.name.rsplit(".", 1)[0]

    assert default_storage.exists(f"renditions/{stem}-640.png")
    assert not default_storage.exists(f"renditions/{stem}-640.jpg")


def test_item_page_offers_the_copies_and_never_the_original(client, section):
    item = item_with_image(section, 2000, 1000)

    page = client.get(item.get_absolute_url()).content.decode()
    picture = re.search(r"<picture>.*?</picture>", page, re.S).group(0)

    assert 'type="image/webp"' in picture
    assert "-1280.webp 1280w" in picture and "-320.jpg 320w" in picture
    assert 'width="2000" height="1000"' in picture  # no layout shift while loading
    assert 'alt="Delegates at the table"' in picture
    assert f'src="{item.image.url}"' not in page


def test_lists_show_thumbnails_not_full_photos(client, section):
    item = item_with_image(section, 2000, 1000, title="With a photo")

    for url in ("/", "/news/", "/news/csto-news/"):
        page = client.get(url).content.decode()
        thumb = re.search(r'<div class="entry__thumb">.*?</div>', page, re.S).group(0)
        assert 'sizes="8rem"' in thumb and "-320.webp 320w" in thumb
        assert f'"{item.image.url}"' not in page


def test_images_stored_before_get_their_copies_from_the_command(section):
    item = make_item(section=section, image_alt="Old photo")
    name = default_storage.save("items/2020/01/old.jpg", ContentFile(photo(800, 600)))
    Item.objects.filter(pk=item.pk).update(image=name)  # as stored before renditions

    call_command("make_renditions", stdout=io.StringIO())

    item.refresh_from_db()
    assert (item.image_width, item.image_height) == (800, 600)
    assert default_storage.exists("renditions/items/2020/01/old-640.webp")
    assert default_storage.exists("renditions/items/2020/01/old-800.jpg")


def test_a_missing_image_file_falls_back_to_the_original_address(client, section):
    item = make_item(section=section, image="items/2024/07/gone.jpg", image_alt="Gone")

    page = client.get(item.get_absolute_url()).content.decode()

    assert '<img src="/media/items/2024/07/gone.jpg" alt="Gone"' in page
