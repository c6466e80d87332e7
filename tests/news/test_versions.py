"""Live pages change only when a publisher says so; every version is kept and comparable."""

import pytest

from news.models import Item, PublishingEvent
from tests.helpers import edit, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(section):
    return make_item(section=section, title="Live title", body="<p>Live body.</p>", slug="live")


def test_an_editors_change_to_a_live_item_waits_for_a_publisher(client, editor, live):
    client.force_login(editor)

    response = edit(client, live, title="Edited title", body="<p>Edited body.</p>")

    assert response.status_code == 302
    client.logout()
    public_page = client.get(live.get_absolute_url()).content.decode()
    assert "Live title" in public_page and "Live body." in public_page
    assert "Edited" not in public_page
    live.refresh_from_db()
    assert live.pending_version.created_by == editor


def test_the_form_and_the_preview_show_the_pending_changes(client, editor, live):
    client.force_login(editor)
    edit(client, live, title="Edited title")

    form = client.get(f"/admin/news/item/{live.pk}/change/").content.decode()
    preview = client.get(f"/admin/news/item/{live.pk}/preview/")

    assert 'value="Edited title"' in form
    assert "has unpublished changes by editor" in form
    assert '<h1 class="item__title">Edited title</h1>' in preview.content.decode()
    assert "Preview: this item is not public." in preview.content.decode()
    assert preview["X-Robots-Tag"] == "noindex, nofollow"


def test_the_admin_list_names_unpublished_changes(client, editor, live):
    client.force_login(editor)
    edit(client, live, title="Edited title")

    assert "published, has unpublished changes" in client.get("/admin/news/item/").content.decode()


def test_a_publisher_publishes_the_pending_changes(client, editor, publisher, live):
    client.force_login(editor)
    edit(client, live, title="Edited title")
    client.force_login(publisher)

    response = client.post(f"/admin/news/item/{live.pk}/pending/publish/")

    assert response.status_code == 302
    live.refresh_from_db()
    assert live.title == "Edited title" and live.pending_version is None
    client.logout()
    assert "Edited title" in client.get(live.get_absolute_url()).content.decode()
    assert PublishingEvent.objects.filter(item=live, action="published", user=publisher).exists()


def test_a_publisher_discards_the_pending_changes(client, editor, publisher, live):
    client.force_login(editor)
    edit(client, live, title="Edited title")
    client.force_login(publisher)

    client.post(f"/admin/news/item/{live.pk}/pending/discard/")

    live.refresh_from_db()
    assert live.pending_version is None and live.title == "Live title"
    assert (
        'value="Live title"' in client.get(f"/admin/news/item/{live.pk}/change/").content.decode()
    )


@pytest.mark.parametrize("action", ["publish", "discard"])
def test_an_editor_can_neither_publish_nor_discard_pending_changes(client, editor, live, action):
    client.force_login(editor)
    edit(client, live, title="Edited title")

    response = client.post(f"/admin/news/item/{live.pk}/pending/{action}/")

    assert response.status_code == 403
    live.refresh_from_db()
    assert live.title == "Live title" and live.pending_version is not None


def test_pending_endpoints_refuse_get_and_readers(client, live):
    assert client.post(f"/admin/news/item/{live.pk}/pending/publish/").status_code == 302
    assert client.get(f"/admin/news/item/{live.pk}/preview/").status_code == 302
    live.refresh_from_db()
    assert live.title == "Live title"


def test_every_save_is_kept_with_who_and_when(client, editor, section):
    draft = make_item(section=section, status=Item.Status.DRAFT, title="First", slug="d")
    client.force_login(editor)
    edit(client, draft, title="Second")
    edit(client, draft, title="Third")

    page = client.get(f"/admin/news/item/{draft.pk}/versions/").content.decode()

    assert [v.data["title"] for v in draft.versions.all()] == ["Third", "Second"]
    assert all(v.created_by == editor for v in draft.versions.all())
    assert "Third" in page and "Second" in page


