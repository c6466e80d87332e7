import datetime
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from news.models import Item, Section, ShareLink
from press.models import Phone
from tests.helpers import VERSION, make_contact, make_item, make_section

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


def item_titles(response):
    """Titles of the items listed on a page, in order."""
    return re.findall(r'class="entry__title"><a href="[^"]+">([^<]+)</a>', html(response))


@pytest.fixture
def hidden_items(section):
    """One draft, one scheduled item: neither may appear anywhere public."""
    return [
        make_item(
            section=section, title="Secret draft", slug="secret-draft", status=Item.Status.DRAFT
        ),
        make_item(section=section, title="Scheduled statement", slug="scheduled", days_ago=-1),
    ]


# Home


def test_home_shows_latest_items_and_sections(client, section):
    other = make_section("Secretary General", slug="secretary-general")
    make_item(section=section, title="Older", days_ago=3)
    make_item(section=other, title="Newer", days_ago=1)

    response = client.get("/")

    assert response.status_code == 200
    assert item_titles(response) == ["Newer", "Older"]
    assert 'href="/news/csto-news/"' in html(response)
    assert 'href="/news/secretary-general/"' in html(response)


@pytest.mark.parametrize("url", ["/", "/ru/", "/news/", "/news/alpha/", "/news/beta/?page=9"])
def test_pages_list_all_sections_in_their_order_with_their_words(client, url):
    """The sections come with the page's items (news.queries.SectionsWithRows), or on
    their own when it has none: in the order the database gives (position, then title),
    each with its title and description in the page's language."""
    for title, slug, position in [("alpha", "alpha", 2), ("Zeta", "zeta", 1), ("Beta", "beta", 2)]:
        make_section(
            title,
            slug=slug,
            position=position,
            title_ru=f"{title} ру",
            description=f"About {title}.",
            description_ru=f"Про {title}.",
        )
    make_item(section=Section.objects.get(slug="alpha"), title="In alpha")
    expected = [section.slug for section in Section.objects.all()]

    page = html(client.get(url))

    home = url in ("/", "/ru/")
    start = page.index('<ul class="section-list">' if home else '<nav class="sections"')
    listing = page[start : page.index("</ul>", start)]
    assert re.findall(r'href="(?:/ru)?/news/(alpha|beta|zeta)/"', listing) == expected
    russian = url.startswith("/ru/")
    assert ("Zeta ру" in page) == russian and ("Zeta<" in page) != russian
    if home:
        assert ("Про Zeta." if russian else "About Zeta.") in listing


def test_home_has_landmarks_and_a_language(client, db):
    page = html(client.get("/"))

    assert '<html lang="en">' in page
    for landmark in ("<header", "<main", "<nav", "<footer"):
        assert landmark in page
    assert 'class="skip-link" href="#main"' in page


# Lists


def test_all_news_lists_items_newest_first_with_date_and_lead(client, section):
    make_item(section=section, title="First", lead="The first lead.", days_ago=10)
    make_item(
        section=section,
        title="Second",
        lead="The second lead.",
        published_at=timezone.make_aware(datetime.datetime(2024, 7, 26, 12)),
    )

    response = client.get("/news/")
    page = html(response)

    assert response.status_code == 200
    assert item_titles(response) == ["First", "Second"]
    assert '<time datetime="2024-07-26T12:00:00+03:00">26.07.2024</time>' in page
    assert "The first lead." in page and "The second lead." in page


def test_section_lists_only_its_own_items(client, section):
    other = make_section("Other", slug="other")
    make_item(section=section, title="Ours")
    make_item(section=other, title="Theirs")

    response = client.get("/news/csto-news/")

    assert response.status_code == 200
    assert item_titles(response) == ["Ours"]
    assert "<h1>CSTO News</h1>" in html(response)


