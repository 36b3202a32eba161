"""The dashboard's figures read the contact rollups: few queries whatever the data, and every
write, in bulk too, shows at once."""

import copy
import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from colleges.selectors import college_catalogue
from events.models import Registration
from leadvet.lib import versions
from mentors.models import Contact, ContactRequest, MembershipPeriod
from mentors.services import memberships as membership_services
from mentors.services import pool as pool_services
from mentors.services import requests as request_services
from portal.dashboard.cache import ALL_DOMAINS, ATTENDANCE, cached_figures, figures_version
from portal.dashboard.figures import build_figures, build_section
from portal.dashboard.periods import Filters, Period, term_of, term_period
from tests.factories import (
    ContactFactory,
    CountryFactory,
    EventFactory,
    MentorFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
    VocationalFieldFactory,
    VTEGroupFactory,
)
from tests.portal.test_dashboard import build_network, login

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
# The contacts (5: period counts, breakdown before today and today's, the mentors before today,
# today's contacts per mentor and who logged today), the colleges, the mentors with the alumni
# path and the requests (1), the mentors to follow up and the untrained (2: ranked, then read),
# shortage fields (1), events (1), surveys (3) and the graph's group edges (2: before today,
# today's).
COLD_QUERIES = 16
# A contact logged today: the contact figures again, the days before today kept (the period
# counts, the breakdown's today, today's contacts, the graph's edges today), and the events' 1.
CONTACT_SECTION_QUERIES = 4
EVENT_SECTION_QUERIES = 1


@pytest.mark.parametrize(
    "filters",
    [
        pytest.param(lambda network: {}, id="last 365 days, months cut at both ends"),
        pytest.param(
            lambda network: {"period": term_period(*term_of(TODAY), today=TODAY)}, id="term"
        ),
        pytest.param(
            lambda network: {"field_id": network["mentors"][0].fields.get().pk}, id="field"
        ),
        pytest.param(
            lambda network: {"scope_college_ids": (network["colleges"][0].pk,)},
            id="a college coordinator's colleges",
        ),
        pytest.param(
            lambda network: {"country_id": network["colleges"][0].country_id}, id="country"
        ),
    ],
)
def test_cold_figures_take_a_fixed_number_of_queries(filters, django_assert_num_queries):
    network = build_network(3, 10, 60)
    arguments = {"period": Period.last_days(365, TODAY)} | filters(network)
    # A period that ends after today asks whether a contact is dated after today
    # (portal.dashboard.today.todays_end).
    later = 1 if arguments["period"].end > TODAY else 0
    with django_assert_num_queries(COLD_QUERIES + later):
        figures = build_figures(Filters(**arguments))
    assert figures["contacts"]["windows"][2]["count"] > 0


def test_a_bulk_update_of_contacts_shows_at_once_in_cached_figures():
    network = build_network(2, 4, 10)
    filters = Filters(period=Period.last_days(30, TODAY))
    before = cached_figures(filters)["contacts"]["period"]
    moved = Contact.objects.filter(mentor=network["mentors"][0])
    in_period = moved.filter(date__gte=TODAY - datetime.timedelta(days=29)).count()
    assert in_period > 0
    moved.update(date=TODAY - datetime.timedelta(days=300))
    assert cached_figures(filters)["contacts"]["period"] == before - in_period


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def _contacts_per_college(client) -> dict[int, int]:
    figures = client.get(reverse("dashboard")).context["figures"]
    return {row["college_id"]: row["contacts"] for row in figures["mentors"]["by_college"]}


def test_a_corrected_membership_moves_the_contacts_between_colleges_at_once(client, coordinator):
    old, new = PartnerCollegeFactory(), PartnerCollegeFactory()
    network = build_network(1, 1, 0)
    mentor = network["mentors"][0]
    mentor.college = new
    mentor.save()
    earlier = MembershipPeriod.objects.create(
        mentor=mentor, college=old, starts_on=days_ago(100), ends_on=days_ago(51)
    )
    later = MembershipPeriod.objects.create(mentor=mentor, college=new, starts_on=days_ago(50))
    ContactFactory(mentor=mentor, college=new, task=network["tasks"][0], date=days_ago(40))
    login(client, coordinator)
    assert _contacts_per_college(client)[new.pk] == 1

    # The move was later than recorded: the contact's day belonged to the old college.
    membership_services.update_membership_period(period=later, starts_on=days_ago(20), ends_on=None)
    membership_services.update_membership_period(
        period=earlier, starts_on=days_ago(100), ends_on=days_ago(21)
    )
    contacts = _contacts_per_college(client)
    assert contacts[old.pk] == 1 and not contacts.get(new.pk)


