"""Editors translate items; the admin shows whether each item's counterpart is in step."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from news.models import Item
from news.translations import Parity
from tests.helpers import edit, make_contact, make_item, make_staff, make_translation

pytestmark = pytest.mark.django_db


@pytest.fixture
def original(section):
    contact = make_contact()
    return make_item(section=section, title="Peacekeepers meet", slug="meet", press_contact=contact)


def translate(client, item):
    return client.post(f"/admin/news/item/{item.pk}/translate/")


def translation_column(client, item, query=""):
    """The text of the "translation" cell of `item`'s row in the admin list."""
    html = client.get(f"/admin/news/item/{query}").content.decode()
    row = re.search(
        rf'<th class="field-title"><a href="/admin/news/item/{item.pk}/change/.*?</tr>', html, re.S
    )
    assert row, f"{item} is not listed"
    cell = re.search(r'<td class="field-translation_state">(.*?)</td>', row.group(0), re.S)
    return re.sub(r"<[^>]+>", "", cell.group(1)).strip()


def listed_titles(client, query):
    html = client.get(f"/admin/news/item/{query}").content.decode()
    return set(re.findall(r'<th class="field-title"><a href="[^"]*">([^<]*)</a>', html))


def test_translate_creates_a_linked_russian_draft_with_section_and_contact(
    client, editor, original
):
    client.force_login(editor)

    response = translate(client, original)

    translation = Item.objects.get(language="ru")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/news/item/{translation.pk}/change/"
    assert translation.translation_of == original
    assert translation.status == Item.Status.DRAFT
    assert translation.section == original.section
    assert translation.press_contact == original.press_contact
    assert translation.title == original.title and translation.slug == "meet"
    assert translation.created_by == editor
    assert translation.versions.count() == 1
    follow = client.get(response["Location"]).content.decode()
    assert "A draft in Russian is ready to translate" in follow


def test_translate_again_opens_the_existing_translation(client, editor, original):
    client.force_login(editor)
    translation = make_translation(original)

    assert translate(client, original)["Location"] == f"/admin/news/item/{translation.pk}/change/"
    assert translate(client, translation)["Location"] == f"/admin/news/item/{original.pk}/change/"
    assert Item.objects.count() == 2


def test_translate_finds_a_free_address_when_the_slug_is_taken(client, editor, original):
    make_item(section=original.section, language="ru", slug="meet", title="Другая новость")
    client.force_login(editor)

    translate(client, original)

    assert Item.objects.get(translation_of=original).slug == "meet-2"


