"""Remembered addresses are always the ones Django's reverse() gives."""

import pytest
from django.urls import clear_script_prefix, set_script_prefix
from django.urls import reverse as django_reverse
from django.utils.translation import get_language, override

from languages import addresses
from languages.addresses import reverse


@pytest.mark.parametrize("language", ["en", "ru"])
def test_an_address_follows_the_language(language):
    with override("ru"):
        reverse("news:section", kwargs={"section": "csto-news"})  # remembered in Russian
    with override(language):
        url = reverse("news:section", kwargs={"section": "csto-news"})

    assert url == ("/ru/news/csto-news/" if language == "ru" else "/news/csto-news/")


def test_an_address_follows_the_script_prefix():
    reverse("news:index")
    set_script_prefix("/site/")
    try:
        assert reverse("news:index") == "/site/news/" == django_reverse("news:index")
    finally:
        clear_script_prefix()
        set_script_prefix("/")
    assert reverse("news:index") == "/news/"


def test_an_address_follows_the_urlconf(settings):
    assert reverse("news:index") == "/news/"
    settings.ROOT_URLCONF = "tests.languages.moved_urls"

    assert reverse("news:index") == "/moved/news/"


def test_arguments_make_different_addresses():
    assert reverse("news:archive-year", args=[2024]) == "/news/archive/2024/"
    assert reverse("news:archive-year", args=[2025]) == "/news/archive/2025/"
    assert reverse("news:archive-year", kwargs={"year": 2023}) == "/news/archive/2023/"


def test_the_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(addresses, "MAX_ADDRESSES", 3)
    for year in range(2000, 2010):
        assert reverse("news:archive-year", args=[year]) == f"/news/archive/{year}/"

    assert len(addresses._addresses) <= 3


def test_a_reverser_answers_in_its_own_language_whichever_is_active():
    with override("ru"):
        russian = addresses.reverser()
        assert russian("news:index") == "/ru/news/"
    english = addresses.reverser()

    assert english("news:index") == "/news/" == django_reverse("news:index")
    assert russian("news:index") == "/ru/news/"
    assert russian("news:archive-year", kwargs={"year": 2024}) == "/ru/news/archive/2024/"
    assert addresses.reverser("ru")("news:archive-year", args=[2025]) == "/ru/news/archive/2025/"
    assert get_language() == "en"
    assert english("news:archive-year", kwargs={"year": 2024}) == "/news/archive/2024/"


def test_a_reverser_refuses_to_answer_under_another_urlconf(settings):
    english = addresses.reverser()
    settings.ROOT_URLCONF = "tests.languages.moved_urls"

    with pytest.raises(RuntimeError):
        english("news:archive-year", kwargs={"year": 1999})  # would be the moved address


@pytest.mark.django_db
def test_an_items_address_through_a_pages_reverser_is_its_own_in_any_language(section):
    from tests.helpers import make_item

    russian_item = make_item(section=section, language="ru", slug="mir")
    english_item = make_item(section=section, slug="peace")
    english_page = addresses.reverser()

    assert russian_item.get_absolute_url(english_page) == "/ru/news/csto-news/mir/"
    assert russian_item.get_absolute_url(english_page) == russian_item.get_absolute_url()
    assert english_item.get_absolute_url(english_page) == "/news/csto-news/peace/"
    assert section.get_absolute_url(english_page) == "/news/csto-news/"
