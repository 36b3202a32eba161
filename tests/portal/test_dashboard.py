import datetime
import gc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leadvet import roles
from mentors.models import ContactRequest, Mentor
from portal import report_views, reports
from surveys.models import Answer, Response
from tests.factories import (
    ContactFactory,
    ContactRequestFactory,
    EventFactory,
    MentorFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
    QuestionFactory,
    RegistrationFactory,
    SurveyFactory,
    SurveyInvitationFactory,
    VocationalFieldFactory,
    VTEGroupFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def build_network(colleges: int, mentors: int, contacts: int) -> dict:
    """A network of the given size with every kind of data the dashboard reads."""
    today = timezone.localdate()
    tasks = [MentorTaskFactory(number=number) for number in range(1, 9)]
    shortage = VocationalFieldFactory(name="Construction", is_shortage=True)
    college_list = [PartnerCollegeFactory() for _ in range(colleges)]
    group = VTEGroupFactory()
    mentor_list = []
    for index in range(mentors):
        mentor = MentorFactory(college=college_list[index % colleges])
        if index % 3 == 0:
            mentor.fields.add(shortage)
        mentor_list.append(mentor)
    for index in range(contacts):
        ContactFactory(
            mentor=mentor_list[index % mentors],
            task=tasks[index % 8],
            date=today - datetime.timedelta(days=index % 200),
            vte_group=group if index % 2 else None,
            placement=index % 5 == 0,
        )
    for mentor in mentor_list[:3]:
        ContactRequestFactory(mentor=mentor, task=tasks[0])
    event = EventFactory()
    for mentor in mentor_list[:3]:
        RegistrationFactory(event=event, user=mentor.user)
    survey = SurveyFactory()
    QuestionFactory(survey=survey, key="network-useful")
    SurveyInvitationFactory(survey=survey)
    return {"colleges": college_list, "mentors": mentor_list, "tasks": tasks, "group": group}


def login(client, user):
    client.force_login(user)
    return client


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("role", [roles.MENTOR, roles.TEACHER_EDUCATOR, roles.STEERING])
def test_other_roles_get_403(client, role):
    login(client, user_with_role(role))
    assert client.get(reverse("dashboard")).status_code == 403


def test_coordinator_sees_the_figures_of_the_whole_network(client, coordinator):
    build_network(3, 10, 50)
    response = login(client, coordinator).get(reverse("dashboard"))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures["mentors"]["totals"]["active"] == 10
    assert figures["contacts"]["windows"][2]["count"] == 50
    assert figures["outcomes"]["placement"] == 10
    assert figures["requests"]["open"] == 3
    assert b'id="network-graph-data"' in response.content
    assert b'id="dashboard-charts"' in response.content
    assert b"Show as table" in response.content
    assert b"<script>" not in response.content and b'style="' not in response.content


def test_dashboard_makes_the_same_number_of_queries_for_small_and_large_networks(
    client, coordinator, django_assert_num_queries
):
    build_network(3, 10, 50)
    login(client, coordinator)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("dashboard")).status_code == 200
    build_network(10, 60, 600)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(reverse("dashboard")).status_code == 200
    # Issue 10: no page above 20 queries, the dashboard included when its cache is empty.
    assert len(small.captured_queries) <= 20


def test_a_new_contact_shows_at_once_although_figures_are_cached(client, coordinator):
    network = build_network(2, 4, 10)
    login(client, coordinator)
    before = client.get(reverse("dashboard")).context["figures"]["contacts"]["windows"][0]["count"]
    assert before > 0
    # Read again, the kept body is served: no figures are read for it.
    assert "figures" not in client.get(reverse("dashboard")).context
    ContactFactory(mentor=network["mentors"][0], task=network["tasks"][1])
    after = client.get(reverse("dashboard")).context["figures"]["contacts"]["windows"][0]["count"]
    assert after == before + 1


