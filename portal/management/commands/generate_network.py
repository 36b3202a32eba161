"""Generate a synthetic national network at the scale DESIGN.md asks the portal to hold.

`--scale full` writes 200 colleges, 5,000 mentors, 1,000,000 contacts, 2,000 events,
100,000 registrations and 50,000 survey responses; `--scale small` a hundredth of it.
The same `--seed` on the same day gives the same data. Rows get explicit ids, so the
generated tables are streamed with PostgreSQL COPY (bulk_create on other databases, which
is fine at small scale); the id sequences are reset afterwards.

The command refuses to write into a database that already holds mentors or contacts: a
second network mixed into real data makes every figure meaningless. `--append` adds a
further network beside existing data anyway (its names and emails carry a run tag so
unique constraints hold); there is no option that deletes data.
"""

import datetime
import random
import time
import uuid
from collections.abc import Iterable, Sequence

from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
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
    Channel,
    Contact,
    ContactRequest,
    CounterpartKind,
    Language,
    MembershipPeriod,
    Mentor,
    MentorTask,
)
from portal.management.commands.seed_demo import NETWORKING_STATEMENTS, reference_data_missing
from surveys.models import Answer, Question, Response, Survey
from surveys.models import Invitation as SurveyInvitation

# The full network; `small` divides every figure by 100.
FULL = {
    "colleges": 200,
    "mentors": 5_000,
    "contacts": 1_000_000,
    "events": 2_000,
    "registrations": 100_000,
    "responses": 50_000,
    "surveys": 10,
    "vte_groups": 400,
    "teacher_educators": 100,
    "contact_requests": 10_000,
}
SCALES = {"full": 1, "small": 100}
COUNTRIES = [("FI", "Finland"), ("EE", "Estonia"), ("NL", "Netherlands"), ("SE", "Sweden")]
HISTORY_DAYS = 3 * 365
UNUSABLE_PASSWORD = "!generated-network"
FIRST_NAMES = [
    "Aino",
    "Eero",
    "Helmi",
    "Juho",
    "Kaisa",
    "Lauri",
    "Maria",
    "Niko",
    "Oona",
    "Pekka",
    "Riikka",
    "Sami",
    "Tiina",
    "Ville",
    "Anu",
    "Jari",
    "Liisa",
    "Markus",
    "Sanna",
    "Timo",
]
LAST_NAMES = [
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Mäkelä",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Lehtinen",
    "Saarinen",
    "Salminen",
    "Heinonen",
    "Niemi",
]
OUTCOMES = (
    "placement",
    "recruitment_lead",
    "curriculum_input",
    "wellbeing_insight",
    "other_outcome",
)


