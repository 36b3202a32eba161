"""Who may build, send and read surveys. Respondents need only their token."""

from colleges.permissions import coordinated_college_ids
from leadvet import roles


def can_build_surveys(user) -> bool:
    """Network coordinators build surveys, send invitations and read results."""
    return roles.is_coordinator(user)


def can_see_survey_list(user) -> bool:
    return (
        roles.is_coordinator(user) or roles.is_steering(user) or roles.is_college_coordinator(user)
    )


def sees_all_results(user) -> bool:
    return roles.is_coordinator(user) or roles.is_steering(user)


def can_see_results(user, survey=None) -> bool:
    """Coordinators and the steering group see every answer (read-only); college
    coordinators see their own colleges' respondents, above the anonymity threshold."""
    return sees_all_results(user) or bool(coordinated_college_ids(user))


def results_college_ids(user) -> frozenset[int] | None:
    """The colleges whose respondents the user's results are narrowed to; None means all."""
    if sees_all_results(user):
        return None
    return coordinated_college_ids(user)


def can_export_results(user, survey=None) -> bool:
    """The CSV/XLSX exports cover every respondent, so they are for the whole-network roles."""
    return sees_all_results(user)


def can_export_results_pdf(user, survey=None) -> bool:
    """The PDF follows the results page's scope."""
    return can_see_results(user, survey)
