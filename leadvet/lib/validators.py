"""Validators shared by the apps' forms."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FIRST_YEAR, LAST_YEAR = 2000, 2100


def validate_portal_year(value) -> None:
    """Dates and times the portal plans with lie within this century.

    Besides catching typos (0026 for 2026), this keeps a year-1 time in Helsinki from
    overflowing when it is converted to UTC, which was a server error.
    """
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Give a date between the years %(first)s and %(last)s."),
            code="year_out_of_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )
