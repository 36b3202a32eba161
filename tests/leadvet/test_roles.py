import pytest
from django.contrib.auth.models import AnonymousUser, Group

from leadvet import roles
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_migration_created_a_group_for_every_role():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)


def test_anonymous_user_has_no_role():
    anonymous = AnonymousUser()
    assert roles.role_names(anonymous) == frozenset()
    assert not roles.is_coordinator(anonymous)
    assert not roles.can_see_reports(anonymous)


def test_a_user_may_hold_several_roles():
    user = UserFactory(roles=[roles.MENTOR, roles.STEERING])
    assert roles.is_mentor(user) and roles.is_steering(user)
    assert not roles.is_coordinator(user)
    assert roles.can_see_reports(user)


def test_teacher_educator_can_find_mentors_but_not_manage_the_pool():
    educator = user_with_role(roles.TEACHER_EDUCATOR)
    assert roles.can_find_mentors(educator)
    assert not roles.can_manage_pool(educator)
    assert not roles.can_see_reports(educator)


def test_superuser_counts_as_coordinator():
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert roles.is_coordinator(admin)


def test_inactive_user_loses_every_role():
    user = user_with_role(roles.COORDINATOR, is_active=False)
    assert not roles.is_coordinator(user)


def test_roles_are_read_once_per_user_object(django_assert_num_queries):
    user = user_with_role(roles.MENTOR)
    with django_assert_num_queries(1):
        roles.is_mentor(user)
        roles.is_coordinator(user)
        roles.can_find_mentors(user)
