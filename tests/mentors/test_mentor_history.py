"""The change history on the mentor detail page: fields, languages and tasks by name."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leadvet import roles
from mentors.models import Mentor, historical_relation_model
from mentors.services import pool as pool_services
from mentors.services import privacy as privacy_services
from tests.factories import (
    LanguageFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
    VocationalFieldFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    return {
        "welding": VocationalFieldFactory(name="Welding"),
        "logistics": VocationalFieldFactory(name="Logistics"),
        "health": VocationalFieldFactory(name="Health care"),
        "finnish": LanguageFactory(code="fi", name="Finnish"),
        "swedish": LanguageFactory(code="sv", name="Swedish"),
        "study_visits": MentorTaskFactory(number=5, name="Study visits"),
        "wellbeing": MentorTaskFactory(number=6, name="Wellbeing at work"),
    }


@pytest.fixture
def coordinator():
    return user_with_role(
        roles.COORDINATOR, email="coord@example.org", first_name="Kaisa", last_name="Koordinaattori"
    )


@pytest.fixture
def mentor(catalogue):
    """A mentor created through the service, with welding and logistics."""
    return pool_services.create_mentor(
        email="aino.laine@varia.fi",
        first_name="Aino",
        last_name="Laine",
        college=PartnerCollegeFactory(),
        language="en",  # the page's labels in English (else the college's country's, Finnish)
        fields=[catalogue["welding"], catalogue["logistics"]],
        languages=[catalogue["finnish"]],
        tasks=[catalogue["study_visits"]],
    )


def detail_url(mentor) -> str:
    return reverse("mentors:detail", args=[mentor.pk])


def history_section(response) -> str:
    content = response.content.decode()
    return content[content.index('id="history-heading"') :]


def edit_data(mentor, *, fields, languages, tasks, title="Lecturer") -> dict:
    return {
        "first_name": mentor.user.first_name,
        "last_name": mentor.user.last_name,
        "college": mentor.college_id,
        "capacity_groups": mentor.capacity_groups,
        "title": title,
        "fields_": [item.pk for item in fields],
        "languages": [item.pk for item in languages],
        "tasks": [item.pk for item in tasks],
    }


def profile_data(*, fields, languages, tasks) -> dict:
    return {
        "title": "Lecturer",
        "fields": [item.pk for item in fields],
        "languages": [item.pk for item in languages],
        "tasks": [item.pk for item in tasks],
    }


def test_coordinators_edit_of_fields_tasks_and_languages_shows_names_and_editor(
    client, coordinator, mentor, catalogue
):
    records_before = mentor.history.count()
    client.force_login(coordinator)
    response = client.post(
        reverse("mentors:edit", args=[mentor.pk]),
        edit_data(
            mentor,
            fields=[catalogue["welding"], catalogue["health"]],
            languages=[catalogue["finnish"], catalogue["swedish"]],
            tasks=[catalogue["wellbeing"]],
        ),
    )
    assert response.status_code == 302
    assert mentor.history.count() == records_before + 1

    response = client.get(detail_url(mentor))
    [latest, *_older] = response.context["history"]
    assert latest["record"].history_user == coordinator
    shown = {str(change["field"]): (change["old"], change["new"]) for change in latest["changes"]}
    assert shown["fields"] == ("Logistics, Welding", "Health care, Welding")
    assert shown["languages"] == ("Finnish", "Finnish, Swedish")
    assert shown["mentor tasks"] == ("5. Study visits", "6. Wellbeing at work")
    section = history_section(response)
    assert "Fields: Logistics, Welding → Health care, Welding" in section
    assert "Mentor tasks: 5. Study visits → 6. Wellbeing at work" in section
    assert "Kaisa Koordinaattori" in section


def test_mentors_own_profile_edit_shows_in_their_history(client, mentor, catalogue):
    records_before = mentor.history.count()
    client.force_login(mentor.user)
    response = client.post(
        reverse("mentors:profile"),
        profile_data(
            fields=[catalogue["health"]],
            languages=[catalogue["swedish"]],
            tasks=[catalogue["study_visits"], catalogue["wellbeing"]],
        ),
    )
    assert response.status_code == 302
    assert mentor.history.count() == records_before + 1

    response = client.get(detail_url(mentor))
    [latest, *_older] = response.context["history"]
    assert latest["record"].history_user == mentor.user
    shown = {str(change["field"]): (change["old"], change["new"]) for change in latest["changes"]}
    assert shown["fields"] == ("Logistics, Welding", "Health care")
    assert shown["languages"] == ("Finnish", "Swedish")
    assert shown["mentor tasks"] == ("5. Study visits", "5. Study visits, 6. Wellbeing at work")
    assert "Languages: Finnish → Swedish" in history_section(response)


def test_an_edit_that_keeps_the_relations_shows_no_relation_change(
    client, coordinator, mentor, catalogue
):
    """The creation record holds the relations, so the first edit is compared with them."""
    client.force_login(coordinator)
    client.post(
        reverse("mentors:edit", args=[mentor.pk]),
        edit_data(
            mentor,
            fields=[catalogue["welding"], catalogue["logistics"]],
            languages=[catalogue["finnish"]],
            tasks=[catalogue["study_visits"]],
            title="Senior lecturer",
        ),
    )
    [latest, *_older] = client.get(detail_url(mentor)).context["history"]
    assert [str(change["field"]) for change in latest["changes"]] == ["job title"]


def test_creation_records_one_entry_with_the_relations(mentor, catalogue):
    [created] = mentor.history.all()
    assert created.history_type == "+"
    assert {row.vocationalfield_id for row in created.fields.all()} == {
        catalogue["welding"].pk,
        catalogue["logistics"].pk,
    }


def test_history_query_count_does_not_grow_with_records(client, coordinator, mentor, catalogue):
    client.force_login(coordinator)
    client.get(detail_url(mentor))
    with CaptureQueriesContext(connection) as one_record:
        client.get(detail_url(mentor))
    fields = [catalogue["welding"], catalogue["logistics"], catalogue["health"]]
    for index in range(12):
        pool_services.update_mentor(
            mentor=Mentor.objects.get(pk=mentor.pk),
            first_name="Aino",
            last_name="Laine",
            college=mentor.college,
            fields=fields[index % 3 : index % 3 + 1],
            tasks=[catalogue["study_visits"], catalogue["wellbeing"]][index % 2 :],
            languages=[catalogue["finnish"], catalogue["swedish"]][: index % 2 + 1],
            title=f"Lecturer {index}",
        )
    with CaptureQueriesContext(connection) as many_records:
        response = client.get(detail_url(mentor))
    assert len(response.context["history"]) == 13
    assert len(many_records) == len(one_record)


def test_anonymising_removes_the_relation_history(mentor, coordinator):
    privacy_services.anonymise_mentor(mentor=mentor, by=coordinator)
    [record] = mentor.history.all()  # the anonymising save itself
    for relation in Mentor.HISTORY_RELATIONS:
        assert set(
            historical_relation_model(relation).objects.values_list("history_id", flat=True)
        ) <= {record.history_id}
