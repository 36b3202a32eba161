"""`build_figures`: the dashboard's figures from each app's selectors, in a fixed number of
SQL aggregates whatever the size of the data, as plain data that can be cached."""

import datetime
from collections.abc import Callable
from dataclasses import asdict

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy

from alumni import selectors as alumni_selectors
from colleges import selectors as college_selectors
from events import selectors as event_selectors
from leadvet.lib.alongside import start_alongside
from mentors.models import Mentor
from mentors.selectors import figures as mentor_figures
from mentors.selectors import nudges as mentor_nudges
from portal.dashboard import today as today_parts
from portal.dashboard.periods import Filters, Period, percent_change
from surveys.selectors import figures as survey_figures

CONTACT_WINDOWS = (30, 90, 365)
FOLLOW_UP_DAYS = mentor_nudges.FOLLOW_UP_DAYS
FOLLOW_UP_LIMIT = 50
GRAPH_MENTOR_LIMIT = 150
GRAPH_GROUPS_PER_MENTOR = 5

OUTCOME_LABELS = {
    "placement": gettext_lazy("Student placements"),
    "recruitment_lead": gettext_lazy("Recruitment leads"),
    "curriculum_input": gettext_lazy("Curriculum inputs"),
    "wellbeing_insight": gettext_lazy("Wellbeing insights"),
    "mentors_in_vte_sessions": gettext_lazy("Mentors taking part in VTE sessions"),
}


# The parts of the figures, each cached on its own under the versions of the domains it is
# built from (portal.dashboard.cache.DOMAINS): a contact logged rebuilds the contact figures,
# not the mentor pool's, the events' or the surveys'.
SECTION_DOMAINS: dict[str, tuple[str, ...]] = {
    # The follow-up lists and the graph name mentors; the tables name colleges, countries,
    # tasks and fields.
    "contacts": ("contacts", "mentors", "colleges", "catalogue"),
    "mentors": ("mentors", "colleges", "catalogue"),
    "events": ("events", "mentors"),  # scoped by the registered mentors' colleges
    "surveys": ("surveys", "mentors"),
}


def build_section(
    name: str,
    filters: Filters,
    *,
    now: datetime.datetime,
    catalogue: dict,
    keep: today_parts.Keep = today_parts.built,
    share: today_parts.Keep = today_parts.built,
) -> dict:
    """One part of the figures (`SECTION_DOMAINS`), as plain data that can be cached. `keep`:
    how the contact figures' days before today are had, `share` today's contacts that pages
    of other filters read alike (portal.dashboard.today)."""
    return SECTION_BUILDERS[name](
        filters,
        now=now,
        today=timezone.localdate(now),
        catalogue=catalogue,
        keep=keep,
        share=share,
    )


def build_figures(
    filters: Filters,
    *,
    now: datetime.datetime | None = None,
    catalogue: dict[int, dict] | None = None,
    section: Callable[[str, Callable[[], dict]], dict] | None = None,
    keep: today_parts.Keep = today_parts.built,
    share: today_parts.Keep = today_parts.built,
) -> dict:
    """`catalogue`: colleges.selectors.college_catalogue(), when the caller has it already.
    `section(name, build)`: how each part is had, `keep(name, build)` how the contact
    figures' days before today are and `share(name, build)` today's contacts (portal.
    dashboard.cache: from the cache); by default built."""
    now = now or timezone.now()
    catalogue = catalogue if catalogue is not None else college_selectors.college_catalogue()
    section = section or today_parts.built
    keep, share = today_parts.once(keep), today_parts.once(share)

    def part(name: str) -> dict:
        return section(
            name,
            lambda: build_section(
                name, filters, now=now, catalogue=catalogue, keep=keep, share=share
            ),
        )

    # The contact figures take longest to read cold; the others, one after another, are read
    # beside them (leadvet.lib.alongside). Only the contact figures use `keep` and `share`.
    others = [name for name in SECTION_DOMAINS if name != "contacts"]
    read_others = start_alongside(lambda: {name: part(name) for name in others})
    parts = {"contacts": part("contacts"), **read_others()}
    contacts, mentors = parts["contacts"], parts["mentors"]
    colleges: dict[int, dict] = {row["college_id"]: dict(row) for row in mentors["by_college"]}
    for row in contacts["by_college"]:
        colleges.setdefault(row["bucket"], _college_row(row, active_mentors=0))["contacts"] = row[
            "count"
        ]
    by_college = sorted(
        colleges.values(),
        key=lambda row: (
            row["college_id"] == 0,
            -row["active_mentors"],
            -row["contacts"],
            row["college"],
        ),
    )
    return {
        "generated_at": now,
        "today": timezone.localdate(now),
        "period": asdict(filters.period),
        "mentors": {**mentors["mentors"], "by_college": by_college},
        "contacts": contacts["contacts"],
        "outcomes": contacts["outcomes"],
        "events": parts["events"],
        "surveys": parts["surveys"],
        "requests": mentors["requests"],
        "follow_up": contacts["follow_up"],
        "untrained": contacts["untrained"],
        "graph": contacts["graph"],
        # Network-wide (alumni belong to no partner college until proposed as mentors).
        "alumni": mentors["alumni"],
    }


