"""The steering report's downloads as background jobs (leadvet.lib.jobs): the PDF, the XLSX
and the ZIP of CSV files, always made in the background (the figures of a whole term and the
PDF's layout take their time).

The period is resolved when the report is asked for (an unfinished term compares with the
same part of the previous one, as on that day) and kept in the job's parameters with its label
and whether mentors are named (coordinators' report); a file naming mentors is downloaded only
while its requester still reads the named report.
"""

import datetime

from django.utils.translation import gettext as _

from leadvet import roles
from leadvet.lib import exports, jobs
from leadvet.lib.downloads import FileToWrite, Progress
from leadvet.models import Job
from portal import report_pdf, reports
from portal.dashboard.periods import Period

REPORT = "portal.report"
FORMATS = ("csv", "xlsx", "pdf")
TITLES = {
    "pdf": lambda label: _("Steering report %(period)s (PDF)") % {"period": label},
    "xlsx": lambda label: _("Steering report %(period)s (Excel)") % {"period": label},
    "csv": lambda label: _("Steering report %(period)s (CSV files)") % {"period": label},
}


def report_params(file_format: str, period: Period, label: str, *, named: bool) -> dict:
    return {
        "format": file_format,
        "period": {
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "previous_start": period.previous_start.isoformat(),
            "previous_end": period.previous_end.isoformat(),
            "is_term": period.is_term,
            "comparison": period.comparison,
        },
        "label": label,
        "named": named,
    }


def _period(params: dict) -> Period:
    saved = params["period"]
    return Period(
        datetime.date.fromisoformat(saved["start"]),
        datetime.date.fromisoformat(saved["end"]),
        datetime.date.fromisoformat(saved["previous_start"]),
        datetime.date.fromisoformat(saved["previous_end"]),
        is_term=saved["is_term"],
        comparison=saved["comparison"],
    )


def report_allowed(user, params: dict) -> bool:
    return roles.can_see_reports(user) and (not params["named"] or reports.names_in_report(user))


def report_file(job: Job, progress: Progress) -> FileToWrite:
    period, label, file_format = _period(job.params), job.params["label"], job.params["format"]
    context = reports.report_context(period, label, named=job.params["named"])
    filename = reports.export_filename(period, file_format)
    if file_format == "pdf":
        return report_pdf.prepare_report_pdf(context, filename=filename)
    # XLSX: one sheet per table after the contents sheet; CSV: a ZIP, one file per table.
    return exports.prepare(
        file_format,
        reports.export_tables(context),
        about=reports.export_about(period, label),
        filename=filename.removesuffix(f".{file_format}"),
        progress=progress,
    )


def register() -> None:
    """Called from PortalConfig.ready."""
    jobs.register(jobs.JobKind(REPORT, make=report_file, allowed=report_allowed))
