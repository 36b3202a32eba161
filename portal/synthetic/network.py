"""Network: one synthetic national network, written table by table."""

import datetime
import random
import time

from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

from colleges.models import (
    CollegeUnit,
    Country,
    PartnerCollege,
    VocationalField,
    VTEGroup,
    VTEInstitution,
)
from events.models import Event, Registration
from leadvet import roles
from leadvet.models import User
from mentors.models import (
    Availability,
    Contact,
    ContactRequest,
    Language,
    MembershipPeriod,
    Mentor,
    MentorTask,
)
from portal.demo.helpers import reference_data_missing
from portal.synthetic.activity import ContactWriting
from portal.synthetic.content import (
    COUNTRIES,
    FIRST_NAMES,
    HISTORY_DAYS,
    LAST_NAMES,
    UNUSABLE_PASSWORD,
    scaled,
)
from portal.synthetic.events import EventWriting
from portal.synthetic.outcomes import OUTCOME_MODELS, OutcomeWriting
from portal.synthetic.surveys import SurveyWriting
from portal.synthetic.writer import TableWriter, bulk_load, next_id
from surveys.models import Answer, Question, Response, Survey
from surveys.models import Invitation as SurveyInvitation

# Every table the network writes rows into: loaded by `bulk_load`, their id sequences moved past
# the new ids, and vacuumed by the command once the rows are committed.
MODELS_WRITTEN = [
    User,
    PartnerCollege,
    CollegeUnit,
    VTEInstitution,
    VTEGroup,
    Mentor,
    MembershipPeriod,
    Availability,
    Contact,
    ContactRequest,
    Event,
    Registration,
    Survey,
    Question,
    SurveyInvitation,
    Response,
    Answer,
    Mentor.fields.through,
    Mentor.tasks.through,
    Mentor.languages.through,
    User.groups.through,
    PartnerCollege.fields.through,
    *OUTCOME_MODELS,
]


