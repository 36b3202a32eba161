"""Load the LeadVET demo network: the seed documents' colleges, events and surveys.

The mentor tasks, vocational fields and languages are reference data that the migrations
create; the seed reads them from the database (a migrated one) and creates none.

Idempotent: every row is found by a natural key before it is created, the random
spread (contacts, registrations, responses) comes from a fixed `random.Random`, and a
spread is only written where it does not exist yet. A second run changes nothing.
"""

import datetime
import random
import secrets
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from colleges.models import (
    CollegeUnit,
    Country,
    PartnerCollege,
    VocationalField,
    VTEGroup,
    VTEInstitution,
)
from events.models import Event, EventOutput, Registration
from leadvet import roles
from leadvet.models import User
from mentors.models import (
    Announcement,
    Availability,
    Channel,
    Contact,
    ContactRequest,
    CounterpartKind,
    GroupAssignment,
    Language,
    MembershipPeriod,
    Mentor,
    MentorTask,
    StatusChange,
    WorkMode,
)
from mentors.services.history import snapshot_mentor_relations
from surveys.models import (
    DEFAULT_MATRIX_COLUMNS,
    Answer,
    Question,
    RespondentRole,
    Response,
    Survey,
    SurveyNotice,
)
from surveys.models import Invitation as SurveyInvitation

DEMO_PASSWORD = "leadvet-demo-2026"
RANDOM_SEED = 20230411  # the first mentor training day

COORDINATOR_EMAIL = "coordinator@example.org"
EDUCATOR_EMAIL = "educator@example.org"
MENTOR_EMAIL = "mentor@example.org"
STEERING_EMAIL = "steering@example.org"
COLLEGE_COORDINATOR_EMAIL = "college@example.org"
COORDINATED_COLLEGE = "Vantaa Vocational College Varia"

VTE_INSTITUTION = "Haaga-Helia University of Applied Sciences"

# (code, name)
COUNTRIES = [("FI", "Finland"), ("EE", "Estonia"), ("NL", "Netherlands")]

# The six partner colleges of seeds/000, verbatim: (name, short name, city, units).
PARTNER_COLLEGES = [
    ("Vantaa Vocational College Varia", "Varia", "Vantaa", ["Tikkurila campus", "Myyrmäki campus"]),
    ("Business College Helsinki", "BCH", "Helsinki", ["Pasila campus"]),
    (
        "Helsinki Vocational College and Adult Institute",
        "Stadin AO",
        "Helsinki",
        ["Sturenkatu unit", "Myllypuro unit", "Vilppulantie unit"],
    ),
    ("STEP Education Vocational College", "STEP", "Helsinki", ["Helsinki unit", "Kokkola unit"]),
    ("Ekami Vocational College", "Ekami", "Lohja", ["Lohja campus", "Raasepori campus"]),
    (
        "Diakonia College of Finland",
        "Diakonia",
        "Helsinki",
        ["Helsinki campus", "Järvenpää campus"],
    ),
]

# Fictional colleges abroad, for national comparison: (name, short name, country, city, units).
FOREIGN_COLLEGES = [
    ("Tallinn Harbour Vocational School", "THVS", "EE", "Tallinn", ["Harbour campus"]),
    ("Tartu Riverside Vocational College", "TRVC", "EE", "Tartu", ["Riverside campus"]),
    ("Utrecht Canal MBO College", "UCMC", "NL", "Utrecht", ["Oost location", "Centrum location"]),
]

# The mentor tasks, vocational fields and languages are reference data: the migrations
# mentors/0005_reference_tasks_and_languages and colleges/0003_vocational_fields create
# them, and the seed reads them from the database (see DemoSeeder.reference_data).

# The seed's remarks on national variations and state of the art, per task number, verbatim.
MENTOR_TASK_NATIONAL_VARIATIONS = {
    1: "The practices vary from semi –official meetings to formal structures coordinated "
    "nationally. Considered possible.",
    2: "In use with minor differences",
    3: "Variation from systematic to occasional participation.",
    4: "Variation. Might require extra resources",
    5: "Not in systematic use but possible. Might require extra resources",
    6: "Considered as natural part of mentor's role. Depending on resources not mandatory.",
    7: "Is taken seriously but mentor teachers' potential not utilized.",
    8: "Still semi structured activity",
}

