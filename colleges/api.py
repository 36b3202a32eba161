"""API for colleges, vocational fields and VTE groups: the pages' predicates and selectors."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from colleges import permissions, selectors, services
from colleges.forms import VocationalFieldForm
from colleges.models import PartnerCollege, VocationalField, VTEGroup
from leadvet.api_fields import OptionalURLField


class CollegeSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)
    country_name = serializers.CharField(source="country.name", read_only=True)
    website = OptionalURLField(read_only=True)
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
            "is_active",
            "active_mentor_count",
            "recent_contact_count",
        ]


class CollegeViewSet(viewsets.ReadOnlyModelViewSet):
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
        return selectors.college_list()


class VocationalFieldSerializer(serializers.ModelSerializer):
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

    def _check_can_write(self):
        if not permissions.can_manage_fields(self.request.user):
            raise PermissionDenied

    def _save(self, serializer, instance=None):
        form = VocationalFieldForm(data=serializer.validated_data, instance=instance)
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        field = services.save_field(form=form)
        serializer.instance = selectors.field_list().get(pk=field.pk)

    def perform_create(self, serializer):
        self._check_can_write()
        self._save(serializer)

    def perform_update(self, serializer):
        self._check_can_write()
        self._save(serializer, serializer.instance)


class VTEGroupSerializer(serializers.ModelSerializer):
    institution_name = serializers.CharField(source="institution.name", read_only=True)
    teacher_educator_name = serializers.SerializerMethodField()
    field_name = serializers.CharField(source="field.name", read_only=True, allow_null=True)
    assigned_count = serializers.IntegerField(read_only=True, help_text="Mentors assigned now.")
    is_closed = serializers.BooleanField(read_only=True)

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
            "is_closed",
            "assigned_count",
        ]

    def get_teacher_educator_name(self, group) -> str | None:
        educator = group.teacher_educator
        return (educator.get_full_name() or educator.email) if educator else None


class VTEGroupViewSet(viewsets.ReadOnlyModelViewSet):
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
        return selectors.group_list(self.request.user)
