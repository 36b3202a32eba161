"""Presentation: the figures as tables and charts in the current language."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import Event
from leadvet.lib import exports
from leadvet.lib.exports import Column, Kind
from mentors.models import Mentor
from portal.dashboard import periods
from portal.dashboard.figures import OUTCOME_LABELS


@dataclass
class Table:
    """A figure table: typed values (numbers, dates, percentages in points) for the exports,
    and `rows`, the same as the page shows them."""

    slug: str
    title: str
    columns: list[Column]
    values: list[list]

    @cached_property
    def rows(self) -> "FormattedRows":
        """The rows as the page shows them, each formatted once when first read: a page reads
        them more than once (the rows, how many), and may show only the first ones."""
        return FormattedRows(self.values, self.columns)

    def export(self) -> exports.Table:
        return exports.Table(self.title, self.columns, self.values)


class FormattedRows(Sequence):
    """A table's values formatted for the page (exports.display), row by row as they are
    read: a table of thousands of rows of which a page shows 25 formats 25."""

    def __init__(self, values: list[list], columns: list[Column]):
        self.values, self.columns = values, columns
        self.formatted: dict[int, list] = {}

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[position] for position in range(*index.indices(len(self)))]
        position = range(len(self))[index]
        if position not in self.formatted:
            self.formatted[position] = [
                exports.display(value, column)
                for value, column in zip(self.values[position], self.columns, strict=True)
            ]
        return self.formatted[position]

    def __eq__(self, other) -> bool:
        return list(self) == other


_TREND_TEXTS = {
    periods.ELAPSED: (
        gettext_lazy("up %(percent)s %% on the same part of the previous term"),
        gettext_lazy("down %(percent)s %% on the same part of the previous term"),
        gettext_lazy("the same as in the same part of the previous term"),
    ),
    periods.PER_MONTH: (
        gettext_lazy("up %(percent)s %% a month on the previous term"),
        gettext_lazy("down %(percent)s %% a month on the previous term"),
        gettext_lazy("the same a month as in the previous term"),
    ),
    periods.MONTH: (
        gettext_lazy("up %(percent)s %% on the previous month"),
        gettext_lazy("down %(percent)s %% on the previous month"),
        gettext_lazy("the same as in the previous month"),
    ),
}


STATEMENT_LABEL_LENGTH = 48
# The network graph names its largest nodes only (static/js/dashboard.js); the rest on hover,
# tap or choice, and all of them in the table under it.
GRAPH_LABELLED = 12


def short_statement(text: str, length: int = STATEMENT_LABEL_LENGTH) -> str:
    """A survey statement shortened for a chart's axis: whole words, an ellipsis if cut."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length - 1].rsplit(" ", 1)[0] if " " in text[: length - 1] else text[: length - 1]
    return cut.rstrip(" ,;:.–-") + "…"