# The nine statements of seeds/001, verbatim (their spelling included): (key, statement).
NETWORKING_STATEMENTS = [
    (
        "peer-networks",
        "Vocational teachers have peer networks outside your institute for developing their work.",
    ),
    (
        "in-service-participation",
        "Vocational teachers are systematically taking part to in-service trainings.",
    ),
    (
        "coordinate-training",
        "Vocational teachers coordinate teacher students' training sessions in educational institutions.",
    ),
    (
        "joint-events",
        "There are joint trainings/events for representatives of vocational teachers, vocational "
        "teacher training and working life.",
    ),
    (
        "informal-interaction",
        "There are organized opportunities for informal interaction between vocational education "
        "teachers, vocational teacher training teachers and representatives of working life.",
    ),
    (
        "curriculum-participation",
        "Vocational institutes have a possibility to take part in the development of teacher "
        "education curriculum.",
    ),
    (
        "in-service-needs",
        "In-service trainings for vocational teachers are fullfilling the present needs.",
    ),
    (
        "representation",
        "Vocational teachers are represented in groups or networks aimed at developing vocational "
        "education and vocational teachers' work.",
    ),
    (
        "leadership-cooperation",
        "There is regular leadership co-operation between vocational institutes and and vocational "
        "teacher training.",
    ),
]

NETWORKING_SURVEY = "State of networking"
TASKS_SURVEY = "Mentor tasks — national variations"
TASKS_MATRIX_KEY = "task-use"

# The VTE groups, two starting each term: (name, vocational field, size, teacher educator).
VTE_GROUPS = [
    ("Helsinki day group", "Business and administration", 24, "educator"),
    ("Early childhood and social care group", "Early childhood education", 18, "educator"),
    ("Technology and construction group", "Construction", 16, "educator2"),
    ("ICT and engineering online group", "ICT", 22, "educator"),
]

# 25 clearly fictional mentors (the Finnish words mean "example", "model", "sample"…):
# (first, last, college index, status). The first one is the demo mentor.
FI_MENTORS = [
    ("Aino", "Esimerkki", 0, "active"),
    ("Mikko", "Mallikas", 1, "active"),
    ("Maija", "Meikäläinen", 2, "active"),
    ("Matti", "Näytteinen", 3, "active"),
    ("Liisa", "Luonnosmaa", 4, "active"),
    ("Teemu", "Testinen", 5, "active"),
    ("Kaisa", "Kokeilu", 0, "active"),
    ("Ville", "Virtuaali", 1, "active"),
    ("Satu", "Sepitelmä", 2, "active"),
    ("Jussi", "Juonikas", 3, "active"),
    ("Hanna", "Harjoitus", 4, "active"),
    ("Pekka", "Pilottinen", 5, "active"),
    ("Noora", "Nukkekoti", 0, "active"),
    ("Olli", "Oletus", 1, "active"),
    ("Riikka", "Rooliasu", 2, "active"),
    ("Antti", "Aihio", 3, "active"),
    ("Elina", "Esitys", 4, "active"),
    ("Timo", "Tarina", 5, "active"),
    ("Laura", "Lavastus", 0, "active"),
    ("Jari", "Jäljitelmä", 2, "candidate"),
    ("Sanna", "Simulaatio", 5, "candidate"),
    ("Ilkka", "Ideamaa", 1, "paused"),
    ("Tiina", "Tyhjäpaperi", 3, "paused"),
    ("Marko", "Mallinen", 4, "alumni"),
    ("Päivi", "Pohjanen", 2, "alumni"),
]
# Mentors at the foreign colleges: (first, last, foreign college index, language code).
FOREIGN_MENTORS = [
    ("Kadri", "Näidis", 0, "et"),
    ("Margus", "Proovikivi", 0, "et"),
    ("Liis", "Katsetus", 1, "et"),
    ("Sanne", "Voorbeeld", 2, "nl"),
    ("Daan", "Proefmans", 2, "nl"),
]

# The reference rows the seed names (the migrations create them, see reference_data).
SEED_FIELDS = sorted({field_name for _name, field_name, _size, _educator in VTE_GROUPS})
SEED_LANGUAGES = ["fi", "en", "sv", *sorted({code for *_, code in FOREIGN_MENTORS})]