def test_figures_are_served_from_the_cache_until_a_write(
    client, coordinator, django_assert_max_num_queries
):
    build_network(2, 4, 10)
    login(client, coordinator)
    client.get(reverse("dashboard"))
    # Only session, user and roles: the body is kept, the filter's choices too; no aggregate
    # runs again.
    with django_assert_max_num_queries(3):
        client.get(reverse("dashboard"))


def test_college_coordinator_sees_own_college_and_others_only_combined(client):
    network = build_network(3, 9, 30)
    own = network["colleges"][0]
    college_coordinator = user_with_role(roles.COLLEGE_COORDINATOR)
    own.coordinators.add(college_coordinator)
    response = login(client, college_coordinator).get(reverse("dashboard"))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures["mentors"]["totals"]["active"] == Mentor.objects.filter(college=own).count() == 3
    assert figures["contacts"]["windows"][2]["count"] == 10
    rows = figures["mentors"]["by_college"]
    assert [row["college"] for row in rows] == [own.name, ""]
    assert rows[1]["active_mentors"] == 6  # the other two colleges, combined
    assert network["colleges"][1].name.encode() not in response.content
    assert {node["label"] for node in figures["graph"]["nodes"] if node["kind"] == "college"} == {
        own.name
    }
    # Their college filter offers only their own colleges.
    assert response.context["form"].fields["college"].choices[1:] == [(own.pk, own.name)]


def test_college_coordinator_cannot_filter_to_another_college(client):
    network = build_network(2, 4, 8)
    college_coordinator = user_with_role(roles.COLLEGE_COORDINATOR)
    network["colleges"][0].coordinators.add(college_coordinator)
    response = login(client, college_coordinator).get(
        reverse("dashboard"), {"period": "365", "college": network["colleges"][1].pk}
    )
    assert "college" in response.context["form"].errors
    assert response.context["figures"]["mentors"]["totals"]["active"] == 2


def test_filters_by_college_field_and_period(client, coordinator):
    network = build_network(2, 6, 12)
    login(client, coordinator)
    college = network["colleges"][1]
    figures = client.get(reverse("dashboard"), {"period": "365", "college": college.pk}).context[
        "figures"
    ]
    assert figures["mentors"]["totals"]["active"] == 3
    field = network["mentors"][0].fields.get()
    figures = client.get(reverse("dashboard"), {"period": "365", "field": field.pk}).context[
        "figures"
    ]
    assert figures["mentors"]["totals"]["active"] == 2
    today = timezone.localdate()
    figures = client.get(
        reverse("dashboard"),
        {"period": "custom", "date_from": today.isoformat(), "date_to": today.isoformat()},
    ).context["figures"]
    assert figures["contacts"]["period"] == 1