def test_a_write_bumps_the_version_again_when_it_commits(django_capture_on_commit_callbacks):
    """A reader that missed between the write and its commit may have kept the figures of
    before under the new version; the bump at commit makes them old."""
    network = build_network(1, 1, 0)
    [first] = figures_version(("contacts",))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ContactFactory(mentor=network["mentors"][0], task=network["tasks"][0])
        [in_transaction] = figures_version(("contacts",))
    assert first < in_transaction < figures_version(("contacts",))[0]
    assert callbacks


def test_a_write_makes_stale_only_the_figures_of_its_own_domain(django_assert_num_queries):
    """A contact logged rebuilds the contact figures; the mentor pool's, the events' and the
    surveys' are still read from the cache (and the colleges' catalogue from the process), and
    every figure is current."""
    network = build_network(2, 2, 3)
    filters = Filters(period=Period.last_days(365, TODAY))
    before = cached_figures(filters)
    versions = dict(zip(ALL_DOMAINS, figures_version(), strict=True))

    ContactFactory(mentor=network["mentors"][0], task=network["tasks"][0])
    after = dict(zip(ALL_DOMAINS, figures_version(), strict=True))
    assert after["contacts"] > versions["contacts"]
    assert {domain: after[domain] for domain in after if domain != "contacts"} == {
        domain: versions[domain] for domain in versions if domain != "contacts"
    }
    contact_section = build_section(
        "contacts", filters, now=timezone.now(), catalogue=college_catalogue()
    )
    with django_assert_num_queries(CONTACT_SECTION_QUERIES):
        figures = cached_figures(filters)
    assert figures["contacts"]["period"] == before["contacts"]["period"] + 1
    assert figures["contacts"] == contact_section["contacts"]
    for name in ("events", "surveys", "requests", "alumni"):
        assert figures[name] == before[name]
    # The per-college table: the mentor pool's column as it was, the contacts' one more.
    assert [row["active_mentors"] for row in figures["mentors"]["by_college"]] == [
        row["active_mentors"] for row in before["mentors"]["by_college"]
    ]
    assert sum(row["contacts"] for row in figures["mentors"]["by_college"]) == (
        sum(row["contacts"] for row in before["mentors"]["by_college"]) + 1
    )

    event = EventFactory()
    bumped = dict(zip(ALL_DOMAINS, figures_version(), strict=True))
    registration = Registration.objects.create(event=event, user=network["mentors"][1].user)
    # The events' part again, and the contact figures from the cache.
    with django_assert_num_queries(EVENT_SECTION_QUERIES):
        again = cached_figures(filters)
    assert again["contacts"] == figures["contacts"]
    # A registration made leaves the attendance at events as it was; marking it attended not.
    registered = dict(zip(ALL_DOMAINS, figures_version(), strict=True))
    assert [domain for domain in ALL_DOMAINS if registered[domain] != bumped[domain]] == ["events"]
    registration.attended = True
    registration.save()
    attended = dict(zip(ALL_DOMAINS, figures_version(), strict=True))
    assert [domain for domain in ALL_DOMAINS if attended[domain] != registered[domain]] == [
        "events",
        ATTENDANCE,
    ]


def test_the_graph_of_a_country_counts_only_the_contacts_at_its_colleges():
    finland, sweden = CountryFactory(code="FI"), CountryFactory(code="SE", name="Sweden")
    here, there = PartnerCollegeFactory(country=finland), PartnerCollegeFactory(country=sweden)
    mentor = MentorFactory(college=here)
    task, group = MentorTaskFactory(number=4), VTEGroupFactory()
    for college in (here, here, there):  # the last one counted for the college of its day
        ContactFactory(mentor=mentor, college=college, task=task, vte_group=group)
    ContactFactory(mentor=mentor, college=here, task=task)  # no group

    graph = build_figures(Filters(period=Period.last_days(30, TODAY), country_id=finland.pk))[
        "graph"
    ]
    assert {node["id"]: node["weight"] for node in graph["nodes"] if node["kind"] == "mentor"} == {
        f"mentor-{mentor.pk}": 3
    }
    assert [
        (edge["target"], edge["weight"]) for edge in graph["edges"] if edge["kind"] == "contact"
    ] == [(f"group-{group.pk}", 2)]


def test_a_many_to_many_change_shows_at_once_in_cached_figures():
    """A mentor given a field saves no row of Mentor: the change still makes the figures of
    that field stale."""
    network = build_network(2, 4, 10)
    mentor = network["mentors"][1]
    field = VocationalFieldFactory(name="Logistics")
    filters = Filters(period=Period.last_days(365, TODAY), field_id=field.pk)
    assert cached_figures(filters)["mentors"]["totals"]["active"] == 0
    mentor.fields.add(field)
    figures = cached_figures(filters)
    assert figures["mentors"]["totals"]["active"] == 1
    assert figures["contacts"]["period"] == Contact.objects.filter(mentor=mentor).count()


