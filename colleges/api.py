"""API for colleges, vocational fields and VTE groups: the pages' predicates, forms, services
and selectors."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from colleges import permissions, selectors, services
from colleges.forms import (
    COUNTRY_LOCKED,
    CollegeForm,
    CollegeUnitFormSet,
    VocationalFieldForm,
    VTEGroupForm,
)
from colleges.models import Country, PartnerCollege, VocationalField, VTEGroup
from leadvet.api import serializers as api_serializers
from leadvet.api.fields import OptionalURLField
from leadvet.api.forms import valid_page_form

# The object writes of each viewset: the page's edit predicate applies to them.
OBJECT_WRITES = {"update", "partial_update", "close", "reopen"}


class CollegeSerializer(api_serializers.ModelSerializer):
    country = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Country.objects.all(),
        help_text=(
            "ISO 3166-1 alpha-2 code of a country the portal knows, e.g. FI. Only network "
            "coordinators change it; a college coordinator may send only the college's own."
        ),
    )
    country_name = serializers.CharField(source="country.name", read_only=True)
    website = OptionalURLField()
    fields = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=VocationalField.objects.all(),
        required=False,
        help_text="Ids of the college's vocational fields.",
    )
    active_mentor_count = serializers.IntegerField(read_only=True)
    recent_contact_count = serializers.IntegerField(
        read_only=True, help_text="Contacts logged for the college in the last 90 days."
    )

    class Meta:
        model = PartnerCollege
        fields = [
            "id",
            "name",
            "short_name",
            "country",
            "country_name",
            "city",
            "website",
            "fields",
            "is_active",
            "active_mentor_count",
            "recent_contact_count",
        ]


@extend_schema_view(
    create=extend_schema(
        summary="Add a partner college (coordinators)",
        description="The fields of the page's college form; units are kept on the page.",
    ),
    update=extend_schema(
        summary="Change a partner college (coordinators; college coordinators their own)",
        description="Fields left out keep their values; units are not changed.",
    ),
    partial_update=extend_schema(
        summary="Change a partner college (coordinators; college coordinators their own)",
        description="Fields left out keep their values; units are not changed.",
    ),
)
class CollegeViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Partner colleges with their counts: coordinators, college coordinators, steering group."""

    serializer_class = CollegeSerializer
    queryset = PartnerCollege.objects.none()
    filterset_fields = {"country__code": ["exact"], "is_active": ["exact"]}
    search_fields = ["name", "short_name", "city"]
    ordering_fields = ["name", "city", "active_mentor_count", "recent_contact_count"]
    ordering = ["name"]

    def get_queryset(self):
        if not permissions.can_view_college_list(self.request.user):
            raise PermissionDenied
        return selectors.college_list().prefetch_related("fields")

    def check_permissions(self, request):
        super().check_permissions(request)
        if self.action == "create" and not permissions.can_create_college(request.user):
            self.permission_denied(request)

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if self.action in OBJECT_WRITES and not permissions.can_edit_college(request.user, obj):
            self.permission_denied(request)

    def _save(self, serializer, instance=None):
        country_locked = not permissions.can_change_college_country(self.request.user)
        country = serializer.validated_data.get("country")
        if country_locked and instance is not None and country not in (None, instance.country):
            raise ValidationError({"country": [COUNTRY_LOCKED]})
        form = valid_page_form(
            CollegeForm,
            data=serializer.validated_data,
            instance=instance,
            country_locked=country_locked,
        )
        # The units stay as they are: an empty unit formset adds, changes and deletes none.
        units = CollegeUnitFormSet(
            {"units-TOTAL_FORMS": "0", "units-INITIAL_FORMS": "0"},
            instance=form.instance,
            prefix="units",
        )
        if not units.is_valid():
            raise ValidationError(units.non_form_errors())
        college = services.save_college(form=form, unit_formset=units)
        serializer.instance = self.get_queryset().get(pk=college.pk)

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)


class VocationalFieldSerializer(api_serializers.ModelSerializer):
    mentor_count = serializers.IntegerField(
        read_only=True, help_text="Active mentors in the field."
    )
    open_group_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = VocationalField
        fields = ["id", "name", "is_shortage", "description", "mentor_count", "open_group_count"]


