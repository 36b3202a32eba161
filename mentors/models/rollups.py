"""The contact log counted ahead (rollups), so that the figures read small tables.

Six grains, each exact for what it answers (docs/architecture.md, "Contact rollups"):

- `ContactDayRollup`, per day and college: contacts, minutes and each outcome. The windows,
  periods and outcome counts of the dashboard.
- `ContactTaskRollup`, per month, college and task: contacts and minutes. The breakdown by
  month and task; a period that cuts a month reads that month's days from the contacts.
- `ContactMentorRollup`, per month, mentor and college: contacts and contacts in VTE
  sessions. The mentors with contacts and the most active mentors (distinct mentors cannot
  be summed from the other two), whole months likewise.
- `ContactMentorYearRollup`, per calendar year, mentor and college: the same counts, so that
  a period of a year or more reads a row per mentor and year rather than twelve.
- `ContactNetworkRollup`, per day and task, every college together: contacts, minutes and
  each outcome. The same figures for the whole network, from a row per day and task.
- `ContactMonthRollup`, per month and college: contacts and minutes. The per-college tables'
  whole months.

A contact counts for the college of its day (`Contact.college`), as everywhere in reports.
Beside them, `MentorLastContact` keeps each mentor's latest contact day (the follow-up lists).

The model layer keeps them in the transaction of the write: `Contact.save` and `delete`
apply one contact's change (its stored row minus, its new row plus), `ContactQuerySet`'s
`update`, `bulk_create`, `bulk_update` and `delete` the change of many, each as one
`INSERT ... ON CONFLICT DO UPDATE` per table that adds to the counts (SQLite and PostgreSQL).
So no write through the ORM can forget them; SQL outside the ORM (generate_network's COPY)
is followed by `rebuild`. A count brought down to zero keeps its row: it adds nothing, and
`rebuild` drops it.
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import connections, models, transaction
from django.db.models import Count, DateField, F, Max, Q, QuerySet, Sum
from django.db.models.functions import Cast, TruncMonth, TruncYear
from django.utils.translation import gettext_lazy as _

from mentors.models.catalogue import MentorTask
from mentors.models.people import Mentor

VTE_SESSION_TASK_NUMBER = 4  # "visits VTE sessions as expert by experience"
VTE_GROUP_COUNTERPART = "vte_group"  # CounterpartKind.VTE_GROUP
OUTCOMES = (
    "placement",
    "recruitment_lead",
    "curriculum_input",
    "wellbeing_insight",
    "other_outcome",
)

# The contact's fields the rollups read: a write that changes none of them changes no count.
COUNTED_FIELDS = (
    "date",
    "college_id",
    "task_id",
    "mentor_id",
    "counterpart_kind",
    "duration_minutes",
    *OUTCOMES,
)
# Sets of ids are read and written this many at a time (SQLite's limit of bound parameters).
BATCH = 5000


class Counts(models.Model):
    """What every rollup but the mentors' counts: contacts and their minutes."""

    contacts = models.IntegerField(default=0)
    minutes = models.IntegerField(default=0)

    class Meta:
        abstract = True


class DayCounts(Counts):
    """What the rollups per day count besides: each outcome."""

    placements = models.IntegerField(default=0)
    recruitment_leads = models.IntegerField(default=0)
    curriculum_inputs = models.IntegerField(default=0)
    wellbeing_insights = models.IntegerField(default=0)
    other_outcomes = models.IntegerField(default=0)

    class Meta:
        abstract = True


