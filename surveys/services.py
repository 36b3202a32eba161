"""Writes for surveys: the builder, rounds, invitations, answers and the notice sweep."""

import datetime
import secrets
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Exists, Max, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from colleges.models import PartnerCollege
from leadvet.lib import pseudonyms
from leadvet.lib.queue import enqueue_on_commit
from leadvet.lib.translated import translations
from leadvet.signals import changed_in_bulk
from surveys import tasks
from surveys.models import (
    LIKERT_DONT_KNOW,
    Answer,
    Invitation,
    Question,
    RespondentRole,
    Response,
    Section,
    Survey,
    SurveyNotice,
)
from surveys.selectors import invitations as invitation_selectors
from surveys.selectors import surveys as survey_selectors

TOKEN_BYTES = 32


class SurveyLocked(ValidationError):
    """The survey already has responses: its questions stay as they were answered."""

    def __init__(self):
        super().__init__(
            _(
                "This survey already has responses, so its questions can no longer be changed. "
                "Duplicate it as a new round to change the questions."
            ),
            code="locked",
        )


def _ensure_unlocked(survey: Survey) -> None:
    if survey_selectors.survey_has_responses(survey):
        raise SurveyLocked()


def new_token() -> str:
    """An unguessable one-use respondent token (256 bits)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


# --- Builder -------------------------------------------------------------------------------


def save_survey(*, form, by) -> Survey:
    """Create or update a survey from its form; anonymity is frozen once anyone has answered."""
    with transaction.atomic():
        survey = form.instance
        if survey.pk:
            original = Survey.objects.select_for_update().get(pk=survey.pk)
            if survey_selectors.survey_has_responses(original):
                survey.is_anonymous = original.is_anonymous
        else:
            survey.created_by = by
        survey = form.save()
    return survey


def _next_position(queryset) -> int:
    current = queryset.aggregate(top=Max("position"))["top"]
    return 0 if current is None else current + 1


def save_section(*, form, survey: Survey) -> Section:
    with transaction.atomic():
        _ensure_unlocked(survey)
        section = form.save(commit=False)
        section.survey = survey
        if section.pk is None:
            section.position = _next_position(survey.sections.all())
        section.save()
    return section


def delete_section(*, section: Section) -> None:
    """Its questions stay in the survey, outside any section."""
    with transaction.atomic():
        _ensure_unlocked(section.survey)
        section.delete()


def unique_question_key(survey: Survey, text: str, *, exclude_pk=None) -> str:
    base = (slugify(text)[:50] or "question").strip("-") or "question"
    taken = set(
        Question.objects.filter(survey=survey).exclude(pk=exclude_pk).values_list("key", flat=True)
    )
    key, n = base, 2
    while key in taken:
        key = f"{base[:50]}-{n}"
        n += 1
    return key


def save_question(*, form, survey: Survey) -> Question:
    with transaction.atomic():
        _ensure_unlocked(survey)
        question = form.save(commit=False)
        question.survey = survey
        if not question.key:
            question.key = unique_question_key(survey, question.text, exclude_pk=question.pk)
        if question.pk is None:
            question.position = _next_position(survey.questions.all())
        question.save()
    return question


def delete_question(*, question: Question) -> None:
    with transaction.atomic():
        _ensure_unlocked(question.survey)
        question.delete()


def _move(items: list, item, direction: str) -> list:
    """Swap `item` with its neighbour; return the items whose position changed."""
    index = next(i for i, candidate in enumerate(items) if candidate.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    changed = []
    for position, candidate in enumerate(items):
        if candidate.position != position:
            candidate.position = position
            changed.append(candidate)
    return changed


def move_section(*, section: Section, direction: str) -> None:
    with transaction.atomic():
        _ensure_unlocked(section.survey)
        siblings = list(Section.objects.select_for_update().filter(survey_id=section.survey_id))
        Section.objects.bulk_update(_move(siblings, section, direction), ["position"])
        changed_in_bulk.send(sender=Section)


def move_question(*, question: Question, direction: str) -> None:
    """Move a question up or down among the questions of its own section."""
    with transaction.atomic():
        _ensure_unlocked(question.survey)
        siblings = list(
            Question.objects.select_for_update().filter(
                survey_id=question.survey_id, section_id=question.section_id
            )
        )
        Question.objects.bulk_update(_move(siblings, question, direction), ["position"])
        changed_in_bulk.send(sender=Question)


def set_benchmark(*, survey: Survey, is_benchmark: bool) -> None:
    """Make `survey` the network's benchmark (the one before it stops being it), or stop it
    being the benchmark. Only a survey with statements on the 1–5 scale can be one. Saved
    row by row, so the dashboard's figures are counted again (portal's cache version)."""
    if is_benchmark and not survey.questions.filter(kind=Question.Kind.LIKERT).exists():
        raise ValidationError(
            _("Only a survey with statements on the 1–5 scale can be the network's benchmark.")
        )
    with transaction.atomic():
        if is_benchmark:
            for other in (
                Survey.objects.select_for_update().filter(is_benchmark=True).exclude(pk=survey.pk)
            ):
                other.is_benchmark = False
                other.save(update_fields=["is_benchmark"])
        survey.is_benchmark = is_benchmark
        survey.save(update_fields=["is_benchmark"])


def duplicate_as_new_round(
    *, survey: Survey, opens_at: datetime.datetime, closes_at: datetime.datetime, by
) -> Survey:
    """A new round: the same sections and questions (same keys), so answers can be compared."""
    with transaction.atomic():
        new = Survey.objects.create(
            **translations(survey, "title", "description"),
            previous_round=survey,
            round_number=survey.round_number + 1,
            audience_roles=list(survey.audience_roles),
            opens_at=opens_at,
            closes_at=closes_at,
            is_anonymous=survey.is_anonymous,
            reminder_days=list(survey.reminder_days),
            created_by=by,
        )
        new.audience_colleges.set(survey.audience_colleges.all())
        new.audience_countries.set(survey.audience_countries.all())
        sections = {}
        for section in survey.sections.all():
            sections[section.pk] = Section.objects.create(
                survey=new, position=section.position, **translations(section, "title")
            )
        Question.objects.bulk_create(
            [
                Question(
                    survey=new,
                    section=sections.get(question.section_id),
                    key=question.key,
                    kind=question.kind,
                    **translations(question, "text", "help_text", "choices", "rows", "columns"),
                    required=question.required,
                    position=question.position,
                )
                for question in survey.questions.all()
            ]
        )
    return new


# --- Invitations and notices ---------------------------------------------------------------


@dataclass(frozen=True)
class Invitee:
    email: str
    role: str
    name: str = ""
    user_id: int | None = None
    college: PartnerCollege | None = None
    country_id: int | None = None
    language: str = "en"


def audience_invitees(survey: Survey) -> list[Invitee]:
    """People with an account who match the survey's audience (roles, colleges, countries)."""
    people = []
    if RespondentRole.MENTOR in survey.audience_roles:
        for mentor in invitation_selectors.audience_mentors(survey):
            people.append(
                Invitee(
                    email=mentor.user.email,
                    role=RespondentRole.MENTOR,
                    name=mentor.name,
                    user_id=mentor.user_id,
                    college=mentor.college,
                    language=mentor.user.language,
                )
            )
    for role, group in invitation_selectors.GROUP_ROLES.items():
        if role not in survey.audience_roles:
            continue
        for user in invitation_selectors.audience_users(group):
            people.append(
                Invitee(
                    email=user.email,
                    role=role,
                    name=user.get_full_name(),
                    user_id=user.pk,
                    language=user.language,
                )
            )
    return people


