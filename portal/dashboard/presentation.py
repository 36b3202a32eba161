"""Presentation: the figures as tables and charts in the current language."""

import datetime
from dataclasses import dataclass

from django.utils.dates import MONTHS_3
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from events.models import Event
from mentors.models import Mentor
from portal.dashboard.figures import OUTCOME_LABELS


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