class ContactDayRollup(DayCounts):
    pk = models.CompositePrimaryKey("day", "college")
    day = models.DateField()
    college = models.ForeignKey(
        "colleges.PartnerCollege", on_delete=models.CASCADE, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("contacts per day and college")
        verbose_name_plural = _("contacts per day and college")

    def __str__(self):
        return f"{self.day} {self.college_id}: {self.contacts}"


class ContactTaskRollup(Counts):
    pk = models.CompositePrimaryKey("month", "college", "task")
    month = models.DateField(help_text="The first day of the month.")
    college = models.ForeignKey(
        "colleges.PartnerCollege", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    task = models.ForeignKey(MentorTask, on_delete=models.CASCADE, related_name="+", db_index=False)

    class Meta:
        verbose_name = _("contacts per month, college and task")
        verbose_name_plural = _("contacts per month, college and task")

    def __str__(self):
        return f"{self.month:%Y-%m} {self.college_id} task {self.task_id}: {self.contacts}"


class MentorCounts(models.Model):
    """What the rollups per mentor count: contacts and contacts in VTE sessions."""

    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="+")
    college = models.ForeignKey(
        "colleges.PartnerCollege", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    contacts = models.IntegerField(default=0)
    # Contacts for task 4 (VTE sessions) or with a VTE group: "mentors in VTE sessions".
    vte_session_contacts = models.IntegerField(default=0)

    class Meta:
        abstract = True


class ContactMentorRollup(MentorCounts):
    pk = models.CompositePrimaryKey("month", "mentor", "college")
    month = models.DateField(help_text="The first day of the month.")

    class Meta:
        verbose_name = _("contacts per month and mentor")
        verbose_name_plural = _("contacts per month and mentor")

    def __str__(self):
        return f"{self.month:%Y-%m} mentor {self.mentor_id}: {self.contacts}"


class ContactMentorYearRollup(MentorCounts):
    """The mentor rollup per calendar year: the mentors ranked over the last 365 days read
    a row per mentor for the year they are mostly in, not one for each of its months (EU
    scale: 50,000 rows rather than 600,000)."""

    pk = models.CompositePrimaryKey("year", "mentor", "college")
    year = models.DateField(help_text="The first day of the year.")

    class Meta:
        verbose_name = _("contacts per year and mentor")
        verbose_name_plural = _("contacts per year and mentor")

    def __str__(self):
        return f"{self.year:%Y} mentor {self.mentor_id}: {self.contacts}"


class ContactNetworkRollup(DayCounts):
    """The whole network's contacts per day and task: what the day and task rollups hold
    summed over every college, for the figures of the whole network (a coordinator's or
    the steering group's default), which would otherwise read a row per college."""

    pk = models.CompositePrimaryKey("day", "task")
    day = models.DateField()
    task = models.ForeignKey(MentorTask, on_delete=models.CASCADE, related_name="+", db_index=False)

    class Meta:
        verbose_name = _("contacts of the network per day and task")
        verbose_name_plural = _("contacts of the network per day and task")

    def __str__(self):
        return f"{self.day} task {self.task_id}: {self.contacts}"


class ContactMonthRollup(Counts):
    """Contacts per month and college: the task rollup summed over the tasks, for the
    per-college tables (a row per college and month rather than per college, month and
    task)."""

    pk = models.CompositePrimaryKey("month", "college")
    month = models.DateField(help_text="The first day of the month.")
    college = models.ForeignKey(
        "colleges.PartnerCollege", on_delete=models.CASCADE, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("contacts per month and college")
        verbose_name_plural = _("contacts per month and college")

    def __str__(self):
        return f"{self.month:%Y-%m} {self.college_id}: {self.contacts}"


class MentorLastContact(models.Model):
    """The day of a mentor's latest contact (none: no contact at all). The follow-up lists'
    "no contact since" and their order read it as a column, not a lookup per active mentor
    (35,000 at EU scale). A table of its own, not a column of Mentor: a mentor saved from a
    form would write back the day it had read."""

    mentor = models.OneToOneField(
        Mentor, on_delete=models.CASCADE, primary_key=True, related_name="latest_contact"
    )
    day = models.DateField()

    class Meta:
        verbose_name = _("latest contact of a mentor")
        verbose_name_plural = _("latest contacts of mentors")

    def __str__(self):
        return f"mentor {self.mentor_id}: {self.day}"


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def first_of_year(day: datetime.date) -> datetime.date:
    return day.replace(month=1, day=1)


def year_of(field: str) -> Cast:
    """The first day of the year of a date column, as a date (see `month_of`)."""
    return Cast(TruncYear(field), DateField())


def month_of(field: str) -> Cast:
    """The first day of the month of a date column, as a date (PostgreSQL's DATE_TRUNC gives a
    timestamp, which a UNION with a date column would make of both)."""
    return Cast(TruncMonth(field), DateField())


def in_vte_session_q() -> Q:
    return Q(task__number=VTE_SESSION_TASK_NUMBER) | Q(counterpart_kind=VTE_GROUP_COUNTERPART)


def _in_session(row: dict) -> bool:
    return (
        row["task_number"] == VTE_SESSION_TASK_NUMBER
        or row["counterpart_kind"] == VTE_GROUP_COUNTERPART
    )


# What a rollup's key column is made of: in SQL from the contacts, in Python from one contact's
# row (COUNTED_FIELDS and `task_number`). The two must agree: the rollup test checks both
# against a recount.
KEYS = {
    "day": (lambda: F("date"), lambda row: row["date"]),
    "month": (lambda: month_of("date"), lambda row: first_of_month(row["date"])),
    "year": (lambda: year_of("date"), lambda row: first_of_year(row["date"])),
    "college": (lambda: F("college_id"), lambda row: row["college_id"]),
    "task": (lambda: F("task_id"), lambda row: row["task_id"]),
    "mentor": (lambda: F("mentor_id"), lambda row: row["mentor_id"]),
}
# And what a measure column counts.
MEASURES = {
    "contacts": (lambda: Count("pk"), lambda row: 1),
    "minutes": (lambda: Sum("duration_minutes"), lambda row: row["duration_minutes"]),
    "vte_session_contacts": (
        lambda: Count("pk", filter=in_vte_session_q()),
        lambda row: int(_in_session(row)),
    ),
    **{
        f"{outcome}s": (
            lambda outcome=outcome: Count("pk", filter=Q(**{outcome: True})),
            lambda row, outcome=outcome: int(bool(row[outcome])),
        )
        for outcome in OUTCOMES
    },
}
OUTCOME_MEASURES = tuple(f"{outcome}s" for outcome in OUTCOMES)


@dataclass(frozen=True)
class Grain:
    """One rollup table: its key and measure columns (named as in KEYS and MEASURES), how a
    set of contacts is grouped into them in SQL, and how one contact's row is counted."""

    model: type[models.Model]
    keys: tuple[str, ...]
    measures: tuple[str, ...]

    def grouped(self, contacts: QuerySet) -> QuerySet:
        """The contacts grouped by this table's key (columns `by_<key>`), with its measures
        (columns named like the table's)."""
        return (
            contacts.order_by()
            .values(**{f"by_{key}": KEYS[key][0]() for key in self.keys})
            .annotate(**{measure: MEASURES[measure][0]() for measure in self.measures})
        )

    def entry(self, row: dict) -> tuple[tuple, tuple]:
        """The key and measures of one contact (`row`: COUNTED_FIELDS and `task_number`)."""
        return (
            tuple(KEYS[key][1](row) for key in self.keys),
            tuple(MEASURES[measure][1](row) for measure in self.measures),
        )

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.model._meta.get_field(name).column for name in self.keys + self.measures)


GRAINS = (
    Grain(ContactDayRollup, ("day", "college"), ("contacts", "minutes", *OUTCOME_MEASURES)),
    Grain(ContactTaskRollup, ("month", "college", "task"), ("contacts", "minutes")),
    Grain(
        ContactMentorRollup, ("month", "mentor", "college"), ("contacts", "vte_session_contacts")
    ),
    Grain(
        ContactMentorYearRollup,
        ("year", "mentor", "college"),
        ("contacts", "vte_session_contacts"),
    ),
    Grain(ContactNetworkRollup, ("day", "task"), ("contacts", "minutes", *OUTCOME_MEASURES)),
    Grain(ContactMonthRollup, ("month", "college"), ("contacts", "minutes")),
)


def _upsert_sql(grain: Grain, source: str, *, connection) -> str:
    """INSERT the rows `source` yields, adding their measures to the row with the same key
    (the table's primary key)."""
    quote = connection.ops.quote_name
    table = quote(grain.model._meta.db_table)
    columns = [quote(column) for column in grain.columns]
    keys, measures = columns[: len(grain.keys)], columns[len(grain.keys) :]
    added = ", ".join(f"{column} = {table}.{column} + excluded.{column}" for column in measures)
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) {source} "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {added}"
    )


