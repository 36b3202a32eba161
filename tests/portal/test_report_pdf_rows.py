"""A table of the PDF prints its first rows and says how many it left out."""

from django.template.loader import render_to_string

from portal.report_pdf import PRINT_ROWS, print_table


def test_a_long_table_prints_its_first_rows_and_counts_the_others():
    rows = [[f"College {n:04}", 2000 - n] for n in range(2000)]
    table = print_table("hours_by_college", "Hours per college", ["College", "Hours"], rows)

    assert [row[0].value for row in table.rows] == [f"College {n:04}" for n in range(PRINT_ROWS)]
    assert table.omitted == 2000 - PRINT_ROWS
    assert table.columns[1].numeric
    html = render_to_string("portal/includes/print_table.html", {"table": table})
    assert html.count("<tr>") == PRINT_ROWS + 1  # the heading and the rows printed
    assert f"{2000 - PRINT_ROWS} more rows are left out here." in html


def test_a_table_that_fits_prints_every_row_and_no_note():
    rows = [[f"College {n}", n] for n in range(PRINT_ROWS)]
    table = print_table("hours_by_college", "Hours per college", ["College", "Hours"], rows)
    html = render_to_string("portal/includes/print_table.html", {"table": table})
    assert (len(table.rows), table.omitted) == (PRINT_ROWS, 0)
    assert "left out" not in html
