"""Invitations: a survey's audience, the surveys waiting for a person, answering by token.

Also what "Download my data" shows of a person's survey invitations.
"""

from django.db.models import Q, QuerySet
from django.utils import timezone

from leadvet import roles
from leadvet.models import User
from mentors.models import Mentor
from surveys.models import Answer, Invitation, RespondentRole, Survey, SurveyNotice

# Respondent roles that come from a portal role (group); mentors come from the Mentor table.
GROUP_ROLES = {
    RespondentRole.TEACHER_EDUCATOR: roles.TEACHER_EDUCATOR,
    RespondentRole.COORDINATOR: roles.COORDINATOR,
    RespondentRole.STEERING: roles.STEERING,
}


def audience_mentors(survey: Survey) -> QuerySet[Mentor]:
    mentors = Mentor.objects.filter(status=Mentor.Status.ACTIVE, user__is_active=True)
    college_ids = list(survey.audience_colleges.values_list("pk", flat=True))
    country_ids = list(survey.audience_countries.values_list("pk", flat=True))
    if college_ids:
        mentors = mentors.filter(college__in=college_ids)
    if country_ids:
        mentors = mentors.filter(college__country__in=country_ids)
    return mentors.select_related("user", "college").order_by("pk")


def audience_users(group_name: str) -> QuerySet[User]:
    return User.objects.filter(groups__name=group_name, is_active=True).distinct().order_by("pk")


def pending_invitations_for(user) -> QuerySet[Invitation]:
    """Open surveys the user was invited to and has not yet submitted (for the home page)."""
    now = timezone.now()
    return (
        Invitation.objects.filter(
            user=user, used=False, survey__opens_at__lte=now, survey__closes_at__gt=now
        )
        .select_related("survey")
        .order_by("survey__closes_at", "pk")
    )


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("survey").filter(token=token).first() if token else None
    )


def saved_answers(invitation: Invitation) -> list[Answer]:
    """The draft kept on the invitation, as unsaved answers (nothing is stored as a response
    until it is submitted)."""
    return [
        Answer(
            question_id=item["question_id"],
            row=item.get("row", ""),
            value=item.get("value"),
            text=item.get("text", ""),
        )
        for item in invitation.draft or []
    ]


def personal_data_of(user) -> dict:
    """The survey invitations addressed to the user, for "Download my data".

    Submitted answers are left out on purpose: an anonymous survey's are unlinkable to
    people. Whether the person answered (`used`) and answers they saved for later and have
    not submitted (`draft`, kept with the invitation until then) are theirs and included.
    """
    addressed = Q(user=user) | Q(email__iexact=user.email)
    return {
        "survey_invitations": list(
            Invitation.objects.filter(addressed)
            .order_by("created_at")
            .values(
                "survey__title",
                "email",
                "name",
                "role",
                "language",
                "created_at",
                "sent_at",
                "used",
                "draft",
            )
        ),
        # The invitation and reminder emails (which and when; no text is kept).
        "survey_emails": list(
            SurveyNotice.objects.filter(
                invitation__in=Invitation.objects.filter(addressed).values("pk")
            )
            .order_by("created_at", "pk")
            .values("invitation__survey__title", "kind", "key", "created_at", "sent_at")
        ),
    }