def _contact_section(filters: Filters, *, now, today, catalogue, keep, share) -> dict:
    period, scope = filters.period, filters.scope
    days = {"start": period.start, "end": period.end}
    counts = today_parts.period_counts(
        today=today,
        keep=keep,
        windows=CONTACT_WINDOWS,
        start=period.start,
        end=period.end,
        previous_start=period.previous_start,
        previous_end=period.previous_end,
        **scope,
    )
    todays = today_parts.TodaysContacts(filters, today, share=share)
    mentor_contacts = today_parts.mentor_ranking(
        filters, todays, limit=GRAPH_MENTOR_LIMIT, keep=keep
    )
    comparison = filters.comparison_scope
    breakdown = today_parts.contact_breakdown(
        **days,
        **scope,
        today=today,
        keep=keep,
        share=share,
        compare_college_ids=comparison["college_ids"],
        visible_college_ids=comparison["visible_college_ids"],
        catalogue=catalogue,
    )
    to_follow_up = today_parts.mentors_to_follow_up(
        filters,
        todays,
        since=today - datetime.timedelta(days=FOLLOW_UP_DAYS),
        limit=FOLLOW_UP_LIMIT,
        keep=keep,
        rows=_follow_up_rows,
    )
    return {
        "contacts": {
            "windows": [
                {
                    "days": days_back,
                    "count": counts[f"last_{days_back}"],
                    "previous": counts[f"previous_{days_back}"],
                    "change": percent_change(
                        counts[f"last_{days_back}"], counts[f"previous_{days_back}"]
                    ),
                }
                for days_back in CONTACT_WINDOWS
            ],
            "period": counts["period"],
            "previous_period": counts["previous_period"],
            "change": percent_change(counts["period"], counts["previous_period"]),
            "per_task": breakdown.per_task,
            "per_month": breakdown.per_month,
        },
        "by_college": list(breakdown.by_college),
        "outcomes": {
            "contacts": counts["period"],
            "mentors_with_contacts": mentor_contacts.with_contacts,
            **{key: counts[key] for key in OUTCOME_LABELS if key in counts},
            "mentors_in_vte_sessions": mentor_contacts.in_vte_sessions,
        },
        "follow_up": {
            "count": to_follow_up.silent_count,
            "mentors": [
                {key: row[key] for key in ("mentor_id", "name", "college", "last_contact")}
                for row in to_follow_up.silent
            ],
            "days": FOLLOW_UP_DAYS,
        },
        "untrained": {
            "count": to_follow_up.untrained_count,
            "mentors": [
                {key: row[key] for key in ("mentor_id", "name", "college", "trained_on")}
                for row in to_follow_up.untrained
            ],
        },
        "graph": _network_graph(filters, mentor_contacts.most_active, catalogue, today, keep),
    }


def _follow_up_rows(mentors: list[Mentor]) -> list[dict]:
    return [
        {
            "mentor_id": mentor.pk,
            "name": mentor.name,
            "college": mentor.college.name,
            "last_contact": getattr(mentor, "last_contact", None),
            "trained_on": mentor.trained_on,
        }
        for mentor in mentors
    ]


