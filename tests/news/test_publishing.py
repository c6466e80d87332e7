"""The publishing rules: states, schedule, expiry, and the record of who did what."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from news import publishing
from news.models import Item, PublishingEvent
from tests.helpers import make_item, make_staff

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def states():
    return {item.title: str(item.state()) for item in Item.objects.with_public_flag()}


def test_each_item_state_is_named_in_words(section):
    make_item(section=section, title="Draft", status=Item.Status.DRAFT)
    make_item(section=section, title="Live")
    when = timezone.make_aware(datetime.datetime(2030, 1, 2, 9, 30))
    make_item(section=section, title="Later", published_at=when)
    make_item(section=section, title="Gone", unpublish_at=timezone.now() - HOUR)

    assert states() == {
        "Draft": "draft",
        "Live": "published",
        "Later": "scheduled for 02.01.2030 09:30",
        "Gone": "expired",
    }


def test_expired_item_leaves_every_public_page(client, section):
    import time_machine

    item = make_item(section=section, title="Expiring", unpublish_at=timezone.now() + HOUR)
    for url in ("/", "/news/", "/news/csto-news/", item.get_absolute_url()):
        assert "Expiring" in client.get(url).content.decode()  # and now cached

    with time_machine.travel(item.unpublish_at + datetime.timedelta(seconds=1), tick=False):
        for url in ("/", "/news/", "/news/csto-news/"):
            assert "Expiring" not in client.get(url).content.decode()
        assert client.get(item.get_absolute_url()).status_code == 404


def test_publishing_a_draft_makes_it_public_now_and_records_who(section, publisher):
    item = make_item(section=section, status=Item.Status.DRAFT, days_ago=10)

    event = publishing.publish(item, by=publisher)

    assert Item.objects.published().get() == item
    assert timezone.now() - item.published_at < datetime.timedelta(minutes=1)
    assert (event.action, event.user, event.item) == ("published", publisher, item)


def test_publishing_an_item_dated_in_the_future_schedules_it(section, publisher):
    item = make_item(section=section, status=Item.Status.DRAFT, days_ago=-2)

    event = publishing.publish(item, by=publisher)

    assert event.action == PublishingEvent.Action.SCHEDULED
    assert event.effective_at == item.published_at
    assert not Item.objects.published().exists()


def test_unpublishing_takes_an_item_off_the_site_and_is_recorded(client, section, publisher):
    item = make_item(section=section)

    event = publishing.unpublish(item, by=publisher)

    assert client.get(item.get_absolute_url()).status_code == 404
    assert event.action == PublishingEvent.Action.UNPUBLISHED


def test_deleting_is_recorded_with_the_title(section, publisher):
    item = make_item(section=section, title="Withdrawn statement")

    publishing.delete(item, by=publisher)

    event = PublishingEvent.objects.get()
    assert (event.action, event.item_title, event.item, event.user) == (
        "deleted",
        "Withdrawn statement",
        None,
        publisher,
    )


def test_an_editor_cannot_use_the_publishing_functions(section, editor):
    draft = make_item(section=section, status=Item.Status.DRAFT)
    live = make_item(section=section)

    with pytest.raises(PermissionDenied):
        publishing.publish(draft, by=editor)
    with pytest.raises(PermissionDenied):
        publishing.unpublish(live, by=editor)
    with pytest.raises(PermissionDenied):
        publishing.delete(live, by=editor)

    assert Item.objects.published().get() == live
    assert not PublishingEvent.objects.exists()


def test_an_editor_may_delete_a_draft(section, editor):
    draft = make_item(section=section, status=Item.Status.DRAFT)

    publishing.delete(draft, by=editor)

    assert not Item.objects.exists()


def test_unpublish_date_must_follow_the_publication_date(section):
    item = make_item(section=section)
    item.unpublish_at = item.published_at - HOUR

    with pytest.raises(Exception) as error:
        item.clean()

    assert "unpublish_at" in error.value.message_dict


def test_the_roles_exist_after_migration(db):
    from django.contrib.auth.models import Group

    editors = make_staff("Editors", "e")
    publishers = make_staff("Publishers", "p")
    administrators = make_staff("Site administrators", "a")

    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Editors",
        "Publishers",
        "Site administrators",
    }
    assert not editors.has_perm("news.publish_item")
    assert editors.has_perm("news.add_item")
    assert publishers.has_perm("news.publish_item")
    assert not publishers.has_perm("auth.change_user")
    assert administrators.has_perm("auth.change_user")
    assert administrators.has_perm("news.publish_item")


def test_a_scheduled_item_appears_and_expires_at_the_right_moment(client, section):
    import time_machine

    start = timezone.make_aware(datetime.datetime(2031, 3, 1, 9, 0))
    with time_machine.travel(start, tick=False) as clock:
        item = make_item(
            section=section,
            title="Timed statement",
            slug="timed",
            published_at=start + HOUR,
            unpublish_at=start + 2 * HOUR,
        )
        pages = ["/", "/news/", "/news/csto-news/"]

        def visible():
            listed = ["Timed statement" in client.get(url).content.decode() for url in pages]
            detail = client.get(item.get_absolute_url()).status_code == 200
            return listed + [detail]

        assert visible() == [False] * 4
        assert states() == {"Timed statement": "scheduled for 01.03.2031 10:00"}

        clock.move_to(start + HOUR + datetime.timedelta(seconds=1))
        assert visible() == [True] * 4
        assert states() == {"Timed statement": "published"}

        clock.move_to(start + 2 * HOUR)
        assert visible() == [False] * 4
        assert states() == {"Timed statement": "expired"}