def count_contacts(contacts: QuerySet, *, sign: int) -> None:
    """Add (`sign` 1) or take away (-1) these contacts in every rollup: per table one INSERT
    ... SELECT of the contacts grouped by its key, in key order (so two transactions meet
    the rows they both change in the same order)."""
    connection = connections[contacts.db]
    quote = connection.ops.quote_name
    for grain in GRAINS:
        sql, params = grain.grouped(contacts).query.get_compiler(contacts.db).as_sql()
        aliases = [quote(f"by_{key}") for key in grain.keys] + [
            quote(measure) for measure in grain.measures
        ]
        keys, measures = aliases[: len(grain.keys)], aliases[len(grain.keys) :]
        select = ", ".join(
            [f"grouped.{key}" for key in keys]
            + [f"{int(sign)} * grouped.{measure}" for measure in measures]
        )
        # "WHERE true": SQLite would otherwise read ON CONFLICT as a join's ON.
        source = (
            f"SELECT {select} FROM ({sql}) grouped WHERE true "
            f"ORDER BY {', '.join(f'grouped.{key}' for key in keys)}"
        )
        with connection.cursor() as cursor:
            cursor.execute(_upsert_sql(grain, source, connection=connection), params)


def count_rows(old: Iterable[dict], new: Iterable[dict], *, using: str) -> None:
    """Take away the contacts `old` and add `new` (rows of COUNTED_FIELDS and `task_number`):
    one contact's change. What cancels out (a changed summary) writes nothing."""
    connection = connections[using]
    for grain in GRAINS:
        deltas: dict[tuple, list[int]] = {}
        for sign, rows in ((-1, old), (1, new)):
            for row in rows:
                key, measures = grain.entry(row)
                total = deltas.setdefault(key, [0] * len(measures))
                for index, value in enumerate(measures):
                    total[index] += sign * value
        changed = sorted((key, measures) for key, measures in deltas.items() if any(measures))
        if not changed:
            continue
        width = len(grain.columns)
        values = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(changed))
        params = []
        for key, measures in changed:
            params.extend(_adapt(value, connection) for value in key)
            params.extend(measures)
        with connection.cursor() as cursor:
            cursor.execute(_upsert_sql(grain, f"VALUES {values}", connection=connection), params)
    before = {(row["mentor_id"], row["date"]) for row in old}
    after = {(row["mentor_id"], row["date"]) for row in new}
    if before != after:
        refresh_last_contacts({mentor for mentor, _day in before | after}, using=using)


