"""Synthetic surveys, invitations, responses and answers."""

import datetime

from django.utils import timezone

from portal.demo.content import NETWORKING_STATEMENTS
from portal.synthetic.writer import TableWriter, next_id
from surveys.models import Answer, Question, Response, Survey
from surveys.models import Invitation as SurveyInvitation

# Invitations generated (with their responses and answers) before they are copied out: the
# memory used stays the same at any scale.
CHUNK = 5_000


class SurveyWriting:
    """Part of Network (state and helpers are Network's)."""

    def surveys(self):
        rng, sizes = self.rng, self.sizes
        count = sizes["surveys"]
        per_survey = sizes["responses"] // count
        invited_per_survey = per_survey + per_survey // 5
        previous = None
        first_survey = next_id(Survey)
        first_question = next_id(Question)
        surveys, questions = [], []
        for index in range(count):
            opens = self.aware(self.today - datetime.timedelta(days=90 * (count - index)), 9)
            survey = Survey(
                id=first_survey + index,
                title=f"Networking survey {self.tag}",
                round_number=index + 1,
                previous_round=previous,
                audience_roles=["mentor"],
                opens_at=opens,
                closes_at=opens + datetime.timedelta(days=30),
            )
            surveys.append(survey)
            previous = survey
        # One by one: each round points at the one before it.
        for survey in surveys:
            survey.save(force_insert=True)
        for survey in surveys:
            for position, (key, text) in enumerate(NETWORKING_STATEMENTS):
                questions.append(
                    Question(
                        id=first_question + len(questions),
                        survey=survey,
                        key=key,
                        kind="likert",
                        text=text,
                        position=position,
                    )
                )
        Question.objects.bulk_create(questions)
        questions_of = {s.id: [q.id for q in questions if q.survey_id == s.id] for s in surveys}

        people = [(user_id, college_id) for _m, college_id, user_id in self.mentors]
        country_of = {c.id: c.country_id for c in self.colleges}
        invitations = TableWriter(
            SurveyInvitation,
            [
                "id",
                "survey_id",
                "token",
                "email",
                "name",
                "user_id",
                "role",
                "college_id",
                "country_id",
                "language",
                "created_at",
                "sent_at",
                "used",
                "draft",
            ],
        )
        responses = TableWriter(
            Response,
            [
                "id",
                "survey_id",
                "invitation_id",
                "role",
                "college_id",
                "country_id",
                "started_at",
                "submitted_at",
            ],
        )
        answers = TableWriter(Answer, ["response_id", "question_id", "row", "value", "text"])
        invitation_id = next_id(SurveyInvitation) - 1
        response_id = next_id(Response) - 1
        invitation_rows, response_rows, answer_rows = [], [], []

        def flush():
            invitations.write(iter(invitation_rows))
            responses.write(iter(response_rows))
            answers.write(iter(answer_rows))
            for rows in (invitation_rows, response_rows, answer_rows):
                rows.clear()

        for survey in surveys:
            # Mentors first; more invitations than mentors go to outside respondents.
            mentors_invited = min(invited_per_survey, len(people))
            chosen = [people[i] for i in rng.sample(range(len(people)), mentors_invited)]
            chosen += [
                (None, rng.choice(self.colleges).id)
                for _ in range(invited_per_survey - mentors_invited)
            ]
            for position, (user_id, college_id) in enumerate(chosen):
                invitation_id += 1
                email = (
                    self.user_emails[user_id]
                    if user_id
                    else f"guest{position}.{self.tag}@x.example.org"
                )
                # The first `per_survey` answered; of the rest, some saved a draft and
                # never submitted it (the draft stays on the invitation).
                submitted = position < per_survey
                answered, draft = [], None
                if submitted or rng.random() < 0.25:
                    answered = [
                        (question_id, rng.choice([0, 1, 2, 3, 3, 4, 4, 4, 5, 5]))
                        for question_id in questions_of[survey.id]
                    ]
                if answered and not submitted:
                    draft = [
                        {"question_id": question_id, "row": "", "value": value, "text": ""}
                        for question_id, value in answered
                    ]
                invitation_rows.append(
                    (
                        invitation_id,
                        survey.id,
                        f"gen-{self.tag}-{invitation_id}",
                        email,
                        "",
                        user_id,
                        "mentor",
                        college_id,
                        country_of[college_id],
                        "fi",
                        survey.opens_at,
                        survey.opens_at,
                        submitted,
                        draft,
                    )
                )
                if submitted:
                    response_id += 1
                    moment = survey.opens_at + datetime.timedelta(hours=rng.randint(1, 24 * 25))
                    if survey.is_anonymous:
                        # As surveys.services.save_response: no link back, times only to the day.
                        moment = timezone.localtime(moment).replace(
                            hour=0, minute=0, second=0, microsecond=0
                        )
                    response_rows.append(
                        (
                            response_id,
                            survey.id,
                            None if survey.is_anonymous else invitation_id,
                            "mentor",
                            college_id,
                            country_of[college_id],
                            moment,
                            moment,
                        )
                    )
                    answer_rows.extend(
                        (response_id, question_id, "", value, "") for question_id, value in answered
                    )
                if len(invitation_rows) == CHUNK:
                    flush()
        flush()
        self.response_count = responses.count
        self.answer_count = answers.count
