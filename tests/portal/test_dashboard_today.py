"""The contact figures kept before today plus today's contacts (portal.dashboard.today) are the
figures counted from every contact at once, after any sequence of writes: contacts logged
today, logged for earlier days, edited, deleted, in bulk; and a contact logged today leaves
the days before today kept."""

import datetime
import json
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework.renderers import JSONRenderer

from leadvet import roles
from mentors.models import Contact
from portal.api import views as api_views
from portal.dashboard import figures, impact
from portal.dashboard import today as today_parts
from portal.dashboard.cache import cached_figures
from portal.dashboard.figures import build_figures
from portal.dashboard.periods import Filters, Period
from tests.factories import ContactFactory, MentorFactory, VTEGroupFactory, user_with_role
from tests.portal.test_dashboard import build_network

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
# "mentors": its table per college counts the period's contacts of each (the breakdown).
CONTACT_FIGURES = ("contacts", "mentors", "outcomes", "follow_up", "untrained", "graph")

write = st.one_of(
    st.tuples(
        st.just("log"),
        st.integers(0, 7),  # mentor (7: a new one, without contacts before)
        st.sampled_from([0, 0, 0, 1, 40, 364, 365]),  # days ago
        st.booleans(),  # with the VTE group
    ),
    st.tuples(st.just("delete"), st.integers(0, 50), st.booleans(), st.none()),
    st.tuples(st.just("move"), st.integers(0, 50), st.integers(0, 400), st.none()),
    st.tuples(st.just("bulk"), st.integers(0, 7), st.integers(1, 100), st.none()),
)


def counted_at_once(filters: Filters) -> dict:
    """The same figures from every contact of the period at once: no part kept."""
    with mock.patch.object(today_parts, "runs_into_today", lambda start, end, today: False):
        return build_figures(filters)


def activity_at_once(days: int) -> dict:
    """What the network-activity API answers, from every rollup row of the period at once."""
    with mock.patch.object(today_parts, "runs_into_today", lambda *_: False):
        data = api_views._network_activity(
            TODAY - datetime.timedelta(days=days - 1), TODAY, None, keep=today_parts.built
        )
    return json.loads(JSONRenderer().render(api_views.NetworkActivitySerializer(data).data))


def network_activity(client: Client, days: int) -> dict:
    start = TODAY - datetime.timedelta(days=days - 1)
    response = client.get(
        reverse("api-network-activity"), {"from": start.isoformat(), "to": TODAY.isoformat()}
    )
    assert response.status_code == 200
    return response.json()


def apply(action, a, b, c, network) -> None:
    mentors = network["mentors"]
    contacts = list(Contact.objects.order_by("pk").values_list("pk", flat=True))
    if action == "log":
        mentor = mentors[a] if a < len(mentors) else MentorFactory(college=network["colleges"][0])
        ContactFactory(
            mentor=mentor,
            task=network["tasks"][a % 8],
            date=TODAY - datetime.timedelta(days=b),
            vte_group=network["group"] if c else None,
        )
    elif action == "delete" and contacts:
        # Today's contacts first when asked, else any.
        today_ones = list(Contact.objects.filter(date=TODAY).values_list("pk", flat=True))
        pool = today_ones if b and today_ones else contacts
        Contact.objects.get(pk=pool[a % len(pool)]).delete()
    elif action == "move" and contacts:
        contact = Contact.objects.get(pk=contacts[a % len(contacts)])
        contact.date = TODAY - datetime.timedelta(days=b)
        contact.save()
    elif action == "bulk":
        Contact.objects.filter(mentor=mentors[a % len(mentors)]).update(
            date=TODAY - datetime.timedelta(days=b)
        )


@settings(max_examples=12, derandomize=True, deadline=None)
@given(writes=st.lists(write, min_size=1, max_size=6), days=st.sampled_from([30, 365]))
def test_kept_and_todays_figures_are_the_figures_of_every_contact(writes, days):
    with transaction.atomic():
        cache.clear()
        network = build_network(2, 7, 40)
        filters = Filters(period=Period.last_days(days, TODAY))
        client = Client()
        client.force_login(user_with_role(roles.COORDINATOR))
        # Kept before the writes.
        cached_figures(filters)
        network_activity(client, days)
        impact.cached_impact(filters)
        for action, a, b, c in writes:
            apply(action, a, b, c, network)
            kept = cached_figures(filters)
            expected = counted_at_once(filters)
            for name in CONTACT_FIGURES:
                assert kept[name] == expected[name], (action, name)
            assert network_activity(client, days) == activity_at_once(days), action
            # The outcome figures' contact minutes: kept before today plus today's.
            outcomes = impact.cached_impact(filters)
            assert outcomes == impact.build_impact(filters, now=outcomes["generated_at"]), action
        transaction.set_rollback(True)


