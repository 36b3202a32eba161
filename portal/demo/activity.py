"""Demo activity: group assignments, contact requests, contacts and announcements."""

import datetime

from django.utils import timezone

from mentors.models import (
    Announcement,
    Channel,
    Contact,
    ContactRequest,
    CounterpartKind,
    GroupAssignment,
)
from portal.demo.content import (
    CHANNEL_WEIGHTS,
    CONTACT_SUMMARIES,
    COUNTERPART_WEIGHTS,
    TASK_OUTCOME,
)
from portal.demo.helpers import _weighted


class ActivitySeeding:
    """Part of DemoSeeder (state and helpers are DemoSeeder's)."""

    def assignments_and_requests(self):
        coordinator, educator = self.s.users["coordinator"], self.s.users["educator"]
        active = [m for m in self.s.mentors if m.seed_status == "active"]
        roles_cycle = list(GroupAssignment.Role)
        for i, group in enumerate(self.s.groups):
            for j in range(2):
                mentor = active[(i * 2 + j) % len(active)]
                GroupAssignment.objects.get_or_create(
                    mentor=mentor,
                    vte_group=group,
                    role=roles_cycle[(i + j) % len(roles_cycle)],
                    defaults={
                        "starts_on": group.starts_on,
                        "ends_on": group.ends_on if group.closed_at else None,
                        "created_by": coordinator,
                    },
                )
        tasks = {t.number: t for t in self.s.tasks}
        current = self.open_groups()[0] if self.open_groups() else None
        plan = [
            (0, "Visit to our group as expert by experience", 4, "open", 3, ""),
            (1, "Training period places in business studies", 2, "open", 6, ""),
            (
                2,
                "Study visit to your workshops",
                5,
                "accepted",
                20,
                "Happy to host you, let's agree the date.",
            ),
            (
                3,
                "Recruitment of teacher students",
                1,
                "accepted",
                35,
                "Yes, we have two posts opening.",
            ),
            (
                4,
                "Comments on the curriculum module",
                3,
                "declined",
                15,
                "Sorry, no time this term.",
            ),
        ]
        for mentor_index, topic, task_number, status, days_ago, answer in plan:
            mentor = active[mentor_index]
            created_at = self.now - datetime.timedelta(days=days_ago)
            request, created = ContactRequest.objects.get_or_create(
                requester=educator,
                mentor=mentor,
                topic=topic,
                defaults={
                    "task": tasks[task_number],
                    "message": "Would you have time for our teacher students this term?",
                    "vte_group": current,
                    "status": status,
                    "response_message": answer,
                    "responded_at": created_at + datetime.timedelta(days=2)
                    if status != "open"
                    else None,
                    "created_at": created_at,
                },
            )
            if created and status == "accepted":
                Contact.objects.create(
                    mentor=mentor,
                    college=mentor.college,
                    date=timezone.localdate(created_at) + datetime.timedelta(days=5),
                    counterpart_kind=CounterpartKind.TEACHER_EDUCATOR,
                    vte_group=current,
                    task=tasks[task_number],
                    channel=Channel.VIDEO,
                    duration_minutes=45,
                    is_formal=True,
                    summary=answer,
                    request=request,
                )

    def contacts(self):
        """A few hundred contacts over the last ~18 months, for mentors who have none yet."""
        rng = self.rng
        have_contacts = set(
            Contact.objects.filter(mentor__in=self.all_mentors, request__isnull=True)
            .values_list("mentor_id", flat=True)
            .distinct()
        )
        rows = []
        for mentor in self.all_mentors:
            if mentor.seed_status == "candidate":
                continue
            count = rng.randint(3, 6) if mentor in self.s.foreign_mentors else rng.randint(8, 20)
            # Paused and alumni mentors were active earlier, not in the last months.
            newest = 150 if mentor.seed_status in ("paused", "alumni") else 0
            batch = []
            for _ in range(count):
                task = rng.choice(mentor.seed_tasks)
                day = self.today - datetime.timedelta(days=rng.randint(newest, 540))
                groups = [g for g in self.s.groups if g.starts_on <= day <= g.ends_on]
                kind = _weighted(rng, COUNTERPART_WEIGHTS)
                outcome = TASK_OUTCOME.get(task.number)
                flags = {
                    name: rng.random() < (0.55 if name == outcome else 0.07)
                    for name in (
                        "placement",
                        "recruitment_lead",
                        "curriculum_input",
                        "wellbeing_insight",
                        "other_outcome",
                    )
                }
                batch.append(
                    Contact(
                        mentor=mentor,
                        college=mentor.college,
                        date=day,
                        counterpart_kind=kind,
                        vte_group=rng.choice(groups) if groups and rng.random() < 0.7 else None,
                        task=task,
                        channel=_weighted(rng, CHANNEL_WEIGHTS),
                        duration_minutes=rng.choice([15, 30, 30, 45, 60, 60, 90, 120]),
                        is_formal=rng.random() < 0.3,
                        summary=rng.choice(CONTACT_SUMMARIES[task.number]),
                        **flags,
                    )
                )
            if mentor.pk not in have_contacts:
                rows.extend(batch)
        Contact.objects.bulk_create(rows)

    def announcements(self):
        coordinator = self.s.users["coordinator"]
        Announcement.objects.get_or_create(
            title="Welcome to the LeadVET mentor portal",
            defaults={
                "body": "Keep your availability up to date and log your contacts: the steering "
                "group follows the network's activity from them.",
                "author": coordinator,
                "published_at": self.now - datetime.timedelta(days=40),
                "confirmed_at": self.now - datetime.timedelta(days=40),
            },
        )
        Announcement.objects.get_or_create(
            title="Mentor training next term: registration is open",
            defaults={
                "body": "New and current mentors of the Finnish partner colleges are welcome to the "
                "next mentor training. Register in the portal's event list.",
                "audience": Announcement.Audience.COUNTRY,
                "country": self.s.countries["FI"],
                "author": coordinator,
                "published_at": self.now - datetime.timedelta(days=6),
                "confirmed_at": self.now - datetime.timedelta(days=6),
            },
        )

    # Events --------------------------------------------------------------------------------
