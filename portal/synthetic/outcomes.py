"""Synthetic outcomes (issue 24): teacher students, placements, hires and feedback at scale."""

import datetime

from mentors.models import Contact, ContactRequest
from outcomes.models import ContactFeedback, Placement, StudentOutcome, TeacherStudent
from portal.synthetic.content import HISTORY_DAYS
from portal.synthetic.writer import TableWriter, next_id

# Per VTE group (400 in the full network): 20 students, each with a placement; about a third
# hired, some offered a job or further contact; the hires link to a contact.
STUDENTS_PER_GROUP = 20
OUTCOME_MODELS = [
    TeacherStudent,
    Placement,
    StudentOutcome,
    StudentOutcome.contacts.through,
    ContactFeedback,
]


class OutcomeWriting:
    """Part of Network (state and helpers are Network's)."""

    def outcomes(self):
        rng, now, today = self.rng, self.now, self.today
        groups = self.vte_groups
        colleges = [college.id for college in self.colleges]
        fields = {group.id: group.field_id for group in groups}
        first_student = next_id(TeacherStudent)
        students = [
            (first_student + index, group.id)
            for index, group in enumerate(g for g in groups for _ in range(STUDENTS_PER_GROUP))
        ]
        TableWriter(
            TeacherStudent, ["id", "vte_group_id", "reference", "name", "created_at"]
        ).write((sid, gid, f"S{sid}", "", now) for sid, gid in students)

        first_placement = next_id(Placement)
        placements = []
        for index, (sid, gid) in enumerate(students):
            start = today - datetime.timedelta(days=rng.randint(0, HISTORY_DAYS))
            placements.append(
                (
                    first_placement + index,
                    sid,
                    colleges[rng.randrange(len(colleges))],
                    fields[gid],
                    start,
                    start + datetime.timedelta(days=42),
                    now,
                )
            )
        TableWriter(
            Placement,
            ["id", "student_id", "college_id", "field_id", "starts_on", "ends_on", "created_at"],
        ).write(iter(placements))

        first_outcome = next_id(StudentOutcome)
        outcomes = []
        for _pid, sid, college_id, field_id, _start, end, _now in placements:
            roll = rng.random()
            if roll > 0.6:
                continue
            kind = "hired" if roll < 0.35 else ("offered" if roll < 0.5 else "further")
            outcomes.append(
                (
                    first_outcome + len(outcomes),
                    sid,
                    kind,
                    college_id,
                    field_id,
                    min(end + datetime.timedelta(days=rng.randint(7, 120)), today),
                    now,
                )
            )
        TableWriter(
            StudentOutcome,
            ["id", "student_id", "kind", "college_id", "field_id", "date", "created_at"],
        ).write(iter(outcomes))
        contact_ids = list(Contact.objects.order_by("id").values_list("id", flat=True)[:5000])
        through = StudentOutcome.contacts.through
        TableWriter(through, ["studentoutcome_id", "contact_id"]).write(
            (row[0], contact_ids[index % len(contact_ids)])
            for index, row in enumerate(outcomes)
            if row[2] == "hired" and contact_ids
        )

        answered = list(
            ContactRequest.objects.filter(responded_at__isnull=False, feedback__isnull=True)
            .order_by("id")
            .values_list("id", "requester_id", "responded_at")
        )
        first_feedback = next_id(ContactFeedback)

        def feedback():
            for index, (request_id, requester_id, responded_at) in enumerate(answered):
                done = index % 3 != 0
                yield (
                    first_feedback + index,
                    request_id,
                    requester_id,
                    responded_at,
                    responded_at,
                    1 + index % 5 if done else None,
                    "",
                    responded_at if done else None,
                )

        TableWriter(
            ContactFeedback,
            [
                "id",
                "request_id",
                "recipient_id",
                "created_at",
                "sent_at",
                "score",
                "what_came_of_it",
                "answered_at",
            ],
        ).write(feedback())
        self.outcome_count = len(outcomes)