def test_a_period_ending_before_it_starts_is_refused_next_to_the_field(client, coordinator):
    response = login(client, coordinator).get(
        reverse("dashboard"),
        {"period": "custom", "date_from": "2026-05-01", "date_to": "2026-04-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date_to"] == [
        "The last day must not be before the first day."
    ]
    assert b"The last day must not be before the first day." in response.content


def test_contact_trend_compares_with_the_previous_period_of_the_same_length(client, coordinator):
    task = MentorTaskFactory(number=2)
    mentor = MentorFactory()
    today = timezone.localdate()
    for days_ago in (1, 2, 3, 40):  # three in the last 30 days, one in the 30 before
        ContactFactory(mentor=mentor, task=task, date=today - datetime.timedelta(days=days_ago))
    windows = (
        login(client, coordinator)
        .get(reverse("dashboard"))
        .context["figures"]["contacts"]["windows"]
    )
    assert windows[0] == {"days": 30, "count": 3, "previous": 1, "change": 200}


def test_outcomes_count_mentors_in_vte_sessions_once(client, coordinator):
    session_task = MentorTaskFactory(number=4)
    other_task = MentorTaskFactory(number=1)
    mentor, other = MentorFactory(), MentorFactory()
    ContactFactory(mentor=mentor, task=session_task)
    ContactFactory(mentor=mentor, task=session_task)
    ContactFactory(
        mentor=other, task=other_task, counterpart_kind="vte_group", recruitment_lead=True
    )
    ContactFactory(mentor=other, task=other_task, curriculum_input=True, wellbeing_insight=True)
    outcomes = login(client, coordinator).get(reverse("dashboard")).context["figures"]["outcomes"]
    assert outcomes["mentors_in_vte_sessions"] == 2
    assert (
        outcomes["recruitment_lead"],
        outcomes["curriculum_input"],
        outcomes["wellbeing_insight"],
    ) == (1, 1, 1)


def test_contact_requests_open_count_and_average_time_to_answer(client, coordinator):
    now = timezone.now()
    ContactRequestFactory()
    ContactRequestFactory(
        status=ContactRequest.Status.ACCEPTED,
        created_at=now - datetime.timedelta(hours=30),
        responded_at=now - datetime.timedelta(hours=20),
    )
    ContactRequestFactory(
        status=ContactRequest.Status.DECLINED,
        created_at=now - datetime.timedelta(hours=10),
        responded_at=now - datetime.timedelta(hours=4),
    )
    requests = login(client, coordinator).get(reverse("dashboard")).context["figures"]["requests"]
    assert requests["open"] == 1
    assert requests["average_answer_hours"] == 8.0


def test_follow_up_lists_active_mentors_silent_for_90_days(client, coordinator):
    task = MentorTaskFactory(number=1)
    silent = MentorFactory()
    ContactFactory(
        mentor=silent, task=task, date=timezone.localdate() - datetime.timedelta(days=120)
    )
    never = MentorFactory()
    busy = MentorFactory()
    ContactFactory(mentor=busy, task=task)
    MentorFactory(status=Mentor.Status.PAUSED)
    follow_up = login(client, coordinator).get(reverse("dashboard")).context["figures"]["follow_up"]
    assert follow_up["count"] == 2
    assert [row["mentor_id"] for row in follow_up["mentors"]] == [never.pk, silent.pk]


def test_events_and_surveys_figures(client, coordinator):
    past = EventFactory(
        starts_at=timezone.now() - datetime.timedelta(days=10),
        ends_at=timezone.now() - datetime.timedelta(days=10, hours=-2),
    )
    RegistrationFactory(event=past, attended=True)
    RegistrationFactory(event=past, attended=False)
    RegistrationFactory(event=EventFactory())
    previous = SurveyFactory(
        opens_at=timezone.now() - datetime.timedelta(days=200),
        closes_at=timezone.now() - datetime.timedelta(days=170),
    )
    latest = SurveyFactory(previous_round=previous, round_number=2)
    for survey, value in ((previous, 3), (latest, 4)):
        question = QuestionFactory(survey=survey, key="network-useful")
        for index in range(5):
            invitation = SurveyInvitationFactory(survey=survey)
            response = Response.objects.create(
                survey=survey, invitation=invitation, role="mentor", submitted_at=timezone.now()
            )
            Answer.objects.create(response=response, question=question, value=value + (index == 0))
    SurveyInvitationFactory(survey=latest)
    figures = login(client, coordinator).get(reverse("dashboard")).context["figures"]
    assert figures["events"]["upcoming"] == 1
    assert figures["events"]["attendance_rate"] == 50
    assert figures["events"]["registrations"] == 2  # the upcoming event is after the period
    rates = {row["survey_id"]: row for row in figures["surveys"]["response_rates"]}
    assert (
        rates[latest.pk]["invited"],
        rates[latest.pk]["submitted"],
        rates[latest.pk]["rate"],
    ) == (6, 5, 83)
    [row] = figures["surveys"]["likert"]["rows"]
    assert (row["mean"], row["previous_mean"], row["change"]) == (4.2, 3.2, 1.0)


def test_network_graph_is_capped_to_the_most_active_mentors(client, coordinator, monkeypatch):
    from portal.dashboard import figures

    monkeypatch.setattr(figures, "GRAPH_MENTOR_LIMIT", 2)
    task = MentorTaskFactory(number=4)
    group = VTEGroupFactory()
    busy, busier, quiet = MentorFactory(), MentorFactory(), MentorFactory()
    for mentor, count in ((busy, 2), (busier, 3), (quiet, 1)):
        for _ in range(count):
            ContactFactory(mentor=mentor, task=task, vte_group=group)
    response = login(client, coordinator).get(reverse("dashboard"))
    graph = response.context["graph"]
    mentor_nodes = {
        node["id"]: node["weight"] for node in graph["nodes"] if node["kind"] == "mentor"
    }
    assert mentor_nodes == {f"mentor-{busier.pk}": 3, f"mentor-{busy.pk}": 2}
    contact_edges = {
        (edge["source"], edge["weight"]) for edge in graph["edges"] if edge["kind"] == "contact"
    }
    assert contact_edges == {(f"mentor-{busier.pk}", 3), (f"mentor-{busy.pk}", 2)}
    network_table = response.context["tables"]["network"]
    assert [busier.name, str(group), "contacts with the group", 3] in network_table.rows


def test_each_mentor_is_drawn_with_their_most_contacted_vte_groups(client, coordinator):
    """A mentor with contacts with seven VTE groups: the five with the most contacts are
    drawn, in the order of the groups; the two with one contact each are not."""
    from portal.dashboard.figures import GRAPH_GROUPS_PER_MENTOR

    task = MentorTaskFactory(number=4)
    mentor = MentorFactory()
    groups = [VTEGroupFactory() for _ in range(7)]
    for group, count in zip(groups, (1, 4, 2, 4, 3, 1, 5), strict=True):
        for _ in range(count):
            ContactFactory(mentor=mentor, task=task, vte_group=group)
    response = login(client, coordinator).get(reverse("dashboard"))
    graph = response.context["graph"]
    drawn = [
        (edge["target"], edge["weight"]) for edge in graph["edges"] if edge["kind"] == "contact"
    ]
    assert GRAPH_GROUPS_PER_MENTOR == 5
    assert drawn == [
        (f"group-{groups[index].pk}", count)
        for index, count in ((1, 4), (2, 2), (3, 4), (4, 3), (6, 5))
    ]
    assert b"the 5 VTE groups they had the most contacts with" in response.content


def test_college_coordinator_dashboard_query_count_does_not_grow(client, django_assert_num_queries):
    network = build_network(3, 10, 50)
    college_coordinator = user_with_role(roles.COLLEGE_COORDINATOR)
    network["colleges"][0].coordinators.add(college_coordinator)
    login(client, college_coordinator)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("dashboard"))
    more = build_network(10, 60, 600)
    more["colleges"][0].coordinators.add(college_coordinator)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("dashboard"))


