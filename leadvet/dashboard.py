"""The coordinator dashboard and steering report: figures assembled from each app's selectors.

`build_figures` runs a fixed number of SQL aggregates whatever the size of the data and
returns plain data (no model instances, no translated labels), so the result can be cached.
`cached_figures` keeps it for at most five minutes per filter combination; every write to
the underlying models bumps a version number that is part of the cache key, so a write
shows at once. `figure_tables` and `chart_specs` turn figures into the tables and charts of
the page in the current language.
"""

import datetime
import hashlib
import time
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Window
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from colleges import selectors as college_selectors
from events import selectors as event_selectors
from events.models import Event
from mentors.models import Contact, Mentor
from mentors.selectors import figures as mentor_figures
from mentors.selectors import nudges as mentor_nudges
from surveys import selectors as survey_selectors

CACHE_SECONDS = 5 * 60
VERSION_KEY = "dashboard:version"
CONTACT_WINDOWS = (30, 90, 365)
FOLLOW_UP_DAYS = mentor_nudges.FOLLOW_UP_DAYS
FOLLOW_UP_LIMIT = 50
GRAPH_MENTOR_LIMIT = 150

OUTCOME_LABELS = {
    "placement": gettext_lazy("Student placements"),
    "recruitment_lead": gettext_lazy("Recruitment leads"),
    "curriculum_input": gettext_lazy("Curriculum inputs"),
    "wellbeing_insight": gettext_lazy("Wellbeing insights"),
    "mentors_in_vte_sessions": gettext_lazy("Mentors taking part in VTE sessions"),
}


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    previous_start: datetime.date
    previous_end: datetime.date
    is_term: bool = False

    @classmethod
    def last_days(cls, days: int, today: datetime.date) -> "Period":
        return cls.between(today - datetime.timedelta(days=days - 1), today)

    @classmethod
    def between(cls, start: datetime.date, end: datetime.date) -> "Period":
        """The period and the one of the same length just before it."""
        length = end - start + datetime.timedelta(days=1)
        return cls(start, end, start - length, start - datetime.timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def start_at(self) -> datetime.datetime:
        return _local_midnight(self.start)

    @property
    def end_at(self) -> datetime.datetime:
        """The moment the period ends (exclusive): midnight after its last day."""
        return _local_midnight(self.end + datetime.timedelta(days=1))


def term_of(day: datetime.date) -> tuple[str, int]:
    """Spring term is January–July, autumn term August–December."""
    return ("spring" if day.month < 8 else "autumn", day.year)


def term_period(season: str, year: int) -> Period:
    if season == "spring":
        start, end = datetime.date(year, 1, 1), datetime.date(year, 7, 31)
        previous = (datetime.date(year - 1, 8, 1), datetime.date(year - 1, 12, 31))
    else:
        start, end = datetime.date(year, 8, 1), datetime.date(year, 12, 31)
        previous = (datetime.date(year, 1, 1), datetime.date(year, 7, 31))
    return Period(start, end, *previous, is_term=True)


def term_label(season: str, year: int) -> str:
    if season == "spring":
        return _("Spring %(year)s") % {"year": year}
    return _("Autumn %(year)s") % {"year": year}


def recent_terms(today: datetime.date, count: int = 4) -> list[tuple[str, int]]:
    """The current term and the ones before it, newest first."""
    season, year = term_of(today)
    terms = []
    for _index in range(count):
        terms.append((season, year))
        season, year = ("spring", year) if season == "autumn" else ("autumn", year - 1)
    return terms


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class Filters:
    period: Period
    country_id: int | None = None
    college_id: int | None = None
    field_id: int | None = None
    # None: the whole network (coordinators, steering); a tuple: a college coordinator's colleges.
    scope_college_ids: tuple[int, ...] | None = None

    @property
    def college_ids(self) -> tuple[int, ...] | None:
        if self.college_id:
            return (self.college_id,)
        return self.scope_college_ids

    @property
    def scope(self) -> dict:
        return {
            "college_ids": self.college_ids,
            "country_id": self.country_id,
            "field_id": self.field_id,
        }

    @property
    def comparison_scope(self) -> dict:
        """For per-college tables: every college, but those outside the scope only as one row."""
        return {
            "college_ids": (self.college_id,) if self.college_id else None,
            "country_id": self.country_id,
            "field_id": self.field_id,
            "visible_college_ids": self.scope_college_ids,
        }


def percent_change(current: int, previous: int) -> int | None:
    if not previous:
        return None
    return round((current - previous) * 100 / previous)


def build_figures(
    filters: Filters,
    *,
    now: datetime.datetime | None = None,
    catalogue: dict[int, dict] | None = None,
) -> dict:
    """`catalogue`: colleges.selectors.college_catalogue(), when the caller has it already."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    period, scope = filters.period, filters.scope
    days = {"start": period.start, "end": period.end}
    moments = {"start": period.start_at, "end": period.end_at}

    counts = mentor_figures.contact_period_counts(
        today=today,
        windows=CONTACT_WINDOWS,
        start=period.start,
        end=period.end,
        previous_start=period.previous_start,
        previous_end=period.previous_end,
        **scope,
    )
    outcomes = {
        "contacts": counts["period"],
        "mentors_with_contacts": counts["mentors_with_contacts"],
    } | {key: counts[key] for key in OUTCOME_LABELS}
    comparison = filters.comparison_scope
    catalogue = catalogue if catalogue is not None else college_selectors.college_catalogue()
    breakdown = mentor_figures.contact_breakdown(
        **days,
        **scope,
        compare_college_ids=comparison["college_ids"],
        visible_college_ids=comparison["visible_college_ids"],
        catalogue=catalogue,
    )
    mentors_per_college = mentor_figures.active_mentors_per_college(
        college_ids=comparison["college_ids"],
        country_id=filters.country_id,
        field_id=filters.field_id,
    )
    colleges: dict[int, dict] = {}
    for row in mentor_figures.fold_by_college(
        mentors_per_college, catalogue, comparison["visible_college_ids"]
    ):
        colleges[row["bucket"]] = _college_row(row, active_mentors=row["count"])
    for row in breakdown.by_college:
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
    by_status = mentor_figures.mentor_status_counts(**scope)
    active = next((row for row in by_status if row["status"] == Mentor.Status.ACTIVE), None)

    follow_up_rows, follow_up_count = _first_rows_and_count(
        mentor_figures.mentors_without_contact_since(
            today - datetime.timedelta(days=FOLLOW_UP_DAYS), **scope
        )
    )
    follow_up_rows = [
        {
            "mentor_id": mentor.pk,
            "name": mentor.name,
            "college": mentor.college.name,
            "last_contact": mentor.last_contact,
        }
        for mentor in follow_up_rows
    ]

    untrained_rows, untrained_count = _first_rows_and_count(
        mentor_figures.active_mentors_without_recent_training(today, **scope)
    )
    untrained_rows = [
        {
            "mentor_id": mentor.pk,
            "name": mentor.name,
            "college": mentor.college.name,
            "trained_on": mentor.trained_on,
        }
        for mentor in untrained_rows
    ]

    events = event_selectors.event_counts(now=now, **moments)
    by_kind = list(event_selectors.registration_figures_by_kind(now=now, **moments, **scope))
    event_totals = {
        key: sum(row[key] for row in by_kind)
        for key in ("registrations", "past_registrations", "attended")
    }

    survey_scope = {"college_ids": filters.college_ids, "country_id": filters.country_id}
    response_rates = [
        {
            "survey_id": survey.pk,
            "title": survey.title,
            "round": survey.round_number,
            "invited": survey.invited,
            "submitted": survey.submitted,
            "rate": round(survey.submitted * 100 / survey.invited) if survey.invited else None,
        }
        for survey in survey_selectors.survey_response_rates(**moments, **survey_scope)
    ]

    return {
        "generated_at": now,
        "today": today,
        "period": asdict(period),
        "mentors": {
            "by_status": [{"status": row["status"], "count": row["count"]} for row in by_status],
            "totals": {
                "active": active["count"] if active else 0,
                "in_shortage_fields": active["in_shortage_fields"] if active else 0,
            },
            "by_college": by_college,
            "by_country": mentor_figures.sum_by_country(
                mentors_per_college, catalogue, filters.college_ids
            ),
            "shortage_fields": list(mentor_figures.active_mentors_in_shortage_fields(**scope)),
        },
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
        "outcomes": outcomes,
        "events": {
            **events,
            **event_totals,
            "attendance_rate": (
                round(event_totals["attended"] * 100 / event_totals["past_registrations"])
                if event_totals["past_registrations"]
                else None
            ),
            "by_kind": by_kind,
        },
        "surveys": {
            "response_rates": response_rates,
            "likert": _likert_figures(period, survey_scope),
        },
        "requests": _request_figures(mentor_figures.contact_request_figures(**moments, **scope)),
        "follow_up": {"count": follow_up_count, "mentors": follow_up_rows, "days": FOLLOW_UP_DAYS},
        "untrained": {"count": untrained_count, "mentors": untrained_rows},
        "graph": _network_graph(filters),
    }


def _first_rows_and_count(queryset) -> tuple[list, int]:
    """The first FOLLOW_UP_LIMIT rows and the number of all rows, in one query."""
    rows = list(queryset.annotate(rows_in_all=Window(Count("pk")))[:FOLLOW_UP_LIMIT])
    return rows, rows[0].rows_in_all if rows else 0


def _college_row(row: dict, *, active_mentors: int) -> dict:
    return {
        "college_id": row["bucket"],
        "college": row["bucket_name"],
        "country": row["bucket_country"],
        "active_mentors": active_mentors,
        "contacts": 0,
    }


def _likert_figures(period: Period, survey_scope: dict) -> dict:
    survey = survey_selectors.latest_likert_survey(until=period.end_at)
    if survey is None:
        return {"survey": None, "previous": None, "rows": []}
    previous = survey.previous_round
    survey_ids = [survey.pk] + ([previous.pk] if previous else [])
    threshold = settings.SURVEY_ANONYMITY_THRESHOLD
    latest, earlier = {}, {}
    for row in survey_selectors.likert_means(survey_ids=survey_ids, **survey_scope):
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


def _network_graph(filters: Filters) -> dict:
    """Colleges, the most active mentors and VTE groups as nodes; membership edges from mentor
    to college and contact edges from mentor to VTE group weighted by contacts in the period."""
    period = filters.period
    mentors = list(
        mentor_figures.most_active_mentors(
            start=period.start, end=period.end, limit=GRAPH_MENTOR_LIMIT, **filters.scope
        )
    )
    mentor_ids = [row["id"] for row in mentors]
    group_edges = list(
        mentor_figures.mentor_group_contact_counts(
            start=period.start, end=period.end, mentor_ids=mentor_ids, **filters.scope
        )
    )
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
    for row in group_edges:
        group_node = f"group-{row['vte_group_id']}"
        if group_node not in seen:
            seen.add(group_node)
            label = f"{row['vte_group__name']} ({row['vte_group__term']})"
            nodes.append({"id": group_node, "label": label, "kind": "group", "weight": 0})
        edges.append(
            {
                "source": f"mentor-{row['mentor_id']}",
                "target": group_node,
                "kind": "contact",
                "weight": row["weight"],
            }
        )
    return {"nodes": nodes, "edges": edges, "mentor_limit": GRAPH_MENTOR_LIMIT}


# Caching -------------------------------------------------------------------------------


def figures_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # Start from the clock so an evicted counter never reuses an old number.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY, 0)
    return version


def bump_figures_version(**kwargs) -> None:
    """Signal receiver: any write to the data behind the figures makes cached figures stale."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)


def figures_cache_key(filters: Filters, *, now: datetime.datetime | None = None) -> str:
    """The key of these figures in the shared cache; it changes with every write (the version)
    and is also what the dashboard's rendered tables are cached under."""
    now = now or timezone.now()
    fingerprint = hashlib.sha256(
        repr((filters, timezone.localdate(now).isoformat())).encode()
    ).hexdigest()[:32]
    return f"dashboard:figures:{figures_version()}:{fingerprint}"


def cached_figures(
    filters: Filters,
    *,
    now: datetime.datetime | None = None,
    catalogue: dict[int, dict] | None = None,
) -> dict:
    now = now or timezone.now()
    key = figures_cache_key(filters, now=now)
    figures = cache.get(key)
    if figures is None:
        figures = build_figures(filters, now=now, catalogue=catalogue)
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def models_behind_figures() -> list:
    """The models whose writes bump the cache version (connected in LeadvetConfig.ready)."""
    from events.models import Registration
    from mentors.models import ContactRequest
    from surveys.models import Answer, Invitation, Response

    return [Contact, Mentor, Registration, Event, Response, ContactRequest, Invitation, Answer]


# Presentation: tables and charts in the current language ---------------------------------


@dataclass
class Table:
    slug: str
    title: str
    columns: list[str]
    rows: list[list]


def _month_label(month: datetime.date) -> str:
    return f"{MONTHS_3[month.month].title()} {month.year}"


def _status_label(value: str) -> str:
    try:
        return str(Mentor.Status(value).label)
    except ValueError:
        return value


def _kind_label(value: str) -> str:
    try:
        return str(Event.Kind(value).label)
    except ValueError:
        return value


def _percent(value) -> str:
    return "" if value is None else f"{value} %"


def _college_name(row: dict) -> str:
    return row["college"] if row["college_id"] else _("Other colleges (together)")


def _months_and_tasks(figures: dict) -> tuple[list, list, dict]:
    rows = figures["contacts"]["per_month"]
    months = sorted({row["month"] for row in rows})
    tasks = sorted({(row["task__number"], row["task__name"]) for row in rows})
    counts = {(row["month"], row["task__number"]): row["count"] for row in rows}
    return months, tasks, counts


def figure_tables(figures: dict) -> dict[str, Table]:
    """Every table behind the charts, keyed by slug (the page, CSV and XLSX use the same)."""
    mentors, contacts = figures["mentors"], figures["contacts"]
    months, tasks, counts = _months_and_tasks(figures)
    tables = [
        Table(
            "mentors_by_status",
            _("Mentors by status"),
            [_("Status"), _("Mentors")],
            [[_status_label(row["status"]), row["count"]] for row in mentors["by_status"]],
        ),
        Table(
            "active_mentors_by_college",
            _("Active mentors and contacts per college"),
            [_("College"), _("Country"), _("Active mentors"), _("Contacts in the period")],
            [
                [_college_name(row), row["country"] or "", row["active_mentors"], row["contacts"]]
                for row in mentors["by_college"]
            ],
        ),
        Table(
            "active_mentors_by_country",
            _("Active mentors per country"),
            [_("Country"), _("Active mentors")],
            [[row["college__country__name"], row["count"]] for row in mentors["by_country"]],
        ),
        Table(
            "shortage_fields",
            _("Active mentors in shortage fields"),
            [_("Shortage field"), _("Active mentors")],
            [[row["vocationalfield__name"], row["count"]] for row in mentors["shortage_fields"]],
        ),
        Table(
            "contact_trend",
            _("Contacts in the last 30, 90 and 365 days"),
            [_("Period"), _("Contacts"), _("The same length before"), _("Change")],
            [
                [
                    _("Last %(days)s days") % {"days": row["days"]},
                    row["count"],
                    row["previous"],
                    _percent(row["change"]),
                ]
                for row in contacts["windows"]
            ],
        ),
        Table(
            "contacts_per_month",
            _("Contacts per month by mentor task"),
            [_("Month")]
            + [_("Task %(number)s") % {"number": number} for number, _name in tasks]
            + [_("Total")],
            [
                [_month_label(month)]
                + [counts.get((month, number), 0) for number, _name in tasks]
                + [sum(counts.get((month, number), 0) for number, _name in tasks)]
                for month in months
            ],
        ),
        Table(
            "contacts_per_task",
            _("Contacts per mentor task"),
            [_("Mentor task"), _("Contacts")],
            [
                [f"{row['task__number']}. {row['task__name']}", row["count"]]
                for row in contacts["per_task"]
            ],
        ),
        Table(
            "outcomes",
            _("Outcome indicators (win-win)"),
            [_("Indicator"), _("Number")],
            [[str(label), figures["outcomes"][key]] for key, label in OUTCOME_LABELS.items()],
        ),
        Table(
            "events_by_kind",
            _("Event registrations and attendance by type"),
            [
                _("Event type"),
                _("Registrations"),
                _("Registered to past events"),
                _("Attended"),
                _("Attendance rate"),
            ],
            [
                [
                    _kind_label(row["event__kind"]),
                    row["registrations"],
                    row["past_registrations"],
                    row["attended"],
                    _percent(
                        round(row["attended"] * 100 / row["past_registrations"])
                        if row["past_registrations"]
                        else None
                    ),
                ]
                for row in figures["events"]["by_kind"]
            ],
        ),
        Table(
            "survey_response_rates",
            _("Survey response rates"),
            [_("Survey"), _("Round"), _("Invited"), _("Responses"), _("Response rate")],
            [
                [
                    row["title"],
                    row["round"],
                    row["invited"],
                    row["submitted"],
                    _percent(row["rate"]),
                ]
                for row in figures["surveys"]["response_rates"]
            ],
        ),
        Table(
            "likert_means",
            _("Latest statement means (1–5) and change since the previous round"),
            [_("Statement"), _("Mean"), _("Previous round"), _("Change"), _("Answers")],
            [
                [
                    row["text"],
                    "" if row["mean"] is None else row["mean"],
                    "" if row["previous_mean"] is None else row["previous_mean"],
                    "" if row["change"] is None else f"{row['change']:+}",
                    row["answers"],
                ]
                for row in figures["surveys"]["likert"]["rows"]
            ],
        ),
        Table(
            "contact_requests",
            _("Contact requests"),
            [_("Figure"), _("Value")],
            [
                [_("Open now"), figures["requests"]["open"]],
                [_("Made in the period"), figures["requests"]["made"]],
                [_("Answered"), figures["requests"]["answered"]],
                [
                    _("Average time to answer (hours)"),
                    ""
                    if figures["requests"]["average_answer_hours"] is None
                    else figures["requests"]["average_answer_hours"],
                ],
            ],
        ),
        Table(
            "follow_up",
            _("Active mentors with no contact in 90 days"),
            [_("Mentor"), _("College"), _("Last contact")],
            [
                [
                    row["name"],
                    row["college"],
                    date_format(row["last_contact"]) if row["last_contact"] else _("never"),
                ]
                for row in figures["follow_up"]["mentors"]
            ],
        ),
        Table(
            "untrained",
            _("Active mentors without mentor training in the last 24 months"),
            [_("Mentor"), _("College"), _("Last training")],
            [
                [
                    row["name"],
                    row["college"],
                    date_format(row["trained_on"]) if row["trained_on"] else _("never"),
                ]
                for row in figures["untrained"]["mentors"]
            ],
        ),
        Table(
            "network",
            _("Network: mentors, their colleges and VTE groups"),
            [_("Mentor"), _("College or VTE group"), _("Connection"), _("Contacts in the period")],
            _network_rows(figures["graph"]),
        ),
    ]
    return {table.slug: table for table in tables}


def _network_rows(graph: dict) -> list[list]:
    labels = {node["id"]: node["label"] for node in graph["nodes"]}
    return [
        [
            labels[edge["source"]],
            labels[edge["target"]],
            _("member of the college")
            if edge["kind"] == "membership"
            else _("contacts with the group"),
            "" if edge["kind"] == "membership" else edge["weight"],
        ]
        for edge in graph["edges"]
    ]


def chart_specs(figures: dict) -> dict[str, dict]:
    """Chart.js inputs per chart, read by static/js/dashboard.js from a json_script block."""
    mentors, contacts = figures["mentors"], figures["contacts"]
    months, tasks, counts = _months_and_tasks(figures)
    likert = figures["surveys"]["likert"]["rows"]
    return {
        "mentors_by_status": {
            "type": "doughnut",
            "labels": [_status_label(row["status"]) for row in mentors["by_status"]],
            "datasets": [
                {"label": _("Mentors"), "data": [row["count"] for row in mentors["by_status"]]}
            ],
        },
        "active_mentors_by_college": {
            "type": "bar",
            "horizontal": True,
            "labels": [_college_name(row) for row in mentors["by_college"]],
            "datasets": [
                {
                    "label": _("Active mentors"),
                    "data": [row["active_mentors"] for row in mentors["by_college"]],
                },
                {
                    "label": _("Contacts in the period"),
                    "data": [row["contacts"] for row in mentors["by_college"]],
                },
            ],
        },
        "contact_trend": {
            "type": "bar",
            "labels": [
                _("Last %(days)s days") % {"days": row["days"]} for row in contacts["windows"]
            ],
            "datasets": [
                {"label": _("Contacts"), "data": [row["count"] for row in contacts["windows"]]},
                {
                    "label": _("The same length before"),
                    "data": [row["previous"] for row in contacts["windows"]],
                },
            ],
        },
        "contacts_per_month": {
            "type": "bar",
            "stacked": True,
            "labels": [_month_label(month) for month in months],
            "datasets": [
                {
                    "label": f"{number}. {name}",
                    "data": [counts.get((month, number), 0) for month in months],
                }
                for number, name in tasks
            ],
        },
        "outcomes": {
            "type": "bar",
            "labels": [str(label) for label in OUTCOME_LABELS.values()],
            "datasets": [
                {"label": _("Number"), "data": [figures["outcomes"][key] for key in OUTCOME_LABELS]}
            ],
        },
        "events_by_kind": {
            "type": "bar",
            "labels": [_kind_label(row["event__kind"]) for row in figures["events"]["by_kind"]],
            "datasets": [
                {
                    "label": _("Registrations"),
                    "data": [row["registrations"] for row in figures["events"]["by_kind"]],
                },
                {
                    "label": _("Attended"),
                    "data": [row["attended"] for row in figures["events"]["by_kind"]],
                },
            ],
        },
        "survey_response_rates": {
            "type": "bar",
            "percent": True,
            "labels": [
                f"{row['title']} ({row['round']})" for row in figures["surveys"]["response_rates"]
            ],
            "datasets": [
                {
                    "label": _("Response rate (%)"),
                    "data": [row["rate"] or 0 for row in figures["surveys"]["response_rates"]],
                }
            ],
        },
        "likert_means": {
            "type": "bar",
            "horizontal": True,
            "max": 5,
            "labels": [row["key"] for row in likert],
            "datasets": [
                {"label": _("Latest round"), "data": [row["mean"] for row in likert]},
                {"label": _("Previous round"), "data": [row["previous_mean"] for row in likert]},
            ],
        },
    }


def trend_text(change: int | None) -> str:
    if change is None:
        return _("no contacts in the previous period of the same length")
    if change > 0:
        return _("up %(percent)s %% on the previous period") % {"percent": change}
    if change < 0:
        return _("down %(percent)s %% on the previous period") % {"percent": -change}
    return _("the same as in the previous period")


def page_context(figures: dict) -> dict:
    """What the dashboard and report templates need beyond the figures themselves."""
    return {
        "figures": figures,
        "tables": figure_tables(figures),
        "charts": chart_specs(figures),
        "contact_windows": [
            {**window, "trend": trend_text(window["change"])}
            for window in figures["contacts"]["windows"]
        ],
        "period_trend": trend_text(figures["contacts"]["change"]),
    }