def _mentor_section(filters: Filters, *, now, today, catalogue, keep, share) -> dict:
    period, scope = filters.period, filters.scope
    moments = {"start": period.start_at, "end": period.end_at}
    comparison = filters.comparison_scope
    # One query: mentors per status and college over the compared colleges (the scope's are
    # among them), carrying the alumni path and the contact requests as scalar subqueries.
    request_figures = mentor_figures.contact_request_subqueries(**moments, **scope)
    mentor_rows = mentor_figures.mentor_counts(
        college_ids=comparison["college_ids"],
        country_id=filters.country_id,
        field_id=filters.field_id,
        also=alumni_selectors.alumni_path_subqueries() | request_figures,
    )
    mentors_per_college = {
        row["college_id"]: row["count"]
        for row in mentor_rows
        if row["status"] == Mentor.Status.ACTIVE
    }
    by_status = _status_counts(mentor_rows, filters.college_ids)
    if mentor_rows:
        first = mentor_rows[0]
        alumni = {key: first[f"alumni_{key}"] for key in alumni_selectors.PATH_KEYS}
        requests = {key.removeprefix("requests_"): first[key] for key in request_figures}
    else:
        alumni = alumni_selectors.alumni_path_counts()
        requests = mentor_figures.contact_request_figures(**moments, **scope)
    active = next((row for row in by_status if row["status"] == Mentor.Status.ACTIVE), None)
    return {
        "mentors": {
            "by_status": [{"status": row["status"], "count": row["count"]} for row in by_status],
            "totals": {
                "active": active["count"] if active else 0,
                "in_shortage_fields": active["in_shortage_fields"] if active else 0,
            },
            "by_country": mentor_figures.sum_by_country(
                mentors_per_college, catalogue, filters.college_ids
            ),
            "shortage_fields": list(mentor_figures.active_mentors_in_shortage_fields(**scope)),
        },
        "by_college": [
            _college_row(row, active_mentors=row["count"])
            for row in mentor_figures.fold_by_college(
                mentors_per_college, catalogue, comparison["visible_college_ids"]
            )
        ],
        "requests": _request_figures(requests),
        "alumni": alumni,
    }


def _event_section(filters: Filters, *, now, today, catalogue, keep, share) -> dict:
    period = filters.period
    moments = {"start": period.start_at, "end": period.end_at}
    events, by_kind = event_selectors.event_figures(now=now, **moments, **filters.scope)
    totals = {
        key: sum(row[key] for row in by_kind)
        for key in ("registrations", "past_registrations", "attended")
    }
    return {
        **events,
        **totals,
        "attendance_rate": (
            round(totals["attended"] * 100 / totals["past_registrations"])
            if totals["past_registrations"]
            else None
        ),
        "by_kind": by_kind,
    }


def _survey_section(filters: Filters, *, now, today, catalogue, keep, share) -> dict:
    period = filters.period
    moments = {"start": period.start_at, "end": period.end_at}
    survey_scope = {"college_ids": filters.college_ids, "country_id": filters.country_id}
    return {
        "response_rates": [
            {
                "survey_id": survey.pk,
                "title": survey.title,
                "round": survey.round_number,
                "invited": survey.invited,
                "submitted": survey.submitted,
                "rate": round(survey.submitted * 100 / survey.invited) if survey.invited else None,
            }
            for survey in survey_figures.survey_response_rates(**moments, **survey_scope)
        ],
        "likert": _likert_figures(period, survey_scope),
    }


SECTION_BUILDERS: dict[str, Callable[..., dict]] = {
    "contacts": _contact_section,
    "mentors": _mentor_section,
    "events": _event_section,
    "surveys": _survey_section,
}


def _status_counts(rows: list[dict], college_ids) -> list[dict]:
    """Mentors per status (and in shortage fields) at `college_ids` (None: all the rows')."""
    statuses: dict[str, dict] = {}
    for row in rows:
        if college_ids is not None and row["college_id"] not in college_ids:
            continue
        total = statuses.setdefault(
            row["status"], {"status": row["status"], "count": 0, "in_shortage_fields": 0}
        )
        total["count"] += row["count"]
        total["in_shortage_fields"] += row["in_shortage_fields"]
    return [statuses[status] for status in sorted(statuses)]


def _college_row(row: dict, *, active_mentors: int) -> dict:
    return {
        "college_id": row["bucket"],
        "college": row["bucket_name"],
        "country": row["bucket_country"],
        "active_mentors": active_mentors,
        "contacts": 0,
    }


