"""No script survives the admin form: not in what is stored, not in what readers get."""

import itertools
import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from news.models import Item
from news.rendering import MAX_REMEMBERED_BODY
from tests.helpers import make_contact, make_item, make_section, make_staff

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<img src=`javascript:alert(1)`>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JAVASCRIPT:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<body onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>@import 'https://evil.example/x.css';</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    "<p>ok</p><!--<script>alert(1)</script>-->",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '"><script>alert(1)</script>',
    "<a href='https://ok.example' onclick='alert(1)'>x</a>",
    '<base href="https://evil.example/">',
    '<p title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">x</p>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
]

SAFE_SCHEMES = ("http://", "https://", "mailto:")
FORBIDDEN_TAGS = {
    "script", "style", "iframe", "svg", "math", "object", "embed", "link",
    "meta", "base", "form", "input", "body", "video", "source", "details",
}  # fmt: skip


class ScriptFinder(HTMLParser):
    """Collects everything in a piece of HTML that could run or load code."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or name in {"style", "srcdoc", "background", "formaction"}:
                self.problems.append(f"{tag}[{name}]")
            # Browsers drop tabs and newlines inside a scheme before reading it.
            scheme = re.match(r"[a-z][a-z0-9+.\-]*:", re.sub(r"[\t\n\r]", "", value))
            unsafe = scheme and not value.startswith(SAFE_SCHEMES)
            if name in {"href", "src", "action", "data"} and unsafe:
                self.problems.append(f"{tag}[{name}={value[:30]}]")


def script_problems(html):
    finder = ScriptFinder()
    finder.feed(html)
    finder.close()
    return finder.problems


def body_of(page):
    return re.search(
        r'<div class="item__body">(.*?)</div>\s*(?:<footer|</article>)', page, re.S
    ).group(1)


_slugs = itertools.count()


@pytest.fixture
def publisher_client(client):
    client.force_login(make_staff("Publishers"))
    return client


def post_item(client, section, body):
    slug = f"xss-{next(_slugs)}"
    response = client.post(
        "/admin/news/item/add/",
        {
            "language": "en",
            "section": section.pk,
            "title": "Payload",
            "slug": slug,
            "lead": "Lead",
            "body": body,
            "status": "published",
            "published_at_0": "2024-07-26",
            "published_at_1": "12:00:00",
        },
    )
    assert response.status_code == 302
    return Item.objects.get(slug=slug)


def test_the_checker_itself_sees_scripts():
    assert script_problems("<p><script>x</script></p>") == ["<script>"]
    assert script_problems('<a href="javascript:x">y</a>') == ["a[href=javascript:x]"]
    assert script_problems('<img src="https://ok.example/a.png">') == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_known_payloads_leave_no_script(publisher_client, section, payload):
    item = post_item(publisher_client, section, f"<p>Before</p>{payload}<p>After</p>")

    assert script_problems(item.body) == []
    page = publisher_client.get(item.get_absolute_url()).content.decode()
    assert script_problems(body_of(page)) == []
    assert "<p>Before</p>" in page


FRAGMENTS = st.sampled_from(
    PAYLOADS
    + ["<p>", "</p>", "<a href='", "javascript:", "'>", "<img ", "src=", "onerror=", "<",
       ">", '"', "'", "&#", "x", "<scr", "ipt>", "data:", "\u202e", "<!--", "-->"]
)  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# No NUL (its own test below) and no lone surrogates, which no browser can send as UTF-8.
@given(
    body=st.lists(
        FRAGMENTS
        | st.text(st.characters(exclude_characters="\x00", exclude_categories=["Cs"]), max_size=8),
        max_size=12,
    ).map("".join)
)
def test_generated_payloads_leave_no_script(publisher_client, section, body):
    item = post_item(publisher_client, section, body)

    assert script_problems(item.body) == []
    page = publisher_client.get(item.get_absolute_url()).content.decode()
    assert script_problems(body_of(page)) == []


def test_a_nul_character_is_a_form_error_and_nothing_is_stored(publisher_client, section):
    response = publisher_client.post(
        "/admin/news/item/add/",
        {"language": "en", "section": section.pk, "title": "T", "slug": "nul", "lead": "L",
         "body": "<p>a\x00b</p>", "status": "draft", "published_at_0": "2024-07-26",
         "published_at_1": "12:00:00"},
    )  # fmt: skip

    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()
    assert not Item.objects.exists()


MARKUP = '"><script>alert(1)</script><img src=x onerror=alert(1)>'


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/news/",
        "/news/{section}/",
        "/news/{section}/{item}/",
        "/news/archive/{year}/",
        "/search/?q=alert",
        "/search/?q=" + MARKUP,
        "/press/",
        "/news/feed/",
    ],
)
def test_plain_text_fields_are_escaped_on_every_public_page(client, url):
    """Titles, leads, captions, names and the reader's query are text: markup in them is
    shown, never run (the public pages' templates escape everything they are given)."""
    section = make_section(title=f"Section {MARKUP}", description=MARKUP)
    contact = make_contact(name=f"Name {MARKUP}", position=MARKUP)
    item = make_item(
        section,
        title=f"Title alert {MARKUP}",
        lead=f"Lead alert {MARKUP}",
        image_alt=MARKUP,
        press_contact=contact,
    )
    url = url.format(section=section.slug, item=item.slug, year=item.published_at.year)

    response = client.get(url)

    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("filler", ["", "x" * (MAX_REMEMBERED_BODY + 1)])
def test_a_body_stored_around_the_form_is_sanitized_on_every_read(client, section, filler):
    """Rendering sanitizes again: a body written straight to the table (an import, a
    restored backup) shows no script, on its first read and on the ones after, whether
    its sanitized text is remembered (news.rendering.rich_text) or too long to be."""
    item = make_item(section=section, slug="raw")
    Item.objects.filter(pk=item.pk).update(body=f"<p>{filler}Hi</p><script>alert(1)</script>")

    for _ in range(2):
        cache.clear()  # past the page cache, to the rendering
        page = client.get(item.get_absolute_url()).content.decode()
        assert script_problems(body_of(page)) == []
        assert f"<p>{filler}Hi</p>" in page
