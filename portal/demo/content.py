"""The demo network's content: the seed documents' colleges, statements and events, verbatim,
and the fictional mentors, groups and spreads around them."""

import datetime
from dataclasses import dataclass

from events.models import Event
from mentors.models import (
    Channel,
    CounterpartKind,
)
from surveys.models import (
    RespondentRole,
)

DEMO_PASSWORD = "leadvet-demo-2026"
RANDOM_SEED = 20230411  # the first mentor training day

COORDINATOR_EMAIL = "coordinator@example.org"
EDUCATOR_EMAIL = "educator@example.org"
MENTOR_EMAIL = "mentor@example.org"
STEERING_EMAIL = "steering@example.org"
COLLEGE_COORDINATOR_EMAIL = "college@example.org"
# The country coordinator of Estonia (issue 23): its two colleges, other countries as aggregates.
COUNTRY_COORDINATOR_EMAIL = "country@example.org"
COORDINATED_COUNTRY = "EE"
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

# The state of the art (practice.TaskPractice) from seeds/001's "National variations and state
# of the art": each task's level of use and whether it "might require extra resources", as the
# research found it across the partner countries: (level, needs extra resources).
PRACTICE_FROM_SOURCE = {
    1: ("possible", False),  # "Considered possible."
    2: ("systematic", False),  # "In use with minor differences"
    3: ("occasional", False),  # "Variation from systematic to occasional participation."
    4: ("occasional", True),  # "Variation. Might require extra resources"
    5: ("possible", True),  # "Not in systematic use but possible. Might require extra resources"
    6: ("occasional", True),  # "… Depending on resources not mandatory."
    7: ("occasional", False),  # "Is taken seriously but mentor teachers' potential not utilized."
    8: ("occasional", False),  # "Still semi structured activity"
}
# The day the research's table holds from, and the national updates coordinators recorded
# since (days before the seed's today): (country code, task number, level, extra, note).
PRACTICE_SOURCE_DATE = (2024, 6, 7)
PRACTICE_UPDATES = [
    ("NL", 1, "systematic", False, "Formal structures coordinated nationally."),
    ("NL", 3, "systematic", False, "Mentors sit on the curriculum working group."),
    ("FI", 3, "systematic", False, "Mentors take part in every curriculum round."),
    ("EE", 4, "possible", True, "Visits paused until resources are found."),
]
PRACTICE_UPDATE_DAYS_AGO = 90

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
    # Counted from today too, but past: a refresher within the 24 months the training widget
    # counts, so some mentors are recently trained and others are not (from attendance).
    "training-refresher": UpcomingEvent(
        Event.Kind.TRAINING, "Mentor training refresher", -150, 13, 3,
        "The contact log, the eight mentor tasks in practice and the term's VTE groups.",
        training=True,
    ),
}  # fmt: skip


# The programme of the Multiplier Event in Helsinki 20.–21.9.2023 (day, start, end, session,
# speakers, room) and the participants from outside the partnership (seeds/000).
MULTIPLIER_AGENDA = (
    (0, (9, 0), (9, 30), "Registration and morning coffee", "", "Lobby"),
    (0, (9, 30), (10, 0), "Welcome: the LeadVET project", "VTE network coordinator", "Auditorium"),
    (0, (10, 0), (11, 30), "Preliminary research results: mentoring as informal semi-official networking", "LeadVET researchers", "Auditorium"),
    (0, (11, 30), (12, 30), "Lunch", "", "Restaurant"),
    (0, (12, 30), (14, 30), "The model for mentoring: the eight mentor tasks", "Mentor teachers of the partner colleges", "Auditorium"),
    (0, (14, 30), (16, 0), "Workshop: win-win for colleges, teacher education and students", "Workshop hosts", "Rooms 2101–2104"),
    (1, (9, 0), (10, 30), "Panel: networks in VET leadership", "VET leaders of the partner colleges", "Auditorium"),
    (1, (10, 30), (12, 0), "Study visit to a partner college's learning environments", "Business College Helsinki", "Business College Helsinki"),
    (1, (12, 0), (13, 0), "Lunch", "", "Restaurant"),
    (1, (13, 0), (15, 0), "Mentors need official status: next steps", "VTE network coordinator", "Auditorium"),
    (1, (15, 0), (16, 0), "Closing and feedback", "", "Auditorium"),
)  # fmt: skip

MULTIPLIER_GUESTS = (
    ("Liisa Korhonen", "Keuda Vocational College", "vet", "FI", "Teacher"),
    ("Mikko Virtanen", "Metalli Oy", "working_life", "FI", "Production manager"),
    ("Anna Lindqvist", "Stockholms stad, gymnasieförvaltningen", "public", "SE", "Education officer"),
    ("Kadri Tamm", "Tallinna Tööstushariduskeskus", "vet", "EE", "Deputy director"),
    ("Jonas Berg", "OsloMet", "teacher_education", "NO", "Lecturer"),
    ("Sanna Mäkinen", "Opetushallitus", "public", "FI", "Counsellor of education"),
    ("Pekka Nieminen", "Rakennusliitto", "ngo", "FI", "Training coordinator"),
    ("Elin Sjöberg", "Yrkeshögskolan Novia", "higher_education", "FI", "Senior lecturer"),
)  # fmt: skip