def test_lists_are_paginated_ten_to_a_page(client, section):
    for n in range(12):
        make_item(section=section, title=f"News {n:02}", days_ago=n + 1)

    first = client.get("/news/csto-news/")
    second = client.get("/news/csto-news/?page=2")

    assert item_titles(first) == [f"News {n:02}" for n in range(10)]
    assert item_titles(second) == ["News 10", "News 11"]
    assert 'rel="next" href="/news/csto-news/?page=2"' in html(first)
    assert 'rel="prev" href="/news/csto-news/"' in html(second)
    assert "Page 2" in html(second)
    assert 'rel="next"' not in html(second)  # the eleventh item was the last


@pytest.mark.parametrize(
    "page, expected_first",
    [
        ("abc", "News 00"),
        ("0", "News 10"),
        ("-1", "News 10"),
        ("999999", "News 10"),
        ("1.5", "News 00"),
        ("", "News 00"),
    ],
)
def test_bad_page_numbers_show_the_nearest_valid_page(client, section, page, expected_first):
    for n in range(12):
        make_item(section=section, title=f"News {n:02}", days_ago=n + 1)

    for url in ("/news/", "/news/csto-news/"):
        response = client.get(url, {"page": page})
        assert response.status_code == 200
        assert item_titles(response)[0] == expected_first


def test_empty_list_says_so(client, section):
    response = client.get("/news/csto-news/")

    assert response.status_code == 200
    assert "There is no news here yet." in html(response)


@pytest.mark.parametrize(
    "url",
    [
        "/news/no-such-section/",
        "/news/csto-news/no-such-item/",
        "/news/no-such-section/no-such-item/",
        "/news/" + "a" * 3000 + "/",
        "/news/csto-news/" + "b" * 3000 + "/",
        "/news/новости/",
        "/news/csto-news/заявление/",
        "/news/%00/",
        "/news/csto-news/%F0%9F%98%80/",
    ],
)
def test_unknown_or_malformed_addresses_are_404(client, section, url):
    response = client.get(url)

    assert response.status_code == 404
    assert "Page not found" in html(response)


# Drafts and scheduled items


def test_hidden_items_are_absent_from_every_list(client, section, hidden_items):
    make_item(section=section, title="Public statement")

    for url in ("/", "/news/", "/news/csto-news/"):
        page = html(client.get(url))
        assert "Public statement" in page
        assert "Secret draft" not in page
        assert "Scheduled statement" not in page


def test_hidden_items_do_not_count_towards_pages(client, section):
    for n in range(10):
        make_item(section=section, title=f"Public {n}", days_ago=n + 1)
    for n in range(5):
        make_item(section=section, title=f"Draft {n}", status=Item.Status.DRAFT)

    page = html(client.get("/news/"))

    assert "Page 1 of" not in page
    assert 'rel="next"' not in page


def test_hidden_item_addresses_are_404_for_readers(client, section, hidden_items):
    for item in hidden_items:
        assert client.get(item.get_absolute_url()).status_code == 404


def test_staff_see_a_hidden_item_marked_as_a_preview(client, admin_user, section, hidden_items):
    client.force_login(admin_user)

    response = client.get(hidden_items[0].get_absolute_url())

    assert response.status_code == 200
    assert "Preview: this item is not public." in html(response)
    assert '<meta name="robots" content="noindex, nofollow">' in html(response)


def test_public_item_is_not_marked_as_a_preview_for_staff(client, admin_user, section):
    item = make_item(section=section)
    client.force_login(admin_user)

    assert "Preview:" not in html(client.get(item.get_absolute_url()))


# Item page


def test_item_page_shows_date_title_body_and_the_three_links(client, section):
    item = make_item(
        section=section,
        title="Commentary of the CSTO Secretariat",
        body="<p>The CSTO peacekeeping operations are regulated.</p>",
        published_at=timezone.make_aware(datetime.datetime(2023, 2, 2, 12)),
    )

    response = client.get(item.get_absolute_url())
    page = html(response)

    assert response.status_code == 200
    assert '<h1 class="item__title">Commentary of the CSTO Secretariat</h1>' in page
    assert '<time datetime="2023-02-02T12:00:00+03:00">02.02.2023</time>' in page
    assert "<p>The CSTO peacekeeping operations are regulated.</p>" in page
    assert '<a href="/news/csto-news/">Go back</a>' in page
    assert '<a href="/news/csto-news/">Back to the section</a>' in page
    assert '<a href="/news/">Back to the all news</a>' in page