CONTACT_SUMMARIES = {
    1: [
        "Talked about open teacher posts in our unit and how teacher students could apply.",
        "Met the head of unit and the VTE coordinator about recruiting from the current group.",
        "Shared a recruitment notice with the VTE group's teacher educator.",
    ],
    2: [
        "Agreed the training period schedule for two teacher students.",
        "Planned the observation lessons and feedback for a teacher training period.",
        "Checked in on the training period halfway through; everything on track.",
    ],
    3: [
        "Commented on the draft of the next term's VTE curriculum module.",
        "Workshop on assessment contents of the teacher education curriculum.",
    ],
    4: [
        "Visited a VTE session as expert by experience on individual study paths.",
        "Talked in a VTE contact day about guiding students with special needs.",
    ],
    5: [
        "Hosted a study visit to our workshops for the VTE group.",
        "Planned a study visit on work-based learning with the teacher educator.",
    ],
    6: [
        "Discussion on teachers' workload and recovery in the unit.",
        "Shared insights on wellbeing at work from a teacher's perspective in a VTE session.",
    ],
    7: [
        "Explained how everyday VET work (rosters, HOKS plans) looks in practice.",
        "Went through a typical week of a vocational teacher with teacher students.",
    ],
    8: [
        "Mentor network meeting: shared experiences and planned the next term.",
        "Took part in the mentors' Teams discussion on the mentoring model.",
    ],
}

COUNTERPART_WEIGHTS = [
    (CounterpartKind.TEACHER_STUDENT, 30),
    (CounterpartKind.TEACHER_EDUCATOR, 25),
    (CounterpartKind.VTE_GROUP, 15),
    (CounterpartKind.VET_LEADER, 12),
    (CounterpartKind.WORKING_LIFE, 8),
    (CounterpartKind.MENTOR, 10),
]
CHANNEL_WEIGHTS = [
    (Channel.IN_PERSON, 30),
    (Channel.VIDEO, 25),
    (Channel.EMAIL, 15),
    (Channel.CHAT, 15),
    (Channel.PHONE, 8),
    (Channel.EVENT, 7),
]
# The outcome a task most often leads to.
TASK_OUTCOME = {
    1: "recruitment_lead",
    2: "placement",
    3: "curriculum_input",
    5: "placement",
    6: "wellbeing_insight",
    7: "curriculum_input",
}

# Mean Likert point per country and statement in round 1; round 2 is a little higher.
LIKERT_MEANS = {
    "FI": [3.8, 3.4, 4.1, 3.0, 2.8, 3.2, 2.9, 3.3, 2.7],
    "EE": [3.2, 3.8, 3.5, 2.6, 2.4, 2.7, 3.1, 2.9, 2.5],
    "NL": [3.9, 3.6, 3.7, 3.5, 3.3, 3.6, 3.0, 3.4, 3.2],
}
# Most likely column (0 = in systematic use … 3 = not in use) per country and task.
MATRIX_TENDENCY = {
    "FI": [2, 0, 1, 1, 2, 1, 1, 1],
    "EE": [1, 0, 2, 2, 2, 1, 2, 2],
    "NL": [0, 0, 0, 1, 1, 1, 1, 0],
}

# Synthetic survey respondents without a portal account, per country: (role, how many).
EXTRA_RESPONDENTS = {
    "FI": [(RespondentRole.VET_LEADER, 4), (RespondentRole.TEACHER_EDUCATOR, 3)],
    "EE": [
        (RespondentRole.VET_LEADER, 3),
        (RespondentRole.TEACHER_EDUCATOR, 2),
        (RespondentRole.WORKING_LIFE, 2),
    ],
    "NL": [
        (RespondentRole.VET_LEADER, 3),
        (RespondentRole.TEACHER_EDUCATOR, 2),
        (RespondentRole.WORKING_LIFE, 2),
    ],
}


HAAGA_HELIA_ADDRESS = "Haaga-Helia, Ratapihantie 13, 00520 Helsinki"


@dataclass(frozen=True)
class PastEvent:
    kind: str
    title: str
    day: datetime.date
    hour: int
    last_day: datetime.date
    end_hour: int
    description: str
    online: bool = False
    training: bool = False
    capacity: int | None = None


@dataclass(frozen=True)
class UpcomingEvent:
    kind: str
    title: str
    in_days: int
    hour: int
    hours: int
    description: str
    online: bool = False
    training: bool = False
    capacity: int | None = None


