"""Writes of the outcomes app: keyword-only, one transaction each."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from colleges.models import PartnerCollege, VocationalField, VTEGroup
from leadvet.lib.queue import enqueue_on_commit
from leadvet.models import User
from mentors.models import Contact, ContactRequest, Mentor
from outcomes.models import (
    ContactFeedback,
    CurriculumProposal,
    Deliverable,
    EventFeedback,
    Objective,
    Placement,
    StudentOutcome,
    TeacherStudent,
)

PLACEMENT = "placement"


def student_for(
    *, group: VTEGroup, reference: str, name: str = "", by: User | None
) -> TeacherStudent:
    """The group's teacher student with this reference, created when new."""
    reference = reference.strip()
    if not reference:
        raise ValidationError({"reference": _("Give the teacher student a reference.")})
    student, created = TeacherStudent.objects.get_or_create(
        vte_group=group, reference=reference, defaults={"name": name.strip(), "created_by": by}
    )
    if not created and name.strip() and not student.name:
        student.name = name.strip()
        student.save(update_fields=["name"])
    return student


@transaction.atomic
def record_path_step(
    *,
    group: VTEGroup,
    reference: str,
    name: str = "",
    kind: str,
    college: PartnerCollege,
    field: VocationalField,
    mentor: Mentor | None,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    contacts: Iterable[Contact] = (),
    by: User | None,
) -> Placement | StudentOutcome:
    """A placement (kind "placement") or an outcome (hired, offered, further contact) of the
    group's teacher student with this reference (created when new)."""
    student = student_for(group=group, reference=reference, name=name, by=by)
    contacts = list(contacts)
    if kind == PLACEMENT:
        ends_on = ends_on or starts_on
        if ends_on < starts_on:
            raise ValidationError({"ends_on": _("The end cannot be before the start.")})
        record = Placement.objects.create(
            student=student,
            college=college,
            field=field,
            mentor=mentor,
            starts_on=starts_on,
            ends_on=ends_on,
            created_by=by,
        )
    elif kind in StudentOutcome.Kind.values:
        record = StudentOutcome.objects.create(
            student=student, kind=kind, college=college, field=field, date=starts_on, created_by=by
        )
    else:
        raise ValidationError({"kind": _("Choose what to record.")})
    if contacts:
        record.contacts.set(contacts)
    return record


@transaction.atomic
def delete_path_step(*, record: Placement | StudentOutcome) -> None:
    """Delete a placement or outcome; a student left with no records goes too."""
    student = record.student
    record.delete()
    if not student.placements.exists() and not student.outcomes.exists():
        student.delete()


@transaction.atomic
def delete_student(*, student: TeacherStudent) -> None:
    student.delete()


def forget_old_teacher_student_data(*, today: datetime.date | None = None) -> int:
    """Retention: the names of teacher students whose group's term ended more than
    TEACHER_STUDENT_RETENTION_YEARS ago are blanked, and so are the free texts of feedback
    older than that (the pseudonymous reference, the records and the scores stay for the
    figures). Returns how many rows were changed."""
    today = today or timezone.localdate()
    years = settings.TEACHER_STUDENT_RETENTION_YEARS
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    moment = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))
    with transaction.atomic():
        names = (
            TeacherStudent.objects.filter(vte_group__ends_on__lt=cutoff)
            .exclude(name="")
            .update(name="")
        )
        contact_texts = (
            ContactFeedback.objects.filter(created_at__lt=moment)
            .exclude(what_came_of_it="")
            .update(what_came_of_it="")
        )
        event_texts = (
            EventFeedback.objects.filter(created_at__lt=moment)
            .exclude(comment="")
            .update(comment="")
        )
    return names + contact_texts + event_texts


# The programme's goals ---------------------------------------------------------------------


@transaction.atomic
def save_objective(*, objective: Objective, data: dict) -> Objective:
    events = data.pop("events", None)
    for key, value in data.items():
        setattr(objective, key, value)
    objective.full_clean()
    objective.save()
    if events is not None:
        objective.events.set(events)
    return objective


@transaction.atomic
def save_deliverable(*, deliverable: Deliverable, data: dict) -> Deliverable:
    events = data.pop("events", None)
    outputs = data.pop("outputs", None)
    for key, value in data.items():
        setattr(deliverable, key, value)
    deliverable.full_clean()
    deliverable.save()
    if events is not None:
        deliverable.events.set(events)
    if outputs is not None:
        deliverable.outputs.set(outputs)
    return deliverable