def test_a_contact_logged_today_leaves_the_days_before_today_kept(django_assert_num_queries):
    network = build_network(2, 7, 40)
    filters = Filters(period=Period.last_days(365, TODAY))
    before = cached_figures(filters)
    mentor = network["mentors"][6]
    ContactFactory(mentor=mentor, task=network["tasks"][3], date=TODAY)
    # The contact figures again (today's part of the period counts and of the breakdown,
    # today's contacts, the graph's edges today; the colleges' catalogue is kept in the
    # process): nothing read from before today.
    with django_assert_num_queries(4) as read:
        after = cached_figures(filters)
    assert not any(
        "contactmentorrollup" in query["sql"] or '"mentors_mentorlastcontact"' in query["sql"]
        for query in read.captured_queries
    )
    assert after["outcomes"]["contacts"] == before["outcomes"]["contacts"] + 1
    ranked = {node["id"]: node["weight"] for node in after["graph"]["nodes"]}
    assert ranked[f"mentor-{mentor.pk}"] == (
        {node["id"]: node["weight"] for node in before["graph"]["nodes"]}.get(
            f"mentor-{mentor.pk}", 0
        )
        + 1
    )

    # A contact logged for yesterday: the days before today are read again (the ranking, the
    # graph's edges, the follow-up list, its untrained mentors, the breakdown; the period
    # counts of the days before today in the same query as today's).
    ContactFactory(mentor=mentor, task=network["tasks"][3], date=TODAY - datetime.timedelta(1))
    with django_assert_num_queries(4 + 5) as read:
        cached_figures(filters)
    assert any("contactmentorrollup" in query["sql"] for query in read.captured_queries)


def test_todays_contacts_read_for_one_page_are_taken_by_the_others():
    """After a contact logged today, the first page read (here the dashboard) reads today's
    contacts per mentor and per college, month and task; the report of a term that ends after
    today (while no contact is dated after today) and the network-activity API take them from
    the shared cache, and every figure is still the one counted at once."""
    network = build_network(2, 7, 40)
    dashboard = Filters(period=Period.last_days(365, TODAY))
    term = Filters(period=Period.between(TODAY - datetime.timedelta(days=90), TODAY + DAY * 30))
    client = Client()
    client.force_login(user_with_role(roles.COORDINATOR))
    for filters in (dashboard, term):
        cached_figures(filters)
    network_activity(client, 365)
    ContactFactory(mentor=network["mentors"][2], task=network["tasks"][1], date=TODAY)

    def todays_reads(captured) -> list[str]:
        return [
            query["sql"]
            for query in captured
            if "mentors_contactdayrollup" in query["sql"]  # the breakdown's per college
            or ('"mentors_contact"."date" >=' in query["sql"] and "GROUP BY" in query["sql"])
        ]

    with CaptureQueriesContext(connection) as first:
        cached_figures(dashboard)
    assert len(todays_reads(first.captured_queries)) == 2
    with CaptureQueriesContext(connection) as report:
        kept = cached_figures(term)
    # Whether a contact is dated after today: once, for every page, until the next write.
    assert todays_reads(report.captured_queries) == []
    expected = counted_at_once(term)
    for name in CONTACT_FIGURES:
        assert kept[name] == expected[name], name
    with CaptureQueriesContext(connection) as api:
        answered = network_activity(client, 365)
    assert todays_reads(api.captured_queries) == []
    assert answered == activity_at_once(365)


def test_a_contact_dated_after_today_counts_in_todays_part_of_a_period_that_holds_its_day():
    """The services refuse a date in the future; an import or the admin might not. Today's
    part of a term that ends after today then reads up to its end, not only today."""
    network = build_network(2, 7, 40)
    term = Filters(period=Period.between(TODAY - datetime.timedelta(days=90), TODAY + DAY * 30))
    cached_figures(Filters(period=Period.last_days(365, TODAY)))
    cached_figures(term)
    ContactFactory(mentor=network["mentors"][3], task=network["tasks"][2], date=TODAY + DAY * 2)
    cached_figures(Filters(period=Period.last_days(365, TODAY)))  # shares today's, up to today
    kept = cached_figures(term)
    expected = counted_at_once(term)
    for name in CONTACT_FIGURES:
        assert kept[name] == expected[name], name
    assert (
        kept["contacts"]["period"]
        == counted_at_once(Filters(period=Period.between(term.period.start, TODAY)))["contacts"][
            "period"
        ]
        + 1
    )


