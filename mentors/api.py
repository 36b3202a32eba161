"""API for mentors, availability, the contact log and contact requests.

Same predicates and scoping querysets as the pages (mentors.permissions); writes go through
mentors.services, whose ValidationErrors become 400 answers (leadvet.api.errors).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from colleges.models import CollegeUnit, PartnerCollege, VocationalField, VTEGroup
from leadvet import roles
from leadvet.api.forms import form_value
from mentors import permissions, selectors, services
from mentors.filters import ContactFilter, MentorFilter, RequestFilter
from mentors.forms import (
    PRIVATE_PROFILE_FIELDS,
    PUBLIC_PROFILE_FIELDS,
    MentorForm,
    MentorProfileForm,
    NewMentorForm,
    StatusChangeForm,
)
from mentors.models import Availability, Contact, ContactRequest, Language, Mentor, MentorTask

# Mentors


class MentorPublicSerializer(serializers.ModelSerializer):
    """What teacher educators and other mentors see: no phone, email or contact log."""

    first_name = serializers.CharField(source="user.first_name", read_only=True)
    last_name = serializers.CharField(source="user.last_name", read_only=True)
    college_name = serializers.CharField(source="college.name", read_only=True)
    fields = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    tasks = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    languages = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    available_now = serializers.BooleanField(read_only=True)
    profile = serializers.SerializerMethodField(help_text="`public`: no phone, email or activity.")

    class Meta:
        model = Mentor
        fields = [
            "id",
            "profile",
            "first_name",
            "last_name",
            "title",
            "bio",
            "contact_preferences",
            "status",
            "college",
            "college_name",
            "fields",
            "tasks",
            "languages",
            "available_now",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "enum": ["public"]})
    def get_profile(self, mentor) -> str:
        return "public"


class MentorSerializer(MentorPublicSerializer):
    """The full profile: for pool managers of the mentor's college and the mentor themself."""

    email = serializers.EmailField(source="user.email", read_only=True)

    class Meta(MentorPublicSerializer.Meta):
        fields = [
            *MentorPublicSerializer.Meta.fields,
            "email",
            "phone",
            "unit",
            "official_status_date",
            "capacity_groups",
            "trained_on",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "enum": ["full"]})
    def get_profile(self, mentor) -> str:
        return "full"


class MentorWriteSerializer(serializers.Serializer):
    """What the mentor pages let a user change: the edit page's fields for a coordinator of the
    mentor's college, the profile page's for the mentor themself. Only the fields given change;
    the page's form then checks them with its own rules (e.g. the colleges the user runs)."""

    first_name = serializers.CharField(max_length=150, required=False)
    last_name = serializers.CharField(max_length=150, required=False)
    college = serializers.PrimaryKeyRelatedField(
        queryset=PartnerCollege.objects.all(),
        required=False,
        help_text="One of the colleges you coordinate (network coordinators: any).",
    )
    unit = serializers.PrimaryKeyRelatedField(
        queryset=CollegeUnit.objects.all(), required=False, allow_null=True
    )
    title = serializers.CharField(max_length=150, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    fields = serializers.PrimaryKeyRelatedField(
        many=True, queryset=VocationalField.objects.all(), required=False
    )
    tasks = serializers.PrimaryKeyRelatedField(
        many=True, queryset=MentorTask.objects.all(), required=False
    )
    languages = serializers.SlugRelatedField(
        many=True, slug_field="code", queryset=Language.objects.all(), required=False
    )
    capacity_groups = serializers.IntegerField(min_value=0, max_value=20, required=False)
    trained_on = serializers.DateField(required=False, allow_null=True)
    contact_preferences = serializers.CharField(max_length=300, required=False, allow_blank=True)
    bio = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    nudges_paused = serializers.BooleanField(
        required=False, help_text="The mentor themself only: stop the availability reminders."
    )


class MentorCreateSerializer(MentorWriteSerializer):
    """The add-a-mentor page's fields; the defaults are the page's."""

    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150)
    email = serializers.EmailField()
    college = serializers.PrimaryKeyRelatedField(
        queryset=PartnerCollege.objects.all(),
        help_text="One of the colleges you coordinate (network coordinators: any).",
    )
    language = serializers.ChoiceField(
        choices=NewMentorForm.base_fields["language"].choices,
        required=False,
        help_text="The new account's language for pages and emails.",
    )
    send_invitation = serializers.BooleanField(
        required=False,
        help_text="Email an invitation to set a password (default true, as on the page).",
    )


class StatusChangeSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=Mentor.Status.choices)
    official_status_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Required to make the mentor active; by default the mentor's current one.",
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


# Which fields each page's form has, by the API's names (the forms call `fields` `fields_`).
MANAGER_FIELDS = frozenset(
    name if name != "fields_" else "fields" for name in MentorForm.base_fields
)
SELF_FIELDS = frozenset(PUBLIC_PROFILE_FIELDS + PRIVATE_PROFILE_FIELDS)
CREATE_FIELDS = frozenset(
    name if name != "fields_" else "fields" for name in NewMentorForm.base_fields
)


def _form_data(values: dict, *, rename: bool = True) -> dict:
    """API names and objects -> the form's names and the ids its fields expect."""
    return {
        ("fields_" if rename and name == "fields" else name): form_value(value)
        for name, value in values.items()
    }


def _form_errors(form) -> ValidationError:
    return ValidationError(
        {
            ("fields" if name == "fields_" else name): errors
            for name, errors in form.errors.as_data().items()
        }
    )


def _refuse_other_fields(request, serializer, allowed: frozenset) -> None:
    """A field the user's page does not have is refused rather than silently ignored
    (read-only fields such as `id` or `email` are ignored, as everywhere in the API)."""
    if not hasattr(request.data, "keys"):
        return  # not an object: the serializer says so
    writable = set(serializer.fields)
    refused = sorted(name for name in request.data if name in writable and name not in allowed)
    if refused:
        raise ValidationError({name: _("You cannot change this field.") for name in refused})


MENTOR_PROFILE = PolymorphicProxySerializer(
    component_name="MentorProfile",
    serializers=[MentorSerializer, MentorPublicSerializer],
    resource_type_field_name=None,
)


