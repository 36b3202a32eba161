"""leadvet.lib.combined_reads: reads of different tables in one statement, each part's rows
with its own columns and their types."""

import pytest
from django.db import connection
from django.db.models import BooleanField, Count, DateTimeField, IntegerField, Max, TextField
from django.test.utils import CaptureQueriesContext

from colleges.models import PartnerCollege, VocationalField
from leadvet.lib.combined_reads import Part, read_together
from tests.factories import CountryFactory, PartnerCollegeFactory, VocationalFieldFactory

pytestmark = pytest.mark.django_db

COLUMNS = {
    "country": IntegerField(),
    "colleges": IntegerField(),
    "newest": DateTimeField(),
    "name": TextField(),
    "shortage": BooleanField(),
}
FIELDS = ["Welding", "Business"]


def parts(countries, college_ids=None) -> dict:
    colleges = PartnerCollege.objects.filter(country__in=countries)
    if college_ids is not None:
        colleges = colleges.filter(pk__in=college_ids)
    return {
        "per_country": Part(
            colleges,
            {"country": "country_id", "colleges": Count("*"), "newest": Max("created_at")},
        ),
        "fields": Part(
            VocationalField.objects.filter(name__in=FIELDS),
            {"name": "name", "shortage": "is_shortage"},
        ),
    }


def test_parts_of_different_tables_come_back_with_their_own_columns_and_types(
    django_assert_num_queries,
):
    finland, sweden = CountryFactory(code="FI"), CountryFactory(code="SE", name="Sweden")
    PartnerCollegeFactory(country=finland)
    newest = PartnerCollegeFactory(country=finland)
    only = PartnerCollegeFactory(country=sweden)
    VocationalFieldFactory(name="Welding", is_shortage=True)
    VocationalFieldFactory(name="Business", is_shortage=False)
    with django_assert_num_queries(1):
        rows = read_together(parts([finland, sweden]), COLUMNS)
    assert sorted(rows["per_country"], key=lambda row: row["colleges"]) == [
        {"country": sweden.pk, "colleges": 1, "newest": only.created_at},
        {"country": finland.pk, "colleges": 2, "newest": newest.created_at},
    ]
    assert sorted(rows["fields"], key=lambda row: row["name"]) == [
        {"name": "Business", "shortage": False},
        {"name": "Welding", "shortage": True},
    ]


def test_a_part_that_can_match_nothing_is_left_out_and_the_others_read(
    django_assert_num_queries,
):
    finland = CountryFactory(code="FI")
    PartnerCollegeFactory(country=finland)
    VocationalFieldFactory(name="Welding")
    with django_assert_num_queries(1):
        rows = read_together(parts([finland], college_ids=()), COLUMNS)
    assert rows["per_country"] == []
    assert [row["name"] for row in rows["fields"]] == ["Welding"]


def test_a_column_missing_from_the_statement_is_refused():
    with pytest.raises(ValueError, match="not in the statement"):
        read_together({"fields": Part(VocationalField.objects.all(), {"title": "name"})}, COLUMNS)


def test_only_the_columns_some_part_reads_are_in_the_statement():
    """The outcome figures' statement names 24 columns; a read of some of its parts sends,
    casts and converts only theirs."""
    VocationalFieldFactory(name="Welding", is_shortage=True)
    only_fields = {"fields": parts([])["fields"]}
    with CaptureQueriesContext(connection) as queries:
        rows = read_together(only_fields, COLUMNS)
    assert rows == {"fields": [{"name": "Welding", "shortage": True}]}
    (statement,) = [query["sql"] for query in queries.captured_queries]
    assert "read_name" in statement and "read_shortage" in statement
    assert not any(f"read_{column}" in statement for column in ("country", "colleges", "newest"))
