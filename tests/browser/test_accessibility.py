import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PAGES = [
    "/",
    "/news/",
    "/news/csto-news/",
    "/news/press-secretary-commentary/commentary-legal-grounds-peacekeeping-operations/",
    "/press/",
    "/news/no-such-section/",
    "/news/archive/",
    "/news/archive/2024/07/",
    "/search/?q=peacekeeping",
    "/ru/",
    "/ru/news/",
    "/ru/news/press-secretary-commentary/commentary-legal-grounds-peacekeeping-operations/",
    "/ru/news/secretary-general/?untranslated=1",
    "/ru/press/",
    "/ru/news/archive/",
    "/ru/search/?q=миротворческих",
]


def test_public_pages_have_no_wcag_a_or_aa_violations(live_server, browser):
    call_command("load_demo_content")
    # axe runs as JavaScript in the page; the site itself ships none (and its policy
    # would refuse axe's injected script).
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    axe = Axe()
    found = {}

    for path in PAGES:
        page.goto(f"{live_server.url}{path}")
        results = axe.run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21aa"]})
        violations = results.response["violations"]
        if violations:
            found[path] = [(v["id"], [n["html"] for n in v["nodes"]][:3]) for v in violations]

    context.close()
    assert found == {}


def test_public_pages_break_no_rule_of_their_content_security_policy(live_server, browser):
    call_command("load_demo_content")
    context = browser.new_context()
    page = context.new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text))

    for path in PAGES:
        response = page.goto(f"{live_server.url}{path}")
        assert "script-src 'self'" in response.headers["content-security-policy"], path

    context.close()
    assert [text for text in refused if "Content Security Policy" in text] == []
