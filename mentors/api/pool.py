"""API for mentors: profiles (full or public), adding, changing and their status."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from colleges.models import CollegeUnit, PartnerCollege, VocationalField
from leadvet import roles
from leadvet.api import serializers as api_serializers
from leadvet.api.forms import form_value
from mentors import permissions
from mentors.filters import MentorFilter
from mentors.forms.pool import MentorForm, NewMentorForm, StatusChangeForm
from mentors.forms.profile import PRIVATE_PROFILE_FIELDS, PUBLIC_PROFILE_FIELDS, MentorProfileForm
from mentors.models import Language, Mentor, MentorTask
from mentors.selectors import directory as directory_selectors
from mentors.selectors import pool as pool_selectors
from mentors.services import invitations as invitation_services
from mentors.services import pool as pool_services
from mentors.services import profile as profile_services


class MentorPublicSerializer(api_serializers.ModelSerializer):
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


class MentorWriteSerializer(api_serializers.Serializer):
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
    bio = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, style=api_serializers.MULTILINE
    )
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
        help_text="The new account's language for pages and emails; left out: the language "
        "of the college's country.",
    )
    send_invitation = serializers.BooleanField(
        required=False,
        help_text="Email an invitation to set a password (default true, as on the page).",
    )


class StatusChangeSerializer(api_serializers.Serializer):
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
            component_name="MentorProfile",
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
            return pool_selectors.mentor_pool()
        # The list's mentors, filtered and ordered; the page's rows are read in
        # paginate_queryset.
        if self._sees_pool():
            return permissions.visible_mentors(user)
        if roles.can_find_mentors(user):
            return directory_selectors.listed_mentors()
        if permissions.is_self_service_mentor(user):
            return Mentor.objects.filter(user=user)
        raise PermissionDenied

    def paginate_queryset(self, queryset):
        """The page's mentors picked by id from the list's, then read with what their rows
        show: the rows' annotations (available now, the portal account) are computed for the
        page's 50 rather than planned for the whole pool (at EU scale 50,000 mentors, whose
        availability PostgreSQL then read whole), and the count joins nothing."""
        ids = super().paginate_queryset(pool_selectors.ordered_ids(queryset))
        rows = Mentor.objects.filter(pk__in=ids)
        if self.get_serializer_class() is MentorPublicSerializer:
            rows = directory_selectors.directory_mentors(queryset=rows)
        else:
            rows = pool_selectors.mentor_pool(rows)
        by_id = {mentor.pk: mentor for mentor in rows}
        # As the list page's rows (pool_selectors.mentor_pool_rows): a mentor removed between
        # the two reads is left out, not a 500.
        return [by_id[mentor_id] for mentor_id in ids if mentor_id in by_id]

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
        return MentorSerializer(pool_selectors.mentor_pool().get(pk=mentor.pk)).data

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
        # itself goes out on commit (invitation_services.send_invitation).
        with transaction.atomic():
            mentor = pool_services.create_mentor(
                email=form.cleaned_data["email"], created_by=user, **form.service_kwargs()
            )
            if form.cleaned_data["send_invitation"]:
                invitation_services.send_invitation(user=mentor.user, by=user)
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
            pool_services.update_mentor(mentor=mentor, **form.service_kwargs())
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
            profile_services.update_mentor_profile(
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
        pool_services.change_status(
            mentor=mentor,
            to_status=form.cleaned_data["to_status"],
            by=request.user,
            official_status_date=form.cleaned_data["official_status_date"],
            note=form.cleaned_data["note"],
        )
        return Response(self._saved(mentor))
