import re

import pytest

from press.models import Phone
from tests.helpers import VERSION, make_contact, make_item

pytestmark = pytest.mark.django_db


def test_press_page_lists_active_contacts_in_their_order(client):
    make_contact(
        name="Press service", position="The CSTO Secretariat", order=2, email="press@example.org"
    )
    make_contact(
        name="Vladimir Zaynetdinov",
        order=1,
        phones=[("+7495-621-27-10", Phone.Kind.TEL), ("+7495-621-33-23", Phone.Kind.TEL_FAX)],
    )
    make_contact(name="Former Secretary", order=0, is_active=False)

    response = client.get("/press/")
    page = response.content.decode()

    assert response.status_code == 200
    names = re.findall(r'class="signature__name">([^<]+)</p>', page)
    assert names == [
        "The CSTO Press Secretary Vladimir Zaynetdinov",
        "The CSTO Secretariat Press service",
    ]
    assert "Former Secretary" not in page
    assert "+7495-621-33-23</a> - tel/fax" in page


def test_an_inactive_contact_still_signs_its_items(client, section):
    contact = make_contact(name="Former Secretary")
    item = make_item(section=section, press_contact=contact)
    contact.is_active = False
    contact.save()

    assert "Former Secretary" not in client.get("/press/").content.decode()
    assert (
        "The CSTO Press Secretary Former Secretary"
        in client.get(item.get_absolute_url()).content.decode()
    )


def test_press_page_without_contacts_says_so(client, db):
    assert "No press contacts are listed" in client.get("/press/").content.decode()


@pytest.mark.parametrize("count", [2, 20])
def test_press_page_costs_one_query(client, db, django_assert_num_queries, count):
    for n in range(count):
        phones = [(f"+7 495 000-00-{n:02}", Phone.Kind.TEL), ("+7 495 111-11-11", Phone.Kind.FAX)]
        make_contact(name=f"Contact {n}", order=n, phones=phones)

    with django_assert_num_queries(VERSION + 1):  # the contacts with their phones
        page = client.get("/press/")

    assert page.status_code == 200
    assert page.content.decode().count("+7 495 111-11-11</a> - fax") == count
    assert f"+7 495 000-00-{count - 1:02}</a> - tel" in page.content.decode()


def test_each_contact_shows_its_own_phones_in_their_order(client, db):
    first = make_contact(name="First", order=1, phones=[("+1 1", Phone.Kind.TEL)])
    make_contact(name="No phones", order=2)
    third = make_contact(name="Third", order=3, phones=[("+3 1", Phone.Kind.MOBILE)])
    Phone.objects.create(contact=third, number="+3 0", kind=Phone.Kind.TEL, order=0)
    Phone.objects.create(contact=first, number="+1 2", kind=Phone.Kind.FAX, order=5)

    page = client.get("/press/").content.decode()
    blocks = page.split('class="contact">')[1:]  # from each contact to the next
    numbers = [re.findall(r'href="tel:[^"]*">([^<]+)</a>', block) for block in blocks]

    assert numbers == [["+1 1", "+1 2"], [], ["+3 0", "+3 1"]]