def test_writes_that_save_no_row_one_by_one_show_at_once_in_cached_figures():
    """A contact request answered or withdrawn and a training date recorded are conditional
    updates (no post_save); attendance marked for an event is one update per state: each says
    so (leadvet.signals.changed_in_bulk), and the cached figures count it at once."""
    network = build_network(2, 3, 6)
    filters = Filters(period=Period.last_days(365, TODAY))
    before = cached_figures(filters)
    requests = list(ContactRequest.objects.filter(status=ContactRequest.Status.OPEN))
    request_services.answer_contact_request(contact_request=requests[0], accept=True)
    request_services.withdraw_contact_request(contact_request=requests[1])
    answered = cached_figures(filters)
    assert answered["requests"]["open"] == before["requests"]["open"] - 2
    assert answered["requests"]["answered"] == before["requests"]["answered"] + 1

    untrained = network["mentors"][0]
    assert untrained.trained_on is None
    pool_services.mark_trained(mentor=untrained, on=TODAY)
    trained = cached_figures(filters)
    assert trained["untrained"]["count"] == answered["untrained"]["count"] - 1
    assert trained["untrained"] == build_figures(filters)["untrained"]


def test_a_renamed_task_or_field_shows_at_once_in_the_cached_figures_and_the_mentor_list(
    client, coordinator
):
    """Task and field names are part of the kept figures (the contacts per task, the shortage
    fields, the days before today kept apart) and of the mentor list's rows and filter (kept in
    each process): a write to a task, a field or a language bumps the catalogue's version, which
    every one of them is kept under."""
    network = build_network(2, 3, 16)
    filters = Filters(period=Period.last_days(365, TODAY))
    login(client, coordinator)
    before = cached_figures(filters)
    assert client.get(reverse("mentors:list")).status_code == 200
    shortage = network["mentors"][0].fields.get()
    option = f'<option value="{shortage.pk}">Renamed field</option>'
    assert option not in client.get(reverse("dashboard")).content.decode()  # kept
    activity = "/api/v1/reports/network-activity/?" + urlencode(
        {"from": filters.period.start.isoformat(), "to": TODAY.isoformat()}
    )
    assert "Renamed task" not in client.get(activity).content.decode()
    task = network["tasks"][0]
    task.name = "Renamed task"
    task.save()
    shortage.name = "Renamed field"
    shortage.save()
    after = cached_figures(filters)
    assert after != before
    assert "Renamed task" in [row["task__name"] for row in after["contacts"]["per_task"]]
    assert "Renamed task" in {row["task__name"] for row in after["contacts"]["per_month"]}
    shortage_fields = after["mentors"]["shortage_fields"]
    assert "Renamed field" in [row["vocationalfield__name"] for row in shortage_fields]
    assert after == build_figures(filters) | {"generated_at": after["generated_at"]}
    page = client.get(reverse("mentors:list")).content.decode()
    assert "Renamed field" in page and "Renamed task" in page
    by_task = client.get(activity).json()["by_task"]
    assert "Renamed task" in [row["task_name"] for row in by_task]
    assert option in client.get(reverse("dashboard")).content.decode()  # the filter's choice


def test_the_parts_kept_in_each_process_are_left_as_they_were_by_their_readers(client, coordinator):
    """The days before today are kept in each process (leadvet.lib.versions.kept_near) and
    shared by every request after a write: the dashboard, the report's outcome figures and the
    network-activity API add today's contacts to them without changing them; the report's
    outcome and event parts, kept there too, are assembled again without being changed."""
    network = build_network(2, 4, 30)
    filters = Filters(period=Period.last_days(365, TODAY))
    login(client, coordinator)
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get(reverse("reports")).status_code == 200
    kept = dict(versions._near._kept)
    assert any(":past:" in key for key in kept)
    assert any(key.startswith("dashboard:impact:kept:") for key in kept)  # the outcome parts
    before = {key: copy.deepcopy(value) for key, (value, _until) in kept.items()}
    for mentor in network["mentors"]:
        ContactFactory(mentor=mentor, task=network["tasks"][1], date=TODAY)
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get(reverse("reports")).status_code == 200
    activity = client.get(
        "/api/v1/reports/network-activity/",
        {"from": filters.period.start.isoformat(), "to": TODAY.isoformat()},
    )
    assert activity.status_code == 200
    figures = cached_figures(filters)
    assert figures == build_figures(filters) | {"generated_at": figures["generated_at"]}
    after = {key: value for key, (value, _until) in versions._near._kept.items() if key in before}
    assert after == before
