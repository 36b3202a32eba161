"""leadvet.lib.forms.Select writes what Django's Select writes, without a template per
option."""

import pytest
from django import forms
from django.utils.safestring import mark_safe

from colleges.models import Country
from leadvet.lib.forms import Select
from tests.factories import CountryFactory

CHOICES = [
    ("", "---------"),
    (1, "Stadin ammatti- ja aikuisopisto"),
    (2, 'Varia & "Vantaa" <school>'),
    (
        "Sweden",
        [(3, "Yrkesakademin"), (4, mark_safe("<b>Safe</b> label"))],
    ),
    (1200, 1200),
]


@pytest.mark.parametrize("value", [None, "", 2, "4", 1200, "no such"])
def test_select_writes_the_html_of_djangos_select(value):
    attrs = {"id": "id_college", "class": "form-select", "aria-describedby": "hint"}
    expected = forms.Select(choices=CHOICES).render("college", value, attrs=attrs)
    assert Select(choices=CHOICES).render("college", value, attrs=attrs) == expected
    assert ">Varia &amp; &quot;Vantaa&quot; &lt;school&gt;</option>" in expected


@pytest.mark.django_db
def test_a_model_choice_field_with_the_portals_select_renders_like_djangos():
    class Plain(forms.Form):
        country = forms.ModelChoiceField(Country.objects.order_by("code"))

    class Portal(forms.Form):
        country = forms.ModelChoiceField(Country.objects.order_by("code"), widget=Select)

    finland = CountryFactory(code="FI")
    CountryFactory(code="SE", name="Sweden")
    data = {"country": str(finland.pk)}
    plain, portal = str(Plain(data)["country"]), str(Portal(data)["country"])
    assert portal == plain
    assert f'<option value="{finland.pk}" selected>Finland</option>' in portal
