"""The steering report's national variations (issue 23): the state of the art per country and
the benchmark survey over its rounds, on the report's second page and in its PDF."""

import datetime

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from mentors.models import MentorTask
from portal import report_pdf, reports
from portal.dashboard.periods import Period
from practice import services
from practice.models import Level
from surveys.models import Survey
from tests.factories import CountryFactory
from tests.surveys.test_results import respond
from tests.surveys.test_trends import questions, rounds

pytestmark = pytest.mark.django_db


def state_of_the_art():
    finland = CountryFactory(code="FI", name="Finland")
    estonia = CountryFactory(code="EE", name="Estonia")
    year_ago = timezone.localdate() - datetime.timedelta(days=500)
    for country in (finland, estonia):
        for task in MentorTask.objects.filter(number__lte=8):
            services.record_task_practice(
                country=country,
                task=task,
                level=Level.OCCASIONAL,
                needs_extra_resources=task.number in (4, 5),
                note="",
                valid_from=year_ago,
                recorded_by=None,
            )
    services.record_task_practice(
        country=finland,
        task=MentorTask.objects.get(number=3),
        level=Level.SYSTEMATIC,
        needs_extra_resources=False,
        note="",
        valid_from=timezone.localdate() - datetime.timedelta(days=30),
        recorded_by=None,
    )
    return finland, estonia


def benchmark(count, country):
    surveys = rounds(count)
    Survey.objects.filter(is_benchmark=True).update(is_benchmark=False)
    surveys[-1].is_benchmark = True
    surveys[-1].save(update_fields=["is_benchmark"])
    for survey in surveys:
        respond(survey, {questions(survey)["networks"]: 4}, count=5, country=country)
    return surveys


def test_the_page_shows_the_heat_map_the_changes_and_the_trend_within_the_budget(client, steering):
    finland, _estonia = state_of_the_art()
    benchmark(2, finland)
    client.force_login(steering)
    with CaptureQueriesContext(connection) as two_rounds:
        page = client.get(reverse("reports_national_variations"))
    html = page.content.decode()
    assert 'class="practice-systematic">In systematic use' in html
    assert "Changed in a year (was: Occasional)" in html
    assert "What changed since last year" in html
    assert "<svg" in html and "The benchmark survey&#x27;s statements round by round" in html
    assert "Round 1" in html and "Round 2" in html
    benchmark_surveys = benchmark(5, finland)
    assert benchmark_surveys[-1].is_benchmark
    with CaptureQueriesContext(connection) as five_rounds:
        page = client.get(reverse("reports_national_variations"))
    assert "Round 5" in page.content.decode()
    assert len(five_rounds.captured_queries) == len(two_rounds.captured_queries) <= 20


def test_the_report_page_links_to_it(client, steering):
    client.force_login(steering)
    html = client.get(reverse("reports"), {"period": "custom", "date_from": "2026-01-01"})
    assert reverse("reports_national_variations") in html.content.decode()


def test_the_pdf_prints_the_state_of_the_art_and_the_trend():
    state_of_the_art()
    benchmark(3, CountryFactory(code="FI", name="Finland"))
    with translation.override("en"):
        period = Period.last_days(90, timezone.localdate())
        context = report_pdf.print_context(reports.report_context(period, "test", named=False))
        html = render_to_string(report_pdf.TEMPLATE, context)
    assert "Mentor tasks per country: the state of the art" in html
    assert '<td class="practice-systematic">In systematic use' in html
    assert "Needs extra resources" in html
    assert "The benchmark survey over its rounds" in html
    assert html.count("<svg") >= 1 and "Round 3" in html
    assert (
        context["benchmark_trend_chart"].title == "The benchmark survey's statements round by round"
    )
