"""Who may build, send and read surveys. Respondents need only their token."""

from leadvet import roles


def can_build_surveys(user) -> bool:
    """Network coordinators build surveys, send invitations and read results."""
    return roles.is_coordinator(user)


def can_see_survey_list(user) -> bool:
    return roles.is_coordinator(user) or roles.is_steering(user)


def can_see_results(user, survey=None) -> bool:
    """Coordinators and the steering group (read-only).

    College coordinators' college-scoped view comes with their own issue; until then
    they see nothing rather than other colleges' answers.
    """
    return roles.is_coordinator(user) or roles.is_steering(user)


def can_export_results(user, survey=None) -> bool:
    return can_see_results(user, survey)
