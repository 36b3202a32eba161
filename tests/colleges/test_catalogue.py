"""The colleges' catalogue (colleges.selectors.college_catalogue): read once per process and
version, and read again at once after a write to a college or a country."""

import pytest

from colleges.selectors import college_catalogue
from leadvet.lib import versions
from leadvet.lib.cache import CacheUnavailable
from tests.factories import CountryFactory, PartnerCollegeFactory

pytestmark = pytest.mark.django_db


def test_the_catalogue_is_read_once_and_again_after_a_write_to_a_college(
    django_assert_num_queries,
):
    college = PartnerCollegeFactory(name="Omnia")
    with django_assert_num_queries(1):
        assert college_catalogue()[college.pk]["name"] == "Omnia"
    with django_assert_num_queries(0):
        assert college_catalogue()[college.pk]["name"] == "Omnia"
    college.name = "Omnia Espoo"
    college.save()
    with django_assert_num_queries(1):
        assert college_catalogue()[college.pk]["name"] == "Omnia Espoo"
    added = PartnerCollegeFactory(name="Careeria")
    assert college_catalogue()[added.pk]["name"] == "Careeria"
    added.delete()
    assert added.pk not in college_catalogue()


def test_a_renamed_country_shows_at_once():
    college = PartnerCollegeFactory(country=CountryFactory(code="FI", name="Finland"))
    assert college_catalogue()[college.pk]["country__name"] == "Finland"
    country = college.country
    country.name = "Suomi"
    country.save()
    assert college_catalogue()[college.pk]["country__name"] == "Suomi"


def test_without_the_shared_cache_every_read_reads_the_database(
    monkeypatch, django_assert_num_queries
):
    college = PartnerCollegeFactory(name="Omnia")

    def unreachable():
        raise CacheUnavailable

    monkeypatch.setattr(versions, "shared_cache", unreachable)
    for _ in range(2):
        with django_assert_num_queries(1):
            assert college_catalogue()[college.pk]["name"] == "Omnia"


def test_a_value_kept_in_process_is_built_again_when_its_time_is_up(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(versions, "_clock", lambda: now[0])
    built = []

    def build():
        built.append(now[0])
        return len(built)

    assert versions.kept_in_process("test:kept:1", build) == 1
    now[0] += versions.CACHE_SECONDS - 1
    assert versions.kept_in_process("test:kept:1", build) == 1
    now[0] += 2
    assert versions.kept_in_process("test:kept:1", build) == 2
    assert versions.kept_in_process(None, build) == 3  # no key: built, nothing kept


def test_only_the_latest_values_are_kept_in_process():
    built = []

    def build(name):
        return lambda: built.append(name) or name

    for index in range(versions.IN_PROCESS_KEPT + 1):
        versions.kept_in_process(f"test:lru:{index}", build(index))
    versions.kept_in_process(f"test:lru:{versions.IN_PROCESS_KEPT}", build("again"))
    versions.kept_in_process("test:lru:0", build("first again"))
    assert built[-1] == "first again"  # the oldest was let go, the newest kept
    assert "again" not in built
