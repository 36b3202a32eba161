"""Reads behind the pages: teacher students, their placements and outcomes, contacts."""

from django.db.models import Prefetch, Q, QuerySet

from colleges.models import VTEGroup
from leadvet import roles
from mentors.models import Contact
from outcomes.models import (
    ContactFeedback,
    EventFeedback,
    Placement,
    StudentOutcome,
    TeacherStudent,
)


def contact_for_recording(pk: int) -> Contact:
    """Raises Contact.DoesNotExist."""
    return Contact.objects.select_related(
        "mentor__user", "college", "task", "vte_group__field", "request"
    ).get(pk=pk)


def group_for_recording(pk: int) -> VTEGroup:
    return VTEGroup.objects.select_related("field", "institution", "teacher_educator").get(pk=pk)


def groups_of(user) -> QuerySet[VTEGroup]:
    """The groups whose students the user records for: all for coordinators, own for
    teacher educators."""
    groups = VTEGroup.objects.select_related("field").order_by("-starts_on", "name")
    if roles.is_coordinator(user) or roles.is_college_coordinator(user):
        return groups
    return groups.filter(teacher_educator=user)


def recent_contacts_for(user, *, limit: int = 20) -> QuerySet[Contact]:
    """Contacts a teacher educator may record from: with their groups or from their requests;
    coordinators see the newest of all (college coordinators: their colleges')."""
    contacts = Contact.objects.select_related("mentor__user", "college", "task", "vte_group")
    if roles.is_coordinator(user):
        pass
    elif roles.is_college_coordinator(user):
        contacts = contacts.filter(college__coordinators=user)
    else:
        contacts = contacts.filter(Q(vte_group__teacher_educator=user) | Q(request__requester=user))
    return contacts.order_by("-date", "-id")[:limit]


def students_of_group(group: VTEGroup) -> QuerySet[TeacherStudent]:
    return (
        TeacherStudent.objects.filter(vte_group=group)
        .prefetch_related(
            Prefetch(
                "placements",
                queryset=Placement.objects.select_related("college", "field", "mentor__user"),
            ),
            Prefetch(
                "outcomes", queryset=StudentOutcome.objects.select_related("college", "field")
            ),
        )
        .order_by("reference")
    )


def records_of_contact(contact: Contact) -> tuple[list[Placement], list[StudentOutcome]]:
    placements = list(
        Placement.objects.filter(contacts=contact).select_related(
            "student", "college", "field", "mentor__user"
        )
    )
    outcomes = list(
        StudentOutcome.objects.filter(contacts=contact).select_related(
            "student", "college", "field"
        )
    )
    return placements, outcomes


def placement_for_change(pk: int) -> Placement:
    return Placement.objects.select_related("student__vte_group").get(pk=pk)


def outcome_for_change(pk: int) -> StudentOutcome:
    return StudentOutcome.objects.select_related("student__vte_group").get(pk=pk)


def personal_data_of(user) -> dict:
    """GDPR export: the teacher students this person recorded (they have no account of their
    own; a student asking for their data gets it from the group's page through their teacher
    educator), and the feedback this person gave."""
    students = TeacherStudent.objects.filter(created_by=user).select_related("vte_group")
    return {
        "teacher_students_recorded": [
            {
                "group": str(student.vte_group),
                "reference": student.reference,
                "name": student.name,
                "created_at": student.created_at,
            }
            for student in students.order_by("created_at")
        ],
        "placements_recorded": list(
            Placement.objects.filter(created_by=user)
            .order_by("created_at")
            .values("student__reference", "college__name", "field__name", "starts_on", "ends_on")
        ),
        "student_outcomes_recorded": list(
            StudentOutcome.objects.filter(created_by=user)
            .order_by("created_at")
            .values("student__reference", "kind", "college__name", "field__name", "date")
        ),
        "contact_feedback": list(
            ContactFeedback.objects.filter(recipient=user)
            .order_by("created_at")
            .values("request__topic", "score", "what_came_of_it", "created_at", "answered_at")
        ),
        "event_feedback": list(
            EventFeedback.objects.filter(registration__user=user)
            .order_by("created_at")
            .values("registration__event__title", "score", "comment", "created_at", "answered_at")
        ),
    }


COLLEGE_RECORDS_LIMIT = 100


def records_at_college(
    *, college_id: int, start, end
) -> tuple[list[Placement], list[StudentOutcome]]:
    """The period's newest placements and outcomes at a college, for its coordinators."""
    placements = list(
        Placement.objects.filter(college_id=college_id, starts_on__range=(start, end))
        .select_related("student__vte_group", "college", "field", "mentor__user")
        .order_by("-starts_on", "-id")[:COLLEGE_RECORDS_LIMIT]
    )
    outcomes = list(
        StudentOutcome.objects.filter(college_id=college_id, date__range=(start, end))
        .select_related("student__vte_group", "college", "field")
        .order_by("-date", "-id")[:COLLEGE_RECORDS_LIMIT]
    )
    return placements, outcomes
