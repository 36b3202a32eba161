"""The steering report as a PDF: the report page's charts drawn as SVG, its tables with every
number written in the reader's language, and the network summed up per college.

`render_report_pdf` takes `portal.reports.report_context` (the figures, tables and chart
specs the report page shows) and renders `portal/report_print.html` through
`leadvet.lib.pdf`, which makes a tagged PDF.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from leadvet.lib.charts import Chart, svg_chart
from leadvet.lib.downloads import FileToWrite
from leadvet.lib.pdf import prepare_pdf, render_pdf
from portal.dashboard.presentation import Table
from portal.national_variations import national_variations

TEXT, NUMBER, PERCENT, CHANGE = "text", "number", "percent", "change"
PERCENT_CHANGE = "percent_change"
# Bars of a horizontal chart (colleges, statements); the table under it lists every row.
HORIZONTAL_CATEGORIES = 15
VERTICAL_CATEGORIES = 36
TEMPLATE = "portal/report_print.html"


@dataclass(frozen=True)
class Cell:
    value: object
    kind: str = TEXT

    @property
    def is_number(self) -> bool:
        return self.kind != TEXT


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool


@dataclass
class PrintTable:
    slug: str
    title: str
    columns: list[Column]
    rows: list[list[Cell]]
    total: list[Cell] | None = None
    # Rows left out after the first PRINT_ROWS (the table's order: most first).
    omitted: int = 0


# A table of the PDF prints at most this many rows: 2,000 colleges' rows made a document nobody
# reads and a worker of 2 GB; the XLSX and CSV downloads of the report have every row.
PRINT_ROWS = 50


def _cell(value) -> Cell:
    if isinstance(value, Cell):
        return value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return Cell(value, NUMBER)
    return Cell(value)


def print_table(
    slug: str, title: str, columns: list[str], rows: list[list], total: list | None = None
) -> PrintTable:
    """A table whose cells know whether they hold text, a number, a percentage or a change;
    a column is right-aligned when its filled cells are numbers. `total`: a last row set
    apart. At most PRINT_ROWS rows, the first ones; the others are counted as `omitted`."""
    cells = [[_cell(value) for value in row] for row in rows[:PRINT_ROWS]]
    numeric = []
    for index in range(len(columns)):
        filled = [row[index] for row in cells if row[index].value not in ("", None)]
        numeric.append(bool(filled) and all(cell.is_number for cell in filled))
    return PrintTable(
        slug,
        title,
        [Column(label, flag) for label, flag in zip(columns, numeric, strict=True)],
        cells,
        [_cell(value) for value in total] if total else None,
        omitted=max(0, len(rows) - PRINT_ROWS),
    )


def _replace_column(table: Table, column: str, cells: list[Cell]) -> list[list]:
    """`table`'s rows with the cells of the column headed `column` replaced, one per row."""
    index = [str(heading) for heading in table.columns].index(column)
    return [
        [*row[:index], cell, *row[index + 1 :]] for row, cell in zip(table.rows, cells, strict=True)
    ]


def _rate(part: int, whole: int) -> int | None:
    return round(part * 100 / whole) if whole else None


def print_tables(figures: dict, tables: dict[str, Table]) -> dict[str, PrintTable]:
    """The page's tables for print. The page writes percentages and signed changes as text
    ("12 %", "+0.3"); here they are numbers again, for the template to write in the reader's
    language."""
    numbers = {
        "contact_trend": (
            _("Change"),
            [Cell(row["change"], PERCENT_CHANGE) for row in figures["contacts"]["windows"]],
        ),
        "events_by_kind": (
            _("Attendance rate"),
            [
                Cell(_rate(row["attended"], row["past_registrations"]), PERCENT)
                for row in figures["events"]["by_kind"]
            ],
        ),
        "survey_response_rates": (
            _("Response rate"),
            [Cell(row["rate"], PERCENT) for row in figures["surveys"]["response_rates"]],
        ),
        "likert_means": (
            _("Change"),
            [Cell(row["change"], CHANGE) for row in figures["surveys"]["likert"]["rows"]],
        ),
    }
    printed = {}
    for slug, table in tables.items():
        rows = table.rows
        if slug in numbers:
            rows = _replace_column(table, *numbers[slug])
        headings = [str(heading) for heading in table.columns]
        printed[slug] = print_table(slug, table.title, headings, rows)
    return printed


