"""College coordinators' results of their own colleges, and the results PDF."""

import io
import re
import shutil
import subprocess
import zlib

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.downloads import body, through_job
from tests.factories import (
    PartnerCollegeFactory,
    QuestionFactory,
    SurveyFactory,
    college_coordinator_for,
)
from tests.surveys.test_results import respond

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleges():
    return PartnerCollegeFactory(name="Varia"), PartnerCollegeFactory(name="Omnia")


def test_college_coordinator_sees_only_their_colleges_respondents(client, colleges):
    varia, omnia = colleges
    question = QuestionFactory(kind="likert")
    respond(question.survey, {question: 5}, count=6, college=varia)
    respond(question.survey, {question: 1}, count=7, college=omnia)
    client.force_login(college_coordinator_for(varia))
    response = client.get(reverse("surveys:results", args=[question.survey_id]))
    assert response.status_code == 200
    results = response.context["results"]
    assert results["respondents"] == 6
    assert results["questions"][0]["mean"] == 5
    assert "only respondents of the colleges you coordinate" in response.content.decode()


def test_college_coordinator_sees_nothing_when_their_college_is_below_the_threshold(
    client, colleges
):
    varia, omnia = colleges
    question = QuestionFactory(kind="likert")
    respond(question.survey, {question: 5}, count=3, college=varia)
    respond(question.survey, {question: 1}, count=10, college=omnia)
    client.force_login(college_coordinator_for(varia))
    results = client.get(reverse("surveys:results", args=[question.survey_id])).context["results"]
    assert results["hidden"] is True
    assert results["questions"] == []


def test_college_coordinator_breakdown_hides_small_groups_of_their_scope(client, colleges):
    varia, omnia = colleges
    question = QuestionFactory(kind="likert")
    respond(question.survey, {question: 5}, count=5, college=varia, role="mentor")
    respond(question.survey, {question: 4}, count=2, college=varia, role="teacher_educator")
    respond(question.survey, {question: 1}, count=9, college=omnia, role="teacher_educator")
    client.force_login(college_coordinator_for(varia))
    response = client.get(reverse("surveys:results", args=[question.survey_id]), {"by": "role"})
    groups = {g.key: g for g in response.context["results"]["breakdown"].groups}
    assert groups["mentor"].size == 5 and not groups["mentor"].hidden
    assert groups["teacher_educator"].size == 2 and groups["teacher_educator"].hidden


def test_college_coordinator_may_not_download_network_wide_exports(client, colleges):
    survey = SurveyFactory()
    client.force_login(college_coordinator_for(colleges[0]))
    assert client.get(reverse("surveys:export", args=[survey.pk, "raw", "csv"])).status_code == 403
    assert client.get(reverse("surveys:list")).status_code == 200


def test_college_coordinator_without_colleges_gets_403(client):
    from leadvet import roles
    from tests.factories import user_with_role

    client.force_login(user_with_role(roles.COLLEGE_COORDINATOR))
    assert client.get(reverse("surveys:results", args=[SurveyFactory().pk])).status_code == 403


def _pdf_strings(body: bytes, tmp_path) -> str:
    """The PDF's text: pdftotext (poppler) when installed, else the inflated streams, whose
    document outline and metadata carry the headings as plain strings."""
    if shutil.which("pdftotext"):
        path = tmp_path / "results.pdf"
        path.write_bytes(body)
        return subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    parts = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)).decode("latin-1"))
        except zlib.error:
            continue
    return "\n".join(parts)


def test_results_pdf_starts_with_pdf_and_contains_the_title(client, steering, tmp_path):
    survey = SurveyFactory(title="Mentor network barometer")
    question = QuestionFactory(survey=survey, kind="likert", text="The network helps my work")
    respond(survey, {question: 4}, count=6)
    client.force_login(steering)
    response = through_job(client, reverse("surveys:results_pdf", args=[survey.pk]))
    assert response["Content-Type"] == "application/pdf"
    content = body(response)
    assert content.startswith(b"%PDF")
    assert "Mentor network barometer" in _pdf_strings(content, tmp_path)
    # Tagged for screen readers by the shared renderer, with its language and title.
    reader = PdfReader(io.BytesIO(content))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en"
    assert reader.metadata.title == "Results: Mentor network barometer, round 1"


def test_results_pdf_permissions(client, mentor):
    survey = SurveyFactory()
    url = reverse("surveys:results_pdf", args=[survey.pk])
    assert client.get(url).status_code == 302
    client.force_login(mentor.user)
    assert client.get(url).status_code == 403