def group_rows(weights: dict[int, dict[int, int]]) -> list[dict]:
    """Rows as mentors_and_their_group_contacts reads them: one naming each mentor, one per
    mentor and group."""
    rows = []
    for mentor_id, groups in sorted(weights.items()):
        named = {"id": mentor_id, "user__first_name": f"M{mentor_id}", "college_id": 1}
        rows.append({**named, "group_contacts__vte_group_id": None, "weight": 0})
        rows.extend(
            {
                **named,
                "group_contacts__vte_group_id": group_id,
                "group_contacts__vte_group__name": f"Group {group_id}",
                "group_contacts__vte_group__term": "2026",
                "weight": weight,
            }
            for group_id, weight in sorted(groups.items())
        )
    return rows


group_weights = st.dictionaries(
    st.integers(1, 4), st.dictionaries(st.integers(1, 12), st.integers(1, 6), max_size=10)
)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(before=group_weights, todays=group_weights, labelled=st.integers(1, 5))
def test_the_heaviest_groups_kept_before_today_plus_todays_are_those_of_every_contact(
    before, todays, labelled
):
    # Today's rows name every ranked mentor, with or without contacts today.
    today_rows = group_rows({mentor_id: todays.get(mentor_id, {}) for mentor_id in range(1, 5)})
    kept = today_parts.GroupContacts.of(group_rows(before)).kept(labelled)
    added = today_parts.GroupContacts.of(today_rows).plus(kept)
    every = today_parts.GroupContacts.of(
        group_rows(
            {
                mentor_id: {
                    group_id: before.get(mentor_id, {}).get(group_id, 0)
                    + todays.get(mentor_id, {}).get(group_id, 0)
                    for group_id in {*before.get(mentor_id, {}), *todays.get(mentor_id, {})}
                }
                for mentor_id in range(1, 5)
            }
        )
    )
    for mentor_id in range(1, 5):
        heaviest = added.heaviest(mentor_id, labelled)
        assert heaviest == every.heaviest(mentor_id, labelled)
        # Each of them is named, though only the heaviest of before today were kept named.
        assert all(added.labels[group_id] == every.labels[group_id] for group_id, _ in heaviest)
    # Kept: the names of each mentor's heaviest groups before today only.
    assert set(kept.labels) == {
        group_id
        for mentor_id in before
        for group_id, _ in today_parts.GroupContacts.of(group_rows(before)).heaviest(
            mentor_id, labelled
        )
    }


def test_a_group_logged_today_joins_the_graph_of_the_mentors_heaviest_groups():
    network = build_network(1, 2, 0)
    mentor = network["mentors"][0]
    groups = [VTEGroupFactory() for _ in range(8)]
    for index, group in enumerate(groups):  # 8, 7, …, 1 contacts before today
        for _ in range(8 - index):
            ContactFactory(
                mentor=mentor,
                task=network["tasks"][0],
                date=TODAY - datetime.timedelta(1),
                vte_group=group,
            )
    filters = Filters(period=Period.last_days(365, TODAY))
    before = cached_figures(filters)
    edges = {edge["target"] for edge in before["graph"]["edges"] if edge["kind"] == "contact"}
    assert edges == {f"group-{group.pk}" for group in groups[:5]}
    for _ in range(6):  # the last group: 1 + 6 = 7, the second's weight
        ContactFactory(mentor=mentor, task=network["tasks"][0], date=TODAY, vte_group=groups[7])
    after = cached_figures(filters)
    assert after["graph"] == counted_at_once(filters)["graph"]
    weights = {
        edge["target"]: edge["weight"]
        for edge in after["graph"]["edges"]
        if edge["kind"] == "contact"
    }
    assert weights == {
        f"group-{groups[0].pk}": 8,
        f"group-{groups[1].pk}": 7,
        f"group-{groups[7].pk}": 7,
        f"group-{groups[2].pk}": 6,
        f"group-{groups[3].pk}": 5,
    }
    labels = {node["id"]: node["label"] for node in after["graph"]["nodes"]}
    assert labels[f"group-{groups[7].pk}"] == f"{groups[7].name} ({groups[7].term})"