@extend_schema_view(
    create=extend_schema(summary="Add a vocational field (coordinators)"),
    update=extend_schema(summary="Change a vocational field (coordinators)"),
    partial_update=extend_schema(summary="Change a vocational field (coordinators)"),
)
class VocationalFieldViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    serializer_class = VocationalFieldSerializer
    queryset = VocationalField.objects.none()
    filterset_fields = ["is_shortage"]
    search_fields = ["name", "description"]
    ordering_fields = ["name", "mentor_count", "open_group_count"]
    ordering = ["name"]

    def get_queryset(self):
        if not permissions.can_view_fields(self.request.user):
            raise PermissionDenied
        return selectors.field_list()

    # Before the body is read: a user who may not write gets 403, never the body's 400.
    def check_permissions(self, request):
        super().check_permissions(request)
        if self.action == "create" and not permissions.can_manage_fields(request.user):
            self.permission_denied(request)

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if self.action in OBJECT_WRITES and not permissions.can_manage_fields(request.user):
            self.permission_denied(request)

    def _save(self, serializer, instance=None):
        form = valid_page_form(
            VocationalFieldForm, data=serializer.validated_data, instance=instance
        )
        field = services.save_field(form=form)
        serializer.instance = selectors.field_list().get(pk=field.pk)

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)


class VTEGroupSerializer(api_serializers.ModelSerializer):
    institution_name = serializers.CharField(source="institution.name", read_only=True)
    teacher_educator_name = serializers.SerializerMethodField()
    field_name = serializers.CharField(source="field.name", read_only=True, allow_null=True)
    assigned_count = serializers.IntegerField(read_only=True, help_text="Mentors assigned now.")
    is_closed = serializers.BooleanField(read_only=True)
    needed_tasks = serializers.PrimaryKeyRelatedField(
        many=True,
        # MentorTask lives in mentors: reached through the relation, as the page's form does.
        queryset=VTEGroup._meta.get_field("needed_tasks").related_model.objects.all(),
        required=False,
        help_text="Ids of the mentor tasks the group needs.",
    )

    class Meta:
        model = VTEGroup
        fields = [
            "id",
            "name",
            "term",
            "starts_on",
            "ends_on",
            "institution",
            "institution_name",
            "teacher_educator",
            "teacher_educator_name",
            "field",
            "field_name",
            "size",
            "needed_tasks",
            "is_closed",
            "assigned_count",
        ]
        extra_kwargs = {
            "teacher_educator": {"help_text": "Id of a user with the teacher educator role."}
        }

    def get_teacher_educator_name(self, group) -> str | None:
        educator = group.teacher_educator
        return (educator.get_full_name() or educator.email) if educator else None


@extend_schema_view(
    create=extend_schema(summary="Add a VTE group (coordinators)"),
    update=extend_schema(
        summary="Change a VTE group (coordinators)",
        description="Fields left out keep their values.",
    ),
    partial_update=extend_schema(
        summary="Change a VTE group (coordinators)",
        description="Fields left out keep their values.",
    ),
    close=extend_schema(
        summary="Close the group at term end (coordinators)",
        description="Closing a closed group keeps its first closing time.",
        request=None,
        responses={200: VTEGroupSerializer},
    ),
    reopen=extend_schema(
        summary="Reopen a closed group (coordinators)",
        request=None,
        responses={200: VTEGroupSerializer},
    ),
)
class VTEGroupViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """All groups for pool managers, their own for teacher educators, assigned ones for mentors."""

    serializer_class = VTEGroupSerializer
    queryset = VTEGroup.objects.none()
    filterset_fields = {"field": ["exact"], "term": ["exact"], "closed_at": ["isnull"]}
    search_fields = ["name", "term"]
    ordering_fields = ["name", "starts_on", "ends_on", "size", "assigned_count"]
    ordering = ["-starts_on", "name"]

    def get_queryset(self):
        if not permissions.can_view_group_list(self.request.user):
            raise PermissionDenied
        return selectors.group_list(self.request.user).prefetch_related("needed_tasks")

    def check_permissions(self, request):
        super().check_permissions(request)
        if self.action == "create" and not permissions.can_manage_groups(request.user):
            self.permission_denied(request)

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if self.action in OBJECT_WRITES and not permissions.can_edit_group(request.user, obj):
            self.permission_denied(request)

    def _reread(self, group: VTEGroup) -> VTEGroup:
        return self.get_queryset().get(pk=group.pk)

    def _save(self, serializer, instance=None):
        form = valid_page_form(VTEGroupForm, data=serializer.validated_data, instance=instance)
        serializer.instance = self._reread(services.save_group(form=form))

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        group = services.close_group(group=self.get_object())
        return Response(self.get_serializer(self._reread(group)).data)

    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        group = services.reopen_group(group=self.get_object())
        return Response(self.get_serializer(self._reread(group)).data)
