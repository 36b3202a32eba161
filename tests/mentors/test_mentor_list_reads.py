"""How the mentor list reads its page: its rows as values (mentors.selectors.pool.
mentor_pool_rows) showing what the models show, and its filter's choices from the colleges'
and countries' pairs kept in the process (colleges.selectors.college_choices), which a write
changes at once, picked for the user's colleges."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from mentors.filters import MentorFilter
from mentors.models import Mentor
from mentors.selectors import pool
from tests.factories import (
    AvailabilityFactory,
    CountryFactory,
    LanguageFactory,
    MentorFactory,
    MentorInvitationFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
    UserFactory,
    VocationalFieldFactory,
    college_coordinator_for,
)

pytestmark = pytest.mark.django_db

URL = reverse("mentors:list")


def choices(response, name: str) -> list[tuple[str, str]]:
    """The options of a filter of the page's form, as (value, label), the empty one left out."""
    field = response.context["filter"].form.fields[name]
    return [(str(value), str(label)) for value, label in field.choices if value != ""]


def _translated(field, **names):
    for code, name in names.items():
        setattr(field, f"name_{code}", name)
    field.save()
    return field


def test_the_rows_show_what_the_models_show_in_the_readers_language():
    welding = _translated(VocationalFieldFactory(name="Welding", is_shortage=True), fi="Hitsaus")
    business = _translated(VocationalFieldFactory(name="Business"), fi="Liiketalous")
    farming = VocationalFieldFactory(name="Agriculture")  # no Finnish name: English instead
    first, fifth = MentorTaskFactory(number=101), MentorTaskFactory(number=105)
    _translated(first, fi="Ohjaus")
    english = _translated(LanguageFactory(code="en", name="English"), fi="Englanti")
    swedish = _translated(LanguageFactory(code="sv", name="Swedish"), fi="Ruotsi")
    german = _translated(LanguageFactory(code="de", name="German"), fi="Saksa")
    college = PartnerCollegeFactory(name="Omnia Vocational College", short_name="Omnia")
    anna = MentorFactory(
        user=UserFactory(first_name="Anna", last_name="Virtanen", email="anna@omnia.fi"),
        college=college,
    )
    anna.fields.add(welding, business, farming)
    anna.tasks.add(fifth, first)
    anna.languages.add(swedish, english, german)
    AvailabilityFactory(mentor=anna)
    nameless = MentorFactory(
        user=UserFactory(first_name="", last_name="", email="nameless@example.org"),
        status=Mentor.Status.CANDIDATE,
    )
    MentorInvitationFactory(user=nameless.user, sent_at=timezone.now())
    nameless.fields.add(business)
    bare = MentorFactory()  # no fields, tasks or languages

    ids = [bare.pk, anna.pk, nameless.pk]
    for language in ("fi", "en"):
        with translation.override(language):
            rows = pool.mentor_pool_rows(ids)
            mentors = {mentor.pk: mentor for mentor in pool.mentor_pool().filter(pk__in=ids)}
            assert [row["pk"] for row in rows] == ids
            for row in rows:
                mentor = mentors[row["pk"]]
                assert row == {
                    "pk": mentor.pk,
                    "name": mentor.name,
                    "email": mentor.user.email,
                    "college": mentor.college.short_name or mentor.college.name,
                    "country": mentor.college.country.name,
                    "status": mentor.status,
                    "get_status_display": mentor.get_status_display(),
                    "available_now": mentor.available_now,
                    "portal_account": mentor.portal_account,
                    "fields": [(field.name, field.is_shortage) for field in mentor.fields.all()],
                    "tasks": [(task.number, task.name) for task in mentor.tasks.all()],
                    "languages": [language.code for language in mentor.languages.all()],
                }
    with translation.override("fi"):
        anna_row = pool.mentor_pool_rows([anna.pk])[0]
    # In Finnish order; where the untranslated one goes is the database's (NULLs first or last).
    fields = [name for name, _shortage in anna_row["fields"]]
    assert [name for name in fields if name != "Agriculture"] == ["Hitsaus", "Liiketalous"]
    assert ("Hitsaus", True) in anna_row["fields"] and "Agriculture" in fields
    assert anna_row["languages"] == ["en", "sv", "de"]  # Englanti, Ruotsi, Saksa
    assert anna_row["tasks"] == [(101, "Ohjaus"), (105, "Task 105")]
    assert pool.mentor_pool_rows([]) == []


