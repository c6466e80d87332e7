"""Staff login: throttled after repeated failures, sessions rotated on login, ended on logout."""

import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from tests.helpers import STAFF_PASSWORD, make_staff

pytestmark = pytest.mark.django_db


def log_in(client, username, password, address="203.0.113.7"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_five_failures_lock_the_account_out_even_with_the_right_password(caplog):
    editor = make_staff("Editors")
    client = Client()
    for _ in range(4):
        assert log_in(client, editor.username, "wrong").status_code == 200  # form error

    fifth = log_in(client, editor.username, "wrong")
    right = log_in(client, editor.username, STAFF_PASSWORD)

    assert fifth.status_code == 429
    assert right.status_code == 429
    assert "Too many failed logins" in right.content.decode()
    assert "_auth_user_id" not in client.session
    assert any("Locking out" in record.getMessage() for record in caplog.records)


def test_a_lock_out_ends_after_the_cool_off(settings):
    editor = make_staff("Editors")
    client = Client()
    for _ in range(5):
        log_in(client, editor.username, "wrong")
    assert log_in(client, editor.username, STAFF_PASSWORD).status_code == 429

    later = timezone.now() + settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        response = log_in(client, editor.username, STAFF_PASSWORD)

    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_a_lock_out_does_not_reach_other_users_or_addresses():
    editor = make_staff("Editors")
    publisher = make_staff("Publishers")
    for _ in range(5):
        log_in(Client(), editor.username, "wrong")

    assert log_in(Client(), publisher.username, STAFF_PASSWORD).status_code == 302
    assert (
        log_in(Client(), editor.username, STAFF_PASSWORD, address="198.51.100.9").status_code == 302
    )


def test_login_rotates_the_session_and_logout_ends_it():
    editor = make_staff("Editors")
    client = Client()
    log_in(client, editor.username, "wrong")  # an anonymous session may exist before
    client.cookies.load({"sessionid": "planted-by-an-attacker"})

    log_in(client, editor.username, STAFF_PASSWORD)
    session_key = client.cookies["sessionid"].value

    assert session_key != "planted-by-an-attacker"
    assert Session.objects.filter(session_key=session_key).exists()
    client.post("/admin/logout/")
    assert not Session.objects.filter(session_key=session_key).exists()
    assert client.get("/admin/").status_code == 302  # back to the login page


def test_passwords_need_twelve_characters():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Sh0rt-pass!")
    validate_password("a-much-longer-passphrase")
