"""DemoSeeder: the demo network written idempotently (see portal.demo)."""

import datetime
import random

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from colleges.models import (
    CollegeUnit,
    Country,
    PartnerCollege,
    VocationalField,
    VTEGroup,
    VTEInstitution,
)
from leadvet import roles
from leadvet.models import User
from mentors.models import (
    Availability,
    Language,
    MembershipPeriod,
    Mentor,
    MentorTask,
    StatusChange,
    WorkMode,
)
from mentors.services.history import snapshot_mentor_relations
from portal.demo.activity import ActivitySeeding
from portal.demo.content import (
    COLLEGE_COORDINATOR_EMAIL,
    COORDINATED_COLLEGE,
    COORDINATED_COUNTRY,
    COORDINATOR_EMAIL,
    COUNTRIES,
    COUNTRY_COORDINATOR_EMAIL,
    DEMO_PASSWORD,
    EDUCATOR_EMAIL,
    FI_MENTORS,
    FOREIGN_COLLEGES,
    FOREIGN_MENTORS,
    MENTOR_EMAIL,
    MENTOR_TASK_NATIONAL_VARIATIONS,
    PARTNER_COLLEGES,
    RANDOM_SEED,
    SEED_FIELDS,
    SEED_LANGUAGES,
    STEERING_EMAIL,
    VTE_GROUPS,
    VTE_INSTITUTION,
)
from portal.demo.events import EventSeeding
from portal.demo.helpers import Seeded, _ascii, _terms_around, reference_data_missing
from portal.demo.outcomes import OutcomeSeeding
from portal.demo.practice import PracticeSeeding
from portal.demo.space import SpaceSeeding
from portal.demo.surveys import SurveySeeding


