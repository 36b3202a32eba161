"""Translatable data (docs/architecture.md, "Translatable data"): the reference catalogue, the
survey questions and the organisers' texts are read in the reader's language, fall back when
not translated, are edited per language in the portal's forms and the admin, and the API
answers in the request's language with the schema unchanged."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from colleges.models import VocationalField
from events.models import Event
from leadvet import roles
from mentors.models import Language, MentorTask
from surveys.models import DEFAULT_MATRIX_COLUMNS_BY_LANGUAGE, Answer, Question
from surveys.selectors.surveys import matrix_row_keys
from tests.factories import (
    EventFactory,
    MentorFactory,
    QuestionFactory,
    SurveyFactory,
    SurveyInvitationFactory,
    SurveySectionFactory,
    UserFactory,
    VocationalFieldFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 10, 12, 0, tzinfo=datetime.UTC)

FINNISH_TASKS = [
    "Yhteyshenkilö ja rekrytointi",
    "Opettajaopiskelijoiden harjoittelun koordinointi",
    "Opettajankoulutuksen opetussuunnitelma",
    "Kokemusasiantuntija opettajankoulutuksen tapaamisissa",
    "Opintokäynnit",
    "Työhyvinvointi",
    "Ammatillisen koulutuksen arki opettajankoulutuksessa",
    "Organisoidun mentorointirakenteen jäsen",
]
SWEDISH_TASKS = [
    "Kontaktperson och rekrytering",
    "Samordning av lärarstuderandes praktik",
    "Lärarutbildningens läroplan",
    "Erfarenhetsexpert i lärarutbildningens sessioner",
    "Studiebesök",
    "Välbefinnande i arbetet",
    "Yrkesutbildningens vardag i lärarutbildningen",
    "Medlem i den organiserade mentorstrukturen",
]


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def signed_in(client, language: str, **mentor):
    found = MentorFactory(user=user_with_role(roles.MENTOR, language=language), **mentor)
    client.force_login(found.user)
    return found


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# The reference catalogue in Finnish and Swedish (the data migrations)


def test_the_migrations_name_the_catalogue_in_english_finnish_and_swedish():
    tasks = MentorTask.objects.filter(number__lte=8).order_by("number")
    assert [task.name_fi for task in tasks] == FINNISH_TASKS
    assert [task.name_sv for task in tasks] == SWEDISH_TASKS
    assert tasks[0].name_en == "Contact person & recruitment"
    assert all(task.description_fi and task.description_sv for task in tasks)
    fields = VocationalField.objects.exclude(name_fi=None)
    assert fields.count() == 10
    assert not fields.filter(name_sv=None).exists()
    logistics = VocationalField.objects.get(name_en="Logistics")
    assert (logistics.name_fi, logistics.name_sv) == ("Logistiikka", "Logistik")
    finnish = Language.objects.get(code="fi")
    assert (finnish.name_en, finnish.name_fi, finnish.name_sv) == ("Finnish", "Suomi", "Finska")


@pytest.mark.parametrize(("language", "names"), [("fi", FINNISH_TASKS), ("sv", SWEDISH_TASKS)])
def test_a_mentor_sees_the_eight_tasks_in_their_language_on_the_home_page(client, language, names):
    signed_in(client, language)
    page = html(client.get(reverse("home")))
    for number, name in enumerate(names, start=1):
        assert f"{number}. {name}" in page
    assert "Contact person &amp; recruitment" not in page


def test_the_contact_form_offers_the_tasks_in_finnish(client):
    signed_in(client, "fi")
    page = html(client.get(reverse("mentors:contact_create")))
    assert "5. Opintokäynnit" in page
    assert "5. Study visits" not in page


@pytest.mark.parametrize(
    ("language", "field", "task"),
    [("fi", "Logistiikka", "Opintokäynnit"), ("sv", "Logistik", "Studiebesök")],
)
def test_a_mentor_sees_the_fields_in_their_language_on_their_profile(client, language, field, task):
    mentor = signed_in(client, language)
    mentor.fields.add(VocationalField.objects.get(name_en="Logistics"))
    page = html(client.get(reverse("mentors:profile")))
    assert field in page
    assert ">Logistics<" not in page


def test_the_home_pages_activity_names_the_tasks_in_the_readers_language(client):
    from tests.factories import ContactFactory

    mentor = signed_in(client, "sv")
    ContactFactory(mentor=mentor, task=MentorTask.objects.get(number=5), date=NOW.date())
    page = html(client.get(reverse("home")))
    assert "<td>5. Studiebesök</td>" in page


def test_the_dashboard_names_the_tasks_in_the_readers_language_from_figures_of_its_own(client):
    """The figures name the tasks in SQL in the reader's language, and are cached per
    language: an English reader's cached figures never reach a Finnish one."""
    from tests.factories import ContactFactory

    ContactFactory(task=MentorTask.objects.get(number=5), date=NOW.date())
    for language, name, other in (
        ("en", "5. Study visits", "Opintokäynnit"),
        ("fi", "5. Opintokäynnit", "Study visits"),
        ("sv", "5. Studiebesök", "Opintokäynnit"),
    ):
        reader = user_with_role(roles.COORDINATOR, language=language, email=f"{language}@x.org")
        client.force_login(reader)
        page = html(client.get(reverse("dashboard")))
        assert name in page, language
        assert other not in page, language


