import pytest

from tests.helpers import make_item, make_translation

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_reader_switches_an_item_to_russian_and_back(live_server, page, section):
    section.title_ru = "Новости ОДКБ"
    section.save()
    original = make_item(section=section, title="Peacekeepers meet", slug="meet")
    make_translation(original, title="Встреча миротворцев")

    page.goto(f"{live_server.url}{original.get_absolute_url()}")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Русский").click()

    assert page.url == f"{live_server.url}/ru/news/csto-news/meet/"
    assert page.get_by_role("heading", level=1).inner_text() == "Встреча миротворцев"
    assert page.locator("html").get_attribute("lang") == "ru"

    page.get_by_role("navigation", name="Язык").get_by_role("link", name="English").click()

    assert page.url == f"{live_server.url}/news/csto-news/meet/"


def test_an_item_without_a_translation_switches_to_its_section_with_a_notice(
    live_server, page, section
):
    item = make_item(section=section, title="English only", slug="english-only")

    page.goto(f"{live_server.url}{item.get_absolute_url()}")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Русский").click()

    assert page.url == f"{live_server.url}/ru/news/csto-news/?untranslated=1"
    assert page.get_by_role("status").inner_text().startswith("У материала, который вы читали")