def scaled(scale: str) -> dict[str, int]:
    divisor = SCALES[scale]
    return {
        key: max(1, value // divisor) if key != "surveys" else max(2, value // divisor)
        for key, value in FULL.items()
    }


class TableWriter:
    """Writes rows (tuples in `attnames` order) with explicit ids into one model's table."""

    def __init__(self, model: type[models.Model], attnames: Sequence[str]):
        self.model = model
        self.attnames = list(attnames)
        fields = {f.attname: f for f in model._meta.concrete_fields}
        missing = [
            name
            for name, f in fields.items()
            if name not in self.attnames
            and not f.null
            and not f.has_default()
            and not f.primary_key
        ]
        if missing:
            raise CommandError(f"{model.__name__}: no value for {missing}")
        # Columns not given take their model default (the same for every row).
        self.defaults = {
            name: f.get_default()
            for name, f in fields.items()
            if name not in self.attnames and not f.primary_key and f.has_default()
        }
        self.columns = [fields[name].column for name in self.attnames] + [
            fields[name].column for name in self.defaults
        ]
        self.json_fields = {
            index
            for index, name in enumerate(list(self.attnames) + list(self.defaults))
            if isinstance(fields[name], models.JSONField)
        }
        self.count = 0

    def write(self, rows: Iterable[tuple]) -> int:
        extra = tuple(self.defaults.values())
        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            table = connection.ops.quote_name(self.model._meta.db_table)
            columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
            with connection.cursor() as cursor:
                raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
                with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        values = row + extra
                        if self.json_fields:
                            values = tuple(
                                Jsonb(v) if i in self.json_fields else v
                                for i, v in enumerate(values)
                            )
                        copy.write_row(values)
                        self.count += 1
        else:
            names = self.attnames + list(self.defaults)
            batch = []
            for row in rows:
                batch.append(self.model(**dict(zip(names, row + extra, strict=True))))
                if len(batch) == 2000:
                    self.model.objects.bulk_create(batch)
                    self.count += len(batch)
                    batch = []
            self.model.objects.bulk_create(batch)
            self.count += len(batch)
        return self.count


def next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


class Network:
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
        started = time.monotonic()
        self.catalogues()
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
        models_written = [
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
        ]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models_written):
                cursor.execute(sql)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.step("done", started)
        return {
            "colleges": len(self.colleges),
            "mentors": len(self.mentors),
            "contacts": self.contact_count,
            "events": len(self.events_rows),
            "registrations": self.registration_count,
            "responses": self.response_count,
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
        self.units_of = {
            c.id: [u for u in self.units if u.college_id == c.id] for c in self.colleges
        }

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

    # Activity -------------------------------------------------------------------------------

    def contacts(self):
        rng, sizes, now, today = self.rng, self.sizes, self.now, self.today
        kinds = [k.value for k in CounterpartKind]
        channels = [c.value for c in Channel]
        task_ids = [t.id for t in self.tasks]
        group_ids = [g.id for g in self.vte_groups]
        mentors = self.mentors
        days = [today - datetime.timedelta(days=d) for d in range(HISTORY_DAYS)]
        first = next_id(Contact)

        def rows():
            random_ = rng.random
            for index in range(sizes["contacts"]):
                mentor_id, college_id, _user = mentors[int(random_() * len(mentors))]
                roll = random_()
                yield (
                    first + index,
                    mentor_id,
                    college_id,
                    days[int(random_() * len(days))],
                    kinds[int(random_() * len(kinds))],
                    group_ids[int(random_() * len(group_ids))] if roll < 0.5 else None,
                    task_ids[int(random_() * len(task_ids))],
                    channels[int(random_() * len(channels))],
                    15 * (1 + int(random_() * 8)),
                    roll < 0.15,
                    0.15 <= roll < 0.25,
                    0.25 <= roll < 0.35,
                    0.35 <= roll < 0.45,
                    roll > 0.95,
                    roll < 0.3,
                    "",
                    now,
                    now,
                )

        self.contact_count = TableWriter(
            Contact,
            [
                "id",
                "mentor_id",
                "college_id",
                "date",
                "counterpart_kind",
                "vte_group_id",
                "task_id",
                "channel",
                "duration_minutes",
                *OUTCOMES,
                "is_formal",
                "summary",
                "created_at",
                "updated_at",
            ],
        ).write(rows())

        first_request = next_id(ContactRequest)
        statuses = [s.value for s in ContactRequest.Status]

        def requests():
            for index in range(sizes["contact_requests"]):
                mentor_id, _college, _user = mentors[rng.randrange(len(mentors))]
                created = now - datetime.timedelta(hours=rng.randint(1, 24 * HISTORY_DAYS))
                status = rng.choice(statuses)
                yield (
                    first_request + index,
                    self.educator_ids[index % len(self.educator_ids)],
                    mentor_id,
                    f"Request {index + 1}",
                    "",
                    task_ids[index % len(task_ids)],
                    "",
                    None,
                    status,
                    "",
                    created + datetime.timedelta(hours=rng.randint(1, 72))
                    if status != "open"
                    else None,
                    created,
                )

        TableWriter(
            ContactRequest,
            [
                "id",
                "requester_id",
                "mentor_id",
                "topic",
                "message",
                "task_id",
                "preferred_dates",
                "vte_group_id",
                "status",
                "response_message",
                "responded_at",
                "created_at",
            ],
        ).write(requests())

    def events(self):
        rng, sizes, now = self.rng, self.sizes, self.now
        kinds = [k.value for k in Event.Kind]
        first = next_id(Event)
        self.events_rows = []
        for index in range(sizes["events"]):
            # Spread from three years back to half a year ahead.
            start_day = self.today + datetime.timedelta(days=rng.randint(-HISTORY_DAYS, 180))
            starts = self.aware(start_day, rng.choice([9, 10, 13, 15]))
            online = rng.random() < 0.4
            self.events_rows.append(
                (
                    first + index,
                    uuid.uuid5(uuid.NAMESPACE_URL, f"generated-network/{self.tag}/event/{index}"),
                    rng.choice(kinds),
                    f"Network event {index + 1}",
                    "",
                    starts,
                    starts + datetime.timedelta(hours=3),
                    online,
                    "" if online else "Main street 1",
                    "https://meet.example.org/e" if online else "",
                    rng.choice([None, 60, 80, 120]),
                    "everyone",
                    None,
                    [7 * 24, 24],
                    index % 10 == 0,
                    "scheduled",
                    None,
                    0,
                    None,
                    now,
                    now,
                )
            )
        TableWriter(
            Event,
            [
                "id",
                "uid",
                "kind",
                "title",
                "description",
                "starts_at",
                "ends_at",
                "is_online",
                "address",
                "online_url",
                "capacity",
                "audience",
                "registration_deadline",
                "reminder_offsets",
                "counts_as_training",
                "status",
                "cancelled_at",
                "sequence",
                "organiser_id",
                "created_at",
                "updated_at",
            ],
        ).write(iter(self.events_rows))

        mentor_users = [user_id for _m, _c, user_id in self.mentors]
        per_event, remainder = divmod(sizes["registrations"], len(self.events_rows))
        first_registration = next_id(Registration)

        def rows():
            count = 0
            for index, event in enumerate(self.events_rows):
                event_starts = event[5]
                past = event_starts < now
                wanted = min(per_event + (1 if index < remainder else 0), len(mentor_users))
                for user_id in rng.sample(mentor_users, wanted):
                    roll = rng.random()
                    status = (
                        "registered"
                        if roll < 0.85
                        else ("waitlisted" if roll < 0.9 else "cancelled")
                    )
                    registered = event_starts - datetime.timedelta(days=rng.randint(1, 60))
                    yield (
                        first_registration + count,
                        event[0],
                        user_id,
                        status,
                        "",
                        registered,
                        registered + datetime.timedelta(days=1) if status == "cancelled" else None,
                        None,
                        (rng.random() < 0.8) if past and status == "registered" else None,
                        None,
                    )
                    count += 1

        self.registration_count = TableWriter(
            Registration,
            [
                "id",
                "event_id",
                "user_id",
                "status",
                "decline_reason",
                "registered_at",
                "cancelled_at",
                "promoted_at",
                "attended",
                "registered_by_id",
            ],
        ).write(rows())

    def surveys(self):
        rng, sizes = self.rng, self.sizes
        count = sizes["surveys"]
        per_survey = sizes["responses"] // count
        invited_per_survey = per_survey + per_survey // 5
        previous = None
        first_survey = next_id(Survey)
        first_question = next_id(Question)
        surveys, questions = [], []
        for index in range(count):
            opens = self.aware(self.today - datetime.timedelta(days=90 * (count - index)), 9)
            survey = Survey(
                id=first_survey + index,
                title=f"Networking survey {self.tag}",
                round_number=index + 1,
                previous_round=previous,
                audience_roles=["mentor"],
                opens_at=opens,
                closes_at=opens + datetime.timedelta(days=30),
            )
            surveys.append(survey)
            previous = survey
        # One by one: each round points at the one before it.
        for survey in surveys:
            survey.save(force_insert=True)
        for survey in surveys:
            for position, (key, text) in enumerate(NETWORKING_STATEMENTS):
                questions.append(
                    Question(
                        id=first_question + len(questions),
                        survey=survey,
                        key=key,
                        kind="likert",
                        text=text,
                        position=position,
                    )
                )
        Question.objects.bulk_create(questions)
        questions_of = {s.id: [q.id for q in questions if q.survey_id == s.id] for s in surveys}

        people = [(user_id, college_id) for _m, college_id, user_id in self.mentors]
        country_of = {c.id: c.country_id for c in self.colleges}
        first_invitation = next_id(SurveyInvitation)
        first_response = next_id(Response)
        invitation_rows, response_rows, answer_rows = [], [], []
        for survey in surveys:
            # Mentors first; more invitations than mentors go to outside respondents.
            mentors_invited = min(invited_per_survey, len(people))
            chosen = [people[i] for i in rng.sample(range(len(people)), mentors_invited)]
            chosen += [
                (None, rng.choice(self.colleges).id)
                for _ in range(invited_per_survey - mentors_invited)
            ]
            for position, (user_id, college_id) in enumerate(chosen):
                invitation_id = first_invitation + len(invitation_rows)
                email = (
                    self.user_emails[user_id]
                    if user_id
                    else f"guest{position}.{self.tag}@x.example.org"
                )
                invitation_rows.append(
                    (
                        invitation_id,
                        survey.id,
                        f"gen-{self.tag}-{invitation_id}",
                        email,
                        "",
                        user_id,
                        "mentor",
                        college_id,
                        country_of[college_id],
                        "fi",
                        survey.opens_at,
                        survey.opens_at,
                    )
                )
                if position >= per_survey:
                    continue
                response_id = first_response + len(response_rows)
                started = survey.opens_at + datetime.timedelta(hours=rng.randint(1, 24 * 25))
                response_rows.append(
                    (
                        response_id,
                        survey.id,
                        invitation_id,
                        "mentor",
                        college_id,
                        country_of[college_id],
                        started,
                        started + datetime.timedelta(minutes=10) if rng.random() < 0.95 else None,
                    )
                )
                for question_id in questions_of[survey.id]:
                    answer_rows.append(
                        (
                            response_id,
                            question_id,
                            "",
                            rng.choice([0, 1, 2, 3, 3, 4, 4, 4, 5, 5]),
                            "",
                        )
                    )
        TableWriter(
            SurveyInvitation,
            [
                "id",
                "survey_id",
                "token",
                "email",
                "name",
                "user_id",
                "role",
                "college_id",
                "country_id",
                "language",
                "created_at",
                "sent_at",
            ],
        ).write(iter(invitation_rows))
        self.response_count = TableWriter(
            Response,
            [
                "id",
                "survey_id",
                "invitation_id",
                "role",
                "college_id",
                "country_id",
                "started_at",
                "submitted_at",
            ],
        ).write(iter(response_rows))
        TableWriter(Answer, ["response_id", "question_id", "row", "value", "text"]).write(
            iter(answer_rows)
        )


class Command(BaseCommand):
    help = "Generate a synthetic network (full: the DESIGN.md national scale; small: a hundredth)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--append",
            action="store_true",
            help="Write a further network even though the database already has mentors or contacts.",
        )

    def handle(self, *args, scale: str, seed: int, append: bool, **options):
        has_data = (
            Mentor.objects.exists() or Contact.objects.exists() or PartnerCollege.objects.exists()
        )
        if has_data and not append:
            raise CommandError(
                "The database already has colleges, mentors or contacts; generate into an empty "
                "database, or give --append to add a further network beside them."
            )
        # A tag keeps names and emails unique when a network is appended to existing data.
        tag = f"s{seed}" if not has_data else f"s{seed}-{next_id(User)}"
        now = timezone.now().replace(microsecond=0)
        with transaction.atomic():
            counts = Network(seed=seed, scale=scale, tag=tag, now=now, log=self.stdout.write).run()
        self.stdout.write(
            self.style.SUCCESS(", ".join(f"{value:,} {key}" for key, value in counts.items()))
        )