def test_a_survey_is_answered_in_the_respondents_language_and_falls_back(client):
    survey = SurveyFactory(title="Networking", title_fi="Verkostoituminen", title_sv="Nätverkande")
    section = SurveySectionFactory(survey=survey, title="Contacts", title_fi="Yhteydet")
    QuestionFactory(
        survey=survey,
        section=section,
        text="Mentoring helps my work.",
        text_fi="Mentorointi auttaa työssäni.",
        text_sv="Mentorskapet hjälper mitt arbete.",
        help_text="Think of the last term.",
        help_text_fi="Ajattele viime lukukautta.",
    )
    QuestionFactory(survey=survey, text="Only in English.", position=1)
    invitation = SurveyInvitationFactory(survey=survey)
    url = reverse("survey_respond", args=[invitation.token])

    finnish = html(client.get(url, HTTP_ACCEPT_LANGUAGE="fi"))
    assert "Verkostoituminen" in finnish
    assert "Yhteydet" in finnish
    assert "Mentorointi auttaa työssäni." in finnish
    assert "Ajattele viime lukukautta." in finnish
    assert "Only in English." in finnish  # not translated: the English text

    swedish = html(client.get(url, HTTP_ACCEPT_LANGUAGE="sv"))
    assert "Mentorskapet hjälper mitt arbete." in swedish
    assert "Nätverkande" in swedish
    assert "Contacts" in swedish  # the section has no Swedish title
    assert "Think of the last term." in swedish


