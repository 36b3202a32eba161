"""The activity tables carry no index another index already makes redundant (issue 20).

An index whose columns begin another index (mentor_id beside (mentor_id, date)) serves no
query the longer one does not, and costs every insert and the disk. Django adds one per foreign
key: a foreign key the composite indexes already lead with says `db_index=False`.
"""

import pytest
from django.db import connection

from events.models import Registration
from leadvet.models import User
from mentors.models import Contact, ContactRequest
from surveys.models import Answer, Invitation, Response

ACTIVITY_MODELS = [Contact, ContactRequest, Registration, Invitation, Response, Answer]


def indexes_of(model) -> dict[str, dict]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {name: c for name, c in constraints.items() if c["index"] or c["unique"]}


def keys(constraint: dict) -> list[tuple[str, str]]:
    """(column, order) pairs; a constraint's index reports no orders: ascending."""
    orders = constraint.get("orders") or ["ASC"] * len(constraint["columns"])
    return list(zip(constraint["columns"], orders, strict=True))


@pytest.mark.django_db
@pytest.mark.parametrize("model", ACTIVITY_MODELS, ids=lambda model: model.__name__)
def test_no_index_is_the_beginning_of_another(model):
    indexes = indexes_of(model)
    assert len(indexes) >= 2
    redundant = [
        (name, other)
        for name, index in indexes.items()
        if not index["unique"]
        for other, longer in indexes.items()
        if other != name
        and len(longer["columns"]) > len(index["columns"])
        and keys(longer)[: len(index["columns"])] == keys(index)
    ]
    assert redundant == []


@pytest.mark.django_db
def test_the_contact_log_has_one_index_per_way_in():
    indexes = indexes_of(Contact)
    leading = {tuple(index["columns"][:2]) for index in indexes.values()}

    assert {("mentor_id", "date"), ("college_id", "date"), ("task_id", "date")} <= leading
    assert ("vte_group_id",) in leading
    assert not {("mentor_id",), ("college_id",), ("task_id",), ("date",)} & leading - {
        tuple(indexes["mentors_contact_date_covering"]["columns"][:2])
    }
    if connection.vendor == "postgresql":
        # The period aggregates read only the index: every column they use is in it.
        covering = set(indexes["mentors_contact_date_covering"]["columns"])
        assert {"id", "mentor_id", "task_id", "counterpart_kind", "placement"} <= covering


@pytest.mark.django_db
def test_case_insensitive_email_lookups_have_their_indexes():
    names = set(indexes_of(User))

    assert {"user_email_lower", "user_email_upper"} <= names