def network_summary(graph: dict) -> PrintTable:
    """The report page's network graph (the most active mentors, their colleges and the VTE
    groups they had contacts with) summed up per college, busiest first, and in all."""
    labels = {node["id"]: node["label"] for node in graph["nodes"]}
    colleges: dict[str, dict] = {}
    if graph.get("aggregated"):
        # portal.dashboard.aggregates.aggregate_graph: mentors already summed up per college.
        for node in graph["nodes"]:
            if node["kind"] == "college":
                colleges[node["id"]] = {
                    "mentors": node["weight"],
                    "linked": 0,
                    "groups": set(),
                    "contacts": 0,
                }
        for edge in graph["edges"]:
            row = colleges[edge["source"]]
            row["linked"] += edge["mentors"]
            row["groups"].add(edge["target"])
            row["contacts"] += edge["weight"]
    else:
        college_of = {
            edge["source"]: edge["target"]
            for edge in graph["edges"]
            if edge["kind"] == "membership"
        }
        for college in college_of.values():
            colleges.setdefault(
                college, {"mentors": 0, "linked": set(), "groups": set(), "contacts": 0}
            )
            colleges[college]["mentors"] += 1
        for edge in graph["edges"]:
            if edge["kind"] == "membership":
                continue
            row = colleges[college_of[edge["source"]]]
            row["linked"].add(edge["source"])
            row["groups"].add(edge["target"])
            row["contacts"] += edge["weight"]
        for row in colleges.values():
            row["linked"] = len(row["linked"])
    ordered = sorted(
        colleges.items(),
        key=lambda item: (-item[1]["contacts"], -item[1]["mentors"], labels[item[0]]),
    )
    rows = [
        [labels[college], row["mentors"], row["linked"], len(row["groups"]), row["contacts"]]
        for college, row in ordered
    ]
    total = None
    if len(rows) > 1:
        groups = set().union(*(row["groups"] for row in colleges.values()))
        total = [
            _("All colleges"),
            sum(row["mentors"] for row in colleges.values()),
            sum(row["linked"] for row in colleges.values()),
            len(groups),
            sum(row["contacts"] for row in colleges.values()),
        ]
    return print_table(
        "network_summary",
        _("Network per college"),
        [
            _("College"),
            _("Mentors in the network"),
            _("Mentors with VTE group contacts"),
            _("VTE groups reached"),
            _("Contacts with VTE groups"),
        ],
        rows,
        total,
    )


def print_charts(charts: dict[str, dict], tables: dict[str, Table]) -> dict[str, Chart | None]:
    """The page's Chart.js charts as SVG, each titled as its table."""
    return {
        slug: svg_chart(
            slug,
            tables[slug].title,
            spec,
            max_categories=HORIZONTAL_CATEGORIES if spec.get("horizontal") else VERTICAL_CATEGORIES,
        )
        for slug, spec in charts.items()
    }


def print_context(context: dict) -> dict:
    """`portal/report_print.html`'s context: the report's, with its tables and charts for print."""
    figures, tables = context["figures"], context["tables"]
    return {
        **context,
        **national_variations(
            context["period"], survey_id=figures["surveys"]["likert"].get("survey_id")
        ),
        "print_tables": print_tables(figures, tables),
        "svg_charts": print_charts(context["charts"], tables),
        "network_summary": network_summary(figures["graph"]),
        "impact_print_tables": {
            slug: print_table(slug, table.title, [str(c) for c in table.columns], table.rows)
            for slug, table in context.get("impact_tables", {}).items()
        },
        "mentor_limit": figures["graph"]["mentor_limit"],
    }


def render_report_pdf(context: dict) -> bytes:
    return render_pdf(TEMPLATE, print_context(context))


def prepare_report_pdf(context: dict, *, filename: str) -> FileToWrite:
    """The report as a PDF file for a background job to write (portal.report_downloads)."""
    return prepare_pdf(TEMPLATE, print_context(context), filename=filename)
