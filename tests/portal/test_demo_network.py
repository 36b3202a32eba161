"""The demo network seed_demo loads, read against the seed documents. The network is loaded once
for the module (seed_demo's runs, idempotency and refusals are in test_seed_demo.py)."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from colleges.models import PartnerCollege, VTEGroup, VTEInstitution
from events.models import Event, EventOutput, Registration
from leadvet import roles
from leadvet.models import User
from mentors.models import Contact, Mentor, MentorTask
from surveys.models import Answer, Question, Response, Survey
from surveys.models import Invitation as SurveyInvitation
from surveys.selectors.surveys import matrix_row_keys
from tests.portal.seed_demo_run import DEMO_EMAILS, SIX_COLLEGES, seed_demo, seed_text

pytestmark = pytest.mark.django_db

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo network loaded once for the tests of this module that only read it: inside a
    transaction rolled back when the module ends (each test still rolls back its own
    changes), so the tests after them find the database empty. Returns what seed_demo
    printed."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            # The tests' fast hasher (conftest's autouse fixture is function-scoped).
            with override_settings(PASSWORD_HASHERS=FAST_HASHER):
                out = seed_demo()
            yield out
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_seed_demo_creates_the_demo_network(demo):
    assert PartnerCollege.objects.filter(country__code="FI").count() == 6
    assert (
        PartnerCollege.objects.exclude(country__code="FI").values("country").distinct().count() == 2
    )
    # Every college (six Finnish and the partners abroad) has a city and one to three units.
    units = dict(PartnerCollege.objects.annotate(n=Count("units")).values_list("name", "n"))
    assert len(units) >= 8
    assert not PartnerCollege.objects.filter(city="").exists()
    assert {name: n for name, n in units.items() if not 1 <= n <= 3} == {}
    assert VTEInstitution.objects.get().name == "Haaga-Helia University of Applied Sciences"
    assert VTEGroup.objects.filter(
        teacher_educator__email="educator@example.org", closed_at=None
    ).exists()
    fi_mentors = Mentor.objects.filter(college__country__code="FI")
    assert fi_mentors.count() == 25
    assert fi_mentors.values("college").distinct().count() == 6
    assert Mentor.objects.exclude(college__country__code="FI").exists()
    assert (
        not Mentor.objects.filter(memberships__ends_on=None)
        .values("pk")
        .annotate(n=Count("memberships"))
        .exclude(n=1)
        .exists()
    )
    assert Contact.objects.count() >= 200
    oldest = Contact.objects.order_by("date").first().date
    assert oldest >= timezone.localdate() - datetime.timedelta(days=19 * 31)
    assert not Contact.objects.exclude(college=F("mentor__college")).exists()
    assert Event.objects.filter(starts_at__gt=timezone.now()).count() >= 3
    assert Registration.objects.filter(event__ends_at__lt=timezone.now(), attended=True).exists()


def test_colleges_are_the_six_of_the_seed_verbatim_in_finland(demo):
    text = seed_text("000")

    for name in SIX_COLLEGES:
        assert name in text
        assert PartnerCollege.objects.filter(name=name, country__code="FI").exists()


def test_events_of_the_seed_are_on_their_real_local_dates(demo):
    text = seed_text("000")
    assert (
        "11.4. 2023 / 2. and 3.5.2023/ LeadVET Multiplier Event in Helsinki 20.-21.9.2023/ 13.12.2023 / 14.3.2024 Alumni event"
        in text
    )

    local_dates = {timezone.localdate(e.starts_at) for e in Event.objects.all()}
    for day in ("2023-04-11", "2023-05-02", "2023-09-20", "2023-12-13", "2024-03-14"):
        assert datetime.date.fromisoformat(day) in local_dates
    multiplier = Event.objects.get(title="LeadVET Multiplier Event")
    assert multiplier.kind == Event.Kind.MULTIPLIER
    assert timezone.localdate(multiplier.ends_at) == datetime.date(2023, 9, 21)
    assert "Helsinki" in multiplier.address
    assert Event.objects.get(title="Alumni event").kind == Event.Kind.ALUMNI
    assert timezone.localdate(Event.objects.get(title="Alumni event").starts_at) == datetime.date(
        2024, 3, 14
    )


def test_outputs_are_the_seeds_article_and_podcast_on_the_multiplier_event(demo):
    text = seed_text("000")

    for title, url in [
        (
            "Effectiveness by utilizing networks in leadership",
            "https://esignals.fi/kategoria/pedagogiikka/verkostojen-johtamisella-vaikuttavuutta/#5f37c07e",
        ),
        (
            "Is professional teacher training part of the pulse of vocational training and working life?",
            "https://open.spotify.com/episode/0ocHpwaJlSEhpF6zHFRczk?si=68ba8aea088744cd",
        ),
    ]:
        assert title in text and url in text
        output = EventOutput.objects.get(title=title)
        assert output.url == url
        assert output.event.title == "LeadVET Multiplier Event"


def test_mentor_tasks_are_the_eight_of_the_seed_verbatim(demo):
    text = seed_text("001")

    tasks = list(MentorTask.objects.order_by("number"))
    assert [t.number for t in tasks] == list(range(1, 9))
    for task in tasks:
        assert f"- {task.number}. {task.description}" in text
    assert tasks[0].description == (
        "Is a contact person between VTE and VET units and enhances the recruitment of new VET "
        "teachers together with VTE and VET administration."
    )


def test_networking_survey_has_the_nine_statements_verbatim_in_both_rounds(demo):
    text = seed_text("001")
    # The nine statements stand after the last mentor task, one per paragraph.
    statements = [
        line.strip()
        for line in text.split("- 8. ", 1)[1].splitlines()[1:]
        if line.strip() and line.strip().endswith(".")
    ]
    assert len(statements) == 9

    round_1, round_2 = Survey.objects.filter(title="State of networking").order_by("round_number")
    assert round_2.previous_round == round_1
    for survey in (round_1, round_2):
        questions = list(survey.questions.order_by("position"))
        assert [q.text for q in questions] == statements
        assert {q.kind for q in questions} == {Question.Kind.LIKERT}
    assert [q.key for q in round_1.questions.all()] == [q.key for q in round_2.questions.all()]
    values = set(Answer.objects.filter(question__survey=round_1).values_list("value", flat=True))
    assert values <= {0, 1, 2, 3, 4, 5}


def test_tasks_survey_is_a_matrix_of_the_eight_tasks_answered_one_row_each(demo):
    round_1, round_2 = Survey.objects.filter(title="Mentor tasks — national variations").order_by(
        "round_number"
    )
    assert round_2.previous_round == round_1
    question = round_1.questions.get()
    assert question.kind == Question.Kind.MATRIX
    assert question.columns == ["In systematic use", "Occasional", "Possible", "Not in use"]
    descriptions = list(MentorTask.objects.order_by("number").values_list("description", flat=True))
    assert len(question.rows) == 8
    assert all(desc in row for desc, row in zip(descriptions, question.rows, strict=True))
    row_keys = set(matrix_row_keys(question))
    for response in Response.objects.filter(survey=round_1).prefetch_related("answers"):
        assert {a.row for a in response.answers.all()} == row_keys
        assert {a.value for a in response.answers.all()} <= {0, 1, 2, 3}


def test_every_survey_round_has_enough_submitted_answers_per_country_to_show(demo):

    per_round_and_country = (
        Response.objects.filter(submitted_at__isnull=False)
        .values("survey", "country__code")
        .annotate(n=Count("id"))
    )
    assert len(per_round_and_country) == 4 * 3
    assert min(row["n"] for row in per_round_and_country) >= 6
    assert not Response.objects.filter(role="", college=None).exists()
    # The demo surveys are anonymous: each used invitation, and no response points back to one.
    assert Survey.objects.filter(is_anonymous=False).count() == 0
    assert not Response.objects.filter(invitation__isnull=False).exists()
    assert SurveyInvitation.objects.filter(used=True).count() == Response.objects.count()


def test_demo_mentor_has_a_profile_at_a_partner_college_and_an_open_survey_to_answer(demo):
    mentor = Mentor.objects.get(user__email="mentor@example.org")

    assert mentor.college.name in SIX_COLLEGES
    assert mentor.status == Mentor.Status.ACTIVE and mentor.official_status_date
    open_invitation = mentor.user.survey_invitations.get(survey__closes_at__gt=timezone.now())
    assert not open_invitation.used and not open_invitation.draft


def test_demo_users_log_in_with_the_printed_password(client, demo):
    # allauth counts failed logins per IP in the cache; other tests' failures must not count here.
    cache.clear()
    out = demo
    password = re.search(r"password for all: (\S+)\)", out).group(1)

    for email, role in DEMO_EMAILS.items():
        assert email in out
        user = User.objects.get(email=email)
        assert role in roles.role_names(user)
        response = client.post(reverse("account_login"), {"login": email, "password": password})
        assert response.status_code == 302, email
        assert client.session["_auth_user_id"] == str(user.pk)
        client.logout()
    assert User.objects.get(email="coordinator@example.org").is_staff


def test_mentors_last_training_is_the_latest_training_day_they_attended(demo):
    from mentors.selectors.figures import training_cutoff

    attended = {}
    for registration in Registration.objects.filter(
        attended=True, event__counts_as_training=True
    ).select_related("event"):
        day = timezone.localdate(registration.event.starts_at)
        attended[registration.user_id] = max(day, attended.get(registration.user_id, day))
    mentors = list(Mentor.objects.all())
    assert {m.user_id: m.trained_on for m in mentors if m.trained_on} == {
        m.user_id: attended[m.user_id] for m in mentors if m.user_id in attended
    }
    dates = [m.trained_on for m in mentors if m.trained_on]
    assert datetime.date(2023, 5, 2) in dates and len(set(dates)) >= 3
    # The training widget has something to tell: some are recently trained, some are not.
    cutoff = training_cutoff(timezone.localdate())
    active = [m for m in mentors if m.status == Mentor.Status.ACTIVE]
    assert any(m.trained_on and m.trained_on >= cutoff for m in active)
    assert any(not m.trained_on or m.trained_on < cutoff for m in active)


def test_state_of_the_art_is_the_research_table_for_each_country_with_recent_updates(demo):
    from practice import selectors as practice_selectors
    from practice.models import TaskPractice

    source = TaskPractice.objects.filter(source=TaskPractice.Source.SOURCE_MATERIAL)
    assert source.count() == 3 * 8
    levels = dict(source.filter(country__code="FI").values_list("task__number", "level"))
    assert levels == {
        1: "possible",  # "Considered possible."
        2: "systematic",  # "In use with minor differences"
        3: "occasional",  # "Variation from systematic to occasional participation."
        4: "occasional",
        5: "possible",  # "Not in systematic use but possible."
        6: "occasional",
        7: "occasional",
        8: "occasional",
    }
    extra = set(
        source.filter(country__code="FI", needs_extra_resources=True).values_list(
            "task__number", flat=True
        )
    )
    assert {4, 5} <= extra  # "Might require extra resources"
    comparison = practice_selectors.country_comparison(today=timezone.localdate())
    assert [c.code for c in comparison["countries"]] == ["EE", "FI", "NL"]
    changed = {(c["country"].code, c["task"].number) for c in comparison["changes"]}
    assert changed == {("NL", 1), ("NL", 3), ("FI", 3), ("EE", 4)}
    # The tasks survey proposes from its latest round for every country.
    proposal = practice_selectors.survey_proposal(today=timezone.localdate())
    assert proposal["question"].survey.round_number == 2
    assert {cell["country"].code for cell in proposal["cells"]} == {"EE", "FI", "NL"}
