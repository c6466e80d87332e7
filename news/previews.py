"""Showing staff an item as readers would see it, unpublished changes included."""

import copy
import secrets

from django.core import signing
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import override

from languages.addresses import of_request
from news import versions
from news.models import SHARE_LINK_SALT, ShareLink


def render_preview(request, item):
    """Render `item` (with its pending version, if any) with the public item template."""
    shown = copy.copy(item)
    if item.pending_version_id:
        versions.apply(shown, item.pending_version.data)
    with override(item.language):  # the page as it will be, whichever admin opened it
        of_request(request, again=True)  # its addresses too, in that language
        contact = shown.press_contact
        response = render(
            request,
            "news/item_detail.html",
            {
                "item": shown,
                "is_preview": True,
                "back_url": shown.section.get_absolute_url(),
                "phones": list(contact.phones.all()) if contact else [],
            },
        )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def shared_link(token):
    """The valid share link a token names, or Http404 (bad signature, revoked, expired)."""
    try:
        payload = signing.loads(token, salt=SHARE_LINK_SALT)
        link = ShareLink.objects.select_related(
            "item__section", "item__pending_version", "item__press_contact"
        ).get(pk=int(payload["link"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError, ShareLink.DoesNotExist):
        raise Http404("No such preview") from None
    if not secrets.compare_digest(str(payload.get("key", "")), link.key) or not link.is_valid():
        raise Http404("No such preview")
    return link