class Todays:
    """Today's contacts per mentor, as TodaysContacts reads them."""

    def __init__(self, per_mentor):
        self.per_mentor, self.today = per_mentor, TODAY
        self.logged = {mentor_id for mentor_id, _, _ in per_mentor}


mentor_counts = st.dictionaries(
    st.integers(1, 30), st.tuples(st.integers(1, 9), st.integers(0, 3)), max_size=25
)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    before=mentor_counts,
    todays=mentor_counts,
    limit=st.integers(1, 8),
    ranked_kept=st.sampled_from([1, 3, 10, today_parts.RANKED_KEPT]),
)
def test_the_ranking_kept_before_today_plus_todays_is_that_of_every_contact(
    before, todays, limit, ranked_kept
):
    """The first `limit` mentors, how many have contacts and how many were in VTE sessions,
    from the ranking kept before today and today's contacts per mentor, equal those counted
    over both at once, also when today's mentors below the kept ranking's last are left out
    (mentors with fewer contacts in VTE sessions than contacts, ties broken by the lowest id),
    and when the ranking kept in rank order stops before the mentors today's may overtake."""
    with mock.patch.object(today_parts, "RANKED_KEPT", ranked_kept):
        past = today_parts.PastRanking.of(
            [
                (mentor_id, count, min(sessions, count))
                for mentor_id, (count, sessions) in sorted(before.items())
            ]
        )
    today_rows = [
        (mentor_id, count, min(sessions, count)) for mentor_id, (count, sessions) in todays.items()
    ]
    filters = Filters(period=Period.last_days(30, TODAY))
    ranked = today_parts.mentor_ranking(
        filters, Todays(today_rows), limit=limit, keep=lambda name, build: past
    )
    every: dict[int, list[int]] = {}
    for rows in (before.items(), todays.items()):
        for mentor_id, (count, sessions) in rows:
            total = every.setdefault(mentor_id, [0, 0])
            total[0] += count
            total[1] += min(sessions, count)
    first = sorted(every.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
    assert ranked.most_active == [
        {"id": mentor_id, "contacts_in_period": total[0]} for mentor_id, total in first
    ]
    assert ranked.with_contacts == len(every)
    assert ranked.in_vte_sessions == sum(1 for total in every.values() if total[1] > 0)


def test_a_mentor_ranked_for_todays_contacts_from_further_back_is_drawn_with_their_groups(
    monkeypatch, django_assert_num_queries
):
    """The graph keeps the group contacts of the first mentors before today; one who ranks
    among them only for today's contacts has theirs before today read, and kept for the next
    write of the day: the graph still equals the one counted at once."""
    monkeypatch.setattr(figures, "GRAPH_MENTOR_LIMIT", 2)
    monkeypatch.setattr(today_parts, "GRAPH_EXTRA", 0)
    network = build_network(1, 3, 0)
    first, second, further = network["mentors"]
    groups = [VTEGroupFactory() for _ in range(3)]
    yesterday = TODAY - datetime.timedelta(1)
    for mentor, group, count in (
        (first, groups[0], 5),
        (second, groups[1], 4),
        (further, groups[2], 1),
    ):
        for _ in range(count):
            ContactFactory(mentor=mentor, task=network["tasks"][0], date=yesterday, vte_group=group)
    filters = Filters(period=Period.last_days(30, TODAY))
    cached_figures(filters)  # the first two kept with their groups

    for _ in range(5):
        ContactFactory(mentor=further, task=network["tasks"][0], date=TODAY, vte_group=groups[1])
    with django_assert_num_queries(5):  # today's figures and the further mentor's groups
        ranked = cached_figures(filters)
    assert ranked["graph"] == counted_at_once(filters)["graph"]
    mentors = [node["id"] for node in ranked["graph"]["nodes"] if node["kind"] == "mentor"]
    assert f"mentor-{further.pk}" in mentors and f"mentor-{second.pk}" not in mentors
    weights = {
        (edge["source"], edge["target"]): edge["weight"]
        for edge in ranked["graph"]["edges"]
        if edge["kind"] == "contact"
    }
    assert weights[(f"mentor-{further.pk}", f"group-{groups[2].pk}")] == 1  # before today
    assert weights[(f"mentor-{further.pk}", f"group-{groups[1].pk}")] == 5  # today

    ContactFactory(mentor=further, task=network["tasks"][0], date=TODAY, vte_group=groups[2])
    with django_assert_num_queries(4):  # today's figures alone
        again = cached_figures(filters)
    assert again["graph"] == counted_at_once(filters)["graph"]
