"""Surveys run round after round: questions, invitations, responses, answers."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leadvet.lib.outbox import OutboxEntry

LIKERT_DONT_KNOW = 0
LIKERT_LABELS = [
    (1, _("Strongly disagree")),
    (2, _("Disagree")),
    (3, _("Neither agree nor disagree")),
    (4, _("Agree")),
    (5, _("Strongly agree")),
    (LIKERT_DONT_KNOW, _("Don't know")),
]
DEFAULT_MATRIX_COLUMNS = ["In systematic use", "Occasional", "Possible", "Not in use"]
# The default matrix scale in every interface language: a new matrix question's columns.
DEFAULT_MATRIX_COLUMNS_BY_LANGUAGE = {
    "en": DEFAULT_MATRIX_COLUMNS,
    "fi": ["Systemaattisessa käytössä", "Satunnaisesti", "Mahdollinen", "Ei käytössä"],
    "sv": ["I systematisk användning", "Ibland", "Möjlig", "Inte i användning"],
    "et": ["Süstemaatiliselt kasutusel", "Aeg-ajalt", "Võimalik", "Pole kasutusel"],
    "nl": ["Systematisch in gebruik", "Af en toe", "Mogelijk", "Niet in gebruik"],
}


def default_matrix_columns() -> list[str]:
    return list(DEFAULT_MATRIX_COLUMNS)


def default_survey_reminders() -> list[int]:
    """Days after the invitation when those who have not answered are reminded."""
    return [7, 14]


class RespondentRole(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    TEACHER_EDUCATOR = "teacher_educator", _("Teacher educator")
    VET_LEADER = "vet_leader", _("VET leader")
    WORKING_LIFE = "working_life", _("Working-life representative")
    COORDINATOR = "coordinator", _("Coordinator")
    STEERING = "steering", _("Steering group member")


class Survey(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("introduction"), blank=True)
    previous_round = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_rounds",
        verbose_name=_("previous round"),
    )
    round_number = models.PositiveSmallIntegerField(_("round"), default=1)
    audience_roles = models.JSONField(_("roles"), default=list, blank=True)
    audience_colleges = models.ManyToManyField(
        "colleges.PartnerCollege", blank=True, related_name="+", verbose_name=_("colleges")
    )
    audience_countries = models.ManyToManyField(
        "colleges.Country", blank=True, related_name="+", verbose_name=_("countries")
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    is_anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("Answers are never shown with the respondent's name."),
    )
    reminder_days = models.JSONField(
        _("reminders (days after invitation)"), default=default_survey_reminders, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The network's benchmark: the survey whose statements the dashboard and the steering
    # report show, chosen by a coordinator; at most one at a time.
    is_benchmark = models.BooleanField(_("network benchmark"), default=False)

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="survey_closes_after_open"
            ),
            models.UniqueConstraint(
                fields=["is_benchmark"],
                condition=Q(is_benchmark=True),
                name="one_benchmark_survey",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({_('round')} {self.round_number})"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["survey", "position", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        LIKERT = "likert", _("Statement, 1–5 scale")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TEXT = "text", _("Free text")
        MATRIX = "matrix", _("Matrix")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    key = models.SlugField(
        _("key"),
        max_length=60,
        help_text=_("Stays the same across rounds so answers can be compared."),
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("question or statement"))
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=True)
    position = models.PositiveSmallIntegerField(default=0)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    rows = models.JSONField(_("matrix rows"), default=list, blank=True)
    columns = models.JSONField(_("matrix columns"), default=default_matrix_columns, blank=True)

    class Meta:
        ordering = ["survey", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="unique_question_key_per_survey")
        ]

    def __str__(self):
        return self.text[:80]


class Invitation(models.Model):
    """A personal link to answer; works without logging in. The token is one-use.

    Answers saved for later stay on the invitation (`draft`) until they are submitted; then
    they become a Response and the invitation keeps only that it was `used`. A response to
    an anonymous survey does not point back to its invitation, so nothing links the person
    to the answers.
    """

    # Indexed by the (survey, email) unique constraint and the (survey, sent_at) index.
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="invitations", db_index=False
    )
    token = models.CharField(max_length=64, unique=True)
    email = models.EmailField()
    name = models.CharField(max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_invitations",
    )
    role = models.CharField(max_length=20, choices=RespondentRole.choices)
    college = models.ForeignKey(
        "colleges.PartnerCollege",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    country = models.ForeignKey(
        "colleges.Country", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(
        max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Only whether, never when: a time here would match the response's and link the two.
    used = models.BooleanField(_("answers submitted"), default=False, db_default=False)
    # Answers saved with "continue later", as AnswerInput dicts; None when there are none.
    draft = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["survey", "email"]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            # Also the index of a survey's invitations and of an address's invitation to it.
            models.UniqueConstraint(fields=["survey", "email"], name="one_invitation_per_email")
        ]
        # The token's unique index finds the respondent's link; user, college and country
        # keep their foreign keys' indexes ("Download my data", SET NULL on delete).
        indexes = [
            # The invitations still to send, and those sent, of a survey (sending, reminders).
            models.Index(fields=["survey", "sent_at"]),
        ]

    def __str__(self):
        return f"{self.email} → {self.survey}"


class SurveyNotice(OutboxEntry):
    """An invitation or reminder email sent for an invitation: each once."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        REMINDER = "reminder", _("Reminder")

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    key = models.CharField(max_length=20, default="", blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["invitation", "kind", "key"], name="one_survey_notice")
        ]

    def __str__(self):
        return f"{self.kind}:{self.key} for {self.invitation_id}"

    def on_sent(self, now):
        if self.kind == self.Kind.INVITATION:
            Invitation.objects.filter(pk=self.invitation_id, sent_at__isnull=True).update(
                sent_at=now
            )


