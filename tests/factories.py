"""factory_boy factories for the whole domain. Tests build what they need from these."""

import datetime

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from colleges.models import (
    CollegeUnit,
    Country,
    PartnerCollege,
    VocationalField,
    VTEGroup,
    VTEInstitution,
)
from events.models import Event, EventOutput, Registration
from leadvet import roles
from leadvet.models import User
from mentors.models import (
    Availability,
    Contact,
    ContactRequest,
    GroupAssignment,
    Mentor,
    MentorTask,
)
from surveys.models import Invitation, Question, Survey

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            # get_or_create: transactional tests flush the groups the migration made.
            self.groups.add(*[Group.objects.get_or_create(name=name)[0] for name in extracted])
        if create:
            self.save()


def user_with_role(role: str, **kwargs) -> User:
    return UserFactory(roles=[role], **kwargs)


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "FI"
    name = "Finland"


class ReferenceDataFactory(factory.django.DjangoModelFactory):
    """A factory for a catalogue whose reference rows the migrations create (the mentor
    tasks, vocational fields, languages): a row is found by its natural key
    (`django_get_or_create`), so asking for task 3 or the field "Logistics" gives the
    migrated row. Values passed that differ from the row found are refused, so no test
    believes a reference row is called what it is not. Without a key, the sequences make
    values the reference data does not use."""

    class Meta:
        abstract = True

    @classmethod
    def create(cls, **kwargs):
        obj = super().create(**kwargs)
        keys = set(cls._meta.django_get_or_create)
        fields = {f.name for f in obj._meta.concrete_fields}
        differing = {
            name: (getattr(obj, name), value)
            for name, value in kwargs.items()
            if name in fields and name not in keys and getattr(obj, name) != value
        }
        if differing:
            raise ValueError(
                f"{obj._meta.label} “{obj}” exists (reference data from the migrations) "
                f"with other values: {differing} (found, asked)"
            )
        return obj


class VocationalFieldFactory(ReferenceDataFactory):
    class Meta:
        model = VocationalField
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Field {n}")


class PartnerCollegeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerCollege

    name = factory.Sequence(lambda n: f"Vocational College {n}")
    country = factory.SubFactory(CountryFactory)
    city = "Helsinki"


class CollegeUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CollegeUnit

    college = factory.SubFactory(PartnerCollegeFactory)
    name = factory.Sequence(lambda n: f"Unit {n}")


class VTEInstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VTEInstitution
        django_get_or_create = ("name",)

    name = "Haaga-Helia University of Applied Sciences"
    country = factory.SubFactory(CountryFactory)
    city = "Helsinki"


class VTEGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VTEGroup

    institution = factory.SubFactory(VTEInstitutionFactory)
    name = factory.Sequence(lambda n: f"VTE group {n}")
    teacher_educator = factory.LazyFunction(lambda: user_with_role(roles.TEACHER_EDUCATOR))
    term = "Autumn 2026"
    starts_on = datetime.date(2026, 8, 15)
    ends_on = datetime.date(2026, 12, 20)
    size = 20


class MentorTaskFactory(ReferenceDataFactory):
    class Meta:
        model = MentorTask
        django_get_or_create = ("number",)

    # The migrations create tasks 1-8; MentorTaskFactory(number=3) gives the real task 3.
    number = factory.Sequence(lambda n: n + 100)
    name = factory.LazyAttribute(lambda o: f"Task {o.number}")
    description = "A mentor task."


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentor

    user = factory.LazyFunction(lambda: user_with_role(roles.MENTOR))
    college = factory.SubFactory(PartnerCollegeFactory)
    status = Mentor.Status.ACTIVE
    official_status_date = datetime.date(2023, 2, 1)


class AvailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Availability

    mentor = factory.SubFactory(MentorFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=80))
    hours_per_month = 4


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    mentor = factory.SubFactory(MentorFactory)
    college = factory.LazyAttribute(lambda o: o.mentor.college)
    date = factory.LazyFunction(timezone.localdate)
    counterpart_kind = "teacher_student"
    task = factory.SubFactory(MentorTaskFactory)
    channel = "video"
    duration_minutes = 30


class ContactRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactRequest

    requester = factory.LazyFunction(lambda: user_with_role(roles.TEACHER_EDUCATOR))
    mentor = factory.SubFactory(MentorFactory)
    topic = "Visit to our group"
    task = factory.SubFactory(MentorTaskFactory)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = Event.Kind.TRAINING
    title = factory.Sequence(lambda n: f"Mentor training {n}")
    # At 10:00 on the day two weeks ahead: an event of the evening's clock would run past
    # midnight into a second day (a second signature sheet, a second calendar day).
    starts_at = factory.LazyFunction(
        lambda: timezone.make_aware(
            datetime.datetime.combine(
                timezone.localdate() + datetime.timedelta(days=14), datetime.time(10)
            )
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    address = "Ratapihantie 13, Helsinki"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    title = factory.Sequence(lambda n: f"State of networking {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    survey = factory.SubFactory(SurveyFactory)
    key = factory.Sequence(lambda n: f"q{n}")
    kind = Question.Kind.LIKERT
    text = factory.Sequence(lambda n: f"Statement {n}")


class SurveyInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    survey = factory.SubFactory(SurveyFactory)
    token = factory.Sequence(lambda n: f"token-{n:040d}")
    email = factory.Sequence(lambda n: f"respondent{n}@example.org")
    role = "mentor"


class EventOutputFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventOutput

    event = factory.SubFactory(EventFactory)
    kind = EventOutput.Kind.ARTICLE
    title = factory.Sequence(lambda n: f"Article {n}")
    url = "https://esignals.fi/kategoria/pedagogiikka/verkostojen-johtamisella-vaikuttavuutta/"


# Mentors: pool, self-service, assignments (issues 3 and 4)


class LanguageFactory(ReferenceDataFactory):
    class Meta:
        model = "mentors.Language"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"l{n}")
    name = factory.LazyAttribute(lambda o: f"Language {o.code}")


class MembershipPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "mentors.MembershipPeriod"

    mentor = factory.SubFactory(MentorFactory)
    college = factory.SubFactory(PartnerCollegeFactory)
    starts_on = datetime.date(2023, 1, 1)
    ends_on = None


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "mentors.Announcement"

    title = factory.Sequence(lambda n: f"Announcement {n}")
    body = "Next mentor training is in March."
    audience = "all"
    published_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyAttribute(lambda o: o.published_at)


class GroupAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupAssignment

    mentor = factory.SubFactory(MentorFactory)
    vte_group = factory.SubFactory(VTEGroupFactory)
    role = GroupAssignment.Role.CONTACT_PERSON
    starts_on = datetime.date(2026, 8, 15)


class SurveySectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "surveys.Section"

    survey = factory.SubFactory(SurveyFactory)
    title = factory.Sequence(lambda n: f"Section {n}")
    position = factory.Sequence(lambda n: n)


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    """A submitted response; pass submitted_at=None for a draft."""

    class Meta:
        model = "surveys.Response"

    survey = factory.SubFactory(SurveyFactory)
    role = "mentor"
    submitted_at = factory.LazyFunction(timezone.now)


class SurveyAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "surveys.Answer"

    response = factory.SubFactory(SurveyResponseFactory)
    question = factory.SubFactory(QuestionFactory)
    value = 4


class MentorInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "mentors.Invitation"

    user = factory.LazyFunction(lambda: user_with_role(roles.MENTOR))
    key = factory.Sequence(lambda n: f"invitation-key-{n:030d}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


def country_coordinator_for(*countries, **kwargs) -> User:
    """A country coordinator of the given countries (every college in them)."""
    user = user_with_role(roles.COUNTRY_COORDINATOR, **kwargs)
    for country in countries:
        country.coordinators.add(user)
    return user


def college_coordinator_for(*colleges, **kwargs) -> User:
    """A college coordinator of the given colleges."""
    user = user_with_role(roles.COLLEGE_COORDINATOR, **kwargs)
    for college in colleges:
        college.coordinators.add(user)
    return user


class AlumniApplicationFactory(factory.django.DjangoModelFactory):
    """A request to join as an alumnus; `status=APPROVED` with `user=` for an alumnus."""

    class Meta:
        model = "alumni.AlumniApplication"

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"alumnus{n}@example.org")
    graduation_year = 2020
    field = factory.SubFactory(VocationalFieldFactory)
    other_college = "Stadin ammattiopisto"


class TopicFactory(factory.django.DjangoModelFactory):
    """A network-space topic with its opening post (pass `body` for its text)."""

    class Meta:
        model = "space.Topic"
        skip_postgeneration_save = True

    kind = "idea"
    title = factory.Sequence(lambda n: f"Topic {n}")
    audience = "network"
    author = factory.LazyFunction(lambda: user_with_role(roles.MENTOR))

    @factory.post_generation
    def body(self, create, extracted, **kwargs):
        if create:
            from space.models import Post

            Post.objects.create(
                topic=self,
                author=self.author,
                body=extracted or "Let us share placement ideas.",
                is_opening=True,
                created_at=self.created_at,
            )


class PostFactory(factory.django.DjangoModelFactory):
    """A reply in a topic (keeps the topic's reply count as the service would)."""

    class Meta:
        model = "space.Post"

    topic = factory.SubFactory(TopicFactory)
    author = factory.LazyFunction(lambda: user_with_role(roles.MENTOR))
    body = factory.Sequence(lambda n: f"Reply {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        post = super()._create(model_class, *args, **kwargs)
        from django.db.models import F

        type(post.topic).objects.filter(pk=post.topic_id).update(
            reply_count=F("reply_count") + 1, last_post_at=post.created_at
        )
        return post


# Outcomes (issue 24) ---------------------------------------------------------------------


class TeacherStudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outcomes.TeacherStudent"

    vte_group = factory.SubFactory(VTEGroupFactory)
    reference = factory.Sequence(lambda n: f"Student {n}")


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outcomes.Placement"

    student = factory.SubFactory(TeacherStudentFactory)
    college = factory.SubFactory(PartnerCollegeFactory)
    field = factory.SubFactory(VocationalFieldFactory)
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=30))


class StudentOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outcomes.StudentOutcome"

    student = factory.SubFactory(TeacherStudentFactory)
    kind = "hired"
    college = factory.SubFactory(PartnerCollegeFactory)
    field = factory.SubFactory(VocationalFieldFactory)
    date = factory.LazyFunction(timezone.localdate)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outcomes.Objective"

    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Goal {n}")


class DeliverableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outcomes.Deliverable"

    code = factory.Sequence(lambda n: f"PR{n}")
    title = factory.Sequence(lambda n: f"Deliverable {n}")
