import pytest

from leadvet import roles
from tests.factories import (
    CountryFactory,
    GroupAssignmentFactory,
    MentorFactory,
    PartnerCollegeFactory,
    VTEGroupFactory,
    user_with_role,
)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def space(db):
    """Two countries: a Finnish college with a mentor and a teacher educator whose group the
    mentor is assigned to, and an Estonian college with its own mentor."""
    finland = CountryFactory(code="FI", name="Finland")
    estonia = CountryFactory(code="EE", name="Estonia")
    omnia = PartnerCollegeFactory(name="Omnia", country=finland)
    stadin = PartnerCollegeFactory(name="Stadin AO", country=finland)
    tallinn = PartnerCollegeFactory(name="Tallinn Polytechnic", country=estonia)
    educator = user_with_role(roles.TEACHER_EDUCATOR, email="educator@example.org")
    group = VTEGroupFactory(teacher_educator=educator)
    mentor = MentorFactory(
        college=omnia, user=user_with_role(roles.MENTOR, email="mentor@example.org")
    )
    GroupAssignmentFactory(mentor=mentor, vte_group=group)
    return {
        "finland": finland,
        "estonia": estonia,
        "omnia": omnia,
        "stadin": stadin,
        "tallinn": tallinn,
        "group": group,
        "educator": educator,
        "mentor": mentor,
        "colleague": MentorFactory(college=stadin),
        "estonian": MentorFactory(college=tallinn),
        "coordinator": user_with_role(roles.COORDINATOR, email="coord@example.org"),
        "steering": user_with_role(roles.STEERING, email="steering@example.org"),
    }
