"""The admin is enough to write and publish an item; only publishers can publish."""

import re

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models import Item
from tests.helpers import make_contact, make_item, make_translation

pytestmark = pytest.mark.django_db


def item_form(section, **overrides):
    data = {
        "language": "en",
        "section": section.pk,
        "title": "A new statement",
        "slug": "a-new-statement",
        "lead": "The lead.",
        "body": "<p>The body.</p><script>alert(1)</script>",
        "image_alt": "",
        "status": "published",
        "published_at_0": "2024-07-26",
        "published_at_1": "12:00:00",
        "press_contact": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def editor(db):
    """Staff who may add and change items, but not publish them."""
    user = User.objects.create_user("editor", password="a-long-editor-password", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="news",
            codename__in=["add_item", "change_item", "view_item", "view_section"],
        )
    )
    return user


def test_admin_writes_and_publishes_an_item(client, admin_user, section):
    client.force_login(admin_user)

    response = client.post("/admin/news/item/add/", item_form(section))

    assert response.status_code == 302
    item = Item.objects.get(slug="a-new-statement")
    assert item.status == Item.Status.PUBLISHED
    assert item.created_by == admin_user and item.updated_by == admin_user
    assert "<script" not in item.body
    public = client.get("/news/csto-news/a-new-statement/")
    assert public.status_code == 200
    assert "<p>The body.</p>" in public.content.decode()


def test_item_form_uses_ckeditor_for_the_body(client, admin_user, section):
    client.force_login(admin_user)

    page = client.get("/admin/news/item/add/").content.decode()

    assert "ckeditor/ckeditor/ckeditor.js" in page
    assert 'data-type="ckeditortype"' in page


def test_an_editor_cannot_publish_through_the_form(client, editor, section):
    client.force_login(editor)

    response = client.post("/admin/news/item/add/", item_form(section, status="published"))

    assert response.status_code == 302
    item = Item.objects.get(slug="a-new-statement")
    assert item.status == Item.Status.DRAFT
    client.logout()
    assert client.get("/news/csto-news/a-new-statement/").status_code == 404


def test_an_editor_cannot_publish_an_existing_draft(client, editor, section):
    draft = make_item(section=section, status=Item.Status.DRAFT, slug="draft")
    client.force_login(editor)

    response = client.post(
        f"/admin/news/item/{draft.pk}/change/",
        item_form(section, slug="draft", status="published", edit_version=draft.version),
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Item.Status.DRAFT
    assert draft.title == "A new statement"


def test_duplicate_slug_in_a_section_is_a_form_error_not_a_crash(client, admin_user, section):
    make_item(section=section, slug="a-new-statement")
    client.force_login(admin_user)

    response = client.post("/admin/news/item/add/", item_form(section))

    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert Item.objects.filter(slug="a-new-statement").count() == 1


def test_item_list_and_search_work(client, admin_user, section):
    make_item(section=section, title="Peacekeeping commentary")
    make_item(section=section, title="Diplomacy school")
    client.force_login(admin_user)

    page = client.get("/admin/news/item/", {"q": "peacekeeping"}).content.decode()

    assert "Peacekeeping commentary" in page
    assert "Diplomacy school" not in page


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("peacekeep", {"Peacekeeping commentary"}),
        ("PEACEKEEPING comm", {"Peacekeeping commentary"}),
        ("diplomacy", {"Diplomacy school (draft)"}),
        ("syllabus", {"Diplomacy school (draft)"}),  # in its body
        ("учени", {"Учения в Беларуси"}),
        ("peacekeeping diplomacy", set()),
        ("!!! ***", set()),
    ],
)
def test_the_item_search_finds_word_beginnings_in_any_state_and_language(
    client, admin_user, section, query, found
):
    make_item(section=section, title="Peacekeeping commentary")
    make_item(
        section=section,
        title="Diplomacy school (draft)",
        status=Item.Status.DRAFT,
        body="<p>The syllabus.</p>",
    )
    make_item(section=section, title="Учения в Беларуси", language="ru", lead="Учения прошли.")
    client.force_login(admin_user)

    page = client.get("/admin/news/item/", {"q": query}).content.decode()

    titles = set(re.findall(r'<th class="field-title"><a href="[^"]*">([^<]*)</a>', page))
    assert titles == found


def test_press_contact_is_edited_with_its_phones(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        "/admin/press/presscontact/add/",
        {
            "name": "Vladimir Zaynetdinov",
            "position": "The CSTO Press Secretary",
            "name_ru": "Владимир Зайнетдинов",
            "position_ru": "Пресс-секретарь ОДКБ",
            "email": "odkb-pressa@gov.ru",
            "order": "1",
            "is_active": "on",
            "phones-TOTAL_FORMS": "2",
            "phones-INITIAL_FORMS": "0",
            "phones-MIN_NUM_FORMS": "0",
            "phones-MAX_NUM_FORMS": "1000",
            "phones-0-number": "+7495-621-27-10",
            "phones-0-kind": "tel",
            "phones-0-order": "1",
            "phones-1-number": "+7495-621-33-23",
            "phones-1-kind": "tel/fax",
            "phones-1-order": "2",
        },
    )

    assert response.status_code == 302
    page = client.get("/press/").content.decode()
    assert "+7495-621-27-10</a> - tel<" in page
    assert "+7495-621-33-23</a> - tel/fax" in page
    russian = client.get("/ru/press/").content.decode()
    assert "Пресс-секретарь ОДКБ Владимир Зайнетдинов" in russian
    assert "+7495-621-33-23</a> - тел./факс" in russian