def send_invitations(*, survey: Survey, extra_people: list[Invitee] = ()) -> int:
    """Invite the survey's audience and the extra people; each email address once per survey.

    The emails are sent by Celery after the commit; returns the number of new invitations.
    """
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.closes_at <= timezone.now():
            raise ValidationError(
                _("This survey has closed; duplicate it as a new round to invite people again."),
                code="closed",
            )
        taken = {email.lower() for email in survey.invitations.values_list("email", flat=True)}
        new = []
        for person in [*audience_invitees(survey), *extra_people]:
            email = person.email.strip().lower()
            if not email or email in taken:
                continue
            taken.add(email)
            college = person.college
            new.append(
                Invitation(
                    survey=survey,
                    token=new_token(),
                    email=email,
                    name=person.name,
                    user_id=person.user_id,
                    role=person.role,
                    college=college,
                    country_id=college.country_id if college else person.country_id,
                    language=person.language,
                )
            )
        Invitation.objects.bulk_create(new)
        changed_in_bulk.send(sender=Invitation)
        for invitation in Invitation.objects.filter(
            survey=survey, token__in=[i.token for i in new]
        ):
            enqueue_on_commit(tasks.send_survey_invitation, invitation.pk)
    return len(new)


def owe_invitation_notice(*, invitation_id: int) -> int | None:
    """The id of the invitation email's SurveyNotice, created when missing; None when the
    invitation is gone."""
    if not Invitation.objects.filter(pk=invitation_id).exists():
        return None
    notice, _created = SurveyNotice.objects.get_or_create(
        invitation_id=invitation_id, kind=SurveyNotice.Kind.INVITATION, key=""
    )
    return notice.pk


