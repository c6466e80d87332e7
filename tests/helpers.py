"""Small builders for test data; times are relative to now."""

import datetime
import itertools

from django.utils import timezone

from news.models import Item, Section
from press.models import Phone, PressContact

_counter = itertools.count(1)

# Every public page first reads the public content's version (pagecache.state), then
# serves the cached page or renders it with its own queries.
VERSION = 1

# A search first asks how common its words are, once per process and words
# (news.search.reach).
SEARCH_PROBE = 1

# The password of every user make_staff() creates.
STAFF_PASSWORD = "a-long-test-password"


def make_section(title=None, **fields):
    n = next(_counter)
    title = title or f"Section {n}"
    fields.setdefault("slug", f"section-{n}")
    return Section.objects.create(title=title, **fields)


def make_item(section=None, title=None, status=Item.Status.PUBLISHED, days_ago=1, **fields):
    """An item, published `days_ago` days ago unless told otherwise (negative: future)."""
    n = next(_counter)
    fields.setdefault("slug", f"item-{n}")
    fields.setdefault("lead", f"Lead of item {n}.")
    fields.setdefault("body", f"<p>Body of item {n}.</p>")
    fields.setdefault("published_at", timezone.now() - datetime.timedelta(days=days_ago))
    return Item.objects.create(
        section=section or make_section(),
        title=title or f"Item {n}",
        status=status,
        **fields,
    )


def make_translation(original, title=None, **fields):
    """The original's published translation into the other language, in the same section."""
    fields.setdefault("published_at", original.published_at)
    return make_item(
        section=original.section,
        title=title or f"Перевод: {original.title}",
        language="ru" if original.language == "en" else "en",
        translation_of=original,
        slug=fields.pop("slug", original.slug),
        **fields,
    )


def make_contact(
    name="Vladimir Zaynetdinov", position="The CSTO Press Secretary", phones=(), **fields
):
    fields.setdefault("email", "odkb-pressa@gov.ru")
    contact = PressContact.objects.create(name=name, position=position, **fields)
    for order, (number, kind) in enumerate(phones, start=1):
        Phone.objects.create(contact=contact, number=number, kind=kind, order=order)
    return contact


def make_staff(role, username=None):
    """A staff user in one of the roles created by migration: Editors, Publishers, ..."""
    from django.contrib.auth.models import Group, User

    if not Group.objects.filter(name=role).exists():
        restore_roles()
    user = User.objects.create_user(
        username or role.lower().replace(" ", "-"), password=STAFF_PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def restore_roles():
    """Re-create the roles after a transactional test's flush emptied the groups.

    The flush re-creates permissions; the groups come from the data migration's own
    function, so the roles are defined in one place.
    """
    import importlib

    from django.apps import apps

    migration = importlib.import_module("news.migrations.0003_create_roles")
    migration.add_roles(apps)


def edit(client, item, **changes):
    """Post the item's change form as the logged-in user, as the admin page would."""
    item.refresh_from_db()
    data = {
        "language": item.language,
        "section": item.section_id,
        "title": item.title,
        "slug": item.slug,
        "lead": item.lead,
        "body": item.body,
        "image_alt": "",
        "status": item.status,
        "published_at_0": timezone.localtime(item.published_at).strftime("%Y-%m-%d"),
        "published_at_1": timezone.localtime(item.published_at).strftime("%H:%M:%S"),
        "press_contact": item.press_contact_id or "",
        "translation_of": item.translation_of_id or "",
        "edit_version": item.version,
    }
    data.update(changes)
    return client.post(f"/admin/news/item/{item.pk}/change/", data)


def text(client, url):
    """The page at `url`, which must answer 200."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()
