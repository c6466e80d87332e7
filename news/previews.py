"""Showing staff an item as readers would see it, unpublished changes included."""

import copy

from django.shortcuts import render

from news import versions


def render_preview(request, item):
    """Render `item` (with its pending version, if any) with the public item template."""
    shown = copy.copy(item)
    if item.pending_version_id:
        versions.apply(shown, item.pending_version.data)
    response = render(
        request,
        "news/item_detail.html",
        {"item": shown, "is_preview": True, "back_url": shown.section.get_absolute_url()},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
