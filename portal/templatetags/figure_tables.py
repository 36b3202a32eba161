"""The rows of a figure table (portal/includes/table.html) and the network graph's list of
nodes written in Python: a template loop over every cell cost the dashboard's page some 20 ms
for its 2,800 cells, and one over the graph's 750 nodes 8 ms.

Text is escaped with the standard library's html.escape, which Django's escape calls too (for
a plain str the same text), without the check for lazy arguments that Django's makes on each
of the thousands of calls; each distinct number is localised once per table."""

from html import escape as escape_text

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def figure_table_rows(context, table, limit=None) -> SafeString:
    """The table's first `limit` rows (every row without one) as <tr>s, the first cell of
    each its row's header; each cell written as the template writes a variable (localised,
    escaped)."""
    rows = table.rows[:limit] if limit else table.rows
    numbers: dict[int, str] = {}

    def written_cell(cell) -> str:
        kind = type(cell)
        if kind is str:
            return escape_text(cell)
        if kind is int:
            if cell not in numbers:
                numbers[cell] = render_value_in_context(cell, context)
            return numbers[cell]
        return render_value_in_context(cell, context)

    written = (
        "".join(
            f'<th scope="row">{value}</th>' if index == 0 else f"<td>{value}</td>"
            for index, value in enumerate(written_cell(cell) for cell in row)
        )
        for row in rows
    )
    return mark_safe("\n        ".join(f"<tr>{cells}</tr>" for cells in written))


@register.simple_tag
def graph_node_options(nodes) -> SafeString:
    """An <option> per node of the network graph, by label (as the dictsort filter orders
    them), its id the value: the dashboard's "Show in the graph" list."""
    ordered = sorted(nodes, key=lambda node: node["label"])
    return mark_safe(
        "".join(
            f'<option value="{escape_text(str(node["id"]))}">{escape_text(str(node["label"]))}'
            "</option>"
            for node in ordered
        )
    )
