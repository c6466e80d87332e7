from django import template
from django.utils.safestring import mark_safe

from news.richtext import clean_html

register = template.Library()


@register.filter
def rich_text(html):
    """Render an item body: sanitized again at output, so no stored HTML is trusted."""
    return mark_safe(clean_html(html))  # noqa: S308 - clean_html is the nh3 allowlist
