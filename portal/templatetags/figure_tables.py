"""The rows of a figure table (portal/includes/table.html) and the network graph's list of
nodes written in Python: a template loop over every cell cost the dashboard's page some 20 ms
for its 2,800 cells, and one over the graph's 750 nodes 8 ms."""

from django import template
from django.template.base import render_value_in_context
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def figure_table_rows(context, table, limit=None) -> SafeString:
    """The table's first `limit` rows (every row without one) as <tr>s, the first cell of
    each its row's header; each cell written as the template writes a variable (localised,
    escaped)."""
    rows = table.rows[:limit] if limit else table.rows
    written = (
        "".join(
            f'<th scope="row">{value}</th>' if index == 0 else f"<td>{value}</td>"
            for index, value in enumerate(render_value_in_context(cell, context) for cell in row)
        )
        for row in rows
    )
    return mark_safe("\n        ".join(f"<tr>{cells}</tr>" for cells in written))


@register.simple_tag
def graph_node_options(nodes) -> SafeString:
    """An <option> per node of the network graph, by label (as the dictsort filter orders
    them), its id the value: the dashboard's "Show in the graph" list."""
    ordered = sorted(nodes, key=lambda node: node["label"])
    return format_html_join(
        "", '<option value="{}">{}</option>', ((n["id"], n["label"]) for n in ordered)
    )
