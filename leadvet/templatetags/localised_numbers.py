"""Numbers in the reader's language beyond what `{{ value }}` does by itself.

`{{ value }}` already writes 3.45 as 3,45 in Finnish; these add the forms it has none for:
a percentage (12% in English, 12 % in Finnish) and a signed change (+0.3, −0,25). Both
localise inside `{% localize off %}` too, where the SVG charts write their coordinates.
"""

from django import template
from django.utils.formats import number_format
from django.utils.translation import pgettext

register = template.Library()


def _is_blank(value) -> bool:
    return value is None or value == ""


def _number(value, *, plus: bool) -> str:
    """The number in the reader's language with a true minus sign (read out as minus), and a
    plus sign when `plus` and the number is above zero."""
    number = number_format(abs(value), use_l10n=True)
    if value < 0:
        return f"\u2212{number}"
    if value > 0 and plus:
        return f"+{number}"
    return number


@register.filter
def percent(value, sign: str = "") -> str:
    """12%, or in Finnish 12 %; `|percent:"signed"` writes a change: +12%, −5%."""
    if _is_blank(value):
        return ""
    # Translators: a percentage; Finnish puts a no-break space before the sign (12 %).
    return pgettext("percentage", "%(number)s%%") % {
        "number": _number(value, plus=sign == "signed")
    }


@register.filter
def signed(value) -> str:
    """A change with its sign: +0.3, 0, −0.25."""
    if _is_blank(value):
        return ""
    return _number(value, plus=True)