def enqueue_due_survey_notices(now: datetime.datetime | None = None) -> int:
    """The sweep: invitations never delivered and reminders now due. Returns the number enqueued.

    Only the latest due reminder offset is sent, so a sweep that was down for a while does not
    send several reminders at once; each (invitation, offset) is sent at most once.
    """
    now = now or timezone.now()
    count = 0
    # An invitation settled without an email (its address turned survey invitations off) is
    # not owed again.
    settled = SurveyNotice.objects.filter(
        invitation=OuterRef("pk"), kind=SurveyNotice.Kind.INVITATION, sent_at__isnull=False
    )
    undelivered = Invitation.objects.filter(
        ~Exists(settled), survey__closes_at__gt=now, sent_at__isnull=True
    )
    for invitation_id in undelivered.values_list("pk", flat=True).iterator(chunk_size=1000):
        enqueue_on_commit(tasks.send_survey_invitation, invitation_id)
        count += 1

    waiting = (
        Invitation.objects.filter(
            survey__opens_at__lte=now, survey__closes_at__gt=now, sent_at__isnull=False
        )
        .filter(used=False)
        .select_related("survey")
        .prefetch_related(
            Prefetch(
                "notices",
                queryset=SurveyNotice.objects.filter(kind=SurveyNotice.Kind.REMINDER),
                to_attr="reminders",
            )
        )
        .order_by("pk")
    )
    for invitation in waiting.iterator(chunk_size=500):
        due = [
            days
            for days in invitation.survey.reminder_days
            if invitation.sent_at + datetime.timedelta(days=days) <= now
        ]
        if not due:
            continue
        key = str(max(due))
        if any(n.key == key for n in invitation.reminders):
            continue  # owed already: sent, or resent by the outbox's sweep if its message was lost
        notice, _created = SurveyNotice.objects.get_or_create(
            invitation=invitation, kind=SurveyNotice.Kind.REMINDER, key=key
        )
        enqueue_on_commit(tasks.send_survey_reminder, notice.pk)
        count += 1
    return count


# --- Answering -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerInput:
    question_id: int
    row: str = ""
    value: int | None = None
    text: str = ""


def _check_answer(question: Question, answer: AnswerInput) -> str | None:
    """The reason an answer is refused, or None when it is valid for its question."""
    kind = question.kind
    out_of_range = _("“%(question)s”: the answer is not one of the options.") % {
        "question": question.text[:80]
    }
    if kind == Question.Kind.TEXT:
        if answer.value is not None or answer.row:
            return out_of_range
        if len(answer.text) > 4000:
            return _("“%(question)s”: the answer is too long.") % {"question": question.text[:80]}
        return None
    if answer.text or answer.value is None:
        return out_of_range
    if kind == Question.Kind.LIKERT:
        valid = answer.row == "" and (answer.value == LIKERT_DONT_KNOW or 1 <= answer.value <= 5)
    elif kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        valid = answer.row == "" and 0 <= answer.value < len(
            survey_selectors.question_choices(question)
        )
    else:
        valid = answer.row in survey_selectors.matrix_row_keys(question) and (
            0 <= answer.value < len(survey_selectors.matrix_columns(question))
        )
    return None if valid else out_of_range


def validate_answers(
    *, survey: Survey, questions: dict[int, Question], answers: list[AnswerInput], submit: bool
) -> list[str]:
    errors: list[str] = []
    strangers = {a.question_id for a in answers} - set(questions)
    if strangers:
        if Question.objects.filter(pk__in=strangers).exclude(survey=survey).exists():
            errors.append(_("An answer refers to a question of another survey."))
        else:
            errors.append(_("An answer refers to a question that does not exist."))
    seen: dict[tuple[int, str], int] = {}
    for answer in answers:
        question = questions.get(answer.question_id)
        if question is None:
            continue
        problem = _check_answer(question, answer)
        if problem:
            errors.append(problem)
            continue
        cell = (answer.question_id, answer.row)
        seen[cell] = seen.get(cell, 0) + 1
        if question.kind != Question.Kind.MULTIPLE and seen[cell] > 1:
            errors.append(
                _("“%(question)s”: only one answer is allowed.") % {"question": question.text[:80]}
            )
    if submit:
        for question in questions.values():
            if not question.required:
                continue
            needed = (
                survey_selectors.matrix_row_keys(question)
                if question.kind == Question.Kind.MATRIX
                else [""]
            )
            if any((question.pk, row) not in seen for row in needed):
                errors.append(
                    _("Please answer the required question “%(question)s”.")
                    % {"question": question.text[:80]}
                )
    return errors


def _day_of(moment: datetime.datetime) -> datetime.datetime:
    """The start of the moment's day: an anonymous response's times say no more than that."""
    return timezone.localtime(moment).replace(hour=0, minute=0, second=0, microsecond=0)


