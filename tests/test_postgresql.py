"""The PostgreSQL backend's health check (cstosite/postgresql): a persistent connection is
checked before each request's first query without a round trip, and a connection the
server has ended is still found and replaced."""

import contextlib
import time

import pytest
from django.db import close_old_connections, connection

from news.models import Section

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's backend"),
    pytest.mark.django_db(transaction=True),
]


@contextlib.contextmanager
def another_session():
    other = connection.copy()
    try:
        with other.cursor() as cursor:
            yield cursor
    finally:
        other.close()


def session_pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), 'before the check'")
        return cursor.fetchone()[0]


def test_a_working_connection_is_found_usable_without_asking_the_server():
    pid = session_pid()

    assert connection.is_usable()
    with another_session() as cursor:
        cursor.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
        assert cursor.fetchone()[0] == "SELECT pg_backend_pid(), 'before the check'"


def test_a_connection_the_server_ended_is_replaced_before_the_next_query():
    pid = session_pid()
    with another_session() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while connection.is_usable() and time.monotonic() < deadline:
        time.sleep(0.01)  # the server's word reaches the socket a moment later

    assert not connection.is_usable()
    connection.health_check_enabled = True  # CONN_HEALTH_CHECKS, as the settings ask
    close_old_connections()  # what Django does when a request starts
    assert Section.objects.count() >= 0  # checked, found ended, connected again
    assert session_pid() != pid


def test_the_hot_queries_are_planned_once_for_any_values():
    from django.utils import timezone

    from news import queries

    for _ in range(8):  # PostgreSQL decides on its plans after the fifth run
        queries.ITEMS(0, 11, language="en", now=timezone.now(), known=queries.NONE_HELD)
        queries.SECTIONS()
    with connection.cursor() as cursor:
        cursor.execute("SELECT generic_plans, custom_plans FROM pg_prepared_statements")
        plans = cursor.fetchall()

    assert len(plans) == 2
    assert all(generic == 8 and custom == 0 for generic, custom in plans)
