"""A reviewer without an account sees one item's preview through a signed, expiring link."""

import datetime
import re

import pytest
from django.core import signing
from django.utils import timezone

from news.models import SHARE_LINK_SALT, Item, ShareLink
from tests.helpers import make_item, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(section):
    return make_item(section=section, status=Item.Status.DRAFT, title="Draft under review")


def create_link(client, item):
    response = client.post(f"/admin/news/item/{item.pk}/share/", follow=True)
    page = response.content.decode()
    return re.search(r"http://testserver(/preview/[^/\s<]+/)", page).group(1)


def test_a_publisher_creates_a_link_a_reviewer_opens_without_an_account(client, publisher, draft):
    client.force_login(publisher)
    url = create_link(client, draft)
    client.logout()

    response = client.get(url)

    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="item__title">Draft under review</h1>' in page
    assert "Preview: this item is not public." in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_link_expires_after_seven_days(client, publisher, draft):
    client.force_login(publisher)
    url = create_link(client, draft)
    client.logout()
    link = ShareLink.objects.get()

    assert link.expires_at - timezone.now() > datetime.timedelta(days=6, hours=23)
    ShareLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    assert client.get(url).status_code == 404


def test_a_revoked_link_shows_nothing(client, publisher, draft):
    client.force_login(publisher)
    url = create_link(client, draft)
    link = ShareLink.objects.get()

    client.post(
        "/admin/news/sharelink/", {"action": "revoke_selected", "_selected_action": [link.pk]}
    )
    client.logout()

    link.refresh_from_db()
    assert link.revoked_at is not None
    assert client.get(url).status_code == 404


def test_a_link_cannot_be_turned_to_another_item(client, publisher, draft, section):
    other = make_item(section=section, status=Item.Status.DRAFT, title="Another secret draft")
    client.force_login(publisher)
    create_link(client, draft)
    link = ShareLink.objects.get()
    forged = signing.dumps({"link": link.pk + 1000, "key": link.key}, salt="wrong-salt")
    other_link = ShareLink.objects.create(item=other)
    wrong_key = signing.dumps({"link": other_link.pk, "key": link.key}, salt=SHARE_LINK_SALT)
    client.logout()

    for token in (forged, wrong_key, "abc", "x" * 3000, "..", "%00"):
        response = client.get(f"/preview/{token}/")
        assert response.status_code == 404
        assert "Another secret draft" not in response.content.decode()


def test_only_publishers_create_share_links(client, draft):
    client.force_login(make_staff("Editors"))

    assert client.post(f"/admin/news/item/{draft.pk}/share/").status_code == 403
    assert client.get("/admin/news/sharelink/").status_code == 403
    assert not ShareLink.objects.exists()


def test_the_link_shows_pending_changes_of_a_live_item(client, publisher, section):
    from news import versions

    live = make_item(section=section, title="Live title")
    versions.save_pending(live, {**versions.snapshot(live), "title": "Proposed title"}, by=None)
    client.force_login(publisher)
    url = create_link(client, live)
    client.logout()

    assert '<h1 class="item__title">Proposed title</h1>' in client.get(url).content.decode()
    assert "Proposed title" not in client.get(live.get_absolute_url()).content.decode()
