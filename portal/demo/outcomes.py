"""Demo outcomes (issue 24): the programme's goals and deliverables from the source material,
teacher students' placements and hires, feedback and curriculum proposals."""

import datetime

from django.utils import timezone

from events.models import EventOutput, Registration
from mentors.models import Contact, ContactRequest
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

# "Haaga-Helia mentoring program development in a nutshell": the six numbered goals, with the
# deadlines the slides give (DL in September 2023; DL in February 2023).
OBJECTIVES = [
    (
        1,
        "Developing a mentoring model for VTE and VET",
        "Model is a result of utilizing PR 1 and PR 2 and research done in PR3.",
        datetime.date(2023, 9, 30),
        None,
    ),
    (
        2,
        "Creating a mentor pool for improving and testing the model in practice",
        "At the moment 25 mentor teachers from six partner vocational colleges.",
        datetime.date(2023, 2, 28),
        datetime.date(2023, 2, 28),
    ),
    (
        3,
        "Developing the mentoring programme together with mentors and VTE",
        "Organizing meetings and events with networks enhancing the goals defined in the "
        "mentoring model.",
        None,
        None,
    ),
    (
        4,
        "Investigating pros and cons of the model and recognizing the national differences",
        "",
        None,
        None,
    ),
    (
        5,
        "Writing two articles on the mentoring structure and the experiences of testing the model",
        "Two articles under preparation on mentoring.",
        None,
        None,
    ),
    (
        6,
        "Organizing meetings and events for discussing and presenting the model",
        "Utilizing VET teachers as mentors in developing VTE, closing the theory-practice gap, "
        "enhancing recruitment in VET and developing networks' utilization in VET leadership.",
        None,
        None,
    ),
]

# (objective number, code, title, status, due, authors, venue, at risk)
DELIVERABLES = [
    (1, "PR1", "Project result 1", Deliverable.Status.SUBMITTED, None, "", "", False),
    (1, "PR2", "Project result 2", Deliverable.Status.SUBMITTED, None, "", "", False),
    (
        4,
        "PR3",
        "Research on national variations of the mentor's tasks",
        Deliverable.Status.IN_PREPARATION,
        None,
        "",
        "",
        False,
    ),
    (
        1,
        "MODEL",
        "The mentoring model for VTE and VET",
        Deliverable.Status.IN_PREPARATION,
        datetime.date(2023, 9, 30),
        "",
        "LeadVET Multiplier Event, Helsinki",
        False,
    ),
    (
        5,
        "ART1",
        "Mentoring as a model for systematic use of networking in leadership",
        Deliverable.Status.IN_PREPARATION,
        None,
        "",
        "",
        True,
    ),
    (
        5,
        "ART2",
        "General benefits of mentoring in educational institutes and network co-operation",
        Deliverable.Status.IN_PREPARATION,
        None,
        "",
        "",
        False,
    ),
    (
        6,
        "ESIG",
        "Effectiveness by utilizing networks in leadership",
        Deliverable.Status.PUBLISHED,
        None,
        "",
        "eSignals",
        False,
    ),
]

PROPOSALS = [
    (
        "Add a module on reading working-life trends with VET teachers.",
        CurriculumProposal.Status.TAKEN_UP,
        "A working-life trends session with a mentor was added to the pedagogy module.",
    ),
    (
        "Let teacher students shadow a mentor for a day before their placement.",
        CurriculumProposal.Status.TAKEN_UP,
        "A shadowing day before the placement is now part of the training period.",
    ),
    (
        "Discuss teachers' wellbeing at work in the first contact session.",
        CurriculumProposal.Status.CONSIDERING,
        "",
    ),
    ("Replace the written assignment with a portfolio.", CurriculumProposal.Status.DECLINED, ""),
    (
        "Bring a VET workshop task into the assessment module.",
        CurriculumProposal.Status.PROPOSED,
        "",
    ),
]