# The events of seeds/000 on their real dates (Europe/Helsinki), and the webinar where the
# Multiplier Event presentation was given again.
PAST_EVENTS = {
    "apr23": PastEvent(
        Event.Kind.TRAINING,
        "Mentor training and planning session",
        datetime.date(2023, 4, 11), 13, datetime.date(2023, 4, 11), 16,
        "Training and discussion session with the new mentors; the Teams group is opened.",
        training=True,
    ),
    "may23": PastEvent(
        Event.Kind.TRAINING,
        "Mentor training and planning days",
        datetime.date(2023, 5, 2), 9, datetime.date(2023, 5, 3), 15,
        "Two days of training and planning with the mentors and VTE.",
        training=True,
    ),
    "multiplier": PastEvent(
        Event.Kind.MULTIPLIER,
        "LeadVET Multiplier Event",
        datetime.date(2023, 9, 20), 9, datetime.date(2023, 9, 21), 16,
        "LeadVET Multiplier Event in Helsinki: preliminary research results and the model "
        "for mentoring presented.",
    ),
    "webinar23": PastEvent(
        Event.Kind.WEBINAR,
        "Webinar: the LeadVET mentoring model",
        datetime.date(2023, 10, 25), 14, datetime.date(2023, 10, 25), 15,
        "The mentoring model and the preliminary research results, presented online.",
        online=True,
    ),
    "dec23": PastEvent(
        Event.Kind.PLANNING,
        "Mentor training and planning meeting",
        datetime.date(2023, 12, 13), 13, datetime.date(2023, 12, 13), 16,
        "Training and planning event for the mentors.",
        training=True,
    ),
    "alumni24": PastEvent(
        Event.Kind.ALUMNI,
        "Alumni event",
        datetime.date(2024, 3, 14), 16, datetime.date(2024, 3, 14), 19,
        "Expanding mentoring practices to alumni networks.",
    ),
}  # fmt: skip

UPCOMING_EVENTS = {
    "training-next": UpcomingEvent(
        Event.Kind.TRAINING, "Mentor training for new mentors", 24, 13, 3,
        "Introduction to the mentor tasks, the contact log and the VTE groups of the term.",
        training=True, capacity=20,
    ),
    "webinar-next": UpcomingEvent(
        Event.Kind.WEBINAR, "Webinar: networks in VET leadership", 10, 14, 1,
        "Mentoring as informal semi-official networking: what the surveys tell.",
        online=True,
    ),
    "visit-next": UpcomingEvent(
        Event.Kind.STUDY_VISIT, "Study visit to Business College Helsinki", 38, 9, 4,
        "VTE students visit the college's learning environments with a mentor.",
        capacity=25,
    ),
}  # fmt: skip


def _ascii(text: str) -> str:
    return text.lower().translate(str.maketrans({"ä": "a", "ö": "o", "å": "a", "ü": "u"}))


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


@dataclass
class Term:
    name: str
    starts_on: datetime.date
    ends_on: datetime.date


def _terms_around(today: datetime.date) -> list[Term]:
    """The three previous terms, the current one and the next one."""
    year, autumn = today.year, today.month >= 7
    terms = []
    for step in range(-3, 2):
        index = year * 2 + (1 if autumn else 0) + step
        y, is_autumn = divmod(index, 2)
        if is_autumn:
            terms.append(Term(f"Autumn {y}", datetime.date(y, 8, 15), datetime.date(y, 12, 20)))
        else:
            terms.append(Term(f"Spring {y}", datetime.date(y, 1, 8), datetime.date(y, 5, 31)))
    return terms


@dataclass
class Seeded:
    countries: dict = field(default_factory=dict)
    colleges: list = field(default_factory=list)
    foreign_colleges: list = field(default_factory=list)
    fields: list = field(default_factory=list)
    languages: dict = field(default_factory=dict)
    tasks: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    users: dict = field(default_factory=dict)
    mentors: list = field(default_factory=list)
    foreign_mentors: list = field(default_factory=list)
    events: dict = field(default_factory=dict)


def reference_data_missing(what: str) -> CommandError:
    return CommandError(
        f"The database lacks {what}. Mentor tasks, vocational fields and languages are "
        "reference data that the migrations create: run `python manage.py migrate` on a new "
        "database (a flushed one has lost them)."
    )


