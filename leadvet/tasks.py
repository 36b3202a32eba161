"""The account emails' sending task (leadvet.lib.accounts); it takes ids and re-reads the
database, so a retry or a second worker sends nothing twice (leadvet.lib.outbox)."""

from celery import shared_task

from leadvet.lib.outbox import RETRY


@shared_task(name="leadvet.send_account_emails", **RETRY)
def send_account_emails(email_ids: list[int]) -> int:
    from leadvet.lib import outbox
    from leadvet.models import AccountEmail

    return outbox.deliver(AccountEmail, email_ids)
