"""Bulk import of mentors from a checked file, in batches."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from leadvet import roles
from leadvet.lib.queue import enqueue, enqueue_on_commit
from leadvet.models import User
from leadvet.signals import changed_in_bulk
from mentors import importing, tasks
from mentors.models import MembershipPeriod, Mentor, MentorImport, StatusChange
from mentors.services.history import snapshot_mentor_relations

logger = logging.getLogger(__name__)


IMPORT_BATCH_SIZE = 500
# The sweep resends an import's task when it has waited this long, up to this old.
WAITING_AFTER = datetime.timedelta(minutes=10)
WAITING_WITHIN = datetime.timedelta(days=7)


class ImportConflict(Exception):
    """Rows that became invalid between the dry run and the import."""

    def __init__(self, errors: list[dict]):
        super().__init__(errors)
        self.errors = errors


@transaction.atomic
def create_import(*, filename: str, content: bytes, by: User | None) -> MentorImport:
    """Keep an uploaded file and queue its check (the dry run); no mentor is written.

    The web request has made only importing.check_upload's cheap checks: reading and
    checking the rows can take a while, so a worker does it (check_import).
    """
    mentor_import = MentorImport.objects.create(
        filename=filename[:255],
        created_by=by,
        status=MentorImport.Status.CHECKING,
        upload=content,
    )
    enqueue_on_commit(tasks.check_mentor_import, mentor_import.pk)
    return mentor_import


def check_import(*, import_id: int) -> str | None:
    """Read and check an uploaded file's rows, keep the result and forget the file.

    Returns the new status, or None when the import was no longer waiting for its check (a
    second delivery of the task, or a sweep's, changes nothing).
    """
    mentor_import = (
        MentorImport.objects.filter(pk=import_id, status=MentorImport.Status.CHECKING)
        .only("id", "filename", "upload")
        .first()
    )
    if mentor_import is None:
        return None
    try:
        table = importing.read_table(mentor_import.filename, bytes(mentor_import.upload))
        parsed = importing.check_rows(table)
    except importing.ImportFileError as error:
        result = _refused(str(error))
    except Exception as error:
        # Refused rather than left waiting: the sweep would otherwise try it again and again.
        logger.exception("checking mentor import %s failed", import_id)
        result = _refused(_("The file could not be checked: %(error)s") % {"error": error})
    else:
        result = {
            "status": MentorImport.Status.VALID if parsed.is_valid else MentorImport.Status.INVALID,
            "total": len(parsed.rows),
            "rows": parsed.rows,
            "errors": parsed.errors,
        }
    updated = MentorImport.objects.filter(pk=import_id, status=MentorImport.Status.CHECKING).update(
        upload=b"", **result
    )
    return result["status"] if updated else None


def _refused(message: str) -> dict:
    return {
        "status": MentorImport.Status.REFUSED,
        "total": 0,
        "rows": [],
        "errors": [{"line": None, "email": "", "errors": [message]}],
    }


def enqueue_waiting_imports(*, now: datetime.datetime | None = None) -> int:
    """The sweep: re-enqueue the imports whose check or run has not started 10 minutes after
    it was asked for (the broker was down, or lost the message); both tasks do nothing the
    second time."""
    now = now or timezone.now()
    waiting = MentorImport.objects.filter(
        created_at__lte=now - WAITING_AFTER, created_at__gte=now - WAITING_WITHIN
    )
    enqueued = 0
    for pk, status in waiting.filter(
        status__in=[MentorImport.Status.CHECKING, MentorImport.Status.QUEUED]
    ).values_list("pk", "status"):
        task = (
            tasks.check_mentor_import
            if status == MentorImport.Status.CHECKING
            else tasks.run_mentor_import
        )
        enqueue(task, pk)
        enqueued += 1
    return enqueued


@transaction.atomic
def confirm_import(*, mentor_import: MentorImport) -> MentorImport:
    """Queue a checked, error-free import; a second confirmation changes nothing."""
    updated = MentorImport.objects.filter(
        pk=mentor_import.pk, status=MentorImport.Status.VALID
    ).update(status=MentorImport.Status.QUEUED)
    if not updated:
        raise ValidationError(_("Only a checked file without errors can be imported, once."))
    enqueue_on_commit(tasks.run_mentor_import, mentor_import.pk)
    mentor_import.refresh_from_db()
    return mentor_import


def _create_import_batch(
    *, rows: list[dict], created_by_id: int | None, day: datetime.date
) -> None:
    unusable = make_password(None)
    emails = [row["email"] for row in rows]
    User.objects.bulk_create(
        [
            User(
                email=row["email"],
                first_name=row["first_name"],
                last_name=row["last_name"],
                password=unusable,
                # The invitation, pages and emails in this language (rows checked before the
                # column existed have none).
                language=row.get("portal_language") or settings.LANGUAGE_CODE,
            )
            for row in rows
        ]
    )
    user_ids = dict(User.objects.filter(email__in=emails).values_list("email", "id"))
    mentor_group = roles.role_group(roles.MENTOR)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user_ids[email], group_id=mentor_group.id) for email in emails]
    )
    history_user = User.objects.filter(pk=created_by_id).first() if created_by_id else None
    bulk_create_with_history(
        [
            Mentor(
                user_id=user_ids[row["email"]],
                college_id=row["college_id"],
                unit_id=row["unit_id"],
                status=row["status"],
                official_status_date=row["official_status_date"],
            )
            for row in rows
        ],
        Mentor,
        default_user=history_user,
    )
    mentor_ids = dict(
        Mentor.objects.filter(user_id__in=user_ids.values()).values_list("user_id", "id")
    )
    through_rows = {
        "fields": ("field_ids", "vocationalfield_id"),
        "tasks": ("task_ids", "mentortask_id"),
        "languages": ("language_ids", "language_id"),
    }
    for relation, (key, column) in through_rows.items():
        through = getattr(Mentor, relation).through
        through.objects.bulk_create(
            [
                through(**{"mentor_id": mentor_ids[user_ids[row["email"]]], column: target_id})
                for row in rows
                for target_id in row[key]
            ]
        )
    snapshot_mentor_relations(mentor_ids=mentor_ids.values())
    MembershipPeriod.objects.bulk_create(
        [
            MembershipPeriod(
                mentor_id=mentor_ids[user_ids[row["email"]]],
                college_id=row["college_id"],
                unit_id=row["unit_id"],
                starts_on=day,
            )
            for row in rows
        ]
    )
    StatusChange.objects.bulk_create(
        [
            StatusChange(
                mentor_id=mentor_ids[user_ids[row["email"]]],
                from_status="",
                to_status=row["status"],
                changed_by_id=created_by_id,
                note=_("Imported"),
            )
            for row in rows
        ]
    )
    # Bulk inserts send no post_save: the mentor figures are told once per batch, in its
    # transaction (and again when it commits).
    changed_in_bulk.send(sender=Mentor)


def run_import(*, import_id: int) -> int:
    """Create the mentors of a queued import in batches, recording progress after each.

    Each batch and its progress commit together under a row lock, so a redelivered task
    continues where the last one stopped and never creates a row twice.
    """
    started = MentorImport.objects.filter(
        pk=import_id, status__in=[MentorImport.Status.QUEUED, MentorImport.Status.RUNNING]
    ).update(status=MentorImport.Status.RUNNING)
    if not started:
        return 0
    mentor_import = MentorImport.objects.get(pk=import_id)
    rows, created_by_id = mentor_import.rows, mentor_import.created_by_id
    day = timezone.localdate()
    created = 0
    try:
        while True:
            with transaction.atomic():
                progress = (
                    MentorImport.objects.select_for_update()
                    .only("id", "processed", "total", "status")
                    .get(pk=import_id)
                )
                if progress.status != MentorImport.Status.RUNNING:
                    return created
                if progress.processed >= progress.total:
                    progress.status = MentorImport.Status.DONE
                    progress.finished_at = timezone.now()
                    progress.save(update_fields=["status", "finished_at"])
                    return created
                batch = rows[progress.processed : progress.processed + IMPORT_BATCH_SIZE]
                taken = importing.existing_emails([row["email"] for row in batch])
                if taken:
                    raise ImportConflict(
                        [
                            {
                                "line": row["line"],
                                "email": row["email"],
                                "errors": [
                                    _(
                                        "A user with this email address was added after the file was checked."
                                    )
                                ],
                            }
                            for row in batch
                            if row["email"] in taken
                        ]
                    )
                _create_import_batch(rows=batch, created_by_id=created_by_id, day=day)
                progress.processed += len(batch)
                progress.save(update_fields=["processed"])
                created += len(batch)
    except ImportConflict as conflict:
        errors = conflict.errors
    except Exception as error:
        logger.exception("mentor import %s failed", import_id)
        errors = [
            {
                "line": None,
                "email": "",
                "errors": [_("The import stopped: %(error)s") % {"error": error}],
            }
        ]
    MentorImport.objects.filter(pk=import_id).update(
        status=MentorImport.Status.FAILED, finished_at=timezone.now(), errors=errors
    )
    return created