def test_college_coordinator_without_colleges_sees_empty_figures(client):
    build_network(2, 4, 8)
    response = login(client, user_with_role(roles.COLLEGE_COORDINATOR)).get(reverse("dashboard"))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures["mentors"]["totals"]["active"] == 0
    assert figures["contacts"]["period"] == 0
    assert [row["college"] for row in figures["mentors"]["by_college"]] == [""]


def test_nav_shows_dashboard_to_coordinators_and_reports_to_steering(client, coordinator, steering):
    body = login(client, coordinator).get(reverse("home")).content.decode()
    assert reverse("dashboard") in body and reverse("reports") in body
    client.logout()
    body = login(client, steering).get(reverse("home")).content.decode()
    assert reverse("reports") in body and reverse("dashboard") not in body


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_a_custom_period_outside_the_portals_years_is_refused_not_a_server_error(
    client, coordinator, year
):
    build_network(1, 2, 3)
    login(client, coordinator)
    response = client.get(
        reverse("dashboard"),
        {"period": "custom", "date_from": f"{year}-01-01", "date_to": f"{year}-01-31"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["date_from"] and form.errors["date_to"]
    # The figures fall back to the default period, as for any invalid filter.
    assert response.context["filters"].period.days == 365


def table_with_caption(html: str, caption: str) -> str:
    (table,) = [
        part for part in html.split("<table")[1:] if f"<caption>{caption}</caption>" in part
    ]
    return table.split("</table>")[0]


def test_long_tables_show_their_first_rows_and_say_the_downloads_have_every_row(
    client, coordinator
):
    """Thousands of colleges or network rows make a page nobody reads (and a dashboard of
    2.5 MB at EU scale): the table per college shows 25, the network's 100, mentor by mentor."""
    build_network(30, 80, 160)
    response = login(client, coordinator).get(reverse("dashboard"))
    html = response.content.decode()

    per_college = table_with_caption(html, "Active mentors and contacts per college")
    assert per_college.split("<tbody>")[1].count("<tr>") == 25
    assert "The first 25 of 30 rows." in html
    network = response.context["tables"]["network"]
    assert len(network.rows) == 80 + 40  # a membership per mentor, a group for every other one
    shown = table_with_caption(html, "Network: mentors, their colleges and VTE groups")
    assert shown.split("<tbody>")[1].count("<tr>") == 100
    assert "The first 100 of 120 rows." in html
    # Mentor by mentor, in the graph's order (most contacts first), their college first.
    graph_order = [
        node["label"] for node in response.context["graph"]["nodes"] if node["kind"] == "mentor"
    ]
    runs = [
        name
        for index, name in enumerate(row[0] for row in network.rows)
        if index == 0 or name != network.rows[index - 1][0]
    ]
    assert runs == graph_order
    assert all(
        row[2] == "member of the college"
        for index, row in enumerate(network.rows)
        if index == 0 or row[0] != network.rows[index - 1][0]
    )


def test_the_report_page_shows_the_networks_first_rows_too(client, coordinator):
    """The coordinators' report lists the network mentor by mentor like the dashboard (2,900
    rows at EU scale, the page's largest part): its first 100, the downloads every row."""
    build_network(30, 80, 160)
    response = login(client, coordinator).get(
        reverse("reports"), {"period": "custom", "date_from": "1.1.2020", "date_to": "31.12.2030"}
    )
    html = response.content.decode()

    assert len(response.context["tables"]["network"].rows) == 120
    shown = table_with_caption(html, "Network: mentors, their colleges and VTE groups")
    assert shown.split("<tbody>")[1].count("<tr>") == 100
    assert "The first 100 of 120 rows." in html


@pytest.mark.parametrize(
    "page, module",
    [("dashboard", report_views.figures_cache), ("reports", reports)],
    ids=["dashboard", "reports"],
)
def test_a_write_committed_while_the_figures_are_built_shows_on_the_next_read(
    client, coordinator, monkeypatch, page, module
):
    """A contact committed after the figures were read but before the page is rendered (another
    request's write, between the two): the page rendered from the older figures must not be
    kept under the newer version, or the next read would show it without that contact."""
    network = build_network(2, 4, 10)
    login(client, coordinator)
    built, writes = module.cached_figures, []

    def build_then_write(*args, **kwargs):
        figures = built(*args, **kwargs)
        if not writes:  # the first build only: another request's contact commits now
            writes.append(ContactFactory(mentor=network["mentors"][0], task=network["tasks"][1]))
        return figures

    monkeypatch.setattr(module, "cached_figures", build_then_write)
    first = client.get(reverse(page)).context["figures"]["contacts"]["period"]
    assert writes
    page_text = client.get(reverse(page)).content.decode()
    stat = f'<p class="display-6 mb-0">{first + 1}</p>'
    assert stat in page_text, "the page kept from before the write was served after it"


@pytest.mark.parametrize("page", ["dashboard", "reports"])
def test_the_kept_body_is_let_go_once_the_page_is_written(client, coordinator, page):
    """The page's context stays in a reference cycle (the filter form and its bound fields)
    until the garbage collector runs, which the web workers make rare: it must not hold the
    kept body's text, 0.3–0.6 MB a request at EU scale."""
    build_network(2, 4, 10)
    login(client, coordinator)
    client.get(reverse(page))  # built and kept
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        response = client.get(reverse(page))
        assert 'id="network-heading"' in response.content.decode()
        del response
        gc.collect()
        held = [o for o in gc.garbage if isinstance(o, str) and 'id="network-heading"' in o]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert held == []
