"""Work started beside a request (leadvet.lib.alongside): in a thread of its own with the
request's context outside a transaction, in the caller's thread inside one; its result or its
error handed back; its connection closed after it."""

import datetime
import threading

import pytest
from django.core.cache import cache
from django.db import connections, transaction
from django.utils import timezone, translation

from colleges.models import PartnerCollege
from leadvet.lib.alongside import start_alongside
from portal import reports
from portal.dashboard import impact
from portal.dashboard.periods import Filters, Period
from tests.factories import (
    ContactFactory,
    EventFactory,
    MentorFactory,
    PartnerCollegeFactory,
    RegistrationFactory,
    UserFactory,
)


def _seen() -> dict:
    return {
        "thread": threading.get_ident(),
        "language": translation.get_language(),
        "colleges": sorted(PartnerCollege.objects.values_list("name", flat=True)),
        "connection": connections["default"],
    }


@pytest.mark.django_db
def test_inside_a_transaction_the_work_waits_for_its_caller_and_sees_its_writes():
    PartnerCollegeFactory(name="Omnia")  # not committed: the test's transaction holds it
    ran = []
    result = start_alongside(lambda: ran.append(_seen()) or ran[-1])
    assert ran == []  # not started aside
    seen = result()
    assert seen["thread"] == threading.get_ident()
    assert seen["colleges"] == ["Omnia"]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_work_runs_aside_with_the_callers_context():
    PartnerCollegeFactory(name="Stadin AO")
    with translation.override("fi"):
        result = start_alongside(_seen)
        seen = result()
    assert seen["thread"] != threading.get_ident()
    assert seen["language"] == "fi"
    assert seen["colleges"] == ["Stadin AO"]
    assert seen["connection"] is not connections["default"]  # a connection of its own,
    assert seen["connection"].connection is None  # closed after the work


@pytest.mark.django_db(transaction=True)
def test_an_error_aside_is_raised_where_the_result_is_asked_for():
    def fails():
        raise LookupError("no such figure")

    result = start_alongside(fails)
    with pytest.raises(LookupError, match="no such figure"):
        result()


@pytest.mark.django_db(transaction=True)
def test_the_report_reads_its_outcome_figures_aside_as_it_would_in_turn():
    """The steering report's outcome figures and its figures' sections read in other threads
    equal those read in the request's own, the same contacts and hours counted."""
    college = PartnerCollegeFactory(name="Varia")
    mentor = MentorFactory(college=college, user=UserFactory(first_name="Eva"))
    today = timezone.localdate()
    for days_ago in (3, 10, 40):
        ContactFactory(
            mentor=mentor,
            college=college,
            date=today - datetime.timedelta(days=days_ago),
            duration_minutes=40,
        )
    period = Period.between(today - datetime.timedelta(days=90), today)

    now = timezone.now()
    aside = reports.report_context(period, "90 days", named=True, now=now)
    cache.clear()
    with transaction.atomic():  # in turn, in this thread
        in_turn = reports.report_context(period, "90 days", named=True, now=now)
    assert aside["figures"] == in_turn["figures"]  # its sections read beside each other
    assert aside["impact"] == in_turn["impact"]
    assert aside["impact_sentences"] == in_turn["impact_sentences"]
    assert aside["figures"]["contacts"]["period"] == 3
    assert aside["impact"]["hours"]["contact_hours"] == 2.0  # three contacts of 40 minutes


@pytest.mark.django_db(transaction=True)
def test_the_outcome_figures_read_in_two_statements_at_once_equal_those_read_in_one():
    """Cold, the events' time is read aside (portal.dashboard.impact._figure_rows): the
    figures equal those of one statement, the hours of the contacts and the event counted."""
    college = PartnerCollegeFactory(name="Varia")
    mentor = MentorFactory(college=college, user=UserFactory(first_name="Eva"))
    now = timezone.now()
    ContactFactory(
        mentor=mentor,
        college=college,
        date=timezone.localdate(now) - datetime.timedelta(days=5),
        duration_minutes=90,
    )
    started = now - datetime.timedelta(days=10)
    event = EventFactory(starts_at=started, ends_at=started + datetime.timedelta(hours=2))
    RegistrationFactory(event=event, user=mentor.user, attended=True)
    filters = Filters(period=Period.last_days(60, timezone.localdate(now)))

    read_at_once = impact.cached_impact(filters, now=now)
    assert read_at_once == impact.build_impact(filters, now=now)
    assert read_at_once["hours"]["contact_hours"] == 1.5
    assert read_at_once["hours"]["event_hours"] == 2.0
