import pytest
from django.urls import reverse

from colleges.models import CollegeUnit, PartnerCollege
from leadvet import roles
from tests.factories import (
    CollegeUnitFactory,
    CountryFactory,
    PartnerCollegeFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("colleges:college_create")


def edit_url(college):
    return reverse("colleges:college_edit", args=[college.pk])


def college_data(country, units=(), existing=(), **overrides):
    """POST data for the college form with its unit formset."""
    data = {
        "name": "Ekami Vocational College",
        "short_name": "Ekami",
        "country": country.pk,
        "city": "Kotka",
        "website": "",
        "is_active": "on",
        "units-TOTAL_FORMS": str(len(existing) + len(units)),
        "units-INITIAL_FORMS": str(len(existing)),
    }
    for index, (unit, delete) in enumerate(existing):
        data[f"units-{index}-id"] = unit.pk
        data[f"units-{index}-name"] = unit.name
        data[f"units-{index}-city"] = unit.city
        if delete:
            data[f"units-{index}-DELETE"] = "on"
    for offset, name in enumerate(units, start=len(existing)):
        data[f"units-{offset}-name"] = name
        data[f"units-{offset}-city"] = ""
    data.update(overrides)
    return data


@pytest.fixture
def college_coordinator():
    return user_with_role(roles.COLLEGE_COORDINATOR)


def test_anonymous_is_sent_to_login(client):
    assert client.get(CREATE_URL).status_code == 302


@pytest.mark.parametrize("who", ["teacher_educator", "steering"])
def test_other_roles_may_not_create_a_college(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, college_data(CountryFactory())).status_code == 403
    assert not PartnerCollege.objects.exists()


def test_mentor_may_not_edit_their_college(client, mentor):
    client.force_login(mentor.user)
    assert client.get(edit_url(mentor.college)).status_code == 403


def test_coordinator_creates_a_college_with_units(client, coordinator):
    client.force_login(coordinator)
    response = client.post(CREATE_URL, college_data(CountryFactory(), units=["Kotka campus", ""]))
    college = PartnerCollege.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("colleges:college_detail", args=[college.pk])
    assert college.city == "Kotka"
    assert list(college.units.values_list("name", flat=True)) == ["Kotka campus"]


def test_missing_name_is_shown_next_to_the_field_and_nothing_is_saved(client, coordinator):
    client.force_login(coordinator)
    response = client.post(CREATE_URL, college_data(CountryFactory(), units=["Unit"], name=""))
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert "This field is required." in response.content.decode()
    assert not PartnerCollege.objects.exists()
    assert not CollegeUnit.objects.exists()


def test_coordinator_renames_adds_and_deletes_units(client, coordinator):
    college = PartnerCollegeFactory(name="Varia")
    keep = CollegeUnitFactory(college=college, name="Myyrmäki")
    drop = CollegeUnitFactory(college=college, name="Old unit")
    client.force_login(coordinator)

    response = client.post(
        edit_url(college),
        college_data(
            college.country,
            name="Varia",
            existing=[(keep, False), (drop, True)],
            units=["Tikkurila"],
        ),
    )

    assert response.status_code == 302
    assert set(college.units.values_list("name", flat=True)) == {"Myyrmäki", "Tikkurila"}


def test_duplicate_unit_name_is_refused(client, coordinator):
    college = PartnerCollegeFactory(name="Varia")
    unit = CollegeUnitFactory(college=college, name="Myyrmäki")
    client.force_login(coordinator)
    response = client.post(
        edit_url(college),
        college_data(college.country, name="Varia", existing=[(unit, False)], units=["Myyrmäki"]),
    )
    assert response.status_code == 200
    assert college.units.count() == 1


def test_college_coordinator_edits_own_college(client, college_coordinator):
    college = PartnerCollegeFactory(name="STEP")
    college.coordinators.add(college_coordinator)
    client.force_login(college_coordinator)
    response = client.post(
        edit_url(college), college_data(college.country, name="STEP", city="Jyväskylä")
    )
    assert response.status_code == 302
    college.refresh_from_db()
    assert college.city == "Jyväskylä"


def test_college_coordinator_sees_the_country_but_cannot_change_it(client, college_coordinator):
    finland, estonia = CountryFactory(), CountryFactory(code="EE", name="Estonia")
    college = PartnerCollegeFactory(name="STEP", country=finland)
    college.coordinators.add(college_coordinator)
    client.force_login(college_coordinator)

    form = client.get(edit_url(college)).context["form"]
    assert form.fields["country"].disabled
    assert "Only the network coordinators" in str(form.fields["country"].help_text)
    response = client.post(edit_url(college), college_data(estonia, name="STEP", city="Jyväskylä"))

    assert response.status_code == 302
    college.refresh_from_db()
    assert (college.country, college.city) == (finland, "Jyväskylä")


def test_coordinator_moves_a_college_to_another_country(client, coordinator):
    college = PartnerCollegeFactory(name="STEP", country=CountryFactory())
    estonia = CountryFactory(code="EE", name="Estonia")
    client.force_login(coordinator)
    assert not client.get(edit_url(college)).context["form"].fields["country"].disabled
    response = client.post(edit_url(college), college_data(estonia, name="STEP"))
    assert response.status_code == 302
    college.refresh_from_db()
    assert college.country == estonia


def test_college_coordinator_may_not_edit_another_college(client, college_coordinator):
    other = PartnerCollegeFactory(name="Other", city="Turku")
    client.force_login(college_coordinator)
    assert client.get(edit_url(other)).status_code == 403
    response = client.post(edit_url(other), college_data(other.country, name="Other", city="Oulu"))
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.city == "Turku"


def test_college_coordinator_may_not_create_colleges(client, college_coordinator):
    client.force_login(college_coordinator)
    assert client.get(CREATE_URL).status_code == 403


def test_editing_an_unknown_college_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("colleges:college_edit", args=[999999])).status_code == 404


def test_coordinator_gets_the_empty_form_with_unit_rows(client, coordinator):
    client.force_login(coordinator)
    response = client.get(CREATE_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="units-0-name"' in body and 'name="units-1-name"' in body
    assert 'style="' not in body


def test_edit_form_lists_existing_units(client, coordinator):
    college = PartnerCollegeFactory(name="Varia")
    CollegeUnitFactory(college=college, name="Myyrmäki")
    client.force_login(coordinator)
    response = client.get(edit_url(college))
    assert response.status_code == 200
    assert 'value="Myyrmäki"' in response.content.decode()
