import pytest
from django.core.management import call_command

from news.models import Item, Section
from press.models import Phone, PressContact

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything the demo command writes, as comparable values."""
    return (
        list(
            Section.objects.values_list(
                "id", "slug", "title", "description", "title_ru", "description_ru", "position"
            )
        ),
        list(
            Item.objects.values_list(
                "id",
                "language",
                "translation_of_id",
                "section_id",
                "slug",
                "title",
                "lead",
                "body",
                "status",
                "published_at",
                "press_contact_id",
            )
        ),
        list(
            PressContact.objects.values_list(
                "id", "name", "position", "name_ru", "position_ru", "email", "order", "is_active"
            )
        ),
        list(Phone.objects.values_list("id", "contact_id", "number", "kind", "order")),
    )


def test_demo_content_run_twice_leaves_the_same_data():
    call_command("load_demo_content")
    first = snapshot()
    call_command("load_demo_content")

    assert snapshot() == first
    assert Section.objects.count() == 3
    assert Item.objects.published().in_language("en").count() == 4
    assert Item.objects.published().in_language("ru").count() == 2


def test_demo_content_restores_what_was_changed():
    call_command("load_demo_content")
    Item.objects.filter(slug="secretary-general-interview-belta", language="en").update(
        title="Broken", status="draft"
    )

    call_command("load_demo_content")

    item = Item.objects.get(slug="secretary-general-interview-belta", language="en")
    assert item.title == "The CSTO Secretary General's interview to the BELTA news agency"
    assert item.status == Item.Status.PUBLISHED


def test_demo_site_looks_like_the_reference(client):
    call_command("load_demo_content")

    all_news = client.get("/news/").content.decode()
    commentary = client.get(
        "/news/press-secretary-commentary/commentary-legal-grounds-peacekeeping-operations/"
    ).content.decode()

    for date in ("26.07.2024", "19.07.2024", "01.07.2024", "02.02.2023"):
        assert date in all_news
    assert (
        "staff of the CSTO Secretariat met with graduates of Central Asian universities" in all_news
    )
    assert "Agreement on the CSTO Peacekeeping Activities of 6 October 2007" in commentary
    assert "The CSTO Press Secretary Vladimir Zaynetdinov" in commentary
    assert "+7495-621-27-10</a> - tel<" in commentary
    assert "+7495-621-33-23</a> - tel/fax" in commentary
    assert '<a href="mailto:odkb-pressa@gov.ru">odkb-pressa@gov.ru</a>' in commentary
    for link in ("Go back", "Back to the section", "Back to the all news"):
        assert f">{link}</a>" in commentary


def test_demo_site_has_russian_pages_linked_to_their_english_originals(client):
    call_command("load_demo_content")
    url = "/news/press-secretary-commentary/commentary-legal-grounds-peacekeeping-operations/"

    english = client.get(url).content.decode()
    russian = client.get("/ru" + url).content.decode()
    russian_news = client.get("/ru/news/").content.decode()

    assert f'<link rel="alternate" hreflang="ru" href="http://testserver/ru{url}">' in english
    assert "Миротворческие операции ОДКБ регулируются Соглашением" in russian
    assert "Пресс-секретарь ОДКБ Владимир Зайнетдинов" in russian
    assert "Комментарии пресс-секретаря" in russian and "Новости ОДКБ" in russian_news
    assert "Генеральный секретарь ОДКБ принял участие в дебатах" in russian_news
    assert "BELTA" not in russian_news  # not translated: not on the Russian pages