@extend_schema_view(
    list=extend_schema(
        summary="Mentors",
        description=(
            "Pool managers get the mentors of their colleges with full profiles (coordinators: "
            "all); teacher educators get active mentors' public profiles; a mentor gets "
            "their own profile. Filters are those of the mentor list page."
        ),
        responses=PolymorphicProxySerializer(
            component_name="MentorProfileList",
            serializers=[MentorSerializer, MentorPublicSerializer],
            resource_type_field_name=None,
            many=True,
        ),
    ),
    retrieve=extend_schema(summary="One mentor's profile", responses=MENTOR_PROFILE),
    create=extend_schema(
        summary="Add a mentor (coordinators; college coordinators to their colleges)",
        description=(
            "As the add-a-mentor page: a candidate mentor with an open membership of the "
            "college, and by default an emailed invitation to set a password."
        ),
        request=MentorCreateSerializer,
        responses={201: MentorSerializer},
    ),
    update=extend_schema(
        summary="Change a mentor (their college's coordinators; the mentor: own profile)",
        description=(
            "Coordinators of the mentor's college change the edit page's fields; the mentor "
            "themself changes their profile page's fields (title, phone, bio, contact "
            "preferences, fields, tasks, languages, nudges_paused). Only the fields given "
            "change, for PUT as for PATCH; a field the user's page does not have is a 400."
        ),
        request=MentorWriteSerializer,
        responses=MentorSerializer,
    ),
    partial_update=extend_schema(
        summary="Change a mentor (their college's coordinators; the mentor: own profile)",
        request=MentorWriteSerializer,
        responses=MentorSerializer,
    ),
    change_status=extend_schema(
        summary="Move a mentor along the lifecycle (their college's coordinators)",
        description=(
            "candidate → active/alumni, active → paused/alumni, paused → active/alumni, "
            "alumni → active. Making a mentor active needs the date of official status."
        ),
        request=StatusChangeSerializer,
        responses=MentorSerializer,
    ),
)
class MentorViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    queryset = Mentor.objects.none()
    serializer_class = MentorSerializer
    filterset_class = MentorFilter
    search_fields = ["user__first_name", "user__last_name", "title"]
    ordering_fields = [
        "user__last_name",
        "user__first_name",
        "college__name",
        "status",
        "created_at",
    ]
    ordering = ["user__last_name", "user__first_name", "id"]

    def _sees_pool(self) -> bool:
        return permissions.can_use_pool(self.request.user)

    def get_queryset(self):
        user = self.request.user
        if self.action != "list":
            if not permissions.may_open_mentor_pages(user):
                raise PermissionDenied
            return selectors.mentor_pool()
        if self._sees_pool():
            return selectors.mentor_pool(permissions.visible_mentors(user))
        if roles.can_find_mentors(user):
            return selectors.directory_mentors()
        if permissions.is_self_service_mentor(user):
            return selectors.mentor_pool(Mentor.objects.filter(user=user))
        raise PermissionDenied

    def get_serializer_class(self):
        """The list is public profiles only for those who see the directory, not the pool."""
        user = self.request.user
        if self.action == "create":
            return MentorCreateSerializer
        if self.action in ("update", "partial_update"):
            return MentorWriteSerializer
        if self.action == "change_status":
            return StatusChangeSerializer
        if self.action == "list" and not self._sees_pool() and roles.can_find_mentors(user):
            return MentorPublicSerializer
        return MentorSerializer

    def get_object(self):
        """As the mentor's page: a mentor the user may not see is 404."""
        mentor = super().get_object()
        if not permissions.can_see_public_profile(self.request.user, mentor):
            raise NotFound
        return mentor

    def retrieve(self, request, *args, **kwargs):
        mentor = self.get_object()
        if permissions.can_see_full_profile(request.user, mentor):
            return Response(MentorSerializer(mentor).data)
        return Response(MentorPublicSerializer(mentor).data)

    def _managed(self, mentor: Mentor) -> Mentor:
        """As the edit and status pages: 403 for roles without the pool, 404 for a mentor
        of a college the user does not run."""
        user = self.request.user
        if not permissions.can_use_pool(user):
            raise PermissionDenied
        if not permissions.can_manage_mentor(user, mentor):
            raise NotFound
        return mentor

    def _saved(self, mentor: Mentor) -> dict:
        return MentorSerializer(selectors.mentor_pool().get(pk=mentor.pk)).data

    def create(self, request, *args, **kwargs):
        user = request.user
        if not permissions.can_use_pool(user):
            raise PermissionDenied
        serializer = MentorCreateSerializer(data=request.data)
        _refuse_other_fields(request, serializer, CREATE_FIELDS)
        serializer.is_valid(raise_exception=True)
        page_defaults = {
            name: field.initial
            for name, field in NewMentorForm.base_fields.items()
            if field.initial is not None
        }
        form = NewMentorForm(
            data=_form_data({**page_defaults, **serializer.validated_data}),
            colleges=permissions.manageable_colleges(user, PartnerCollege.objects.all()),
        )
        if not form.is_valid():
            raise _form_errors(form)
        # One transaction, so a refused invitation leaves no half-made mentor; the email
        # itself goes out on commit (services.send_invitation).
        with transaction.atomic():
            mentor = services.create_mentor(
                email=form.cleaned_data["email"], created_by=user, **form.service_kwargs()
            )
            if form.cleaned_data["send_invitation"]:
                services.send_invitation(user=mentor.user, by=user)
        return Response(self._saved(mentor), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        mentor = self.get_object()
        user = request.user
        serializer = MentorWriteSerializer(data=request.data, partial=True)
        if permissions.can_manage_mentor(user, mentor):
            _refuse_other_fields(request, serializer, MANAGER_FIELDS)
            serializer.is_valid(raise_exception=True)
            current = _form_data(MentorForm.initial_for(mentor))
            form = MentorForm(
                data={**current, **_form_data(serializer.validated_data)},
                colleges=permissions.manageable_colleges(user, PartnerCollege.objects.all()),
            )
            if not form.is_valid():
                raise _form_errors(form)
            services.update_mentor(mentor=mentor, **form.service_kwargs())
        elif mentor.user_id == user.pk and permissions.is_self_service_mentor(user):
            _refuse_other_fields(request, serializer, SELF_FIELDS)
            serializer.is_valid(raise_exception=True)
            current = {name: getattr(mentor, name) for name in SELF_FIELDS}
            for name in ("fields", "tasks", "languages"):
                current[name] = list(current[name].all())
            form = MentorProfileForm(
                data=_form_data({**current, **serializer.validated_data}, rename=False),
                instance=mentor,
            )
            if not form.is_valid():
                raise _form_errors(form)
            services.update_mentor_profile(
                mentor=mentor, **{name: form.cleaned_data[name] for name in SELF_FIELDS}
            )
        else:
            self._managed(mentor)
        return Response(self._saved(mentor))

    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def change_status(self, request, pk=None):
        mentor = self._managed(self.get_object())
        serializer = StatusChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = {"official_status_date": mentor.official_status_date, **serializer.validated_data}
        form = StatusChangeForm(data=_form_data(data), mentor=mentor)
        if not form.is_valid():
            raise _form_errors(form)
        services.change_status(
            mentor=mentor,
            to_status=form.cleaned_data["to_status"],
            by=request.user,
            official_status_date=form.cleaned_data["official_status_date"],
            note=form.cleaned_data["note"],
        )
        return Response(self._saved(mentor))


# Availability and the contact log: the object writes, allowed to the mentor they belong to.
OBJECT_WRITES = {"update", "partial_update", "destroy"}


class AvailabilitySerializer(serializers.ModelSerializer):
    tasks = serializers.PrimaryKeyRelatedField(
        many=True, queryset=MentorTask.objects.all(), required=False
    )
    # The same limit as the availability form.
    hours_per_month = serializers.IntegerField(min_value=0, max_value=200, required=False)

    class Meta:
        model = Availability
        fields = [
            "id",
            "mentor",
            "kind",
            "starts_on",
            "ends_on",
            "hours_per_month",
            "tasks",
            "mode",
            "note",
        ]
        read_only_fields = ["mentor"]
        extra_kwargs = {
            "note": {
                "help_text": "Only for the mentor and the coordinators of the mentor's college "
                "(empty for others, as the mentor pages do not show it)."
            }
        }

    def to_representation(self, availability):
        data = super().to_representation(availability)
        request = self.context.get("request")
        if request is not None and not permissions.can_see_availability_note(
            request.user, availability
        ):
            data["note"] = ""
        return data


@extend_schema_view(
    create=extend_schema(summary="Add an availability period to your own profile (mentors)"),
)
class AvailabilityViewSet(viewsets.ModelViewSet):
    """Availability periods: a mentor's own, those of the mentors a pool manager runs, and
    every mentor's current and coming periods for teacher educators and mentors (as on the
    mentor pages)."""

    queryset = Availability.objects.none()
    serializer_class = AvailabilitySerializer
    filterset_fields = {
        "mentor": ["exact"],
        "kind": ["exact"],
        "mode": ["exact"],
        "starts_on": ["gte", "lte"],
        "ends_on": ["gte", "lte"],
    }
    ordering_fields = ["starts_on", "ends_on", "hours_per_month"]
    ordering = ["starts_on", "id"]

    def get_queryset(self):
        user = self.request.user
        if not permissions.may_open_mentor_pages(user):
            raise PermissionDenied
        queryset = Availability.objects.select_related("mentor").prefetch_related("tasks")
        if roles.is_coordinator(user):
            return queryset
        visible = Q(mentor__user=user) | Q(mentor__in=permissions.visible_mentors(user))
        if roles.is_teacher_educator(user) or roles.is_mentor(user):
            # As a mentor's page to these roles (can_see_public_profile: any mentor): the
            # current and coming periods (selectors.mentor_availability), not past ones.
            visible |= Q(ends_on__gte=timezone.localdate())
        return queryset.filter(visible)

    # Before the body is read: a user who may not write gets 403, never the body's 400.
    def check_permissions(self, request):
        super().check_permissions(request)
        if self.action == "create" and not permissions.is_self_service_mentor(request.user):
            self.permission_denied(request)

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if self.action in OBJECT_WRITES and not permissions.can_change_availability(
            request.user, obj
        ):
            self.permission_denied(request)

    def _service_kwargs(self, serializer) -> dict:
        """The validated fields, the rest from the period being changed (or the model's
        defaults for a new one), so PATCH and POST both give the service every field."""
        data, instance = serializer.validated_data, serializer.instance
        current = instance or Availability()
        names = ["kind", "starts_on", "ends_on", "hours_per_month", "mode", "note"]
        kwargs = {name: data.get(name, getattr(current, name)) for name in names}
        kwargs["tasks"] = data.get("tasks", instance.tasks.all() if instance else [])
        return kwargs

    def perform_create(self, serializer):
        serializer.instance = services.save_availability(
            mentor=self.request.user.mentor, **self._service_kwargs(serializer)
        )

    def perform_update(self, serializer):
        availability = serializer.instance
        serializer.instance = services.save_availability(
            mentor=availability.mentor,
            availability=availability,
            **self._service_kwargs(serializer),
        )

    def perform_destroy(self, instance):
        services.delete_availability(availability=instance)


# Contact log


class ContactSerializer(serializers.ModelSerializer):
    task = serializers.PrimaryKeyRelatedField(queryset=MentorTask.objects.all())
    vte_group = serializers.PrimaryKeyRelatedField(
        queryset=VTEGroup.objects.all(), required=False, allow_null=True
    )
    task_name = serializers.CharField(source="task.name", read_only=True)
    editable_until = serializers.SerializerMethodField()

    class Meta:
        model = Contact
        fields = [
            "id",
            "mentor",
            "college",
            *Contact.EDITABLE_FIELDS,
            "task_name",
            "request",
            "created_at",
            "updated_at",
            "editable_until",
        ]
        read_only_fields = ["mentor", "college", "request", "created_at", "updated_at"]

    def get_editable_until(self, contact) -> datetime.datetime:
        return permissions.contact_edit_deadline(contact)


class ContactViewSet(viewsets.ModelViewSet):
    """The contact log: a mentor's own entries, and the read-only contact log of the colleges
    a coordinator runs (network coordinators: every college), as on the pages.

    Entries can be changed or deleted by the mentor who logged them, within the edit window."""

    queryset = Contact.objects.none()
    serializer_class = ContactSerializer
    filterset_class = ContactFilter
    search_fields = ["summary"]
    ordering_fields = ["date", "created_at", "duration_minutes"]
    ordering = ["-date", "-id"]

    def get_queryset(self):
        user = self.request.user
        queryset = Contact.objects.select_related("mentor", "task")
        if self.action != "list":
            # As the contact pages: any signed-in user, then can_see_contact (404 otherwise).
            return queryset
        sees_college_log = permissions.can_see_college_activity(user)
        if not (permissions.is_self_service_mentor(user) or sees_college_log):
            raise PermissionDenied
        if not sees_college_log:
            return queryset.filter(mentor__user=user)
        scope = permissions.college_scope(user)
        if scope is None:
            return queryset
        return queryset.filter(Q(mentor__user=user) | Q(college_id__in=scope))

    # Before the body is read: a user who may not write gets 403 (404 for a contact they may
    # not see), never the body's 400.
    def check_permissions(self, request):
        super().check_permissions(request)
        if self.action == "create" and not permissions.is_self_service_mentor(request.user):
            self.permission_denied(request)

    def get_object(self):
        contact = super().get_object()
        user = self.request.user
        if not permissions.can_see_contact(user, contact):
            raise NotFound
        if self.action in OBJECT_WRITES and not permissions.can_change_contact(user, contact):
            raise PermissionDenied
        return contact

    def perform_create(self, serializer):
        serializer.instance = services.log_contact(
            mentor=self.request.user.mentor, data=serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.update_contact(
            contact=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.delete_contact(contact=instance)


# Contact requests


@extend_schema_serializer(component_name="MentorContactRequest")
class ContactRequestSerializer(serializers.ModelSerializer):
    mentor = serializers.PrimaryKeyRelatedField(
        queryset=Mentor.objects.filter(status=Mentor.Status.ACTIVE, user__is_active=True)
    )
    task = serializers.PrimaryKeyRelatedField(queryset=MentorTask.objects.all())
    vte_group = serializers.PrimaryKeyRelatedField(
        queryset=VTEGroup.objects.all(), required=False, allow_null=True
    )
    mentor_name = serializers.CharField(source="mentor.name", read_only=True)
    requester_name = serializers.SerializerMethodField()

    class Meta:
        model = ContactRequest
        fields = [
            "id",
            "mentor",
            "mentor_name",
            "requester",
            "requester_name",
            "topic",
            "message",
            "task",
            "preferred_dates",
            "vte_group",
            "status",
            "response_message",
            "responded_at",
            "created_at",
        ]
        read_only_fields = ["requester", "status", "response_message", "responded_at", "created_at"]

    def get_requester_name(self, contact_request) -> str:
        return contact_request.requester.get_full_name() or contact_request.requester.email


class RequestAnswerSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


@extend_schema_view(
    create=extend_schema(summary="Send a contact request to an active mentor (teacher educators)"),
    answer=extend_schema(
        summary="Accept or decline a request (the mentor it was sent to)",
        request=RequestAnswerSerializer,
        responses={200: ContactRequestSerializer},
    ),
    withdraw=extend_schema(
        summary="Withdraw an unanswered request (its sender)",
        request=None,
        responses={200: ContactRequestSerializer},
    ),
    make_contact=extend_schema(
        summary="Log an accepted request as a contact (the mentor)",
        request=None,
        responses={201: ContactSerializer},
    ),
)
class ContactRequestViewSet(
    mixins.CreateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    queryset = ContactRequest.objects.none()
    serializer_class = ContactRequestSerializer
    filterset_class = RequestFilter
    search_fields = ["topic"]
    ordering_fields = ["created_at", "responded_at", "status"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        user = self.request.user
        if not permissions.can_see_requests_page(user):
            raise PermissionDenied
        return selectors.requests_visible_to(user)

    def get_object(self):
        contact_request = super().get_object()
        if not permissions.can_see_request(self.request.user, contact_request):
            raise NotFound
        return contact_request

    def check_permissions(self, request):
        """Before the body is read: 403 for a user who may not send, never the body's 400."""
        super().check_permissions(request)
        if self.action == "create" and not permissions.can_send_requests(request.user):
            self.permission_denied(request)

    def perform_create(self, serializer):
        serializer.instance = services.send_contact_request(
            requester=self.request.user, **serializer.validated_data
        )

    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        contact_request = self.get_object()
        if not permissions.can_answer_request(request.user, contact_request):
            raise PermissionDenied
        answer = RequestAnswerSerializer(data=request.data)
        answer.is_valid(raise_exception=True)
        contact_request = services.answer_contact_request(
            contact_request=contact_request, **answer.validated_data
        )
        return Response(ContactRequestSerializer(contact_request).data)

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        contact_request = self.get_object()
        if not permissions.can_withdraw_request(request.user, contact_request):
            raise PermissionDenied
        contact_request = services.withdraw_contact_request(contact_request=contact_request)
        return Response(ContactRequestSerializer(contact_request).data)

    @action(detail=True, methods=["post"], url_path="make-contact")
    def make_contact(self, request, pk=None):
        contact_request = self.get_object()
        if not permissions.can_turn_request_into_contact(request.user, contact_request):
            raise PermissionDenied
        contact = services.contact_from_request(contact_request=contact_request)
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)