def _adapt(value, connection):
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    return value


def moves_last_contacts(names: Iterable[str]) -> bool:
    """Whether a write of these fields can change a mentor's latest contact."""
    return any(name in {"date", "mentor", "mentor_id"} for name in names)


def mentors_of(contacts: QuerySet) -> set[int]:
    return set(contacts.values_list("mentor_id", flat=True))


def counted_fields_in(names: Iterable[str]) -> bool:
    """Whether a write of these fields (names or attnames) can change a count."""
    counted = set(COUNTED_FIELDS) | {name.removesuffix("_id") for name in COUNTED_FIELDS}
    return any(name in counted for name in names)


def stored_rows(model: type[models.Model], pks: Iterable[int], *, using: str) -> list[dict]:
    """The contacts' rows as the database holds them, locked until the transaction ends (a
    concurrent change of the same contact waits, then reads what this one wrote)."""
    return list(
        model._base_manager.using(using)
        .select_for_update(of=("self",))
        .filter(pk__in=list(pks))
        .values(*COUNTED_FIELDS, task_number=F("task__number"))
    )


def row_of(contact) -> dict:
    """An unsaved or just saved contact as the row `count_rows` reads."""
    row = {name: getattr(contact, name) for name in COUNTED_FIELDS}
    row["task_number"] = contact.task.number
    return row