def test_translate_needs_the_right_to_add_items_and_a_post(client, original):
    viewer = User.objects.create_user("viewer", password="a-long-test-password", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_item"))
    client.force_login(viewer)

    assert translate(client, original).status_code == 403
    assert Item.objects.count() == 1
    form = client.get(f"/admin/news/item/{original.pk}/change/")
    assert form.status_code == 200 and "Peacekeepers meet" in form.content.decode()
    assert "/translate/" not in form.content.decode()  # no button that would be refused
    client.force_login(make_staff("Editors"))
    assert client.get(f"/admin/news/item/{original.pk}/translate/").status_code == 405


def test_the_change_form_offers_translate_or_the_other_version(client, editor, original):
    client.force_login(editor)

    form = client.get(f"/admin/news/item/{original.pk}/change/").content.decode()
    assert f'action="/admin/news/item/{original.pk}/translate/"' in form
    assert "Translate into Russian" in form

    make_translation(original)
    form = client.get(f"/admin/news/item/{original.pk}/change/").content.decode()
    assert "Open the version in Russian" in form


def test_parity_follows_both_sides_through_edits_and_publishing(
    client, editor, publisher, original
):
    client.force_login(editor)
    assert translation_column(client, original) == "missing"

    translate(client, original)
    translation = Item.objects.get(translation_of=original)
    assert translation_column(client, original) == "Russian: not public"
    # the original is public and the copy as old as its text
    assert translation_column(client, translation) == "English: published"

    client.force_login(publisher)
    edit(client, translation, title="Встреча миротворцев", status="published")
    assert translation_column(client, original) == "Russian: published"
    assert translation_column(client, translation) == "English: published"

    edit(client, original, lead="A corrected lead.")
    assert translation_column(client, original) == "Russian: older than the original"
    assert translation_column(client, translation) == "English: older than the original"

    edit(client, translation, lead="Исправленный анонс.")
    assert translation_column(client, original) == "Russian: published"

    edit(client, translation, status="draft")
    assert translation_column(client, original) == "Russian: not public"


def test_saving_without_changing_the_content_keeps_the_pair_in_step(client, publisher, original):
    make_translation(original)
    client.force_login(publisher)

    edit(client, original)  # saved as it was
    edit(client, original, status="draft")  # decisions, not content changes
    edit(client, original, status="published")

    assert translation_column(client, original) == "Russian: published"


def test_admin_list_filters_by_language_and_by_translation(client, editor, section):
    client.force_login(editor)
    lonely = make_item(section=section, title="Lonely")
    paired = make_item(section=section, title="Paired")
    make_translation(paired, title="Пара")
    drafted = make_item(section=section, title="Drafted")
    make_translation(drafted, title="Черновик", status=Item.Status.DRAFT)

    assert listed_titles(client, "?language__exact=ru") == {"Пара", "Черновик"}
    assert listed_titles(client, "?language__exact=en") == {"Lonely", "Paired", "Drafted"}
    assert listed_titles(client, "?translation=missing") == {"Lonely"}
    # rows of translations name their originals, public here
    assert listed_titles(client, "?translation=published") == {"Paired", "Пара", "Черновик"}
    # the draft translation's original is public: its row says so
    assert listed_titles(client, "?translation=draft") == {"Drafted"}
    assert listed_titles(client, "?translation=outdated") == set()
    assert lonely.pk


def test_each_translation_filter_lists_the_items_its_column_names(client, editor, section):
    client.force_login(editor)
    make_item(section=section, title="Lonely")
    make_translation(make_item(section=section, title="Paired"), title="Пара")
    make_translation(make_item(section=section, title="Drafted"), title="Черновик", status="draft")
    behind = make_item(section=section, title="Rewritten")
    make_translation(behind, title="Отстаёт")
    later = F("content_changed_at") + datetime.timedelta(hours=1)
    Item.objects.filter(pk=behind.pk).update(content_changed_at=later)
    make_translation(make_item(section=section, title="Unpublished", status="draft"), title="Одна")

    named = {item.title: translation_column(client, item) for item in Item.objects.all()}
    for parity in Parity:
        # the column: "missing", or the counterpart's language and how it stands
        expected = {title for title, text in named.items() if text.endswith(str(parity.label))}
        assert expected, f"no item is {parity}: the test would prove nothing"
        assert listed_titles(client, f"?translation={parity.value}") == expected


def admin_list_queries(client, count, section):
    for n in range(count):
        make_translation(make_item(section=section, days_ago=n + 1))
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/news/item/").status_code == 200
    return len(queries)


def test_admin_list_costs_the_same_queries_however_many_translations(client, editor, section):
    client.force_login(editor)

    few = admin_list_queries(client, 2, section)
    many = admin_list_queries(client, 30, section)

    assert few == many


@pytest.mark.parametrize("link", ["same language", "translation of a translation", "itself"])
def test_a_translation_link_must_join_an_original_and_the_other_language(original, link):
    if link == "same language":
        item = make_item(section=original.section, translation_of=None)
        item.translation_of = original
    elif link == "translation of a translation":
        item = make_item(section=original.section)
        item.translation_of = make_translation(make_item(section=original.section))
    else:
        item = make_item(section=original.section, language="ru")
        item.translation_of = item

    with pytest.raises(ValidationError) as error:
        item.full_clean()

    assert "translation_of" in error.value.message_dict


def test_an_original_cannot_take_its_translations_language(client, publisher, original):
    make_translation(original)
    client.force_login(publisher)

    response = edit(client, original, language="ru")

    assert response.status_code == 200
    assert "This item&#x27;s translation is in that language." in response.content.decode()
    original.refresh_from_db()
    assert original.language == "en"


def test_deleting_an_original_keeps_its_translation_unlinked(original):
    translation = make_translation(original)

    original.delete()
    translation.refresh_from_db()

    assert translation.translation_of is None


def test_the_russian_admin_speaks_russian(client, editor, original):
    client.force_login(editor)

    html = client.get("/ru/admin/news/item/").content.decode()

    assert '<html lang="ru"' in html
    assert "перевод" in html and "язык" in html


def test_existing_items_are_linked_as_translations_in_the_form(client, publisher, original):
    russian = make_item(section=original.section, language="ru", title="Встреча")
    client.force_login(publisher)

    response = edit(client, russian, translation_of=original.pk)

    assert response.status_code == 302
    russian.refresh_from_db()
    assert russian.translation_of == original
    assert 'href="/ru/news/csto-news/' in client.get(original.get_absolute_url()).content.decode()


@pytest.mark.parametrize("target", ["same language", "already translated"])
def test_a_wrong_link_is_a_form_error_and_saves_nothing(client, publisher, original, target):
    if target == "already translated":
        make_translation(original)
        item = make_item(section=original.section, language="ru", title="Другой перевод")
    else:
        item = make_item(section=original.section, title="Another English item")
    client.force_login(publisher)

    response = edit(client, item, translation_of=original.pk, title="Changed")

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    item.refresh_from_db()
    assert item.translation_of is None and item.title != "Changed"


def test_restoring_a_link_that_is_now_taken_is_a_message(client, editor, original):
    draft = make_item(section=original.section, language="ru", status=Item.Status.DRAFT)
    client.force_login(editor)
    edit(client, draft, translation_of=original.pk)
    linked = draft.versions.latest()
    edit(client, draft, translation_of="")
    make_translation(original, slug="another")

    response = client.post(
        f"/admin/news/item/{draft.pk}/versions/{linked.pk}/restore/", follow=True
    )

    assert response.status_code == 200
    assert "Nothing was changed" in response.content.decode()
    draft.refresh_from_db()
    assert draft.translation_of is None