class Response(models.Model):
    """One respondent's submitted answers. Role, college and country are copied from the
    invitation for the breakdowns (groups under the anonymity threshold are never shown).

    Only a response to a survey that is not anonymous keeps its invitation (whose name the
    results show); an anonymous one has none, and its times are kept to the day.
    """

    # Indexed by the (survey, submitted_at) and (survey, country) indexes.
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", db_index=False
    )
    invitation = models.OneToOneField(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    role = models.CharField(max_length=20, choices=RespondentRole.choices)
    college = models.ForeignKey(
        "colleges.PartnerCollege",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    country = models.ForeignKey(
        "colleges.Country", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [
            # A survey's submitted responses: the results, the response rate.
            models.Index(fields=["survey", "submitted_at"]),
            # The results by country.
            models.Index(fields=["survey", "country"]),
        ]

    def __str__(self):
        return f"{_('response')} {self.pk} – {self.survey}"


class Answer(models.Model):
    """One value: a Likert point (0 = don't know), a choice index, a matrix cell, or text.

    Multiple choice stores one row per chosen option; a matrix one row per row key.
    """

    # Indexed by the one_answer_per_cell constraint (response first) and the question index.
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", db_index=False
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", db_index=False
    )
    row = models.CharField(max_length=120, blank=True, default="")
    value = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(max_length=4000, blank=True)

    class Meta:
        ordering = ["response", "question", "row", "value"]
        constraints = [
            # Also the index of a response's answers.
            models.UniqueConstraint(
                fields=["response", "question", "row", "value"], name="one_answer_per_cell"
            )
        ]
        indexes = [
            # A question's answers counted per row and value: the rollups' rebuild.
            models.Index(fields=["question", "row", "value"]),
            # The latest free-text answers of a question, which the results list.
            models.Index(fields=["question", "id"], condition=~Q(text=""), name="answer_texts"),
        ]

    def __str__(self):
        return f"{self.question_id}/{self.row}: {self.value if self.value is not None else self.text[:20]}"


# --- Rollups: what the results read ---------------------------------------------------------
#
# Kept by database triggers (migration 0006) in the transaction of every write to Response
# and Answer, whatever makes it: the submit service, a bulk insert or COPY, an update, a
# deletion or its cascade. Only submitted responses count. `surveys.rollups` recomputes
# them from the raw rows. The references carry no database constraint and are never
# cascaded by Django: the triggers alone remove a row, when its count comes to zero.
# Questions and answers are counted twice: by role and country (what most views read, a few
# thousand rows per survey) and by college as well (a college coordinator's view and the
# breakdown by college).


class RespondentGroup(models.Model):
    """The respondent's group, as copied on the response: what results are split by."""

    role = models.CharField(max_length=20, choices=RespondentRole.choices)
    country = models.ForeignKey(
        "colleges.Country",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="+",
    )

    class Meta:
        abstract = True


class CollegeGroup(RespondentGroup):
    college = models.ForeignKey(
        "colleges.PartnerCollege",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="+",
    )

    class Meta:
        abstract = True


def _group_key(*fields: str, college: bool) -> tuple:
    """The unique key of a rollup: a NULL college or country is a group of its own (a plain
    unique constraint would let NULLs repeat), so the triggers' upserts can name it."""
    return (
        *(F(name) for name in fields),
        F("role"),
        *([Coalesce("college", Value(0))] if college else []),
        Coalesce("country", Value(0)),
    )


def _reference(model) -> models.ForeignKey:
    return models.ForeignKey(
        model, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )


class RespondentTally(CollegeGroup):
    """Submitted responses per survey and respondent group."""

    survey = _reference(Survey)
    respondents = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                *_group_key("survey", college=True), name="one_respondent_tally_per_group"
            )
        ]

    def __str__(self):
        return (
            f"{self.survey_id} {self.role}/{self.college_id}/{self.country_id}: {self.respondents}"
        )


class QuestionTally(RespondentGroup):
    """Submitted responses that answered the question (anything: a multiple choice or a
    matrix counts its respondent once), per role and country."""

    question = _reference(Question)
    respondents = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                *_group_key("question", college=False), name="one_question_tally_per_group"
            )
        ]

    def __str__(self):
        return f"{self.question_id} {self.role}/{self.country_id}: {self.respondents}"


class CollegeQuestionTally(CollegeGroup):
    """QuestionTally per college as well."""

    question = _reference(Question)
    respondents = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                *_group_key("question", college=True), name="one_college_question_tally"
            )
        ]
        indexes = [models.Index(fields=["college", "question"])]

    def __str__(self):
        return f"{self.question_id} {self.role}/{self.college_id}/{self.country_id}: {self.respondents}"


class AnswerTally(RespondentGroup):
    """Answers with a value (a Likert point, a choice, a matrix cell: never free text) per
    question, matrix row, value, role and country. Means are counts × values."""

    question = _reference(Question)
    row = models.CharField(max_length=120, blank=True, default="")
    value = models.SmallIntegerField()
    answers = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                *_group_key("question", "row", "value", college=False),
                name="one_answer_tally_per_group",
            )
        ]

    def __str__(self):
        return f"{self.question_id}/{self.row}={self.value} {self.role}: {self.answers}"


class CollegeAnswerTally(CollegeGroup):
    """AnswerTally per college as well."""

    question = _reference(Question)
    row = models.CharField(max_length=120, blank=True, default="")
    value = models.SmallIntegerField()
    answers = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                *_group_key("question", "row", "value", college=True),
                name="one_college_answer_tally",
            )
        ]
        indexes = [models.Index(fields=["college", "question"])]

    def __str__(self):
        return f"{self.question_id}/{self.row}={self.value} {self.role}/{self.college_id}: {self.answers}"