def test_choices_and_the_matrix_are_read_in_finnish_and_answers_keep_the_written_keys(client):
    survey = SurveyFactory()
    pick = QuestionFactory(
        survey=survey,
        kind="single",
        text="Pick",
        choices=["Yes", "No"],
        choices_fi=["Kyllä", "Ei"],
    )
    matrix = QuestionFactory(
        survey=survey,
        kind="matrix",
        text="Tasks",
        rows=["Study visits", "Wellbeing at work"],
        rows_fi=["Opintokäynnit", "Työhyvinvointi"],
        columns_fi=DEFAULT_MATRIX_COLUMNS_BY_LANGUAGE["fi"],
        position=1,
    )
    invitation = SurveyInvitationFactory(survey=survey)
    url = reverse("survey_respond", args=[invitation.token])
    page = html(client.get(url, HTTP_ACCEPT_LANGUAGE="fi"))
    for label in ("Kyllä", "Opintokäynnit", "Työhyvinvointi", "Systemaattisessa käytössä"):
        assert label in page
    assert "Study visits" not in page
    swedish = html(client.get(url, HTTP_ACCEPT_LANGUAGE="sv"))
    assert "Study visits" in swedish  # no Swedish rows: the English ones
    assert "In systematic use" in swedish

    response = client.post(
        url,
        {
            f"q_{pick.pk}": "1",
            f"q_{matrix.pk}_r0": "0",
            f"q_{matrix.pk}_r1": "3",
            "action": "submit",
        },
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert response.status_code == 302
    answers = {(a.question_id, a.row, a.value) for a in Answer.objects.all()}
    assert answers == {
        (pick.pk, "", 1),
        (matrix.pk, "Study visits", 0),
        (matrix.pk, "Wellbeing at work", 3),
    }


def test_the_question_form_lists_as_many_options_in_each_language(client, coordinator):
    client.force_login(coordinator)
    survey = SurveyFactory(created_by=coordinator)
    url = reverse("surveys:question_create", args=[survey.pk])
    page = html(client.get(url))
    assert "Choices, one per line (suomi)" in page
    assert "Systemaattisessa käytössä" in page  # the default scale, in each language
    refused = client.post(
        url,
        {
            "kind": "single",
            "text_en": "Pick one",
            "choices_en": "Yes\nNo",
            "choices_fi": "Kyllä\nEi\nEhkä",
        },
    )
    assert refused.status_code == 200
    assert refused.context["form"].errors["choices_fi"] == ["Give as many lines as in English (2)."]
    saved = client.post(
        url,
        {
            "kind": "matrix",
            "text_fi": "Tehtävät",
            "rows_fi": "Opintokäynnit\nTyöhyvinvointi",
            "rows_sv": "Studiebesök\nVälbefinnande i arbetet",
            "columns_en": "Yes\nNo",
            "columns_fi": "Kyllä\nEi",
        },
    )
    assert saved.status_code == 302
    question = Question.objects.get(survey=survey)
    assert (question.rows_en, question.rows_fi) == (None, ["Opintokäynnit", "Työhyvinvointi"])
    assert (question.columns_en, question.columns_fi, question.columns_sv) == (
        ["Yes", "No"],
        ["Kyllä", "Ei"],
        None,
    )
    assert question.choices_en is None
    # Written in Finnish first: a matrix answer's row is its Finnish row.
    assert matrix_row_keys(question) == ["Opintokäynnit", "Työhyvinvointi"]


# Fallback


def test_a_value_not_translated_falls_back_to_english_then_to_the_language_it_was_written_in():
    field = VocationalFieldFactory(name="Forestry")
    event = EventFactory(title_en=None, title_fi="Mentoreiden kevätpäivä")
    event.refresh_from_db()
    with translation.override("et"):
        assert field.name == "Forestry"
        assert MentorTask.objects.get(number=5).name == "Study visits"
        assert event.title == "Mentoreiden kevätpäivä"
    with translation.override("en"):
        assert event.title == "Mentoreiden kevätpäivä"
    with translation.override("sv"):
        assert MentorTask.objects.get(number=5).name == "Studiebesök"


# The portal's forms


def test_the_field_form_has_a_labelled_input_per_language_and_saves_each(client, coordinator):
    client.force_login(coordinator)
    page = html(client.get(reverse("colleges:field_create")))
    for code, label in [("en", "English"), ("fi", "suomi"), ("sv", "svenska"), ("et", "eesti")]:
        assert f'name="name_{code}"' in page
        assert f'lang="{code}"' in page
        assert f"Name ({label})" in page
    response = client.post(
        reverse("colleges:field_create"),
        {
            "name_en": "Forestry",
            "name_fi": "Metsäala",
            "name_sv": "Skogsbruk",
            "name_et": "",
            "name_nl": "",
            "description_fi": "Metsien hoito.",
        },
    )
    assert response.status_code == 302
    field = VocationalField.objects.get(name_en="Forestry")
    assert (field.name_fi, field.name_sv, field.name_et, field.name_nl) == (
        "Metsäala",
        "Skogsbruk",
        None,
        None,
    )
    assert (field.description_en, field.description_fi) == (None, "Metsien hoito.")
    with translation.override("nl"):
        assert field.name == "Forestry"


def test_a_required_text_must_be_given_in_at_least_one_language(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("colleges:field_create"), {"name_en": "", "name_fi": ""})
    assert response.status_code == 200
    assert "Give it in at least one language." in response.content.decode()
    assert not VocationalField.objects.filter(name_fi="").exists()


def test_a_field_given_only_in_finnish_is_saved(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("colleges:field_create"), {"name_fi": "Metsäala"})
    assert response.status_code == 302
    field = VocationalField.objects.get(name_fi="Metsäala")
    assert field.name_en is None
    with translation.override("en"):
        assert field.name == "Metsäala"


def test_a_finnish_coordinators_edit_keeps_the_original_column_in_english(client, coordinator):
    speaking(coordinator, "fi")
    client.force_login(coordinator)
    logistics = VocationalField.objects.get(name_en="Logistics")
    response = client.post(
        reverse("colleges:field_edit", args=[logistics.pk]),
        {"name_en": "Logistics", "name_fi": "Logistiikka ja varastointi", "is_shortage": "on"},
    )
    assert response.status_code == 302
    row = VocationalField.objects.rewrite(False).values("name", "name_fi").get(pk=logistics.pk)
    assert row == {"name": "Logistics", "name_fi": "Logistiikka ja varastointi"}
    # A Finnish name that is another field's English name (the migrations' "ICT") is refused,
    # not a server error: the original column would hold it.
    refused = client.post(reverse("colleges:field_create"), {"name_fi": "ICT"})
    assert refused.status_code == 200
    assert refused.context["form"].errors["name_fi"]


def test_the_question_form_saves_the_text_per_language(client, coordinator):
    client.force_login(coordinator)
    survey = SurveyFactory(created_by=coordinator)
    response = client.post(
        reverse("surveys:question_create", args=[survey.pk]),
        {
            "kind": "likert",
            "text_en": "Mentoring helps my work.",
            "text_fi": "Mentorointi auttaa työssäni.",
            "text_sv": "Mentorskapet hjälper mitt arbete.",
            "required": "on",
            "columns": "",
        },
    )
    assert response.status_code == 302
    question = Question.objects.get(survey=survey)
    assert question.text_fi == "Mentorointi auttaa työssäni."
    assert question.text_sv == "Mentorskapet hjälper mitt arbete."
    assert question.text_et is None
    assert question.key == "mentoring-helps-my-work"


def test_a_new_round_and_a_duplicated_event_keep_every_language(coordinator):
    from events import services as event_services
    from surveys import services as survey_services

    survey = SurveyFactory(title="Networking", title_fi="Verkostoituminen")
    QuestionFactory(survey=survey, text="Helps.", text_sv="Hjälper.")
    new = survey_services.duplicate_as_new_round(
        survey=survey,
        opens_at=NOW,
        closes_at=NOW + datetime.timedelta(days=10),
        by=coordinator,
    )
    assert (new.title_en, new.title_fi) == ("Networking", "Verkostoituminen")
    assert new.questions.get().text_sv == "Hjälper."
    event = EventFactory(title="Spring day", title_fi="Kevätpäivä")
    copy = event_services.duplicate_event(event=event, organiser=coordinator)
    assert (copy.title_en, copy.title_fi) == ("Spring day", "Kevätpäivä")


# The admin


def test_the_admin_edits_each_language(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    task = MentorTask.objects.get(number=5)
    page = html(client.get(reverse("admin:mentors_mentortask_change", args=[task.pk])))
    for code in ("en", "fi", "sv", "et", "nl"):
        assert f'name="name_{code}"' in page
        assert f'name="description_{code}"' in page
    question = QuestionFactory(text="Helps.", text_fi="Auttaa.")
    survey_page = html(
        client.get(reverse("admin:surveys_survey_change", args=[question.survey_id]))
    )
    assert 'name="questions-0-text_fi"' in survey_page
    assert "Auttaa." in survey_page
    event = EventFactory()
    assert 'name="title_sv"' in html(
        client.get(reverse("admin:events_event_change", args=[event.pk]))
    )


# The API: the value in the request's language, the schema unchanged


def speaking(user, language: str):
    """The request's language is the signed-in user's (leadvet.middleware)."""
    user.language = language
    user.save(update_fields=["language"])


def test_the_api_answers_in_the_requests_language_and_writes_it(api_as, coordinator):
    client = api_as(coordinator)
    logistics = VocationalField.objects.get(name_en="Logistics")
    speaking(coordinator, "fi")
    rows = client.get("/api/v1/fields/").json()["results"]
    assert {row["id"]: row["name"] for row in rows}[logistics.pk] == "Logistiikka"
    speaking(coordinator, "en")
    rows = client.get("/api/v1/fields/").json()["results"]
    assert {row["id"]: row["name"] for row in rows}[logistics.pk] == "Logistics"
    assert set(rows[0]) == {
        "id",
        "name",
        "is_shortage",
        "description",
        "mentor_count",
        "open_group_count",
    }
    speaking(coordinator, "sv")
    response = client.patch(f"/api/v1/fields/{logistics.pk}/", {"name": "Logistik och lager"})
    assert response.status_code == 200, response.json()
    assert response.json()["name"] == "Logistik och lager"
    logistics.refresh_from_db()
    assert (logistics.name_en, logistics.name_fi, logistics.name_sv) == (
        "Logistics",
        "Logistiikka",
        "Logistik och lager",
    )


def test_the_event_api_writes_the_title_in_the_requests_language_and_keeps_the_others(
    api_as, coordinator
):
    client = api_as(coordinator)
    event = EventFactory(
        title="Spring day",
        title_fi="Kevätpäivä",
        starts_at=timezone.now() + datetime.timedelta(days=10),
        ends_at=timezone.now() + datetime.timedelta(days=10, hours=2),
    )
    speaking(coordinator, "fi")
    assert client.get(f"/api/v1/events/{event.pk}/").json()["title"] == "Kevätpäivä"
    speaking(coordinator, "sv")
    response = client.patch(f"/api/v1/events/{event.pk}/", {"title": "Vårdagen"}, format="json")
    assert response.status_code == 200, response.json()
    event = Event.objects.get(pk=event.pk)
    assert (event.title_en, event.title_fi, event.title_sv) == (
        "Spring day",
        "Kevätpäivä",
        "Vårdagen",
    )


@pytest.fixture
def api_as(db):
    from rest_framework.test import APIClient

    def log_in(user):
        client = APIClient()
        client.force_login(user)
        return client

    return log_in


def test_use_the_mentor_tasks_fills_the_matrix_rows_in_each_language(client, coordinator):
    client.force_login(coordinator)
    survey = SurveyFactory(created_by=coordinator)
    response = client.post(
        reverse("surveys:question_create", args=[survey.pk]),
        {"kind": "likert", "text_en": "Tasks in use", "use_mentor_tasks": "1"},
    )
    form = response.context["form"]
    assert form["rows_fi"].value().splitlines()[4] == "Opintokäynnit"
    assert form["rows_sv"].value().splitlines()[4] == "Studiebesök"
    assert form["rows_et"].value().splitlines()[4] == "Study visits"  # falls back


def test_an_announcement_written_in_two_languages_reaches_each_mentor_in_theirs(
    client, coordinator, django_capture_on_commit_callbacks
):
    from django.core import mail

    english = MentorFactory()
    finnish = MentorFactory(user=user_with_role(roles.MENTOR, language="fi"))
    swedish = MentorFactory(user=user_with_role(roles.MENTOR, language="sv"))
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("mentors:announcement_create"),
            {
                "title_en": "Spring training",
                "title_fi": "Kevään koulutus",
                "body_en": "Join us in April.",
                "body_fi": "Tule mukaan huhtikuussa.",
                "audience": "all",
            },
        )
        assert response.status_code == 302
        client.post(response["Location"])
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "Tule mukaan huhtikuussa." in bodies[finnish.user.email]
    assert "Join us in April." in bodies[english.user.email]
    assert "Join us in April." in bodies[swedish.user.email]  # no Swedish: the English
    client.force_login(finnish.user)
    assert "Kevään koulutus" in html(client.get(reverse("home")))