def test_two_versions_compare_field_by_field_with_a_text_diff_of_the_body(client, editor, section):
    draft = make_item(section=section, status=Item.Status.DRAFT, slug="d", title="Old title")
    client.force_login(editor)
    edit(client, draft, body="<p>The first sentence. The second sentence.</p>")
    edit(
        client,
        draft,
        title="New title",
        body="<p>The first sentence. A changed sentence.</p>",
    )
    newer, older = draft.versions.all()

    page = client.get(
        f"/admin/news/item/{draft.pk}/versions/compare/", {"a": older.pk, "b": newer.pk}
    ).content.decode()

    assert '<td class="diff-old">Old title</td>' in page
    assert '<td class="diff-new">New title</td>' in page
    assert '<span class="diff-del">-The second sentence.</span>' in page
    assert '<span class="diff-add">+A changed sentence.</span>' in page
    assert "The first sentence." in page


@pytest.mark.parametrize("params", [{"a": "999999"}, {"a": "abc"}, {}, {"a": "1", "b": "x"}])
def test_comparing_unknown_versions_is_404(client, editor, live, params):
    client.force_login(editor)

    assert client.get(f"/admin/news/item/{live.pk}/versions/compare/", params).status_code == 404


def test_restoring_a_version_of_a_draft_brings_its_content_back(client, editor, section):
    draft = make_item(section=section, status=Item.Status.DRAFT, slug="d", title="Original")
    client.force_login(editor)
    edit(client, draft, title="Original")
    original = draft.versions.get()
    edit(client, draft, title="Rewritten")

    client.post(f"/admin/news/item/{draft.pk}/versions/{original.pk}/restore/")

    draft.refresh_from_db()
    assert draft.title == "Original" and draft.status == Item.Status.DRAFT


def test_restoring_a_version_of_a_live_item_makes_it_pending(client, editor, publisher, live):
    client.force_login(publisher)
    edit(client, live, title="Live title")
    first = live.versions.get()
    edit(client, live, title="Second live title")
    client.force_login(editor)

    client.post(f"/admin/news/item/{live.pk}/versions/{first.pk}/restore/")

    live.refresh_from_db()
    assert live.title == "Second live title"
    assert live.pending_version.data["title"] == "Live title"


def test_restoring_onto_a_taken_address_is_a_message_not_a_crash(client, editor, section):
    draft = make_item(section=section, status=Item.Status.DRAFT, slug="first")
    client.force_login(editor)
    edit(client, draft)
    version = draft.versions.get()
    edit(client, draft, slug="second")
    make_item(section=section, slug="first")

    response = client.post(
        f"/admin/news/item/{draft.pk}/versions/{version.pk}/restore/", follow=True
    )

    assert response.status_code == 200
    assert "Item with this Language, Section and Slug already exists." in (
        response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.slug == "second"


def test_publishing_pending_changes_onto_a_taken_address_is_a_message(
    client, editor, publisher, live
):
    client.force_login(editor)
    edit(client, live, slug="renamed")
    make_item(section=live.section, slug="renamed")  # taken before a publisher looks
    client.force_login(publisher)

    response = client.post(f"/admin/news/item/{live.pk}/pending/publish/", follow=True)

    assert response.status_code == 200
    assert "Nothing was changed" in response.content.decode()
    live.refresh_from_db()
    assert live.slug == "live" and live.pending_version_id is not None


def test_a_preview_is_the_page_in_the_items_language_whichever_admin_opened_it(
    rf, admin_user, section
):
    """The preview renders in the item's language: its navigation and language links too,
    even when the request's own addresses were made in the admin's language first."""
    from django.utils import translation

    from languages.addresses import of_request
    from news.previews import render_preview

    russian = make_item(section=section, title="Учения", slug="ucheniya", language="ru")
    request = rf.get(f"/admin/news/item/{russian.pk}/preview/")
    request.user = admin_user
    with translation.override("en"):
        assert of_request(request)("news:index") == "/news/"  # the admin's language
        html = render_preview(request, russian).content.decode()

    assert '<html lang="ru">' in html
    assert 'href="/ru/news/csto-news/"' in html  # the section, in the navigation
    assert 'href="/news/csto-news/"' not in html
