import pytest

from tests.helpers import make_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_item_prints_without_navigation_and_with_link_addresses(live_server, page, section):
    make_item(
        section=section,
        slug="printable",
        body='<p>See <a href="https://example.org/treaty">the treaty</a>.</p>',
    )
    page.goto(f"{live_server.url}/news/csto-news/printable/")
    page.emulate_media(media="print")

    def display(selector):
        return page.locator(selector).evaluate("el => getComputedStyle(el).display")

    assert display(".site-header") == "none"
    assert display(".site-footer") == "none"
    assert display(".item-nav") == "none"
    assert display(".item__body") != "none"
    after = page.locator(".item__body a").evaluate("el => getComputedStyle(el, '::after').content")
    assert "https://example.org/treaty" in after