def save_response(
    *, invitation: Invitation, answers: list[AnswerInput], submit: bool, now=None
) -> Response | None:
    """Save a draft or submit. Each invitation submits once; a submitted response is final.

    A draft stays on the invitation, so resuming by token needs no response. Submitting
    makes the Response and marks the invitation used in one transaction (a second submit,
    even a concurrent one, is refused as spent); an anonymous survey's response keeps no
    link to the invitation and its times only to the day. Returns the response on submit,
    None for a draft.

    Raises ValidationError (nothing saved) for a closed survey, a spent token or bad answers.
    """
    now = now or timezone.now()
    spent = ValidationError(
        _("Your answers were already received; a link can be used only once."), code="spent"
    )
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().select_related("survey").get(pk=invitation.pk)
        )
        survey = invitation.survey
        if now < survey.opens_at:
            raise ValidationError(_("This survey is not open yet."), code="not_open")
        if now >= survey.closes_at:
            raise ValidationError(
                _("This survey has closed; answers are no longer accepted."), code="closed"
            )
        if invitation.used:
            raise spent
        questions = {q.pk: q for q in survey.questions.all()}
        errors = validate_answers(
            survey=survey, questions=questions, answers=answers, submit=submit
        )
        if errors:
            raise ValidationError(errors)
        if not submit:
            invitation.draft = [asdict(answer) for answer in answers] or None
            invitation.save(update_fields=["draft"])
            return None
        # The conditional update is the once-only guard even where SELECT … FOR UPDATE is
        # not a lock (SQLite): only one submit turns `used` from false to true.
        if not Invitation.objects.filter(pk=invitation.pk, used=False).update(
            used=True, draft=None
        ):
            raise spent
        moment = _day_of(now) if survey.is_anonymous else now
        response = Response.objects.create(
            survey=survey,
            invitation=None if survey.is_anonymous else invitation,
            role=invitation.role,
            college_id=invitation.college_id,
            country_id=invitation.country_id,
            started_at=moment,
            submitted_at=moment,
        )
        Answer.objects.bulk_create(
            [
                Answer(
                    response=response,
                    question_id=a.question_id,
                    row=a.row,
                    value=a.value,
                    text=a.text,
                )
                for a in answers
            ]
        )
    return response


def discard_closed_drafts(now: datetime.datetime | None = None) -> int:
    """Drafts never submitted by the time their survey closed: nobody can submit them any
    more, so they are not kept with the person's invitation."""
    now = now or timezone.now()
    return Invitation.objects.filter(survey__closes_at__lte=now, draft__isnull=False).update(
        draft=None
    )


def forget_invitee(*, user, replacements: dict[str, str] | None = None, **kwargs) -> int:
    """An anonymised person's invitations keep their statistics but lose name, email and any
    unsubmitted draft; the invitations and reminders still owed to them go, and where
    free-text answers name them (`replacements`: old name or address to pseudonym) the
    pseudonym is written: in their answers to a survey that is not anonymous, and in every
    answer to an anonymous survey they were invited to (whose answers point to nobody, so
    theirs cannot be told apart)."""
    replacements = replacements or {}
    addressed = Q(user=user)
    for old in replacements:
        if "@" in old:
            addressed |= Q(email__iexact=old)
    invitations = Invitation.objects.filter(addressed)
    invitation_ids = list(invitations.values_list("pk", flat=True))
    anonymous_survey_ids = list(
        invitations.filter(survey__is_anonymous=True).values_list("survey_id", flat=True)
    )
    SurveyNotice.objects.filter(invitation_id__in=invitation_ids, sent_at__isnull=True).delete()
    replace = pseudonyms.replacer(replacements)
    naming = Q(pk__in=[])
    for old in pseudonyms.identifiers(replacements):
        naming |= Q(text__icontains=old)
    answers = list(
        Answer.objects.filter(
            Q(response__invitation_id__in=invitation_ids)
            | Q(response__survey_id__in=anonymous_survey_ids)
        )
        .filter(naming)
        .only("id", "text")
    )
    for answer in answers:
        answer.text = replace(answer.text)
    Answer.objects.bulk_update(answers, ["text"], batch_size=500)
    forgotten = Invitation.objects.filter(pk__in=invitation_ids).update(
        email=Concat(
            Value("former-invitee-"), Cast("pk", CharField()), Value("@anonymised.invalid")
        ),
        name="",
        user=None,
        draft=None,
    )
    # The results name the people who answered and show their answers' texts.
    changed_in_bulk.send(sender=Answer)
    changed_in_bulk.send(sender=Invitation)
    return forgotten
