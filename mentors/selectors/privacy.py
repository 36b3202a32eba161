"""Personal data export (GDPR): what the mentors app holds about one user."""

from mentors.models import (
    Availability,
    Contact,
    ContactRequest,
    GroupAssignment,
    MembershipPeriod,
    Mentor,
    Notice,
)
from mentors.selectors import history as history_selectors

# The profile's values kept in each history record (past phone numbers, bios...).
HISTORY_VALUES = (
    "status",
    "official_status_date",
    "title",
    "phone",
    "bio",
    "contact_preferences",
    "capacity_groups",
    "trained_on",
    "nudges_paused",
)


def personal_data_of(user) -> dict:
    """The user's own mentor profile, memberships, availability, assignments, contacts and
    contact requests, the change history of their profile and assignments, and the emails
    the portal sent or owes them (which email and when: the text is not kept), as plain
    values for the "Download my data" export."""
    mentor = (
        Mentor.objects.select_related("college", "unit")
        .prefetch_related("fields", "languages", "tasks")
        .filter(user=user)
        .first()
    )
    data: dict = {
        "requests_sent": list(
            ContactRequest.objects.filter(requester=user)
            .order_by("created_at")
            .values(
                "id",
                "created_at",
                "mentor_id",
                "topic",
                "message",
                "task__name",
                "preferred_dates",
                "vte_group__name",
                "status",
                "response_message",
                "responded_at",
            )
        ),
        "emails": list(
            Notice.objects.filter(recipient=user)
            .order_by("created_at", "pk")
            .values("kind", "key", "created_at", "sent_at")
        ),
    }
    if mentor is None:
        data["mentor"] = None
        return data
    data["mentor"] = {
        "id": mentor.pk,
        "status": mentor.status,
        "official_status_date": mentor.official_status_date,
        "college": str(mentor.college) if mentor.college else None,
        "unit": str(mentor.unit) if mentor.unit else None,
        "title": mentor.title,
        "phone": mentor.phone,
        "bio": mentor.bio,
        "contact_preferences": mentor.contact_preferences,
        "capacity_groups": mentor.capacity_groups,
        "trained_on": mentor.trained_on,
        "nudges_paused": mentor.nudges_paused,
        "fields": [str(item) for item in mentor.fields.all()],
        "languages": [str(item) for item in mentor.languages.all()],
        "tasks": [str(item) for item in mentor.tasks.all()],
        "created_at": mentor.created_at,
    }
    data["mentor_history"] = [
        {
            "changed_at": record.history_date,
            "change": record.get_history_type_display(),
            **{name: getattr(record, name) for name in HISTORY_VALUES},
            "college": str(record.college) if record.college_id else None,
            "unit": str(record.unit) if record.unit_id else None,
            **{
                relation: history_selectors.relation_names(record, relation)
                for relation in Mentor.HISTORY_RELATIONS
            },
        }
        for record in history_selectors.records_with_relations(mentor)
    ]
    data["group_assignment_history"] = list(
        GroupAssignment.history.filter(mentor_id=mentor.pk)
        .order_by("history_date", "history_id")
        .values("history_date", "history_type", "vte_group__name", "role", "starts_on", "ends_on")
    )
    data["memberships"] = list(
        MembershipPeriod.objects.filter(mentor=mentor)
        .order_by("starts_on")
        .values("college__name", "unit__name", "starts_on", "ends_on")
    )
    data["availability"] = list(
        Availability.objects.filter(mentor=mentor)
        .order_by("starts_on")
        .values("kind", "starts_on", "ends_on", "hours_per_month", "mode", "note")
    )
    data["group_assignments"] = list(
        GroupAssignment.objects.filter(mentor=mentor)
        .order_by("starts_on")
        .values("vte_group__name", "role", "starts_on", "ends_on")
    )
    data["contacts"] = list(
        Contact.objects.filter(mentor=mentor)
        .order_by("date", "pk")
        .values(
            "id",
            "date",
            "college__name",
            "counterpart_kind",
            "vte_group__name",
            "task__name",
            "channel",
            "duration_minutes",
            *(name for name, _label in Contact.OUTCOME_FIELDS),
            "is_formal",
            "summary",
            "created_at",
        )
    )
    data["requests_received"] = list(
        ContactRequest.objects.filter(mentor=mentor)
        .order_by("created_at")
        .values(
            "id",
            "created_at",
            "requester__email",
            "topic",
            "message",
            "task__name",
            "preferred_dates",
            "vte_group__name",
            "status",
            "response_message",
            "responded_at",
        )
    )
    return data
