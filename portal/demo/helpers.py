"""Small helpers of the demo seed: names, weighted choices, terms, the result."""

import datetime
import random
from dataclasses import dataclass, field

from django.core.management.base import CommandError


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