def test_the_page_writes_the_rows_fields_tasks_and_languages(client, coordinator):
    welding = VocationalFieldFactory(name="Welding", is_shortage=True)
    task = MentorTaskFactory(number=107, name="Hosting visits")
    mentor = MentorFactory()
    mentor.fields.add(welding)
    mentor.tasks.add(task)
    mentor.languages.add(LanguageFactory(code="et", name="Estonian"))
    client.force_login(coordinator)
    content = client.get(URL).content.decode()
    assert 'Welding <span class="badge text-bg-warning">shortage</span>' in content
    assert 'title="Hosting visits"><span aria-hidden="true">107</span>' in content
    assert "Task 107: Hosting visits" in content
    assert "<td>et</td>" in content


def test_a_new_or_renamed_choice_shows_in_the_filter_at_once(client, coordinator):
    college = PartnerCollegeFactory(name="Omnia", country=CountryFactory(code="FI", name="Finland"))
    client.force_login(coordinator)
    assert (str(college.pk), "Omnia") in choices(client.get(URL), "college")

    # Read again: the colleges and countries come from the process, not the database.
    with CaptureQueriesContext(connection) as second:
        client.get(URL)
    read = " ".join(query["sql"] for query in second.captured_queries)
    assert 'FROM "colleges_country"' not in read
    assert 'FROM "colleges_partnercollege"' not in read

    sweden = CountryFactory(code="SE", name="Sweden")
    added = PartnerCollegeFactory(name="Lernia", country=sweden)
    college.name = "Omnia Espoo"
    college.save()
    field = VocationalFieldFactory(name="Beekeeping")
    task = MentorTaskFactory(number=109, name="Coaching")
    language = LanguageFactory(code="is", name="Icelandic")
    response = client.get(URL)
    assert (str(added.pk), "Lernia") in choices(response, "college")
    assert (str(college.pk), "Omnia Espoo") in choices(response, "college")
    assert (str(college.pk), "Omnia") not in choices(response, "college")
    assert (str(sweden.pk), "Sweden") in choices(response, "country")
    assert (str(field.pk), "Beekeeping") in choices(response, "field")
    assert (str(task.pk), "109. Coaching") in choices(response, "task")
    assert (str(language.pk), "Icelandic") in choices(response, "language")

    added.delete()
    response = client.get(URL)
    assert str(added.pk) not in dict(choices(response, "college"))
    assert str(sweden.pk) not in dict(choices(response, "country"))  # no college left there


def test_the_choices_are_those_the_querysets_list(client, coordinator):
    """The kept pairs give the same options, in the same order, as the filter's querysets."""
    for code, country in (("FI", "Finland"), ("EE", "Estonia"), ("NL", "Netherlands")):
        PartnerCollegeFactory.create_batch(2, country=CountryFactory(code=code, name=country))
    CountryFactory(code="AT", name="Austria")  # no college
    VocationalFieldFactory.create_batch(3)
    LanguageFactory.create_batch(2)
    client.force_login(coordinator)
    response = client.get(URL)
    read = MentorFilter(queryset=Mentor.objects.all())  # no choices given: read by querysets
    read.filters["country"].queryset = response.context["filter"].filters["country"].queryset
    for name in MentorFilter.CHOICE_FILTERS:
        expected = [
            (str(value), str(label)) for value, label in read.form.fields[name].choices if value
        ]
        assert choices(response, name) == expected, name


def test_a_college_coordinator_is_offered_only_their_colleges_and_countries(client, coordinator):
    finland = CountryFactory(code="FI", name="Finland")
    estonia = CountryFactory(code="EE", name="Estonia")
    own, also_own = PartnerCollegeFactory(country=finland), PartnerCollegeFactory(country=finland)
    other = PartnerCollegeFactory(country=estonia)
    theirs = MentorFactory(college=other)
    client.force_login(coordinator)
    everything = client.get(URL)  # the kept pairs now hold every college
    assert {str(other.pk), str(own.pk)} <= set(dict(choices(everything, "college")))

    client.force_login(college_coordinator_for(own, also_own))
    response = client.get(URL)
    assert [pk for pk, _name in choices(response, "college")] == sorted(
        [str(own.pk), str(also_own.pk)],
        key=lambda pk: {str(own.pk): own.name, str(also_own.pk): also_own.name}[pk],
    )
    assert choices(response, "country") == [(str(finland.pk), "Finland")]
    # Another college's id typed into the address is refused, as before.
    chosen = client.get(URL, {"college": other.pk})
    assert "college" in chosen.context["filter"].form.errors
    assert theirs.user.email not in chosen.content.decode()
    assert "country" in client.get(URL, {"country": estonia.pk}).context["filter"].form.errors