def test_press_contact_autocomplete_finds_contacts(client, admin_user):
    make_contact(name="Vladimir Zaynetdinov")
    client.force_login(admin_user)

    response = client.get(
        "/admin/autocomplete/",
        {"term": "zayn", "app_label": "news", "model_name": "item", "field_name": "press_contact"},
    )

    assert response.status_code == 200
    assert "Vladimir Zaynetdinov" in response.content.decode()


def test_second_of_two_concurrent_saves_is_refused_and_keeps_what_was_typed(
    client, editor, section
):
    draft = make_item(section=section, status=Item.Status.DRAFT, slug="draft", title="Original")
    opened_version = draft.version
    client.force_login(editor)
    first = client.post(
        f"/admin/news/item/{draft.pk}/change/",
        item_form(
            section,
            slug="draft",
            status="draft",
            title="First editor's title",
            edit_version=opened_version,
        ),
    )

    second = client.post(
        f"/admin/news/item/{draft.pk}/change/",
        item_form(
            section,
            slug="draft",
            status="draft",
            title="Second editor's title",
            body="<p>Second editor's long paragraph.</p>",
            edit_version=opened_version,
        ),
    )

    assert first.status_code == 302
    assert second.status_code == 200
    page = second.content.decode()
    assert "saved this item at" in page and "after you opened it" in page
    assert 'value="Second editor&#x27;s title"' in page
    assert (
        "Second editor&#x27;s long paragraph." in page or "Second editor's long paragraph." in page
    )
    draft.refresh_from_db()
    assert draft.title == "First editor's title"


def test_a_save_after_a_publish_by_someone_else_is_refused(client, editor, section):
    from news import publishing
    from tests.helpers import make_staff

    draft = make_item(section=section, status=Item.Status.DRAFT, slug="draft")
    opened_version = draft.version
    publishing.publish(draft, by=make_staff("Publishers"))
    publishing.unpublish(draft, by=make_staff("Publishers", "p2"))
    client.force_login(editor)

    response = client.post(
        f"/admin/news/item/{draft.pk}/change/",
        item_form(
            section, slug="draft", status="draft", title="Stale", edit_version=opened_version
        ),
    )

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.title != "Stale"


def test_a_section_has_its_russian_title_and_description(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        "/admin/news/section/add/",
        {
            "slug": "secretary-general",
            "position": "2",
            "title": "Secretary General",
            "description": "Statements of the Secretary General.",
            "title_ru": "Генеральный секретарь",
            "description_ru": "Заявления Генерального секретаря.",
        },
    )

    assert response.status_code == 302
    russian = client.get("/ru/news/secretary-general/").content.decode()
    english = client.get("/news/secretary-general/").content.decode()
    assert "<h1>Генеральный секретарь</h1>" in russian and "Заявления Генерального" in russian
    assert "<h1>Secretary General</h1>" in english and "Генеральный" not in english


@pytest.mark.parametrize("count", [3, 30])
def test_the_item_list_is_counted_and_dated_on_the_item_table_alone(
    client, admin_user, section, count
):
    for n in range(count):
        original = make_item(section=section, title=f"Item {n}", days_ago=n + 1)
    make_translation(original, title="Перевод")
    client.force_login(admin_user)

    with CaptureQueriesContext(connection) as ran:
        page = client.get("/admin/news/item/").content.decode()

    assert "Перевод" in page and f"Item {count - 1}" in page
    counting = [q["sql"] for q in ran if re.search(r"COUNT\(|MIN\(|DISTINCT", q["sql"])]
    assert counting and not [sql for sql in counting if "JOIN" in sql]
    # as many whatever the number of items: the session, the user, the second factor and
    # the groups (twice), the sections (the filter), two counts (the results and the
    # total), the page, its rows with their counterparts, the first and last date and the
    # months of the one year
    assert len(ran) == 13


@pytest.mark.parametrize("typed", ["0201-07-26", "1989-12-31"])
def test_a_year_before_the_organisation_is_refused_and_nothing_saved(
    client, admin_user, section, typed
):
    client.force_login(admin_user)

    response = client.post("/admin/news/item/add/", item_form(section, published_at_0=typed))

    assert response.status_code == 200
    assert "Check the year: no item is dated before 1990." in response.content.decode()
    assert not Item.objects.exists()


def test_an_item_of_the_first_hour_of_the_first_year_is_accepted(
    client, admin_user, section, settings
):
    settings.TIME_ZONE = "Europe/Moscow"  # the year as the editor typed it, not in UTC (1989)
    client.force_login(admin_user)

    first_hour = item_form(section, published_at_0="1990-01-01", published_at_1="00:30:00")
    response = client.post("/admin/news/item/add/", first_hour)

    assert response.status_code == 302
    assert Item.objects.get().published_at.year == 1989  # stored in UTC
