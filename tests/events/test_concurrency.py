"""Two people taking the last place at the same moment: the event row lock lets one in."""

import threading

import pytest
from django.db import connection, connections

from events import services
from events.models import Registration
from tests.factories import EventFactory, MentorFactory


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite locks the file)"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_cannot_overfill_an_event():
    event = EventFactory(capacity=1)
    users = [MentorFactory().user for _ in range(4)]
    start = threading.Barrier(len(users))
    errors = []

    def register(user):
        try:
            start.wait(timeout=10)
            services.register(event_id=event.pk, user=user)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count(Registration.Status.REGISTERED) == 1
    assert statuses.count(Registration.Status.WAITLISTED) == 3