class OutcomeSeeding:
    """Part of DemoSeeder (state and helpers are DemoSeeder's)."""

    def outcomes(self):
        self.goals()
        self.student_paths()
        self.feedback()
        self.curriculum_proposals()

    def goals(self):
        owner = self.s.users["coordinator"]
        objectives = {}
        for number, title, description, deadline, achieved in OBJECTIVES:
            objectives[number], _ = Objective.objects.get_or_create(
                number=number,
                defaults={
                    "title": title,
                    "description": description,
                    "deadline": deadline,
                    "achieved_on": achieved,
                    "owner": owner,
                },
            )
        events = self.s.events
        if "multiplier" in events:
            objectives[6].events.add(
                events["multiplier"], events.get("webinar23", events["multiplier"])
            )
            objectives[3].events.add(
                *[events[k] for k in ("apr23", "may23", "dec23") if k in events]
            )
        outputs = {output.title: output for output in EventOutput.objects.all()}
        for number, code, title, status, due, authors, venue, at_risk in DELIVERABLES:
            deliverable, created = Deliverable.objects.get_or_create(
                code=code,
                defaults={
                    "objective": objectives[number],
                    "title": title,
                    "status": status,
                    "due_on": due,
                    "authors": authors,
                    "venue": venue,
                    "at_risk": at_risk,
                    "owner": owner,
                },
            )
            if created and code == "MODEL" and "multiplier" in events:
                deliverable.events.add(events["multiplier"])
                for title_part in ("Preliminary research results", "The model for mentoring"):
                    deliverable.outputs.add(
                        *[o for t, o in outputs.items() if t.startswith(title_part)]
                    )
            if created and code == "ESIG" and title in outputs:
                deliverable.outputs.add(outputs[title])

    def student_paths(self):
        """Teacher students of each group: placements at mentors' colleges, some hired (most in
        shortage fields), linked to the contacts that led there."""
        if TeacherStudent.objects.filter(vte_group__in=self.s.groups).exists():
            return
        rng = self.rng
        contacts_by_group: dict[int, list] = {}
        for contact in Contact.objects.filter(vte_group__in=self.s.groups).order_by("date", "pk"):
            contacts_by_group.setdefault(contact.vte_group_id, []).append(contact)
        for group in self.s.groups:
            contacts = contacts_by_group.get(group.pk, [])
            if not contacts or group.starts_on > self.today:
                continue
            for index in range(min(group.size, rng.randint(3, 6))):
                student = TeacherStudent.objects.create(
                    vte_group=group,
                    reference=f"{group.name[:20]} S{index + 1}",
                    created_by=group.teacher_educator,
                )
                contact = rng.choice(contacts)
                starts_on = min(contact.date + datetime.timedelta(days=14), self.today)
                placement = Placement.objects.create(
                    student=student,
                    college=contact.college,
                    field=group.field,
                    mentor=contact.mentor,
                    starts_on=starts_on,
                    ends_on=starts_on + datetime.timedelta(days=rng.choice((28, 42, 56))),
                    created_by=group.teacher_educator,
                )
                placement.contacts.add(contact)
                draw = rng.random()
                shortage = group.field is not None and group.field.is_shortage
                if draw < (0.6 if shortage else 0.3):
                    kind = StudentOutcome.Kind.HIRED
                elif draw < 0.75:
                    kind = StudentOutcome.Kind.OFFERED
                elif draw < 0.9:
                    kind = StudentOutcome.Kind.FURTHER_CONTACT
                else:
                    continue
                day = min(
                    placement.ends_on + datetime.timedelta(days=rng.randint(7, 90)), self.today
                )
                outcome = StudentOutcome.objects.create(
                    student=student,
                    kind=kind,
                    college=contact.college,
                    field=group.field,
                    date=day,
                    created_by=group.teacher_educator,
                )
                outcome.contacts.add(contact)

    def feedback(self):
        """The demo teacher educator's answered requests were asked whether they helped, and
        attendees of past events were asked for feedback; most answered."""
        rng = self.rng
        requests = ContactRequest.objects.filter(
            status__in=(ContactRequest.Status.ACCEPTED, ContactRequest.Status.DECLINED),
            responded_at__isnull=False,
        ).select_related("requester")
        for index, request in enumerate(requests.order_by("pk")):
            answered = index % 3 != 2
            ContactFeedback.objects.get_or_create(
                request=request,
                defaults={
                    "recipient": request.requester,
                    "created_at": request.responded_at,
                    "sent_at": request.responded_at,
                    "score": rng.randint(3, 5) if answered else None,
                    "what_came_of_it": "Two teacher students got a training place."
                    if answered and request.status == ContactRequest.Status.ACCEPTED
                    else "",
                    "answered_at": request.responded_at + datetime.timedelta(days=3)
                    if answered
                    else None,
                },
            )
        past = Registration.objects.filter(
            attended=True, event__ends_at__lt=self.now, feedback__isnull=True
        ).select_related("event")
        rows = []
        for registration in past.order_by("pk"):
            answered = rng.random() < 0.7
            sent = registration.event.ends_at + datetime.timedelta(hours=2)
            rows.append(
                EventFeedback(
                    registration=registration,
                    created_at=sent,
                    sent_at=sent,
                    score=rng.randint(3, 5) if answered else None,
                    comment="",
                    answered_at=sent + datetime.timedelta(days=1) if answered else None,
                )
            )
        EventFeedback.objects.bulk_create(rows, ignore_conflicts=True)

    def curriculum_proposals(self):
        if CurriculumProposal.objects.filter(proposal=PROPOSALS[0][0]).exists():
            return
        contacts = list(
            Contact.objects.filter(
                curriculum_input=True, curriculum_proposal__isnull=True
            ).order_by("-date", "pk")[: len(PROPOSALS)]
        )
        decider = self.s.users["educator"]
        for contact, (text, status, change) in zip(contacts, PROPOSALS, strict=False):
            decided = status != CurriculumProposal.Status.PROPOSED
            CurriculumProposal.objects.create(
                contact=contact,
                proposal=text,
                status=status,
                change=change,
                decided_by=decider if decided else None,
                decided_at=timezone.make_aware(
                    datetime.datetime.combine(
                        min(contact.date + datetime.timedelta(days=20), self.today),
                        datetime.time(12),
                    )
                )
                if decided
                else None,
            )
