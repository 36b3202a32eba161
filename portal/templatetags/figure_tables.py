"""The rows of a figure table (portal/includes/table.html) written in Python: a template loop
over every cell cost the dashboard's page some 20 ms for its 2,800 cells."""

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
    written = []
    for row in rows:
        cells = [render_value_in_context(cell, context) for cell in row]
        if not cells:
            written.append("<tr></tr>")
            continue
        header, *others = cells
        data = "".join(f"<td>{cell}</td>" for cell in others)
        written.append(f'<tr><th scope="row">{header}</th>{data}</tr>')
    return mark_safe("\n        ".join(written))
