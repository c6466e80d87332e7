import pytest

from press.models import Phone, PressContact
from tests.helpers import make_contact

pytestmark = pytest.mark.django_db


def test_contact_reads_as_position_and_name():
    contact = make_contact()

    assert str(contact) == "The CSTO Press Secretary Vladimir Zaynetdinov"
    assert contact.get_absolute_url() == f"/press/#contact-{contact.pk}"


def test_active_contacts_come_in_their_order():
    second = make_contact(name="Press service", position="The CSTO", order=2)
    first = make_contact(name="Vladimir Zaynetdinov", order=1)
    make_contact(name="Former secretary", order=0, is_active=False)

    assert list(PressContact.objects.active()) == [first, second]


def test_phone_shows_its_kind_and_dials_digits_only():
    contact = make_contact(phones=[("+7495-621-33-23", Phone.Kind.TEL_FAX)])
    phone = contact.phones.get()

    assert str(phone) == "+7495-621-33-23 - tel/fax"
    assert phone.tel_uri == "tel:+74956213323"


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_phones_kind_reads_as_djangos_display_of_it_in_each_language(language):
    from django.utils.translation import override

    contact = make_contact(phones=[("1", kind) for kind in Phone.Kind.values])
    stray = Phone.objects.create(contact=contact, number="2", kind="pager")

    with override(language):
        for phone in [*contact.phones.all(), stray]:
            assert str(phone.kind_label) == str(phone.get_kind_display())
    assert stray.kind_label == "pager"