def _month_label(month: datetime.date) -> str:
    return exports.month_label(month)


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
            [Column(_("Status")), Column(_("Mentors"), Kind.INTEGER)],
            [[_status_label(row["status"]), row["count"]] for row in mentors["by_status"]],
        ),
        Table(
            "active_mentors_by_college",
            _("Active mentors and contacts per college"),
            [
                Column(_("College")),
                Column(_("Country")),
                Column(_("Active mentors"), Kind.INTEGER),
                Column(_("Contacts in the period"), Kind.INTEGER),
            ],
            [
                [_college_name(row), row["country"] or "", row["active_mentors"], row["contacts"]]
                for row in mentors["by_college"]
            ],
        ),
        Table(
            "active_mentors_by_country",
            _("Active mentors per country"),
            [Column(_("Country")), Column(_("Active mentors"), Kind.INTEGER)],
            [[row["college__country__name"], row["count"]] for row in mentors["by_country"]],
        ),
        Table(
            "shortage_fields",
            _("Active mentors in shortage fields"),
            [Column(_("Shortage field")), Column(_("Active mentors"), Kind.INTEGER)],
            [[row["vocationalfield__name"], row["count"]] for row in mentors["shortage_fields"]],
        ),
        Table(
            "contact_trend",
            _("Contacts in the last 30, 90 and 365 days"),
            [
                Column(_("Period")),
                Column(_("Contacts"), Kind.INTEGER),
                Column(_("The same length before"), Kind.INTEGER),
                Column(_("Change"), Kind.PERCENT),
            ],
            [
                [
                    _("Last %(days)s days") % {"days": row["days"]},
                    row["count"],
                    row["previous"],
                    row["change"],
                ]
                for row in contacts["windows"]
            ],
        ),
        Table(
            "contacts_per_month",
            _("Contacts per month by mentor task"),
            [Column(_("Month"), Kind.MONTH)]
            + [
                Column(_("Task %(number)s") % {"number": number}, Kind.INTEGER)
                for number, _name in tasks
            ]
            + [Column(_("Total"), Kind.INTEGER)],
            [
                [month]
                + [counts.get((month, number), 0) for number, _name in tasks]
                + [sum(counts.get((month, number), 0) for number, _name in tasks)]
                for month in months
            ],
        ),
        Table(
            "contacts_per_task",
            _("Contacts per mentor task"),
            [Column(_("Mentor task")), Column(_("Contacts"), Kind.INTEGER)],
            [
                [f"{row['task__number']}. {row['task__name']}", row["count"]]
                for row in contacts["per_task"]
            ],
        ),
        Table(
            "outcomes",
            _("Outcome indicators (win-win)"),
            [Column(_("Indicator")), Column(_("Number"), Kind.INTEGER)],
            [[str(label), figures["outcomes"][key]] for key, label in OUTCOME_LABELS.items()],
        ),
        Table(
            "events_by_kind",
            _("Event registrations and attendance by type"),
            [
                Column(_("Event type")),
                Column(_("Registrations"), Kind.INTEGER),
                Column(_("Registered to past events"), Kind.INTEGER),
                Column(_("Attended"), Kind.INTEGER),
                Column(_("Attendance rate"), Kind.PERCENT),
            ],
            [
                [
                    _kind_label(row["event__kind"]),
                    row["registrations"],
                    row["past_registrations"],
                    row["attended"],
                    round(row["attended"] * 100 / row["past_registrations"])
                    if row["past_registrations"]
                    else None,
                ]
                for row in figures["events"]["by_kind"]
            ],
        ),
        Table(
            "survey_response_rates",
            _("Survey response rates"),
            [
                Column(_("Survey")),
                Column(_("Round"), Kind.INTEGER),
                Column(_("Invited"), Kind.INTEGER),
                Column(_("Responses"), Kind.INTEGER),
                Column(_("Response rate"), Kind.PERCENT),
            ],
            [
                [
                    row["title"],
                    row["round"],
                    row["invited"],
                    row["submitted"],
                    row["rate"],
                ]
                for row in figures["surveys"]["response_rates"]
            ],
        ),
        Table(
            "likert_means",
            _("Latest statement means (1–5) and change since the previous round"),
            [
                Column(_("Statement")),
                Column(_("Mean"), Kind.NUMBER),
                Column(_("Previous round"), Kind.NUMBER),
                Column(_("Change"), Kind.NUMBER, signed=True),
                Column(_("Answers"), Kind.INTEGER),
            ],
            [
                [
                    row["text"],
                    row["mean"],
                    row["previous_mean"],
                    row["change"],
                    row["answers"],
                ]
                for row in figures["surveys"]["likert"]["rows"]
            ],
        ),
        Table(
            "contact_requests",
            _("Contact requests"),
            [Column(_("Figure")), Column(_("Value"), Kind.NUMBER)],
            [
                [_("Open now"), figures["requests"]["open"]],
                [_("Made in the period"), figures["requests"]["made"]],
                [_("Answered"), figures["requests"]["answered"]],
                [
                    _("Average time to answer (hours)"),
                    figures["requests"]["average_answer_hours"],
                ],
            ],
        ),
        Table(
            "follow_up",
            _("Active mentors with no contact in 90 days"),
            [
                Column(_("Mentor")),
                Column(_("College")),
                Column(_("Last contact"), Kind.DATE, missing=_("never")),
            ],
            [
                [row["name"], row["college"], row["last_contact"]]
                for row in figures["follow_up"]["mentors"]
            ],
        ),
        Table(
            "untrained",
            _("Active mentors without mentor training in the last 24 months"),
            [
                Column(_("Mentor")),
                Column(_("College")),
                Column(_("Last training"), Kind.DATE, missing=_("never")),
            ],
            [
                [row["name"], row["college"], row["trained_on"]]
                for row in figures["untrained"]["mentors"]
            ],
        ),
        Table(
            "network",
            _("Network: mentors, their colleges and VTE groups"),
            [
                Column(_("Mentor")),
                Column(_("College or VTE group")),
                Column(_("Connection")),
                Column(_("Contacts in the period"), Kind.INTEGER),
            ],
            _network_rows(figures["graph"]),
        ),
    ]
    return {table.slug: table for table in tables}


def _network_rows(graph: dict) -> list[list]:
    """A row per edge, mentor by mentor as the graph ranks them (most contacts first): their
    college, then the VTE groups they had contacts with."""
    labels = {node["id"]: node["label"] for node in graph["nodes"]}
    membership, contact = _("member of the college"), _("contacts with the group")
    rank = {
        node["id"]: position
        for position, node in enumerate(node for node in graph["nodes"] if node["kind"] == "mentor")
    }
    return [
        [
            labels[edge["source"]],
            labels[edge["target"]],
            membership if edge["kind"] == "membership" else contact,
            None if edge["kind"] == "membership" else edge["weight"],
        ]
        for edge in sorted(graph["edges"], key=lambda edge: rank.get(edge["source"], len(rank)))
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
            "labels": [short_statement(row["text"]) for row in likert],
            # The tooltip names the whole statement; the table under the chart lists them.
            "titles": [row["text"] for row in likert],
            "datasets": [
                {"label": _("Latest round"), "data": [row["mean"] for row in likert]},
                {"label": _("Previous round"), "data": [row["previous_mean"] for row in likert]},
            ],
        },
    }


def trend_text(change: int | None, comparison: str = periods.SAME_LENGTH) -> str:
    """The change on the previous period as a note under a figure; `comparison` as in
    portal.dashboard.periods.Period (the report's terms compare like with like)."""
    if change is not None and comparison in _TREND_TEXTS:
        up, down, same = _TREND_TEXTS[comparison]
        if change > 0:
            return str(up) % {"percent": change}
        if change < 0:
            return str(down) % {"percent": -change}
        return str(same)
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
