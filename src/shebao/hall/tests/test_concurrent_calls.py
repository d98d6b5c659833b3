"""Two windows calling at the same instant never get the same ticket (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection, connections

from shebao.hall.models import Ticket, Window
from shebao.hall.services import call_next, ticket_take

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises writers; SKIP LOCKED row locks only mean something on PostgreSQL",
    ),
]


def test_many_windows_calling_at_once_each_get_a_different_ticket(hall):
    windows = [hall.window2] + [
        Window.objects.create(outlet=hall.outlet, number=10 + i, comprehensive=True) for i in range(5)
    ]
    for _ in range(4):
        ticket_take(outlet=hall.outlet, category_code="pension")
    start = threading.Barrier(len(windows))
    results, errors = [], []

    def window_calls(window):
        try:
            start.wait()
            ticket = call_next(user=hall.teller, window=window)
            results.append(ticket.pk if ticket else None)
        except Exception as exc:  # reported below, so a failure in a thread fails the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=window_calls, args=(w,)) for w in windows]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    called = [pk for pk in results if pk is not None]
    assert len(called) == len(set(called)) == 4  # four tickets, four windows; two windows get nobody
    assert Ticket.objects.filter(state="called").count() == 4
