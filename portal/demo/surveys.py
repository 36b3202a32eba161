"""Demo surveys: the networking survey and the mentor-task matrix, two rounds each."""

import datetime
import secrets

from portal.demo.content import (
    EXTRA_RESPONDENTS,
    LIKERT_MEANS,
    MATRIX_TENDENCY,
    MENTOR_EMAIL,
    MENTOR_TASK_NATIONAL_VARIATIONS,
    NETWORKING_STATEMENTS,
    NETWORKING_SURVEY,
    TASKS_MATRIX_KEY,
    TASKS_SURVEY,
)
from surveys.models import (
    DEFAULT_MATRIX_COLUMNS,
    Answer,
    Question,
    RespondentRole,
    Response,
    Survey,
    SurveyNotice,
)
from surveys.models import Invitation as SurveyInvitation
from surveys.selectors.surveys import matrix_row_keys


class SurveySeeding:
    """Part of DemoSeeder (state and helpers are DemoSeeder's)."""

    def surveys(self):
        d = datetime.date
        coordinator = self.s.users["coordinator"]
        networking = self._rounds(
            NETWORKING_SURVEY,
            "How networked are vocational teachers, vocational teacher training and working life?",
            (self.local(d(2024, 3, 18), 9), self.local(d(2024, 4, 15), 16)),
            # The second round is open now, so the demo mentor has a survey to answer.
            (self.now - datetime.timedelta(days=21), self.now + datetime.timedelta(days=30)),
            coordinator,
        )
        tasks = self._rounds(
            TASKS_SURVEY,
            "How are the eight mentor tasks used in your country?\n\n"
            + "What the LeadVET research found on national variations:\n"
            + "\n".join(f"{n}. {note}" for n, note in MENTOR_TASK_NATIONAL_VARIATIONS.items()),
            (self.local(d(2024, 5, 6), 9), self.local(d(2024, 6, 7), 16)),
            (self.local(d(2024, 9, 2), 9), self.local(d(2024, 10, 4), 16)),
            coordinator,
        )
        for survey in networking:
            for position, (key, statement) in enumerate(NETWORKING_STATEMENTS):
                Question.objects.get_or_create(
                    survey=survey,
                    key=key,
                    defaults={
                        "kind": Question.Kind.LIKERT,
                        "text": statement,
                        "position": position,
                    },
                )
        # Rows are labels; an answer's `row` is the label (see surveys.selectors.surveys.matrix_row_keys).
        rows = [f"{task.number}. {task.description}" for task in self.s.tasks]
        for survey in tasks:
            Question.objects.get_or_create(
                survey=survey,
                key=TASKS_MATRIX_KEY,
                defaults={
                    "kind": Question.Kind.MATRIX,
                    "text": "How is each mentor task used in your country?",
                    "rows": rows,
                    "columns": list(DEFAULT_MATRIX_COLUMNS),
                },
            )
        for round_index, survey in enumerate(networking):
            self._responses(survey, round_index, self._likert_answers)
        for round_index, survey in enumerate(tasks):
            self._responses(survey, round_index, self._matrix_answers)

    def _rounds(self, title, description, first, second, author) -> list[Survey]:
        surveys, previous = [], None
        for number, (opens, closes) in enumerate([first, second], start=1):
            survey, created = Survey.objects.get_or_create(
                title=title,
                round_number=number,
                defaults={
                    "description": description,
                    "previous_round": previous,
                    "opens_at": opens,
                    "closes_at": closes,
                    "audience_roles": [
                        RespondentRole.MENTOR,
                        RespondentRole.VET_LEADER,
                        RespondentRole.TEACHER_EDUCATOR,
                        RespondentRole.WORKING_LIFE,
                    ],
                    "created_by": author,
                },
            )
            if created:
                survey.audience_countries.add(*self.s.countries.values())
            surveys.append(survey)
            previous = survey
        return surveys

    def _respondents(self):
        """(email, name, user, role, college, country code) for everyone invited to a survey."""
        if self.respondents_cache is not None:
            return self.respondents_cache
        people = self.respondents_cache = []
        for mentor in self.all_mentors:
            if mentor.seed_status in ("active", "paused"):
                code = mentor.college.country.code
                people.append(
                    (
                        mentor.user.email,
                        mentor.name,
                        mentor.user,
                        RespondentRole.MENTOR,
                        mentor.college,
                        code,
                    )
                )
        for code, groups in EXTRA_RESPONDENTS.items():
            colleges = [
                c for c in self.s.colleges + self.s.foreign_colleges if c.country.code == code
            ]
            n = 0
            for role, count in groups:
                for _ in range(count):
                    n += 1
                    college = (
                        None
                        if role == RespondentRole.TEACHER_EDUCATOR
                        else colleges[n % len(colleges)]
                    )
                    people.append(
                        (
                            f"respondent{n}.{code.lower()}@survey.example.org",
                            "",
                            None,
                            role,
                            college,
                            code,
                        )
                    )
        return people

    def _responses(self, survey: Survey, round_index: int, make_answers):
        rng = self.rng
        questions = list(survey.questions.all())
        invitations = {inv.email: inv for inv in SurveyInvitation.objects.filter(survey=survey)}
        new_invitations = []
        for email, name, user, role, college, code in self._respondents():
            if email not in invitations:
                invitation = SurveyInvitation(
                    survey=survey,
                    token=secrets.token_urlsafe(32),
                    email=email,
                    name=name,
                    user=user,
                    role=role,
                    college=college,
                    country=self.s.countries[code],
                    language="fi" if code == "FI" else "en",
                    created_at=survey.opens_at,
                    sent_at=survey.opens_at,
                )
                new_invitations.append(invitation)
                invitations[email] = invitation
        SurveyInvitation.objects.bulk_create(new_invitations)
        SurveyNotice.objects.bulk_create(
            [
                SurveyNotice(
                    invitation=inv,
                    kind=SurveyNotice.Kind.INVITATION,
                    created_at=inv.sent_at,
                    sent_at=inv.sent_at,
                )
                for inv in new_invitations
            ],
            ignore_conflicts=True,
        )
        is_open = survey.closes_at > self.now
        window_end = min(survey.closes_at, self.now)
        span = (window_end - survey.opens_at).total_seconds()
        per_country: dict[str, int] = {}
        responses, answers, used = [], [], []
        for email, _name, _user, role, college, code in self._respondents():
            # At least six answers per country, so breakdowns pass the anonymity threshold of 5.
            answers_now = per_country.get(code, 0) < 6 or rng.random() < (0.55 if is_open else 0.8)
            if email == MENTOR_EMAIL and is_open:
                answers_now = False  # left for the demo mentor to answer
            submitted = survey.opens_at + datetime.timedelta(seconds=rng.uniform(0.05, 0.95) * span)
            started = submitted - datetime.timedelta(minutes=rng.randint(3, 15))
            values = make_answers(code, round_index, questions)
            if not answers_now:
                continue
            per_country[code] = per_country.get(code, 0) + 1
            invitation = invitations[email]
            if invitation.used:
                continue
            if survey.is_anonymous:
                # As surveys.services.save_response: no link back, times only to the day.
                started = submitted = self.local(submitted.astimezone(self.tz).date(), 0)
            response = Response(
                survey=survey,
                invitation=None if survey.is_anonymous else invitation,
                role=role,
                college=college,
                country=self.s.countries[code],
                started_at=started,
                submitted_at=submitted,
            )
            responses.append(response)
            used.append(invitation.pk)
            answers.extend((response, question, row, value) for question, row, value in values)
        Response.objects.bulk_create(responses)
        SurveyInvitation.objects.filter(pk__in=used).update(used=True)
        Answer.objects.bulk_create(
            [Answer(response=r, question=q, row=row, value=v) for r, q, row, v in answers]
        )

    def _likert_answers(self, code, round_index, questions):
        by_key = {q.key: q for q in questions}
        values = []
        for index, (key, _statement) in enumerate(NETWORKING_STATEMENTS):
            mean = LIKERT_MEANS[code][index] + 0.3 * round_index
            value = (
                0 if self.rng.random() < 0.06 else min(5, max(1, round(self.rng.gauss(mean, 0.9))))
            )
            values.append((by_key[key], "", value))
        return values

    def _matrix_answers(self, code, round_index, questions):
        question = next(q for q in questions if q.key == TASKS_MATRIX_KEY)
        values = []
        for index, key in enumerate(matrix_row_keys(question)):
            column = MATRIX_TENDENCY[code][index]
            if self.rng.random() < 0.35:
                column = min(3, max(0, column + self.rng.choice([-1, 1])))
            if round_index and column > 0 and self.rng.random() < 0.2:
                column -= 1
            values.append((question, key, column))
        return values