class DemoSeeder:
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
            self.s.foreign_mentors.append(
                self._mentor(email, first, last, college, "active", 30 + index, languages)
            )

    def _mentor(self, email, first, last, college, status, index, languages, demo=False) -> Mentor:
        rng = self.rng
        user = self.user(email, first, last, roles.MENTOR, demo=demo)
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
                "trained_on": datetime.date(2023, 4, 11) if status != "candidate" else None,
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
            },
        )

    # Events --------------------------------------------------------------------------------

    def events(self):
        """The seed's events on their real dates, and a few upcoming ones counted from today."""
        planned = [
            (key, spec, self.local(spec.day, spec.hour), self.local(spec.last_day, spec.end_hour))
            for key, spec in PAST_EVENTS.items()
        ]
        for key, spec in UPCOMING_EVENTS.items():
            start = self.local(self.today + datetime.timedelta(days=spec.in_days), spec.hour)
            planned.append((key, spec, start, start + datetime.timedelta(hours=spec.hours)))
        for key, spec, starts_at, ends_at in planned:
            upcoming = starts_at > self.now
            self.s.events[key], _ = Event.objects.get_or_create(
                title=spec.title,
                defaults={
                    "kind": spec.kind,
                    "description": spec.description,
                    "starts_at": starts_at,
                    "ends_at": ends_at,
                    "is_online": spec.online,
                    "address": "" if spec.online else HAAGA_HELIA_ADDRESS,
                    "online_url": "https://teams.example.org/leadvet-webinar"
                    if spec.online
                    else "",
                    "capacity": spec.capacity,
                    "registration_deadline": (
                        starts_at - datetime.timedelta(days=2) if upcoming else None
                    ),
                    "audience": Event.Audience.MENTORS
                    if spec.training
                    else Event.Audience.EVERYONE,
                    "counts_as_training": spec.training,
                    "organiser": self.s.users["coordinator"],
                },
            )
        self.registrations()
        self.outputs()

    def registrations(self):
        rng = self.rng
        with_registrations = set(
            Registration.objects.filter(event__in=self.s.events.values()).values_list(
                "event_id", flat=True
            )
        )
        people = [m for m in self.s.mentors if m.seed_status != "candidate"]
        staff = [self.s.users["coordinator"], self.s.users["educator"]]
        rows = []
        for event in self.s.events.values():
            past = event.ends_at < self.now
            if past:
                chosen = [m.user for m in people if m.seed_joined <= event.starts_at.date()]
                chosen = rng.sample(chosen, min(len(chosen), rng.randint(12, 20)))
            else:
                candidates = [m.user for m in people if m.seed_status == "active"]
                chosen = rng.sample(candidates, rng.randint(5, 9))
                if event.counts_as_training:
                    chosen += [m.user for m in self.s.mentors if m.seed_status == "candidate"]
            chosen += staff
            batch = []
            for position, user in enumerate(chosen):
                registered = event.starts_at - datetime.timedelta(
                    days=rng.randint(3, 30), hours=position
                )
                status, attended = Registration.Status.REGISTERED, None
                if past:
                    attended = rng.random() < 0.85
                    if rng.random() < 0.06:
                        status, attended = Registration.Status.CANCELLED, None
                batch.append(
                    Registration(
                        event=event,
                        user=user,
                        status=status,
                        registered_at=min(registered, self.now),
                        cancelled_at=registered + datetime.timedelta(days=1)
                        if status == "cancelled"
                        else None,
                        attended=attended,
                    )
                )
            if event.pk not in with_registrations:
                rows.extend(batch)
        Registration.objects.bulk_create(rows)

    def outputs(self):
        e = self.s.events
        outputs = [
            (
                EventOutput.Kind.ARTICLE,
                "Effectiveness by utilizing networks in leadership",
                "https://esignals.fi/kategoria/pedagogiikka/verkostojen-johtamisella-vaikuttavuutta/#5f37c07e",
                e["multiplier"],
                "Published text in eSignals.",
            ),
            (
                EventOutput.Kind.PODCAST,
                "Is professional teacher training part of the pulse of vocational training and working life?",
                "https://open.spotify.com/episode/0ocHpwaJlSEhpF6zHFRczk?si=68ba8aea088744cd",
                e["multiplier"],
                "Podcast.",
            ),
            (
                EventOutput.Kind.PRESENTATION,
                "Preliminary research results and the model for mentoring",
                "",
                e["multiplier"],
                "Presented in LeadVET Multiplier Event in Helsinki 20.-21.9.2023.",
            ),
            (
                EventOutput.Kind.PRESENTATION,
                "The model for mentoring (webinar presentation)",
                "",
                e["webinar23"],
                "The Multiplier Event presentation, also in a webinar.",
            ),
        ]
        for kind, title, url, event, description in outputs:
            EventOutput.objects.get_or_create(
                kind=kind,
                title=title,
                defaults={
                    "url": url,
                    "event": event,
                    "description": description,
                    "published_on": timezone.localdate(event.ends_at),
                },
            )

    # Surveys -------------------------------------------------------------------------------

    def surveys(self):
        d = datetime.date
        coordinator = self.s.users["coordinator"]
        networking = self._rounds(
            NETWORKING_SURVEY,
            "How networked are vocational teachers, vocational teacher training and working life?",
            (self.local(d(2024, 3, 18), 9), self.local(d(2024, 4, 15), 16)),
            # The second round is open now, so the demo mentor has a survey to answer.
            (self.now - datetime.timedelta(days=21), self.now + datetime.timedelta(days=30)),
            coordinator,
        )
        tasks = self._rounds(
            TASKS_SURVEY,
            "How are the eight mentor tasks used in your country?\n\n"
            + "What the LeadVET research found on national variations:\n"
            + "\n".join(f"{n}. {note}" for n, note in MENTOR_TASK_NATIONAL_VARIATIONS.items()),
            (self.local(d(2024, 5, 6), 9), self.local(d(2024, 6, 7), 16)),
            (self.local(d(2024, 9, 2), 9), self.local(d(2024, 10, 4), 16)),
            coordinator,
        )
        for survey in networking:
            for position, (key, statement) in enumerate(NETWORKING_STATEMENTS):
                Question.objects.get_or_create(
                    survey=survey,
                    key=key,
                    defaults={
                        "kind": Question.Kind.LIKERT,
                        "text": statement,
                        "position": position,
                    },
                )
        # Rows are labels; an answer's `row` is the label (see surveys.selectors.surveys.matrix_row_keys).
        rows = [f"{task.number}. {task.description}" for task in self.s.tasks]
        for survey in tasks:
            Question.objects.get_or_create(
                survey=survey,
                key=TASKS_MATRIX_KEY,
                defaults={
                    "kind": Question.Kind.MATRIX,
                    "text": "How is each mentor task used in your country?",
                    "rows": rows,
                    "columns": list(DEFAULT_MATRIX_COLUMNS),
                },
            )
        for round_index, survey in enumerate(networking):
            self._responses(survey, round_index, self._likert_answers)
        for round_index, survey in enumerate(tasks):
            self._responses(survey, round_index, self._matrix_answers)

    def _rounds(self, title, description, first, second, author) -> list[Survey]:
        surveys, previous = [], None
        for number, (opens, closes) in enumerate([first, second], start=1):
            survey, created = Survey.objects.get_or_create(
                title=title,
                round_number=number,
                defaults={
                    "description": description,
                    "previous_round": previous,
                    "opens_at": opens,
                    "closes_at": closes,
                    "audience_roles": [
                        RespondentRole.MENTOR,
                        RespondentRole.VET_LEADER,
                        RespondentRole.TEACHER_EDUCATOR,
                        RespondentRole.WORKING_LIFE,
                    ],
                    "created_by": author,
                },
            )
            if created:
                survey.audience_countries.add(*self.s.countries.values())
            surveys.append(survey)
            previous = survey
        return surveys

    def _respondents(self):
        """(email, name, user, role, college, country code) for everyone invited to a survey."""
        if self.respondents_cache is not None:
            return self.respondents_cache
        people = self.respondents_cache = []
        for mentor in self.all_mentors:
            if mentor.seed_status in ("active", "paused"):
                code = mentor.college.country.code
                people.append(
                    (
                        mentor.user.email,
                        mentor.name,
                        mentor.user,
                        RespondentRole.MENTOR,
                        mentor.college,
                        code,
                    )
                )
        for code, groups in EXTRA_RESPONDENTS.items():
            colleges = [
                c for c in self.s.colleges + self.s.foreign_colleges if c.country.code == code
            ]
            n = 0
            for role, count in groups:
                for _ in range(count):
                    n += 1
                    college = (
                        None
                        if role == RespondentRole.TEACHER_EDUCATOR
                        else colleges[n % len(colleges)]
                    )
                    people.append(
                        (
                            f"respondent{n}.{code.lower()}@survey.example.org",
                            "",
                            None,
                            role,
                            college,
                            code,
                        )
                    )
        return people

    def _responses(self, survey: Survey, round_index: int, make_answers):
        rng = self.rng
        questions = list(survey.questions.all())
        invitations = {inv.email: inv for inv in SurveyInvitation.objects.filter(survey=survey)}
        new_invitations = []
        for email, name, user, role, college, code in self._respondents():
            if email not in invitations:
                invitation = SurveyInvitation(
                    survey=survey,
                    token=secrets.token_urlsafe(32),
                    email=email,
                    name=name,
                    user=user,
                    role=role,
                    college=college,
                    country=self.s.countries[code],
                    language="fi" if code == "FI" else "en",
                    created_at=survey.opens_at,
                    sent_at=survey.opens_at,
                )
                new_invitations.append(invitation)
                invitations[email] = invitation
        SurveyInvitation.objects.bulk_create(new_invitations)
        SurveyNotice.objects.bulk_create(
            [
                SurveyNotice(
                    invitation=inv,
                    kind=SurveyNotice.Kind.INVITATION,
                    created_at=inv.sent_at,
                    sent_at=inv.sent_at,
                )
                for inv in new_invitations
            ],
            ignore_conflicts=True,
        )
        is_open = survey.closes_at > self.now
        window_end = min(survey.closes_at, self.now)
        span = (window_end - survey.opens_at).total_seconds()
        answered = set(
            Response.objects.filter(survey=survey, invitation__isnull=False).values_list(
                "invitation_id", flat=True
            )
        )
        per_country: dict[str, int] = {}
        responses, answers = [], []
        for email, _name, _user, role, college, code in self._respondents():
            # At least six answers per country, so breakdowns pass the anonymity threshold of 5.
            answers_now = per_country.get(code, 0) < 6 or rng.random() < (0.55 if is_open else 0.8)
            if email == MENTOR_EMAIL and is_open:
                answers_now = False  # left for the demo mentor to answer
            submitted = survey.opens_at + datetime.timedelta(seconds=rng.uniform(0.05, 0.95) * span)
            started = submitted - datetime.timedelta(minutes=rng.randint(3, 15))
            values = make_answers(code, round_index, questions)
            if not answers_now:
                continue
            per_country[code] = per_country.get(code, 0) + 1
            invitation = invitations[email]
            if invitation.pk in answered:
                continue
            response = Response(
                survey=survey,
                invitation=invitation,
                role=role,
                college=college,
                country=self.s.countries[code],
                started_at=started,
                submitted_at=submitted,
            )
            responses.append(response)
            answers.extend((response, question, row, value) for question, row, value in values)
        Response.objects.bulk_create(responses)
        Answer.objects.bulk_create(
            [Answer(response=r, question=q, row=row, value=v) for r, q, row, v in answers]
        )

    def _likert_answers(self, code, round_index, questions):
        by_key = {q.key: q for q in questions}
        values = []
        for index, (key, _statement) in enumerate(NETWORKING_STATEMENTS):
            mean = LIKERT_MEANS[code][index] + 0.3 * round_index
            value = (
                0 if self.rng.random() < 0.06 else min(5, max(1, round(self.rng.gauss(mean, 0.9))))
            )
            values.append((by_key[key], "", value))
        return values

    def _matrix_answers(self, code, round_index, questions):
        question = next(q for q in questions if q.key == TASKS_MATRIX_KEY)
        values = []
        for index, row in enumerate(question.rows):
            column = MATRIX_TENDENCY[code][index]
            if self.rng.random() < 0.35:
                column = min(3, max(0, column + self.rng.choice([-1, 1])))
            if round_index and column > 0 and self.rng.random() < 0.2:
                column -= 1
            values.append((question, row[:120], column))
        return values


class Command(BaseCommand):
    help = "Load the LeadVET demo network (idempotent). Only with DEBUG=True, or with --force."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo data even though DEBUG is off (it creates users with a known password).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates users with a published password, so it only runs with DEBUG=True. "
                "Use --force to load the demo data anyway."
            )
        with transaction.atomic():
            DemoSeeder(now=timezone.now()).run()
        self.stdout.write(self.style.SUCCESS("LeadVET demo data is loaded."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email in (
            COORDINATOR_EMAIL,
            EDUCATOR_EMAIL,
            MENTOR_EMAIL,
            STEERING_EMAIL,
            COLLEGE_COORDINATOR_EMAIL,
        ):
            self.stdout.write(f"  {email}")
