"""What a coordinator sees on the dashboard: the benchmark survey's statements as chart
labels, an empty-state text for a chart without data, and a network graph that names only
its largest nodes (the others on hover or when chosen), its table kept."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from surveys import services
from surveys.models import Answer, Response
from tests.factories import ContactFactory, QuestionFactory, SurveyFactory, VTEGroupFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STATEMENT = "There is regular leadership co-operation between the VTE unit and our college."


def test_dashboard_panels_are_readable(page, log_in, coordinator):
    benchmark = SurveyFactory(
        title="Seed benchmark", opens_at=timezone.now() - datetime.timedelta(days=30)
    )
    question = QuestionFactory(
        survey=benchmark, key="there-is-regular-leadership-co-operation", text=STATEMENT
    )
    for value in (4, 4, 5, 3, 4):
        response = Response.objects.create(
            survey=benchmark, role="mentor", submitted_at=timezone.now()
        )
        Answer.objects.create(response=response, question=question, value=value)
    services.set_benchmark(survey=benchmark, is_benchmark=True)
    SurveyFactory(title="Newer survey without answers")
    group = VTEGroupFactory(name="Helsinki day group")
    contacts = [ContactFactory(vte_group=group) for _ in range(14)]
    quiet = contacts[-1].mentor

    log_in(coordinator)
    page.goto("/dashboard/")
    expect(
        page.get_by_text("The network's benchmark survey: Seed benchmark (round 1).")
    ).to_be_visible()
    labels = page.evaluate("() => window.Chart.getChart('chart-likert_means').data.labels")
    assert labels == ["There is regular leadership co-operation…"]

    # No event registrations: the events chart says so instead of drawing an empty grid.
    events = page.locator("figure", has_text="Event registrations and attendance by type")
    expect(events.get_by_text("No data for this period.")).to_be_visible()
    expect(events.locator("canvas")).to_have_count(0)

    graph = page.locator("#network-graph")
    page.wait_for_function(
        "() => document.getElementById('network-graph').dataset.named !== undefined"
    )
    named = graph.get_attribute("data-named").split()
    assert len(named) == 12  # of 14 mentors, 14 colleges and one group
    page.get_by_label("Show in the graph").select_option(label=quiet.name)
    expect(page.locator("#network-graph-name")).to_have_text(quiet.name)
    page.get_by_text("Show as table").last.click()
    expect(page.get_by_role("cell", name="Helsinki day group (Autumn 2026)").first).to_be_visible()
