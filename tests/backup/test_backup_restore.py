"""A backup restores into an empty installation exactly: items, versions, press contacts,
users with their roles and passwords, and media files byte for byte."""

import io
import shutil

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict
from django.test import Client
from PIL import Image

from backup.archive import media_checksums
from news import versions
from news.models import Item, ItemVersion, ShareLink
from press.models import Phone, PressContact
from tests.helpers import make_contact, make_item, make_section, make_staff, make_translation

pytestmark = pytest.mark.django_db(transaction=True)


def jpeg():
    out = io.BytesIO()
    Image.new("RGB", (900, 600), "darkred").save(out, "JPEG")
    return out.getvalue()


def snapshot():
    """Everything the round trip must keep, as plain values."""
    return {
        "items": [model_to_dict(item) | {"image": item.image.name} for item in Item.objects.all()],
        "translations": list(Item.objects.values_list("id", "translation_of_id", "language")),
        "content dates": list(Item.objects.values_list("id", "content_changed_at", "version")),
        # Users are saved by user name (natural keys): their ids may change, not who they are.
        "versions": [
            (v.item_id, v.data, v.created_by.username, v.created_at)
            for v in ItemVersion.objects.select_related("created_by")
        ],
        "contacts": [model_to_dict(contact) for contact in PressContact.objects.all()],
        "phones": [model_to_dict(phone) for phone in Phone.objects.all()],
        "users": [
            (user.username, user.password, user.is_staff, sorted(user.groups.values_list("name")))
            for user in User.objects.order_by("username")
        ],
        "share links": list(ShareLink.objects.values("item_id", "key", "expires_at")),
    }


def test_backup_and_restore_round_trip(tmp_path, settings):
    editor = make_staff("Editors")
    section = make_section("CSTO News", slug="csto-news")
    contact = make_contact(phones=[("+7495-621-27-10", Phone.Kind.TEL)])
    item = make_item(section=section, title="Statement", press_contact=contact, image_alt="A")
    item.image.save("photo.jpg", ContentFile(jpeg()))
    versions.record_version(item, editor)
    data = {**versions.snapshot(item), "title": "Pending wording"}
    versions.save_pending(item, data, editor)
    ShareLink.objects.create(item=item, created_by=editor)
    make_translation(item, title="Заявление")
    before, media_before = snapshot(), media_checksums(settings.MEDIA_ROOT)
    assert len(media_before) > 1  # the photo and its renditions

    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not Item.objects.exists()
    call_command("restore", str(tmp_path / "backup"), stdout=io.StringIO())

    assert snapshot() == before
    assert media_checksums(settings.MEDIA_ROOT) == media_before
    restored = Client()
    assert "Statement" in restored.get(item.get_absolute_url()).content.decode()
    assert "Заявление" in restored.get("/ru" + item.get_absolute_url()).content.decode()
    restored.force_login(User.objects.get(username=editor.username))
    assert restored.get("/admin/news/item/").status_code == 200  # the role came back


def test_restore_refuses_a_site_that_has_content(tmp_path):
    make_item(section=make_section(), title="Existing")
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())

    with pytest.raises(CommandError, match="restore into an empty one"):
        call_command("restore", str(tmp_path / "backup"), stdout=io.StringIO())
    assert Item.objects.count() == 1


def test_backup_wants_a_new_folder(tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "something").write_text("x")

    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "used"), stdout=io.StringIO())
