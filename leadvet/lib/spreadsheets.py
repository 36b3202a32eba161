"""Shared by every CSV and XLSX export: cells that a spreadsheet would run as a formula."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text typed by users is prefixed with an apostrophe when it starts like a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