def _likert_figures(period: Period, survey_scope: dict) -> dict:
    # The coordinators' chosen benchmark, or else the newest survey with statements.
    survey = survey_figures.benchmark_or_latest_likert_survey(until=period.end_at)
    if survey is None:
        return {"survey": None, "previous": None, "rows": [], "is_benchmark": False}
    previous = survey.previous_round
    survey_ids = [survey.pk] + ([previous.pk] if previous else [])
    threshold = settings.SURVEY_ANONYMITY_THRESHOLD
    latest, earlier = {}, {}
    for row in survey_figures.likert_means(survey_ids=survey_ids, **survey_scope):
        target = latest if row["question__survey_id"] == survey.pk else earlier
        target[row["question__key"]] = row
    rows = []
    for key, row in latest.items():
        mean = round(row["mean"], 2) if row["answers"] >= threshold else None
        before = earlier.get(key)
        previous_mean = (
            round(before["mean"], 2) if before and before["answers"] >= threshold else None
        )
        rows.append(
            {
                "key": key,
                "text": row["question__text"],
                "answers": row["answers"],
                "mean": mean,
                "previous_mean": previous_mean,
                "change": (
                    round(mean - previous_mean, 2)
                    if mean is not None and previous_mean is not None
                    else None
                ),
            }
        )
    return {
        "survey": str(survey),
        "survey_id": survey.pk,
        "is_benchmark": survey.is_benchmark,
        "previous": str(previous) if previous else None,
        "threshold": threshold,
        "rows": rows,
    }


def _request_figures(raw: dict) -> dict:
    average = raw["average_answer_time"]
    return {
        "open": raw["open"],
        "made": raw["made"],
        "answered": raw["answered"],
        "average_answer_hours": round(average.total_seconds() / 3600, 1)
        if average is not None
        else None,
    }


def _network_graph(
    filters: Filters,
    most_active: list[dict],
    catalogue: dict[int, dict],
    today: datetime.date,
    keep: today_parts.Keep,
) -> dict:
    """Colleges, the most active mentors and VTE groups as nodes; membership edges from mentor
    to college and contact edges from mentor to VTE group weighted by contacts in the period,
    each mentor's GRAPH_GROUPS_PER_MENTOR heaviest (then the first groups)."""
    college_ids = filters.college_ids
    if filters.country_id:
        in_country = {
            key for key, row in catalogue.items() if row["country_id"] == filters.country_id
        }
        college_ids = tuple(in_country if college_ids is None else in_country & set(college_ids))
    # Each mentor's strongest links only: a mentor of an EU network has contacts with some 50
    # VTE groups a year, and 7,000 lines drawn say less than 750 (and weighed 900 KB).
    groups = today_parts.group_contacts(
        filters,
        most_active,
        today=today,
        college_ids=college_ids,
        keep=keep,
        labelled=GRAPH_GROUPS_PER_MENTOR,
    )
    mentors = [
        {**groups.named[row["id"]], "contacts_in_period": row["contacts_in_period"]}
        for row in most_active
    ]
    nodes, edges, seen = [], [], set()
    for row in mentors:
        college_node = f"college-{row['college_id']}"
        if college_node not in seen:
            seen.add(college_node)
            nodes.append(
                {"id": college_node, "label": row["college__name"], "kind": "college", "weight": 0}
            )
        name = f"{row['user__first_name']} {row['user__last_name']}".strip()
        nodes.append(
            {
                "id": f"mentor-{row['id']}",
                "label": name,
                "kind": "mentor",
                "weight": row["contacts_in_period"],
            }
        )
        edges.append(
            {
                "source": f"mentor-{row['id']}",
                "target": college_node,
                "kind": "membership",
                "weight": 1,
            }
        )
    for mentor_id in sorted(groups.weights):
        for group_id, weight in groups.heaviest(mentor_id, GRAPH_GROUPS_PER_MENTOR):
            group_node = f"group-{group_id}"
            if group_node not in seen:
                seen.add(group_node)
                name, term = groups.labels[group_id]
                nodes.append(
                    {"id": group_node, "label": f"{name} ({term})", "kind": "group", "weight": 0}
                )
            edges.append(
                {
                    "source": f"mentor-{mentor_id}",
                    "target": group_node,
                    "kind": "contact",
                    "weight": weight,
                }
            )
    return {
        "nodes": nodes,
        "edges": edges,
        "mentor_limit": GRAPH_MENTOR_LIMIT,
        "groups_per_mentor": GRAPH_GROUPS_PER_MENTOR,
    }