def test_item_body_is_sanitized_again_when_rendered(client, section):
    item = make_item(section=section)
    # A row written around save() (raw SQL, bulk update) still renders no script.
    Item.objects.filter(pk=item.pk).update(
        body='<p>Safe</p><script>alert("x")</script><img src=x onerror=alert(1)>'
    )

    page = html(client.get(item.get_absolute_url()))

    assert "<p>Safe</p>" in page
    assert 'alert("x")' not in page
    assert "onerror" not in page


def test_item_page_shows_the_press_contact_signature(client, section):
    contact = make_contact(
        phones=[("+7495-621-27-10", Phone.Kind.TEL), ("+7495-621-33-23", Phone.Kind.TEL_FAX)]
    )
    item = make_item(section=section, press_contact=contact)

    page = html(client.get(item.get_absolute_url()))

    assert "The CSTO Press Secretary Vladimir Zaynetdinov" in page
    assert '<a href="tel:+74956212710">+7495-621-27-10</a> - tel' in page
    assert '<a href="tel:+74956213323">+7495-621-33-23</a> - tel/fax' in page
    assert '<a href="mailto:odkb-pressa@gov.ru">odkb-pressa@gov.ru</a>' in page


def test_the_signature_lists_the_phones_in_their_order_as_typed(client, section):
    """The phones are read with the item; they show in the order staff gave them,
    whatever order they were added in, with any characters typed into them."""
    contact = make_contact()
    Phone.objects.create(contact=contact, number='+7 "495" <1>', kind="tel", order=2)
    Phone.objects.create(contact=contact, number="+7 495 2\u00e9", kind="fax", order=1)
    Phone.objects.create(contact=make_contact(name="Other"), number="+7 999", order=0)
    item = make_item(section=section, press_contact=contact)

    page = html(client.get(item.get_absolute_url()))

    first = page.index('<a href="tel:+74952">+7 495 2\u00e9</a> - fax')
    second = page.index('<a href="tel:+74951">+7 &#34;495&#34; &lt;1&gt;</a> - tel')
    assert first < second
    assert "+7 999" not in page


def test_previews_sign_with_the_press_contact_and_phones_too(client, section, editor):
    contact = make_contact(phones=[("+7495-621-27-10", Phone.Kind.TEL)])
    draft = make_item(section=section, press_contact=contact, status=Item.Status.DRAFT)
    link = ShareLink.objects.create(item=draft)
    client.force_login(editor)

    staff_preview = html(client.get(draft.get_absolute_url()))
    client.logout()
    shared_preview = html(client.get(link.get_absolute_url()))

    for page in (staff_preview, shared_preview):
        assert "Vladimir Zaynetdinov" in page
        assert '<a href="tel:+74956212710">+7495-621-27-10</a> - tel' in page


def test_item_without_press_contact_has_no_signature(client, section):
    item = make_item(section=section)

    assert 'class="signature"' not in html(client.get(item.get_absolute_url()))


def test_item_main_image_is_shown_with_its_alt_text(client, section, settings):
    item = make_item(
        section=section, image="items/2024/07/photo.jpg", image_alt="Delegates at the table"
    )

    page = html(client.get(item.get_absolute_url()))

    assert '<img src="/media/items/2024/07/photo.jpg" alt="Delegates at the table"' in page


# Query counts: fixed whatever the number of items


def fill(section, count):
    contact = make_contact(phones=[("+7495-621-27-10", Phone.Kind.TEL)])
    other = make_section()
    for n in range(count):
        item = make_item(section=section if n % 2 else other, press_contact=contact, days_ago=n + 1)
        if n % 3 != 2:  # most have a translation: the counts must not grow with them
            make_item(
                section=item.section,
                language="ru",
                translation_of=item,
                press_contact=contact,
                days_ago=n + 1,
            )


