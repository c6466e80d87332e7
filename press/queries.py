"""The press contacts as the public pages read them: each with its phones, in one
prepared statement (cstosite.prepared)."""

import json

from django.db.models import OuterRef

from cstosite.json_rows import JSONRow, RowsAsJSON
from cstosite.prepared import PreparedQuery
from press.models import Phone, PressContact

# What a page reads of each phone: the order first, to sort by.
PHONE_FIELDS = ("order", "id", "number", "kind")


def phone_rows(contact):
    """The phones of the contact whose id is `contact` (an expression, `OuterRef`), as
    one JSON text to read with the contact's row (`phones_of`)."""
    phones = Phone.objects.filter(contact_id=contact).values(entry=JSONRow(*PHONE_FIELDS))
    return RowsAsJSON(phones)


def phones_of(contact_id, rows, db):
    """The phones of contact `contact_id` from its `phone_rows` text, in their order."""
    names = (*PHONE_FIELDS, "contact_id")
    return [
        Phone.from_db(db, names, (*row, contact_id)) for row in sorted(json.loads(rows or "[]"))
    ]


def _active_contacts():
    return PressContact.objects.active().annotate(phone_rows=phone_rows(OuterRef("pk")))


ACTIVE_CONTACTS = PreparedQuery(_active_contacts)


def active_contacts():
    """The contacts on the press page, in their order, each with its `phones`: one
    statement, where the contacts and then their phones were two, each compiled anew."""
    contacts = ACTIVE_CONTACTS()
    for contact in contacts:
        contact.phones_read = phones_of(contact.pk, contact.phone_rows, contact._state.db)
    return contacts
