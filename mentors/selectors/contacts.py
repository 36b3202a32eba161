"""A mentor's own contact log."""

from django.db.models import QuerySet

from mentors.models import Contact, Mentor


def contacts_for_mentor(mentor: Mentor) -> QuerySet:
    return Contact.objects.filter(mentor=mentor).select_related("task", "vte_group", "college")


def contact_for_idempotency_key(*, mentor: Mentor, key: str) -> Contact | None:
    """The contact the mentor already logged with this form's or API call's key."""
    if not key:
        return None
    return Contact.objects.filter(mentor=mentor, idempotency_key=key).first()


def last_contact_defaults(mentor: Mentor) -> dict:
    """The task, channel and duration of the mentor's latest contact: the likeliest next one."""
    last = (
        Contact.objects.filter(mentor=mentor)
        .order_by("-created_at", "-id")
        .values("task_id", "channel", "counterpart_kind", "duration_minutes")
        .first()
    )
    if not last:
        return {}
    return {
        "task": last["task_id"],
        "channel": last["channel"],
        "counterpart_kind": last["counterpart_kind"],
        "duration_minutes": last["duration_minutes"],
    }
