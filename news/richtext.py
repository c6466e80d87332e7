"""Sanitizing the rich text that CKEditor produces.

CKEditor 4 posts whatever the browser (or an attacker) sends; nothing of it is trusted.
`clean_html` keeps an allowlist of tags, attributes and URL schemes and is applied both
before an item's body is stored and when it is rendered.
"""

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "del", "em",
    "figcaption", "figure", "h2", "h3", "h4", "hr", "i", "img", "li", "ol", "p", "pre",
    "s", "small", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "u", "ul",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}

ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# Built once: `nh3.clean(html, tags=..., ...)` builds its sanitizer from the sets on every
# call, 11 of its 14 µs for an item's body (docs/performance-history.md).
CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def clean_html(html):
    """Return `html` with everything outside the allowlist removed."""
    if not html:
        return ""
    return CLEANER.clean(html)