@transaction.atomic
def delete_deliverable(*, deliverable: Deliverable) -> None:
    deliverable.delete()


# Feedback ----------------------------------------------------------------------------------

ANSWERED_STATUSES = (ContactRequest.Status.ACCEPTED, ContactRequest.Status.DECLINED)


def owe_contact_feedback(*, request: ContactRequest) -> ContactFeedback | None:
    """Once a request is answered (or turned into a contact), its teacher educator is asked
    once whether it helped: owed as an email, shown on their home page."""
    if request.status not in ANSWERED_STATUSES or request.responded_at is None:
        return None
    if not request.requester.is_active:
        return None
    feedback, created = ContactFeedback.objects.get_or_create(
        request=request, defaults={"recipient_id": request.requester_id}
    )
    if created:
        from outcomes.tasks import send_contact_feedback

        enqueue_on_commit(send_contact_feedback, [feedback.pk])
    return feedback


def enqueue_owed_contact_feedback(*, since_days: int = 7) -> int:
    """The sweep: requests answered in the last week without feedback owed get it (a request
    answered while this app's receiver could not run is not left out)."""
    since = timezone.now() - datetime.timedelta(days=since_days)
    requests = ContactRequest.objects.filter(
        status__in=ANSWERED_STATUSES, responded_at__gte=since, feedback__isnull=True
    ).select_related("requester")[:500]
    return sum(1 for request in requests if owe_contact_feedback(request=request))


@transaction.atomic
def answer_contact_feedback(*, feedback: ContactFeedback, score: int, what_came_of_it: str) -> None:
    if not 1 <= score <= 5:
        raise ValidationError({"score": _("Choose a score from 1 to 5.")})
    feedback.score = score
    feedback.what_came_of_it = what_came_of_it.strip()
    feedback.answered_at = timezone.now()
    feedback.save(update_fields=["score", "what_came_of_it", "answered_at"])


def owe_event_feedback(*, registrations) -> int:
    """After an event, each attendee is asked for short feedback (one email each)."""
    rows = [EventFeedback(registration=registration) for registration in registrations]
    created = EventFeedback.objects.bulk_create(rows, ignore_conflicts=True)
    ids = list(
        EventFeedback.objects.filter(
            registration__in=[row.registration for row in created], sent_at__isnull=True
        ).values_list("pk", flat=True)
    )
    if ids:
        from outcomes.tasks import send_event_feedback

        enqueue_on_commit(send_event_feedback, ids)
    return len(ids)


def enqueue_event_feedback(*, now: datetime.datetime | None = None) -> int:
    """The sweep: attendees of events that ended in the last week get the feedback form."""
    from outcomes.selectors.feedback import registrations_owed_feedback

    now = now or timezone.now()
    with transaction.atomic():
        return owe_event_feedback(registrations=list(registrations_owed_feedback(now=now)))


def enqueue_due_feedback() -> int:
    """The sweep's entry (portal.sweeps)."""
    return enqueue_owed_contact_feedback() + enqueue_event_feedback()


@transaction.atomic
def answer_event_feedback(*, feedback: EventFeedback, score: int, comment: str) -> None:
    if not 1 <= score <= 5:
        raise ValidationError({"score": _("Choose a score from 1 to 5.")})
    feedback.score = score
    feedback.comment = comment.strip()
    feedback.answered_at = timezone.now()
    feedback.save(update_fields=["score", "comment", "answered_at"])


# Curriculum proposals ----------------------------------------------------------------------


@transaction.atomic
def save_proposal(*, contact: Contact, proposal: str) -> CurriculumProposal:
    proposal = proposal.strip()
    if not proposal:
        raise ValidationError({"proposal": _("Say what was proposed.")})
    record, _created = CurriculumProposal.objects.update_or_create(
        contact=contact, defaults={"proposal": proposal}
    )
    return record


@transaction.atomic
def decide_proposal(
    *, proposal: CurriculumProposal, status: str, change: str, by: User
) -> CurriculumProposal:
    if status not in CurriculumProposal.Status.values:
        raise ValidationError({"status": _("Choose a decision.")})
    if status == CurriculumProposal.Status.TAKEN_UP and not change.strip():
        raise ValidationError(
            {"change": _("Say what changed in teacher education when it was taken up.")}
        )
    proposal.status = status
    proposal.change = change.strip()
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "change", "decided_by", "decided_at"])
    return proposal