@pytest.mark.parametrize("count", [24, 300])
@pytest.mark.parametrize(
    "url, queries",
    [
        ("/", 1),  # latest items, with all the sections
        ("/news/", 1),  # the page's items (one more than shown), with all the sections
        ("/news/?page=2", 1),
        ("/news/csto-news/", 1),  # the section found by its slug in the same statement
        ("/news/csto-news/?page=2", 1),
    ],
)
def test_list_pages_cost_a_fixed_number_of_queries(
    client, section, django_assert_num_queries, count, url, queries
):
    fill(section, count)

    with django_assert_num_queries(VERSION + queries):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [150, 300])
def test_a_deep_page_steps_over_ids_and_reads_its_rows_by_key(
    client, section, django_assert_num_queries, count
):
    fill(section, count)

    # the page's items (its ids, one more than shown, stepped over in the same statement),
    # with all the sections
    with django_assert_num_queries(VERSION + 1):
        response = client.get("/news/?page=12")

    page = response.content.decode()
    assert "Page 12" in page
    assert page.count('<article class="entry">') == 10
    expected = Item.objects.published().filter(language="en")[110:120]
    places = [page.index(f">{item.title}</a>") for item in expected]
    assert places == sorted(places)


@pytest.mark.django_db(transaction=True)  # lengths are remembered from committed reads
def test_a_page_past_the_end_counts_once_to_show_the_last(
    client, section, django_assert_num_queries
):
    fill(section, 24)

    # the empty page, the version and the count, the last page with all the sections
    with django_assert_num_queries(VERSION + 4):
        response = client.get("/news/?page=9")

    page = response.content.decode()
    assert "Page 3" in page
    assert page.count('<article class="entry">') == 4

    # known past the end while nothing changed: the version, and the last page
    with django_assert_num_queries(VERSION + 2):
        again = client.get("/news/?page=7")
    assert again.content.decode().count('<article class="entry">') == 4


def test_a_page_past_the_end_is_counted_again_after_a_change(client, section):
    fill(section, 24)
    assert "Page 3" in client.get("/news/?page=9").content.decode()

    fill(section, 8)  # 32 items: a page 4, which the length counted before did not have
    page = client.get("/news/?page=9").content.decode()
    assert "Page 4" in page
    assert page.count('<article class="entry">') == 2
    page_4 = client.get("/news/?page=4").content.decode()
    assert page_4.count('<article class="entry">') == 2

    Item.objects.filter(section=section).order_by("published_at")[0].delete()  # 31 left
    assert client.get("/news/?page=5").content.decode().count('<article class="entry">') == 1


@pytest.mark.parametrize("count", [3, 30])
def test_item_page_costs_a_fixed_number_of_queries(
    client, section, django_assert_num_queries, count
):
    fill(section, count)
    url = Item.objects.filter(section=section, language="en").first().get_absolute_url()

    # item with section, contact, its phones, translation and the newer and older items
    # of the section
    with django_assert_num_queries(VERSION + 1):
        assert client.get(url).status_code == 200


def test_a_list_shows_each_date_in_the_sites_time_zone_whatever_was_shown_before(
    client, section, settings
):
    """Dates are worked out once per moment and zone (news.rendering.published): a
    moment late on the 25th in UTC is the 26th in Moscow, and stays the 25th in UTC."""
    make_item(
        section=section,
        title="Late",
        published_at=datetime.datetime(2024, 7, 25, 22, 30, tzinfo=datetime.UTC),
    )

    moscow = html(client.get("/news/"))
    settings.TIME_ZONE = "UTC"
    cache.clear()  # the stored page was rendered in Moscow time
    utc = html(client.get("/news/"))

    assert '<time datetime="2024-07-26T01:30:00+03:00">26.07.2024</time>' in moscow
    assert '<time datetime="2024-07-25T22:30:00+00:00">25.07.2024</time>' in utc


def test_a_made_up_section_is_not_found_and_leaves_no_length_behind(client, section):
    from news import anchors

    fill(section, 3)

    for n in range(3):
        assert client.get(f"/news/no-such-section-{n}/?page=4").status_code == 404

    assert not anchors._lengths