class DemoSeeder(
    ActivitySeeding, EventSeeding, SurveySeeding, SpaceSeeding, OutcomeSeeding, PracticeSeeding
):
    """Writes the demo network, each part found by a natural key before it is created."""

    def __init__(self, *, now: datetime.datetime):
        self.rng = random.Random(RANDOM_SEED)
        self.now = now
        self.today = timezone.localdate(now)
        self.tz = timezone.get_current_timezone()
        self.s = Seeded()
        self.demo_hash = ""
        self.respondents_cache = None

    def local(self, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=self.tz)

    def run(self) -> Seeded:
        self.reference_data()
        self.organisations()
        self.demo_users()
        self.vte_groups()
        self.mentors()
        self.availability()
        self.assignments_and_requests()
        self.contacts()
        self.announcements()
        self.events()
        self.surveys()
        self.space_topics()
        self.outcomes()
        self.practice()
        return self.s

    # Reference data ------------------------------------------------------------------------

    def reference_data(self):
        """Read the vocational fields, languages and the eight mentor tasks that the migrations
        created. Fields in the order they were created, so the random draws from them are
        those of every earlier run on the same catalogue."""
        self.s.fields = list(VocationalField.objects.order_by("pk"))
        self.s.languages = {language.code: language for language in Language.objects.all()}
        self.s.tasks = list(
            MentorTask.objects.filter(number__in=MENTOR_TASK_NATIONAL_VARIATIONS).order_by("number")
        )
        fields = {f.name for f in self.s.fields}
        numbers = {task.number for task in self.s.tasks}
        missing = [
            *(f"mentor task {n}" for n in MENTOR_TASK_NATIONAL_VARIATIONS if n not in numbers),
            *(f"vocational field “{name}”" for name in SEED_FIELDS if name not in fields),
            *(f"language “{code}”" for code in SEED_LANGUAGES if code not in self.s.languages),
        ]
        if missing:
            raise reference_data_missing(", ".join(missing))

    # Organisations -------------------------------------------------------------------------

    def organisations(self):
        for code, name in COUNTRIES:
            self.s.countries[code], _ = Country.objects.get_or_create(
                code=code, defaults={"name": name}
            )
        finland = self.s.countries["FI"]
        for name, short, city, units in PARTNER_COLLEGES:
            self.s.colleges.append(self._college(name, short, finland, city, units))
        for name, short, code, city, units in FOREIGN_COLLEGES:
            self.s.foreign_colleges.append(
                self._college(name, short, self.s.countries[code], city, units)
            )
        VTEInstitution.objects.get_or_create(
            name=VTE_INSTITUTION, defaults={"country": finland, "city": "Helsinki"}
        )

    def _college(self, name, short, country, city, unit_names) -> PartnerCollege:
        college, _ = PartnerCollege.objects.get_or_create(
            name=name, defaults={"short_name": short, "country": country, "city": city}
        )
        college.seed_units = []
        for unit_name in unit_names:
            unit, _ = CollegeUnit.objects.get_or_create(
                college=college, name=unit_name, defaults={"city": city}
            )
            college.seed_units.append(unit)
        college.fields.add(*self.rng.sample(self.s.fields, 4))
        return college

    # People --------------------------------------------------------------------------------

    def user(self, email: str, first: str, last: str, role: str, *, demo=False, **extra) -> User:
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last, **extra}
        )
        if created:
            # Only on creation: a second run never resets a password someone changed.
            if demo:
                # Hashed once for the four demo users: a slow hash per user would dominate the run.
                self.demo_hash = self.demo_hash or make_password(DEMO_PASSWORD)
                user.password = self.demo_hash
            else:
                user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(roles.role_group(role))
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def demo_users(self):
        u = self.s.users
        u["coordinator"] = self.user(
            COORDINATOR_EMAIL,
            "Kaarina",
            "Koordinaattori",
            roles.COORDINATOR,
            demo=True,
            is_staff=True,
        )
        u["educator"] = self.user(
            EDUCATOR_EMAIL, "Outi", "Opettajankouluttaja", roles.TEACHER_EDUCATOR, demo=True
        )
        u["steering"] = self.user(
            STEERING_EMAIL, "Sakari", "Ohjausryhmä", roles.STEERING, demo=True
        )
        u["college_coordinator"] = self.user(
            COLLEGE_COORDINATOR_EMAIL, "Veera", "Varia", roles.COLLEGE_COORDINATOR, demo=True
        )
        next(c for c in self.s.colleges if c.name == COORDINATED_COLLEGE).coordinators.add(
            u["college_coordinator"]
        )
        u["country_coordinator"] = self.user(
            COUNTRY_COORDINATOR_EMAIL, "Kadri", "Kask", roles.COUNTRY_COORDINATOR, demo=True
        )
        self.s.countries[COORDINATED_COUNTRY].coordinators.add(u["country_coordinator"])
        u["educator2"] = self.user(
            "erkki.esimerkkikouluttaja@vte.example.org",
            "Erkki",
            "Esimerkkikouluttaja",
            roles.TEACHER_EDUCATOR,
        )

    def vte_groups(self):
        institution = VTEInstitution.objects.get(name=VTE_INSTITUTION)
        fields = {f.name: f for f in self.s.fields}
        for term_index, term in enumerate(_terms_around(self.today)):
            for name, field_name, size, educator in VTE_GROUPS[term_index % 2 :: 2]:
                group, _ = VTEGroup.objects.get_or_create(
                    institution=institution,
                    name=name,
                    term=term.name,
                    defaults={
                        "teacher_educator": self.s.users[educator],
                        "starts_on": term.starts_on,
                        "ends_on": term.ends_on,
                        "field": fields[field_name],
                        "language": "fi",
                        "size": size,
                        "closed_at": (
                            self.local(term.ends_on, 16) if term.ends_on < self.today else None
                        ),
                    },
                )
                self.s.groups.append(group)
        for task in self.s.tasks:
            if task.number in (1, 2, 4, 5):
                task.groups_needing.add(*[g for g in self.s.groups if g.closed_at is None])

    def mentors(self):
        fi, en, sv = (self.s.languages[c] for c in ("fi", "en", "sv"))
        for index, (first, last, college_index, status) in enumerate(FI_MENTORS):
            email = (
                MENTOR_EMAIL
                if index == 0
                else f"{_ascii(first)}.{_ascii(last)}@mentors.example.org"
            )
            college = self.s.colleges[college_index]
            languages = [fi, en] + ([sv] if index % 5 == 2 else [])
            self.s.mentors.append(
                self._mentor(email, first, last, college, status, index, languages, demo=index == 0)
            )
        for index, (first, last, college_index, language) in enumerate(FOREIGN_MENTORS):
            college = self.s.foreign_colleges[college_index]
            email = f"{_ascii(first)}.{_ascii(last)}@mentors.example.org"
            languages = [self.s.languages[language], en]
            # They use the portal in their own language (Estonian, Dutch).
            self.s.foreign_mentors.append(
                self._mentor(
                    email, first, last, college, "active", 30 + index, languages, portal=language
                )
            )

    def _mentor(
        self, email, first, last, college, status, index, languages, demo=False, portal="en"
    ) -> Mentor:
        rng = self.rng
        user = self.user(email, first, last, roles.MENTOR, demo=demo, language=portal)
        # Drawn whether or not the mentor exists, so the random sequence never depends on the DB.
        unit = college.seed_units[index % len(college.seed_units)]
        joined = datetime.date(2023, 1, 16) + datetime.timedelta(days=rng.randint(0, 40))
        if status == "candidate":
            joined = self.today - datetime.timedelta(days=rng.randint(10, 60))
        fields = rng.sample(self.s.fields, rng.randint(1, 3))
        tasks = rng.sample(self.s.tasks, rng.randint(2, 5))
        capacity = rng.randint(1, 3)
        mentor, created = Mentor.objects.get_or_create(
            user=user,
            defaults={
                "college": college,
                "unit": unit,
                "status": status,
                "official_status_date": None if status == "candidate" else joined,
                "title": "Vocational teacher" if index % 4 else "Senior vocational teacher",
                "capacity_groups": capacity,
                # From the demo's training days they attended (EventSeeding.training_dates).
                "trained_on": None,
                "contact_preferences": "Email first, then Teams.",
            },
        )
        if created:
            MembershipPeriod.objects.create(
                mentor=mentor, college=college, unit=unit, starts_on=joined
            )
            StatusChange.objects.create(
                mentor=mentor,
                from_status="" if status in ("candidate", "active") else "active",
                to_status=status,
                changed_at=self.local(joined, 12),
                note="Demo data",
            )
            mentor.skip_history_when_saving = True  # one history record, not one per table
            mentor.fields.add(*fields)
            mentor.languages.add(*languages)
            mentor.tasks.add(*tasks)
            del mentor.skip_history_when_saving
            snapshot_mentor_relations(mentor_ids=[mentor.pk])
        # The seed's own plan, not the row's current state: someone may have changed the
        # mentor since, and a second run must still pick the same people for the same rows.
        mentor.seed_status = status
        mentor.seed_tasks = sorted(tasks, key=lambda t: t.number)
        mentor.seed_joined = joined
        return mentor

    def availability(self):
        rows, task_links = [], []
        existing = set(
            Availability.objects.filter(mentor__in=self.all_mentors).values_list(
                "mentor_id", flat=True
            )
        )
        for index, mentor in enumerate(self.all_mentors):
            hours = self.rng.choice([2, 4, 4, 6, 8])
            mode = self.rng.choice([WorkMode.BOTH, WorkMode.BOTH, WorkMode.ONSITE, WorkMode.REMOTE])
            if mentor.pk in existing or mentor.seed_status in ("alumni", "candidate"):
                continue
            if index % 7 == 3:
                # Ran out a while ago: the availability nudge has something to do.
                periods = [("available", -200, -20, hours)]
            else:
                periods = [("available", -45, 140, hours)]
                if index % 6 == 1:
                    periods.append(("away", 30, 44, 0))
            for kind, start, end, h in periods:
                period = Availability(
                    mentor=mentor,
                    kind=kind,
                    starts_on=self.today + datetime.timedelta(days=start),
                    ends_on=self.today + datetime.timedelta(days=end),
                    hours_per_month=h,
                    mode=mode,
                    note="Not during the exam weeks."
                    if kind == "available" and index % 3 == 0
                    else "",
                )
                rows.append(period)
                if kind == "available":
                    task_links.append((period, mentor.seed_tasks))
        Availability.objects.bulk_create(rows)
        through = Availability.tasks.through
        through.objects.bulk_create(
            [
                through(availability_id=p.pk, mentortask_id=t.pk)
                for p, tasks in task_links
                for t in tasks
            ]
        )

    @property
    def all_mentors(self) -> list[Mentor]:
        return self.s.mentors + self.s.foreign_mentors

    def open_groups(self):
        return [g for g in self.s.groups if g.closed_at is None]