def batches(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def lock(contacts: QuerySet) -> list[int]:
    """Lock the contacts' rows until the transaction ends; their ids, in order."""
    return list(
        contacts.order_by("pk").select_for_update(of=("self",)).values_list("pk", flat=True)
    )


def locked_batches(contacts: QuerySet) -> Iterator[list[int]]:
    """The ids of `contacts`, locked, a batch at a time."""
    yield from batches(lock(contacts))


def refresh_last_contacts(mentor_ids: Iterable[int], *, using: str) -> None:
    """The mentors' latest contact read again from their contacts (the (mentor, date)
    index), after a write that added, moved or removed some: one upsert of the latest days
    and one delete of those left with none, a batch of mentors at a time."""
    contacts = apps.get_model("mentors", "Contact")._base_manager.using(using)
    latest = MentorLastContact._base_manager.using(using)
    for batch in batches(sorted(set(mentor_ids))):
        _store_last_contacts(contacts.filter(mentor_id__in=batch), using=using)
        latest.filter(mentor_id__in=batch).exclude(
            mentor_id__in=contacts.filter(mentor_id__in=batch).values("mentor_id")
        ).delete()


def _store_last_contacts(contacts: QuerySet, *, using: str) -> None:
    """Upsert each mentor's latest day among `contacts`."""
    connection = connections[using]
    quote = connection.ops.quote_name
    days = contacts.order_by().values(by_mentor=F("mentor_id")).annotate(latest=Max("date"))
    sql, params = days.query.get_compiler(using).as_sql()
    table = quote(MentorLastContact._meta.db_table)
    mentor, day = quote("mentor_id"), quote("day")
    with connection.cursor() as cursor:
        cursor.execute(
            # "WHERE true": SQLite would otherwise read ON CONFLICT as a join's ON.
            f"INSERT INTO {table} ({mentor}, {day}) SELECT days.{quote('by_mentor')}, "
            f"days.{quote('latest')} FROM ({sql}) days WHERE true "
            f"ON CONFLICT ({mentor}) DO UPDATE SET {day} = excluded.{day}",
            params,
        )


def rebuild(*, using: str = "default", contacts: QuerySet) -> None:
    """Every rollup recounted from `contacts` (all of them): emptied, then one INSERT ...
    SELECT per table, in one transaction."""
    with transaction.atomic(using=using):
        for grain in GRAINS:
            grain.model._base_manager.using(using).all().delete()
        count_contacts(contacts.using(using), sign=1)
        MentorLastContact._base_manager.using(using).all().delete()
        _store_last_contacts(contacts.using(using), using=using)


def stored_counts(*, using: str = "default") -> dict[tuple, tuple]:
    """Every rollup row that counts something, as {(table, *key): measures}."""
    counts = {}
    for grain in GRAINS:
        keys = [grain.model._meta.get_field(name).attname for name in grain.keys]
        for row in grain.model._base_manager.using(using).values_list(*keys, *grain.measures):
            if any(row[len(keys) :]):
                counts[(grain.model._meta.db_table, *row[: len(keys)])] = row[len(keys) :]
    for mentor, day in MentorLastContact._base_manager.using(using).values_list("mentor", "day"):
        counts[(MentorLastContact._meta.db_table, mentor)] = (day,)
    return counts
