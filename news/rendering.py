"""What the public templates call for an item: its body, its JSON-LD, its image sources."""

import datetime
import functools
import json
import unicodedata

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, add_truncation_text, calculate_truncate_chars_length
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from news import renditions
from news.richtext import clean_html


def rich_text(html):
    """Render an item body: sanitized again at output, so no stored HTML is trusted."""
    cleaned = _cleaned(html) if len(html) <= MAX_REMEMBERED_BODY else clean_html(html)
    return mark_safe(cleaned)  # noqa: S308 - nh3 allowlist  # nosec B308, B703


# What the sanitizer made of the bodies read most (the newest items, read in bursts):
# still its output for exactly that text, without calling it again (3 µs in a loop, 26
# in a page, its code and tables no longer in the processor's caches). At most 256
# bodies of 20,000 characters, the output beside each: ~10 MB a process at worst.
MAX_REMEMBERED_BODY = 20_000


@functools.lru_cache(maxsize=256)
def _cleaned(html):
    return clean_html(html)


def news_article_json_ld(request, item, url):
    """JSON-LD `NewsArticle` for an item at the absolute address `url`, escaped so it
    cannot close its script element."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": item.title,
        "inLanguage": item.language,
        "description": item.lead,
        "datePublished": item.published_at.isoformat(),
        "dateModified": item.updated_at.isoformat() if item.updated_at else None,
        "mainEntityOfPage": url,
        "articleSection": item.section.local_title,
        "publisher": {
            "@type": "Organization",
            "name": str(_("Collective Security Treaty Organization")),
        },
    }
    if item.image_name:
        data["image"] = [request.build_absolute_uri(item.image.url)]
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    # Escaped as Django's `json_script` does, by replacing: `str.translate` with a table
    # looks each character up (48 µs for a Russian item's 1 KB, against 2 µs).
    for character, escaped in _JSON_ESCAPES:
        payload = payload.replace(character, escaped)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308  # nosec B308, B703


_JSON_ESCAPES = (("&", "\\u0026"), ("<", "\\u003C"), (">", "\\u003E"))


# A list shows the same items to every reader: their dates are worked out once (~1.7 µs
# each, eleven a page), the text depending on the moment and zone alone.
@functools.lru_cache(maxsize=4096)
def published(moment, zone):
    """When an item was published, as pages show it: `<time>` with the moment in ISO 8601
    for machines and dd.mm.yyyy for readers, in `zone` (the page's time zone)."""
    local = moment.astimezone(zone)
    text = f"{local.day:02}.{local.month:02}.{local.year}"  # digits only: nothing to escape
    return SafeString(f'<time datetime="{local_iso(moment, zone)}">{text}</time>')  # nosec B703


@functools.lru_cache(maxsize=4096)
def local_iso(moment, zone):
    """`moment` in `zone` as ISO 8601, for machines: `published`'s `<time>`, an item's
    `article:published_time` (Django's `date` filter would look the zone up again)."""
    return moment.astimezone(zone).isoformat()


def day(value, zone):
    """The day of a moment in `zone` (or of a date) as YYYY-MM-DD: what Django's
    `date("Y-m-d")` gives in local time, in a twentieth of its time (a sitemap has
    thousands)."""
    if isinstance(value, datetime.datetime):
        value = value.astimezone(zone).date()
    return value.isoformat()


def truncated(text, length):
    """`{{ item.lead|truncatechars(200) }}`: Django's `truncatechars`, the same result for
    any text. Django steps through the characters in Python to skip combining marks (~50 µs
    a lead); text without them, nearly all, is cut by slicing."""
    length = int(length)
    text = unicodedata.normalize("NFC", str(text))
    if length <= 0:
        return ""
    if len(text) <= length:  # combining marks only make it count as shorter
        return text
    if not text.isascii() and any(map(unicodedata.combining, text)):
        return Truncator(text).chars(length)
    suffix = pgettext(*TRUNCATION)  # once for both (each translation a thread-local read)
    return add_truncation_text(text[: calculate_truncate_chars_length(length, suffix)], suffix)


# Django's own message for the end of a cut text (what `add_truncation_text` asks for when
# given none), translated by Django's catalogues: named, not written in the call, so that
# `make messages` leaves it to them.
TRUNCATION = ("String to return when truncating text", "%(truncated_text)s…")


def image_sources(item):
    """An item's main image as WebP and JPEG/PNG copies at several widths (the `picture`
    macro), so the browser fetches the smallest that fills the space; empty when there are
    none and the original is shown."""
    return renditions.sources(item.image_name, item.image_width)