class Network(ContactWriting, EventWriting, SurveyWriting, OutcomeWriting):
    def __init__(self, *, seed: int, scale: str, tag: str, now: datetime.datetime, log):
        self.rng = random.Random(seed)
        self.sizes = scaled(scale)
        self.tag = tag
        self.now = now
        self.today = timezone.localdate(now)
        self.log = log

    def aware(self, day: datetime.date, hour: int) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    def name(self, index: int) -> tuple[str, str]:
        return FIRST_NAMES[index % len(FIRST_NAMES)], LAST_NAMES[
            (index // len(FIRST_NAMES)) % len(LAST_NAMES)
        ]

    def step(self, label: str, started: float) -> None:
        self.log(f"{label}: {time.monotonic() - started:.1f} s")

    def run(self) -> dict[str, int]:
        """Write the network (inside the caller's transaction); return what was written."""
        started = time.monotonic()
        self.catalogues()
        with bulk_load(MODELS_WRITTEN):
            self.organisations()
            self.step("colleges, groups and catalogues", started)
            self.users_and_mentors()
            self.step("users and mentors", started)
            self.contacts()
            self.step("contacts", started)
            self.events()
            self.step("events and registrations", started)
            self.surveys()
            self.step("surveys", started)
            self.outcomes()
            self.step("teacher students, placements, hires and feedback", started)
        self.step("indexes built and foreign keys checked", started)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), MODELS_WRITTEN):
                cursor.execute(sql)
        return {
            "colleges": len(self.colleges),
            "mentors": len(self.mentors),
            "contacts": self.contact_count,
            "events": len(self.events_rows),
            "registrations": self.registration_count,
            "responses": self.response_count,
            "answers": self.answer_count,
            "student_outcomes": self.outcome_count,
        }

    # Reference data: countries found or created; the vocational fields, languages and mentor
    # tasks are those the migrations created (and any added since), in a fixed order ------

    def catalogues(self):
        self.countries = [
            Country.objects.get_or_create(code=code, defaults={"name": name})[0]
            for code, name in COUNTRIES
        ]
        self.fields = list(VocationalField.objects.order_by("pk"))
        self.languages = list(Language.objects.order_by("pk"))
        self.tasks = list(MentorTask.objects.order_by("number"))
        # Each college teaches 4 fields; each mentor speaks 2 languages and has up to 5 tasks.
        missing = [
            f"{what} (it has {len(rows)}, the network needs {needed})"
            for what, rows, needed in [
                ("vocational fields", self.fields, 4),
                ("languages", self.languages, 2),
                ("mentor tasks", self.tasks, 5),
            ]
            if len(rows) < needed
        ]
        if missing:
            raise reference_data_missing(" and ".join(missing))
        self.groups = {role: roles.role_group(role) for role in roles.ALL_ROLES}

    def organisations(self):
        rng, sizes = self.rng, self.sizes
        self.institutions = [
            VTEInstitution.objects.create(
                name=f"{country.name} VTE institute {self.tag}", country=country, city="Capital"
            )
            for country in self.countries
        ]
        first_college = next_id(PartnerCollege)
        self.colleges = PartnerCollege.objects.bulk_create(
            [
                PartnerCollege(
                    id=first_college + i,
                    name=f"Vocational College {i + 1:03d} {self.tag}",
                    short_name=f"VC{i + 1:03d}",
                    country=self.countries[i % len(self.countries)]
                    if i % 5 == 0
                    else self.countries[0],
                    city=f"City {i % 40 + 1}",
                )
                for i in range(sizes["colleges"])
            ]
        )
        PartnerCollege.fields.through.objects.bulk_create(
            [
                PartnerCollege.fields.through(partnercollege_id=c.id, vocationalfield_id=f.id)
                for c in self.colleges
                for f in rng.sample(self.fields, 4)
            ]
        )
        first_unit = next_id(CollegeUnit)
        self.units = CollegeUnit.objects.bulk_create(
            [
                CollegeUnit(
                    id=first_unit + 2 * i + j, college=c, name=f"Campus {j + 1}", city=c.city
                )
                for i, c in enumerate(self.colleges)
                for j in range(2)
            ]
        )
        self.units_of = {c.id: [] for c in self.colleges}
        for unit in self.units:
            self.units_of[unit.college_id].append(unit)

    # People ---------------------------------------------------------------------------------

    def users_and_mentors(self):
        rng, sizes, now = self.rng, self.sizes, self.now
        users = TableWriter(
            User,
            [
                "id",
                "password",
                "first_name",
                "last_name",
                "email",
                "date_joined",
                "is_staff",
                "is_active",
                "is_superuser",
                "language",
            ],
        )
        memberships = TableWriter(User.groups.through, ["user_id", "group_id"])
        first_user = next_id(User)
        # Teacher educators own the VTE groups; then one user per mentor.
        educator_ids = list(range(first_user, first_user + sizes["teacher_educators"]))
        mentor_user_ids = list(
            range(first_user + len(educator_ids), first_user + len(educator_ids) + sizes["mentors"])
        )
        user_rows, group_rows = [], []
        for index, user_id in enumerate(educator_ids + mentor_user_ids):
            first, last = self.name(index)
            kind = "educator" if index < len(educator_ids) else "mentor"
            email = f"{kind}{index}.{self.tag}@generated.example.org"
            user_rows.append(
                (
                    user_id,
                    UNUSABLE_PASSWORD,
                    first,
                    last,
                    email,
                    now,
                    False,
                    True,
                    False,
                    "fi" if index % 3 else "en",
                )
            )
            role = roles.TEACHER_EDUCATOR if kind == "educator" else roles.MENTOR
            group_rows.append((user_id, self.groups[role].id))
        users.write(iter(user_rows))
        memberships.write(iter(group_rows))
        self.user_emails = {row[0]: row[4] for row in user_rows}

        first_group = next_id(VTEGroup)
        terms = []
        for back in range(6):
            year = self.today.year - back // 2
            if back % 2 == 0:
                terms.append(
                    (f"Autumn {year}", datetime.date(year, 8, 1), datetime.date(year, 12, 31))
                )
            else:
                terms.append(
                    (f"Spring {year}", datetime.date(year, 1, 1), datetime.date(year, 7, 31))
                )
        self.vte_groups = VTEGroup.objects.bulk_create(
            [
                VTEGroup(
                    id=first_group + i,
                    institution=self.institutions[i % len(self.institutions)],
                    name=f"Group {i + 1:03d}",
                    term=terms[i % len(terms)][0],
                    starts_on=terms[i % len(terms)][1],
                    ends_on=terms[i % len(terms)][2],
                    teacher_educator_id=educator_ids[i % len(educator_ids)],
                    field=self.fields[i % len(self.fields)],
                    size=rng.randint(12, 30),
                )
                for i in range(sizes["vte_groups"])
            ]
        )

        first_mentor = next_id(Mentor)
        statuses = ["active"] * 7 + ["candidate", "paused", "alumni"]
        mentor_rows, period_rows, availability_rows = [], [], []
        field_rows, task_rows, language_rows = [], [], []
        self.mentors = []  # (mentor id, college id, user id)
        first_period = next_id(MembershipPeriod)
        first_availability = next_id(Availability)
        for index, user_id in enumerate(mentor_user_ids):
            mentor_id = first_mentor + index
            college = self.colleges[rng.randrange(len(self.colleges))]
            unit = rng.choice(self.units_of[college.id])
            status = rng.choice(statuses)
            joined = self.today - datetime.timedelta(days=rng.randint(30, HISTORY_DAYS + 365))
            mentor_rows.append(
                (
                    mentor_id,
                    user_id,
                    college.id,
                    unit.id,
                    status,
                    None if status == "candidate" else joined,
                    "Vocational teacher",
                    "",
                    "",
                    "",
                    rng.randint(1, 3),
                    joined if status != "candidate" else None,
                    False,
                    now,
                    now,
                )
            )
            period_rows.append((first_period + index, mentor_id, college.id, unit.id, joined, None))
            start = self.today - datetime.timedelta(days=rng.randint(0, 120))
            availability_rows.append(
                (
                    first_availability + index,
                    mentor_id,
                    "available",
                    start,
                    start + datetime.timedelta(days=rng.randint(30, 240)),
                    rng.choice([2, 4, 8]),
                    "both",
                    "",
                )
            )
            for field in rng.sample(self.fields, rng.randint(1, 3)):
                field_rows.append((mentor_id, field.id))
            for task in rng.sample(self.tasks, rng.randint(2, 5)):
                task_rows.append((mentor_id, task.id))
            for language in rng.sample(self.languages, 2):
                language_rows.append((mentor_id, language.id))
            self.mentors.append((mentor_id, college.id, user_id))
        TableWriter(
            Mentor,
            [
                "id",
                "user_id",
                "college_id",
                "unit_id",
                "status",
                "official_status_date",
                "title",
                "phone",
                "bio",
                "contact_preferences",
                "capacity_groups",
                "trained_on",
                "nudges_paused",
                "created_at",
                "updated_at",
            ],
        ).write(iter(mentor_rows))
        TableWriter(
            MembershipPeriod, ["id", "mentor_id", "college_id", "unit_id", "starts_on", "ends_on"]
        ).write(iter(period_rows))
        TableWriter(
            Availability,
            ["id", "mentor_id", "kind", "starts_on", "ends_on", "hours_per_month", "mode", "note"],
        ).write(iter(availability_rows))
        TableWriter(Mentor.fields.through, ["mentor_id", "vocationalfield_id"]).write(
            iter(field_rows)
        )
        TableWriter(Mentor.tasks.through, ["mentor_id", "mentortask_id"]).write(iter(task_rows))
        TableWriter(Mentor.languages.through, ["mentor_id", "language_id"]).write(
            iter(language_rows)
        )
        self.educator_ids = educator_ids
