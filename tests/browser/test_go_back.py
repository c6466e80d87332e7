import pytest

from tests.helpers import make_item

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_go_back_from_an_item_returns_to_page_two_of_its_section(live_server, page, section):
    for n in range(15):
        make_item(section=section, title=f"Statement {n:02}", slug=f"statement-{n}", days_ago=n + 1)

    page.goto(f"{live_server.url}/news/csto-news/")
    page.get_by_role("link", name="Older").click()
    assert page.url == f"{live_server.url}/news/csto-news/?page=2"

    page.get_by_role("link", name="Statement 12").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Statement 12"

    page.get_by_role("link", name="Go back").click()

    assert page.url == f"{live_server.url}/news/csto-news/?page=2"
    assert page.get_by_role("link", name="Statement 12").is_visible()
    assert page.get_by_text("Page 2", exact=True).is_visible()


def test_pages_are_readable_on_a_phone(live_server, browser, section):
    make_item(section=section, title="A long statement title " * 4, slug="long")
    context = browser.new_context(viewport={"width": 375, "height": 740}, java_script_enabled=False)
    phone = context.new_page()

    for path in ("/", "/news/", "/news/csto-news/", "/news/csto-news/long/", "/press/"):
        phone.goto(f"{live_server.url}{path}")
        # Nothing wider than the screen: no sideways scrolling.
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375, path
    context.close()


def test_keyboard_focus_is_visible(live_server, page, section):
    make_item(section=section, slug="visible")
    page.goto(f"{live_server.url}/news/csto-news/visible/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to content")
    outline = skip_link.evaluate("el => getComputedStyle(el).outlineStyle")

    assert skip_link.evaluate("el => el === document.activeElement")
    assert outline == "solid"
