"""A figure table on a page: every row, or its first ones and where the others are."""

import datetime

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from leadvet.lib import exports
from leadvet.lib.exports import Column, Kind
from portal.dashboard.presentation import Table


def college_table(colleges: int) -> Table:
    return Table(
        "hours_by_college",
        "Hours per college",
        [Column("College"), Column("Hours", Kind.INTEGER)],
        [[f"College {n:04}", 1000 - n] for n in range(colleges)],
    )


def body_rows(html: str) -> int:
    return html.split("<tbody>")[1].split("</tbody>")[0].count("<tr>")


def test_a_limited_table_shows_its_first_rows_and_says_where_the_others_are():
    html = render_to_string(
        "portal/includes/table.html", {"table": college_table(2000), "limit": 25}
    )
    assert body_rows(html) == 25
    assert "College 0024" in html and "College 0025" not in html
    assert "The first 25 of 2000 rows." in html
    assert "downloads have every row" in html


def test_a_table_within_its_limit_or_without_one_shows_every_row_and_no_note():
    within = render_to_string(
        "portal/includes/table.html", {"table": college_table(25), "limit": 25}
    )
    whole = render_to_string("portal/includes/table.html", {"table": college_table(40)})
    assert (body_rows(within), body_rows(whole)) == (25, 40)
    assert "The first" not in within + whole


def test_the_rows_are_formatted_once_however_often_a_page_reads_them():
    table = college_table(3)
    assert table.rows is table.rows


def test_a_limited_table_formats_only_the_rows_it_shows_and_all_of_them_when_read():
    table = college_table(2000)
    render_to_string("portal/includes/table.html", {"table": table, "limit": 25})
    assert len(table.rows) == 2000
    assert len(table.rows.formatted) == 25
    everything = [
        [exports.display(value, column) for value, column in zip(row, table.columns, strict=True)]
        for row in table.values
    ]
    assert list(table.rows) == everything and table.rows[-1] == everything[-1]
    assert table.rows[10:12] == everything[10:12]


# What the table's body was written by before the rows were written in Python.
TEMPLATE_LOOP = (
    '{% firstof limit "" as upto %}{% for row in table.rows|slice:upto %}'
    '<tr>{% for cell in row %}{% if forloop.first %}<th scope="row">{{ cell }}</th>'
    "{% else %}<td>{{ cell }}</td>{% endif %}{% endfor %}</tr>{% endfor %}"
)


def tbody(html: str) -> str:
    return "".join(
        line.strip() for line in html.split("<tbody>")[1].split("</tbody>")[0].splitlines()
    )


@pytest.mark.parametrize("limit", [None, 2])
@pytest.mark.parametrize("language", ["en", "fi"])
def test_the_rows_written_in_python_are_what_the_template_loop_wrote(limit, language):
    table = Table(
        "mixed",
        "Mixed",
        [
            Column("College"),
            Column("Contacts", Kind.INTEGER),
            Column("Share", Kind.PERCENT),
            Column("Since", Kind.DATE),
        ],
        [
            ['Varia & "Vantaa" <school>', 12345, 62.5, datetime.date(2026, 3, 1)],
            [mark_safe("<b>Safe</b>"), 0, None, None],
            ["Omnia", 7, 100, datetime.date(2026, 12, 31)],
            ["Keuda", 12345, 7.5, datetime.date(2026, 3, 1)],  # a number written once before
            [gettext_lazy("College"), 7, 0.0, None],  # a lazy text
        ],
    )
    context = {"table": table, "limit": limit}
    with translation.override(language):
        written = render_to_string("portal/includes/table.html", context)
        looped = Template(TEMPLATE_LOOP).render(Context(context))
    assert tbody(written) == looped
    assert "Varia &amp; &quot;Vantaa&quot; &lt;school&gt;" in written
    assert "<b>Safe</b>" in written
    assert tbody(written).count("<td>12345</td>") == (2 if limit is None else 1)


def test_an_empty_table_says_so():
    table = Table("empty", "Empty", [Column("College"), Column("Hours", Kind.INTEGER)], [])
    html = render_to_string("portal/includes/table.html", {"table": table})
    assert '<td colspan="2" class="text-body-secondary">No data for this period.</td>' in html


def test_the_graph_node_options_are_those_the_template_loop_wrote():
    """graph_node_options writes what the dashboard's loop over the nodes sorted by label
    wrote: every node once, by label, escaped."""
    nodes = [
        {"id": "mentor-3", "label": "Öberg, Aino"},
        {"id": "college-1", "label": "Ammattiopisto <Omnia>"},
        {"id": "group-7", "label": "Welding & Metal 2026"},
        {"id": "mentor-1", "label": "Aalto, Eero"},
        {"id": "mentor-2", "label": "Aalto, Eero"},
    ]
    loop = Template(
        '{% for node in nodes|dictsort:"label" %}'
        '<option value="{{ node.id }}">{{ node.label }}</option>{% endfor %}'
    )
    tag = Template("{% load figure_tables %}{% graph_node_options nodes %}")
    written = tag.render(Context({"nodes": nodes}))
    assert written == loop.render(Context({"nodes": nodes}))
    assert written.count("<option") == 5 and "&lt;Omnia&gt;" in written
    assert written.index("mentor-1") < written.index("mentor-2") < written.index("mentor-3")
