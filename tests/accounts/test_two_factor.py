"""Optional two-factor login: staff with a TOTP device need its code, and site
administrators can require it of anyone by putting them in a group."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.forms import TWO_FACTOR_GROUP
from tests.helpers import STAFF_PASSWORD, make_staff

pytestmark = pytest.mark.django_db


def log_in(client, user, token=""):
    data = {"username": user.username, "password": STAFF_PASSWORD, "otp_token": token}
    return client.post("/admin/login/?next=/admin/", data)


def code(device):
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def test_staff_without_a_device_log_in_with_their_password():
    client = Client()

    assert log_in(client, make_staff("Editors")).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_staff_with_a_device_need_its_code():
    editor = make_staff("Editors")
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)

    without = log_in(Client(), editor)
    client = Client()
    right = log_in(client, editor, token=code(device))
    wrong = log_in(Client(), editor, token="000000" if code(device) != "000000" else "111111")

    assert without.status_code == 200 and "_auth_user_id" not in without.wsgi_request.session
    assert right.status_code == 302 and right["Location"] == "/admin/"
    assert client.get("/admin/news/item/").status_code == 200
    assert wrong.status_code == 200 and "_auth_user_id" not in wrong.wsgi_request.session


def test_a_password_only_session_of_a_user_with_a_device_is_not_staff():
    editor = make_staff("Editors")
    TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    client = Client()
    client.force_login(editor)  # a session without the second factor

    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/news/item/add/").status_code == 302


def test_administrators_can_require_it():
    editor = make_staff("Editors")
    editor.groups.add(Group.objects.get(name=TWO_FACTOR_GROUP))

    refused = log_in(Client(), editor)

    assert refused.status_code == 200
    assert "Ask a site administrator to register one" in refused.content.decode()
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    client = Client()
    assert log_in(client, editor, token=code(device)).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_site_administrators_register_authenticators_with_a_qr_code():
    admin = make_staff("Site administrators")
    editor = make_staff("Editors")
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    client = Client()
    client.force_login(admin)

    assert client.get("/admin/otp_totp/totpdevice/add/").status_code == 200
    qr = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/")
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content
