"""Validators shared by the apps' forms and the API's serializers."""

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
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


# C0 and C1 control characters, DEL, and lone UTF-16 surrogates (which a JSON body can carry
# as "\ud800" but no database can store). Tab and line breaks only in multi-line text.
_CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_SINGLE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def has_control_characters(value: str, *, multiline: bool) -> bool:
    pattern = _CONTROL_MULTILINE if multiline else _CONTROL_SINGLE_LINE
    return bool(pattern.search(value))


def control_characters_message(*, multiline: bool) -> str:
    if multiline:
        return _("Remove the control characters (such as a NUL byte) from this text.")
    return _(
        "Remove the control characters (such as a NUL byte, a tab or a line break) from this text."
    )


@deconstructible
class ProhibitControlCharactersValidator:
    """Django's ProhibitNullCharactersValidator, extended to every control character.

    A NUL byte cannot be stored or even compared by PostgreSQL (a server error there), and
    the other control characters are invisible, break exports and emails, and have no place
    in names and texts. Multi-line text keeps its tabs and line breaks.
    """

    code = "control_characters"

    def __init__(self, *, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value) -> None:
        if value is not None and has_control_characters(str(value), multiline=self.multiline):
            raise ValidationError(
                control_characters_message(multiline=self.multiline), code=self.code
            )

    def __eq__(self, other):
        return (
            isinstance(other, ProhibitControlCharactersValidator)
            and other.multiline == self.multiline
        )
