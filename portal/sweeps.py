"""The periodic sweep: each app's function that finds what is owed and enqueues it.

Each entry is a dotted path to a function taking no arguments and returning the
number of items enqueued (or, for the dashboard's version bumps a cache outage left
owed, paid). Run by `manage.py send_due_reminders` and by beat.
"""

from django.utils.module_loading import import_string

SWEEPS: list[str] = [
    "leadvet.lib.outbox.resend_unsent",
    "events.services.enqueue_due_reminders",
    "mentors.services.requests.enqueue_due_request_notices",
    "mentors.services.announcements.fan_out_lost_announcements",
    "mentors.services.nudges.enqueue_activity_nudges",
    "mentors.services.nudges.enqueue_follow_up_digests",
    "mentors.services.imports.enqueue_waiting_imports",
    "surveys.services.enqueue_due_survey_notices",
    "portal.dashboard.cache.pay_owed_bumps",
    "surveys.services.discard_closed_drafts",
    "events.public.apply_retention",
    "outcomes.services.enqueue_due_feedback",
    "leadvet.lib.jobs.enqueue_owed_jobs",
    "leadvet.lib.jobs.delete_expired_jobs",
]


def run_sweeps() -> dict[str, int]:
    return {path: import_string(path)() for path in SWEEPS}
