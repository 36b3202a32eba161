"""leadvet.lib.forms.Select writes what Django's Select writes, without a template per
option; colleges.filters.NameChoiceFilter what django-filter's ModelChoiceFilter writes, without a
model per option."""

import django_filters
import pytest
from django import forms
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from colleges.filters import NameChoiceFilter
from colleges.models import Country, PartnerCollege
from leadvet.lib.forms import Select
from mentors.models import Mentor
from tests.factories import CountryFactory, PartnerCollegeFactory

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


@pytest.mark.django_db
def test_a_name_choice_filter_renders_like_djangos_without_building_a_college_per_option(
    django_assert_num_queries,
):
    """The colleges listed as (pk, name) pairs, the chosen one checked against the same
    queryset; the HTML that django-filter's own ModelChoiceFilter writes."""

    class Plain(django_filters.FilterSet):
        college = django_filters.ModelChoiceFilter(queryset=PartnerCollege.objects.order_by("name"))

    class Portal(django_filters.FilterSet):
        college = NameChoiceFilter(queryset=PartnerCollege.objects.order_by("name"))

    chosen = PartnerCollegeFactory(name='Varia & "Vantaa"')
    PartnerCollegeFactory(name="Stadin ammatti- ja aikuisopisto")
    data = {"college": str(chosen.pk)}
    plain = str(Plain(data, queryset=Mentor.objects.all()).form["college"])
    portal_filter = Portal(data, queryset=Mentor.objects.all())
    # Two queries: the chosen college checked (the form validates to mark errors), the list.
    with django_assert_num_queries(2) as captured:
        portal = str(portal_filter.form["college"])
    listed = captured.captured_queries[-1]["sql"]
    assert "ORDER BY" in listed and "short_name" not in listed  # two columns, not a model
    assert portal == plain
    assert f'<option value="{chosen.pk}" selected>Varia &amp; &quot;Vantaa&quot;</option>' in portal
    assert portal_filter.form.is_valid()
    assert portal_filter.form.cleaned_data["college"] == chosen
    invalid = Portal({"college": "999999"}, queryset=Mentor.objects.all()).form
    assert not invalid.is_valid() and "college" in invalid.errors


class SelectMultiple(Select):
    allow_multiple_selected = True


@pytest.mark.parametrize("value", [None, ["1", "4"], [2, 2], ["no such"]])
def test_select_with_many_chosen_writes_the_html_of_djangos_select_multiple(value):
    choices = [*CHOICES, (1, "The same value again")]
    expected = forms.SelectMultiple(choices=choices).render("colleges", value)
    assert SelectMultiple(choices=choices).render("colleges", value) == expected


def test_an_option_listed_twice_is_chosen_once_as_django_chooses_it():
    choices = [*CHOICES, (1, "The same value again")]
    written = Select(choices=choices).render("college", 1)
    assert written == forms.Select(choices=choices).render("college", 1)
    assert written.count(" selected") == 1


def test_the_options_follow_their_choices_and_the_language():
    """Written once per list of choices and language: a renamed college, another language or
    a safe label is written anew, never from the list written before."""
    label = gettext_lazy("All colleges")
    before = Select(choices=[("", label), (1, "Omnia")]).render("college", 1)
    renamed = Select(choices=[("", label), (1, "Omnia & co")]).render("college", 1)
    assert ">Omnia</option>" in before and ">Omnia &amp; co</option>" in renamed
    with translation.override("fi"):
        finnish = Select(choices=[("", label), (1, "Omnia")]).render("college", 1)
    assert ">Kaikki oppilaitokset</option>" in finnish
    safe = Select(choices=[("", label), (1, mark_safe("Omnia &amp; co"))]).render("college", 1)
    assert safe == renamed
