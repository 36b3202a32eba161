"""The events app's downloads as background jobs (leadvet.lib.jobs): an event's attendees
(CSV, XLSX; at most a page of them made in the request) and its evidence pack (a ZIP of a
PDF and a workbook, always in the background: the PDF takes its time). Both are for the
people who manage the event, while they still do."""

from events import evidence, permissions, selectors
from events import exports as tables
from leadvet.lib import exports, jobs
from leadvet.lib.downloads import FileToWrite, Progress
from leadvet.models import Job

ATTENDEES = "events.attendees"
EVIDENCE = "events.evidence"
ZIP_TYPE = "application/zip"


def manages_event(user, params: dict) -> bool:
    return (
        permissions.can_manage_events(user)
        and selectors.event_for_viewer(user, params["event"]) is not None
    )


def attendees_fit_a_page(user, params: dict) -> bool:
    event = selectors.event_for_viewer(user, params["event"])
    return jobs.at_most_a_page(selectors.attendees(event))


def attendees_file(job: Job, progress: Progress) -> FileToWrite:
    event = selectors.event_for_viewer(job.user, job.params["event"])
    return exports.prepare(
        job.params["format"],
        [tables.attendee_table(selectors.attendees(event))],
        about=tables.about(event),
        filename=tables.attendee_filename(event),
        progress=progress,
    )


def evidence_file(job: Job, progress: Progress) -> FileToWrite:
    event = selectors.event_for_viewer(job.user, job.params["event"])
    return FileToWrite(
        evidence.evidence_filename(event),
        ZIP_TYPE,
        lambda file: evidence.write_evidence_zip(event, file),
    )


def register() -> None:
    """Called from EventsConfig.ready."""
    jobs.register(
        jobs.JobKind(
            ATTENDEES,
            make=attendees_file,
            allowed=manages_event,
            fits_a_page=attendees_fit_a_page,
        )
    )
    jobs.register(jobs.JobKind(EVIDENCE, make=evidence_file, allowed=manages_event))
