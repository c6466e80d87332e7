import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone

from news.models import Item
from tests.helpers import make_item, make_section

pytestmark = pytest.mark.django_db


def test_published_includes_only_published_items_whose_time_has_come():
    live = make_item(title="Live")
    make_item(title="Draft", status=Item.Status.DRAFT)
    make_item(title="Scheduled", days_ago=-1)
    make_item(title="Old draft", status=Item.Status.DRAFT, days_ago=30)

    assert list(Item.objects.published()) == [live]


def test_scheduled_item_becomes_public_when_its_time_comes():
    item = make_item(published_at=timezone.now() + datetime.timedelta(seconds=1))
    assert not Item.objects.published().exists()

    Item.objects.filter(pk=item.pk).update(
        published_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    assert list(Item.objects.published()) == [item]


def test_public_flag_matches_the_published_rule():
    make_item(title="Live")
    make_item(title="Draft", status=Item.Status.DRAFT)
    make_item(title="Scheduled", days_ago=-2)

    flags = {item.title: item.is_public for item in Item.objects.with_public_flag()}

    assert flags == {"Live": True, "Draft": False, "Scheduled": False}


def test_items_are_ordered_newest_first():
    older = make_item(days_ago=5)
    newer = make_item(days_ago=1)

    assert list(Item.objects.all()) == [newer, older]
    assert Item.objects.latest() == newer


def test_slug_is_unique_within_a_section_but_may_repeat_across_sections():
    first, second = make_section(), make_section()
    make_item(section=first, slug="statement")
    make_item(section=second, slug="statement")

    with pytest.raises(IntegrityError):
        make_item(section=first, slug="statement")


def test_item_address_is_built_from_section_and_slug(section):
    item = make_item(section=section, slug="a-statement")

    assert item.get_absolute_url() == "/news/csto-news/a-statement/"
    assert section.get_absolute_url() == "/news/csto-news/"
    assert str(item) == item.title
    assert str(section) == "CSTO News"


def test_body_is_sanitized_before_it_is_stored():
    item = make_item(
        body='<p onclick="steal()">Text<script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">x</a><a href="https://example.org">ok</a>'
        '<iframe src="https://evil.example"></iframe>'
    )

    stored = Item.objects.get(pk=item.pk).body
    assert "<script" not in stored
    assert "onclick" not in stored
    assert "javascript:" not in stored
    assert "<iframe" not in stored
    assert '<a href="https://example.org" rel="noopener noreferrer">ok</a>' in stored
    assert "<p>Text</p>" in stored


def test_an_image_needs_alt_text(section):
    item = make_item(section=section)
    item.image = SimpleUploadedFile("photo.gif", b"GIF89a", content_type="image/gif")
    item.image_alt = "   "

    with pytest.raises(ValidationError) as error:
        item.clean()

    assert "image_alt" in error.value.message_dict
