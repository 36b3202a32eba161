"""The surveys app's downloads as background jobs (leadvet.lib.jobs): the anonymised answers
and the summary (CSV, XLSX) and the results PDF. All are made in the background, whatever
their size: their cost is in the results, which read every answer, not in the rows."""

from django.utils import timezone

from leadvet.lib import exports, jobs
from leadvet.lib.downloads import FileToWrite, Progress
from leadvet.lib.pdf import prepare_pdf
from leadvet.models import Job
from surveys import exports as tables
from surveys import permissions
from surveys.models import Survey
from surveys.selectors import results as result_selectors

EXPORT = "surveys.export"
RESULTS_PDF = "surveys.results_pdf"
TABLES = {"raw": tables.raw_table, "summary": tables.summary_table}


def _survey(params: dict) -> Survey | None:
    return Survey.objects.select_related("previous_round").filter(pk=params["survey"]).first()


def export_allowed(user, params: dict) -> bool:
    survey = _survey(params)
    return (
        survey is not None
        and permissions.can_see_results(user, survey)
        and permissions.can_export_results(user, survey)
    )


def results_pdf_allowed(user, params: dict) -> bool:
    survey = _survey(params)
    return survey is not None and permissions.can_export_results_pdf(user, survey)


def export_file(job: Job, progress: Progress) -> FileToWrite:
    survey, kind = _survey(job.params), job.params["kind"]
    return exports.prepare(
        job.params["format"],
        [TABLES[kind](survey)],
        about=tables.about(survey, kind),
        filename=tables.filename(survey, kind),
        progress=progress,
    )


def results_pdf_filename(survey: Survey) -> str:
    return f"survey-{survey.pk}-round-{survey.round_number}-results.pdf"


def results_pdf_file(job: Job, progress: Progress) -> FileToWrite:
    """The results for the steering group: tables with bars, no breakdown, in the scope of
    the job's user (a college coordinator's own colleges)."""
    survey = _survey(job.params)
    results = result_selectors.survey_results(
        survey, breakdown=None, college_ids=permissions.results_college_ids(job.user)
    )
    return prepare_pdf(
        "surveys/results_print.html",
        {"survey": survey, "results": results, "generated_at": timezone.now()},
        filename=results_pdf_filename(survey),
    )


def register() -> None:
    """Called from SurveysConfig.ready."""
    jobs.register(jobs.JobKind(EXPORT, make=export_file, allowed=export_allowed))
    jobs.register(jobs.JobKind(RESULTS_PDF, make=results_pdf_file, allowed=results_pdf_allowed))
