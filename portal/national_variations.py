"""The steering report's national variations (issue 23): the state of the art, the eight mentor
tasks × the countries on the period's last day with what changed in the year before it, and the
benchmark survey's statements over all its rounds, every mean under the anonymity threshold.

A page of its own (`/reports/national-variations/`, like the dashboard's outcomes page: one page
each keeps both under the query budget) and a part of the report's PDF. Read fresh: neither the
assessments nor the rounds are behind the figures' cache version.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from leadvet.lib.charts import svg_chart
from portal.dashboard.periods import Period
from practice import selectors as practice_selectors
from surveys.selectors import figures as survey_figures
from surveys.selectors import trends as survey_trends


def national_variations(
    period: Period, *, survey_id: int | None = None, today: datetime.date | None = None
) -> dict:
    """The state of the art and the benchmark trend for `period`. `survey_id`: the benchmark
    survey when the caller knows it (the report's figures name it); else it is looked up.
    Seven queries at most: the tasks and the assessments, the benchmark, and the trend's four."""
    today = today or timezone.localdate()
    if survey_id is None:
        survey = survey_figures.benchmark_or_latest_likert_survey(until=period.end_at)
        survey_id = survey.pk if survey else None
    trend = survey_trends.survey_trend(survey_id) if survey_id else None
    chart = None
    if trend and trend["statements"]:
        chart = svg_chart(
            "benchmark-trend",
            _("The benchmark survey's statements round by round"),
            trend["chart"],
            max_categories=len(trend["statements"]),
        )
    return {
        "practice": practice_selectors.country_comparison(today=min(period.end, today)),
        "benchmark_trend": trend,
        "benchmark_trend_chart": chart,
        "benchmark_round_labels": (
            [survey_trends.round_label(r) for r in trend["rounds"]] if trend else []
        ),
    }
