"""Percentages and signed changes in the reader's language (leadvet/templatetags)."""

import pytest
from django.template import engines
from django.utils import translation


def render(source: str, **context) -> str:
    template = engines["django"].from_string("{% load l10n localised_numbers %}" + source)
    return template.render(context)


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [("en", 12, "12%"), ("fi", 12, "12\u00a0%"), ("fi", 7.5, "7,5\u00a0%"), ("en", None, "")],
)
def test_percent_follows_the_language(language, value, expected):
    with translation.override(language):
        assert render("{{ value|percent }}", value=value) == expected


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("en", 0.45, "+0.45"),
        ("fi", 0.45, "+0,45"),
        ("fi", -0.14, "\u22120,14"),
        ("fi", 0, "0"),
        ("fi", "", ""),
    ],
)
def test_signed_change_has_its_sign_and_the_decimal_comma(language, value, expected):
    with translation.override(language):
        assert render("{{ value|signed }}", value=value) == expected


def test_a_percent_change_is_signed_and_numbers_localise_even_with_localisation_off():
    with translation.override("fi"):
        assert render("{{ value|percent:'signed' }}", value=19) == "+19\u00a0%"
        assert render("{% localize off %}{{ value|signed }}{% endlocalize %}", value=0.5) == (
            "+0,5"
        )
