"""Who may change what the public sees, checked on every admin path by raw POSTs."""

import datetime

import pytest
from django.utils import timezone

from news.models import Item, PublishingEvent
from tests.helpers import make_item, make_staff

pytestmark = pytest.mark.django_db

ROLES = ["Editors", "Publishers", "Site administrators"]
MAY_PUBLISH = {"Editors": False, "Publishers": True, "Site administrators": True}


@pytest.fixture(params=ROLES)
def staff(request, client):
    """A logged-in client for each role, and whether the role may publish."""
    user = make_staff(request.param)
    client.force_login(user)
    return client, MAY_PUBLISH[request.param]


def form_data(item=None, section=None, **changes):
    data = {
        "language": item.language if item else "en",
        "section": (item.section_id if item else section.pk),
        "title": item.title if item else "New item",
        "slug": item.slug if item else "new-item",
        "lead": item.lead if item else "Lead.",
        "body": item.body if item else "<p>Body.</p>",
        "image_alt": "",
        "status": item.status if item else "published",
        "published_at_0": timezone.localtime(item.published_at).strftime("%Y-%m-%d")
        if item
        else "2024-07-26",
        "published_at_1": timezone.localtime(item.published_at).strftime("%H:%M:%S")
        if item
        else "12:00:00",
        "unpublish_at_0": "",
        "unpublish_at_1": "",
        "press_contact": "",
        "edit_version": item.version if item else "",
    }
    data.update(changes)
    return data


def public(item):
    return Item.objects.published().filter(pk=item.pk).exists()


def test_add_form_publishes_only_for_publishers(staff, section):
    client, may_publish = staff

    response = client.post("/admin/news/item/add/", form_data(section=section, status="published"))

    assert response.status_code == 302
    item = Item.objects.get(slug="new-item")
    assert public(item) is may_publish
    assert PublishingEvent.objects.filter(item=item, action="published").exists() is may_publish


def test_change_form_publishes_a_draft_only_for_publishers(staff, section):
    client, may_publish = staff
    draft = make_item(section=section, status=Item.Status.DRAFT)

    response = client.post(
        f"/admin/news/item/{draft.pk}/change/", form_data(draft, status="published")
    )

    assert response.status_code == 302
    assert public(draft) is may_publish


def test_change_form_schedules_only_for_publishers(staff, section):
    client, may_publish = staff
    draft = make_item(section=section, status=Item.Status.DRAFT)
    later = timezone.localtime() + datetime.timedelta(days=3)

    response = client.post(
        f"/admin/news/item/{draft.pk}/change/",
        form_data(draft, status="published", published_at_0=later.strftime("%Y-%m-%d")),
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status == "published") is may_publish
    assert PublishingEvent.objects.filter(action="scheduled").exists() is may_publish
    assert not public(draft)


def test_live_item_changes_and_unpublishing_need_the_publish_right(staff, section):
    client, may_publish = staff
    live = make_item(section=section, title="Live title")

    edit = client.post(f"/admin/news/item/{live.pk}/change/", form_data(live, title="Defaced"))
    live.refresh_from_db()
    if not may_publish:
        # The editor's change waits as a pending version; the live page is untouched.
        assert live.title == "Live title" and live.pending_version.data["title"] == "Defaced"
    unpublish = client.post(f"/admin/news/item/{live.pk}/change/", form_data(live, status="draft"))

    live.refresh_from_db()
    assert edit.status_code == 302 and unpublish.status_code == 302
    if may_publish:
        assert live.title == "Defaced" and not public(live)
    else:
        assert live.title == "Live title" and public(live)


def test_expiry_is_set_only_by_publishers(staff, section):
    client, may_publish = staff
    draft = make_item(section=section, status=Item.Status.DRAFT)

    response = client.post(
        f"/admin/news/item/{draft.pk}/change/",
        form_data(draft, unpublish_at_0="2099-01-01", unpublish_at_1="00:00:00"),
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.unpublish_at is not None) is may_publish


@pytest.mark.parametrize(
    "action, start, end",
    [("publish_selected", "draft", "published"), ("unpublish_selected", "published", "draft")],
)
def test_bulk_actions_need_the_publish_right(staff, section, action, start, end):
    client, may_publish = staff
    item = make_item(section=section, status=start)

    client.post("/admin/news/item/", {"action": action, "_selected_action": [item.pk], "index": 0})

    item.refresh_from_db()
    assert item.status == (end if may_publish else start)


def test_bulk_actions_are_offered_only_to_publishers(staff, section):
    client, may_publish = staff
    make_item(section=section)

    page = client.get("/admin/news/item/").content.decode()

    assert ('value="publish_selected"' in page) is may_publish
    assert ('value="unpublish_selected"' in page) is may_publish


def test_bulk_delete_of_a_live_item_needs_the_publish_right(staff, section):
    client, may_publish = staff
    live = make_item(section=section)

    response = client.post(
        "/admin/news/item/",
        {"action": "delete_selected", "_selected_action": [live.pk], "post": "yes"},
    )

    assert Item.objects.filter(pk=live.pk).exists() is not may_publish
    if not may_publish:
        assert response.status_code == 403


def test_delete_view_of_a_live_item_needs_the_publish_right(staff, section):
    client, may_publish = staff
    live = make_item(section=section)

    response = client.post(f"/admin/news/item/{live.pk}/delete/", {"post": "yes"})

    assert Item.objects.filter(pk=live.pk).exists() is not may_publish
    assert response.status_code == (302 if may_publish else 403)


def test_every_role_may_delete_a_draft(staff, section):
    client, _ = staff
    draft = make_item(section=section, status=Item.Status.DRAFT)

    client.post(f"/admin/news/item/{draft.pk}/delete/", {"post": "yes"})

    assert not Item.objects.filter(pk=draft.pk).exists()
    assert PublishingEvent.objects.get().action == "deleted"


def test_list_edit_cannot_change_the_status(staff, section):
    client, _ = staff
    draft = make_item(section=section, status=Item.Status.DRAFT)

    client.post(
        "/admin/news/item/",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": draft.pk,
            "form-0-status": "published",
            "_save": "Save",
        },
    )

    draft.refresh_from_db()
    assert draft.status == "draft"


@pytest.mark.parametrize("role", ROLES)
def test_only_site_administrators_manage_users_and_groups(client, role):
    client.force_login(make_staff(role))
    expected = 200 if role == "Site administrators" else 403

    assert client.get("/admin/auth/user/").status_code == expected
    assert client.get("/admin/auth/group/").status_code == expected


def test_the_publishing_record_is_visible_to_publishers_and_read_only(staff, section):
    client, may_publish = staff
    event = PublishingEvent.objects.create(item_title="Statement", action="published")

    listing = client.get("/admin/news/publishingevent/")
    change = client.post(
        f"/admin/news/publishingevent/{event.pk}/change/", {"item_title": "Forged"}
    )

    assert listing.status_code == (200 if may_publish else 403)
    if may_publish:
        assert "Statement" in listing.content.decode()
    assert change.status_code in (403, 200)
    event.refresh_from_db()
    assert event.item_title == "Statement"
