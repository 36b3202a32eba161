"""API for teacher students' placements and outcomes, and the programme's deliverables: the
pages' predicates, form and services."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from colleges.permissions import coordinated_college_ids
from leadvet import roles
from leadvet.api import serializers as api_serializers
from mentors.models import Contact
from outcomes import permissions, services
from outcomes.forms import PathStepForm
from outcomes.models import Deliverable, Placement, StudentOutcome
from outcomes.selectors import records


def _visible(queryset, user):
    """Records the user may see: every one for network coordinators, their colleges' for
    college coordinators, their groups' for teacher educators."""
    if roles.is_coordinator(user):
        return queryset
    condition = Q(pk__in=[])
    if roles.is_college_coordinator(user):
        condition |= Q(college_id__in=coordinated_college_ids(user))
    if roles.is_teacher_educator(user):
        condition |= Q(student__vte_group__teacher_educator=user)
    return queryset.filter(condition)


class PathStepSerializer(api_serializers.Serializer):
    group = serializers.IntegerField(help_text="Id of the teacher student's VTE group.")
    reference = serializers.CharField(max_length=60, help_text="Pseudonymous reference.")
    name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    college = serializers.IntegerField()
    field = serializers.IntegerField(help_text="Id of the vocational field.")
    mentor = serializers.IntegerField(required=False, allow_null=True)
    contacts = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="Ids of contacts behind it."
    )


class PlacementSerializer(PathStepSerializer):
    id = serializers.IntegerField(read_only=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)

    def to_representation(self, placement):
        return {
            "id": placement.pk,
            "group": placement.student.vte_group_id,
            "reference": placement.student.reference,
            "college": placement.college_id,
            "field": placement.field_id,
            "mentor": placement.mentor_id,
            "starts_on": placement.starts_on,
            "ends_on": placement.ends_on,
            "contacts": [contact.pk for contact in placement.contacts.all()],
        }


class StudentOutcomeSerializer(PathStepSerializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=StudentOutcome.Kind.choices)
    date = serializers.DateField()

    def to_representation(self, outcome):
        return {
            "id": outcome.pk,
            "group": outcome.student.vte_group_id,
            "reference": outcome.student.reference,
            "kind": outcome.kind,
            "college": outcome.college_id,
            "field": outcome.field_id,
            "date": outcome.date,
            "contacts": [contact.pk for contact in outcome.contacts.all()],
        }


class _PathStepViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    kind: str = ""

    def check_permissions(self, request):
        super().check_permissions(request)
        if not permissions.can_record_outcomes(request.user):
            raise PermissionDenied

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if self.action == "destroy" and not permissions.can_change_record(request.user, obj):
            raise PermissionDenied

    def _record(self, data: dict) -> None:
        user = self.request.user
        form_data = {
            "group": data["group"],
            "reference": data["reference"],
            "name": data.get("name", ""),
            "kind": data.get("kind", services.PLACEMENT),
            "college": data["college"],
            "field": data["field"],
            "mentor": data.get("mentor"),
            "starts_on": data.get("starts_on") or data.get("date"),
            "ends_on": data.get("ends_on"),
        }
        form = PathStepForm(
            data={key: "" if value is None else value for key, value in form_data.items()},
            groups=records.groups_of(user),
            college_ids=permissions.recordable_college_ids(user),
        )
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        contacts = list(
            Contact.objects.select_related("vte_group", "request").filter(
                pk__in=data.get("contacts", [])
            )
        )
        if len(contacts) != len(set(data.get("contacts", []))) or not all(
            permissions.can_use_contact(user, contact) for contact in contacts
        ):
            raise ValidationError({"contacts": [_("Give contacts you may record from.")]})
        clean = form.cleaned_data
        return services.record_path_step(
            group=clean["group"],
            reference=clean["reference"],
            name=clean["name"],
            kind=clean["kind"],
            college=clean["college"],
            field=clean["field"],
            mentor=clean["mentor"],
            starts_on=clean["starts_on"],
            ends_on=clean["ends_on"],
            contacts=contacts,
            by=user,
        )

    def perform_create(self, serializer):
        serializer.instance = self._record(dict(serializer.validated_data))

    def perform_destroy(self, instance):
        services.delete_path_step(record=instance)


@extend_schema_view(
    list=extend_schema(summary="Placements of teacher students you may see"),
    create=extend_schema(
        summary="Record a placement (coordinators, teacher educators for their groups)"
    ),
)
class PlacementViewSet(_PathStepViewSet):
    serializer_class = PlacementSerializer
    search_fields = ["student__reference", "college__name", "field__name"]

    def get_queryset(self):
        return _visible(
            Placement.objects.select_related("student").prefetch_related("contacts"),
            self.request.user,
        ).order_by("-starts_on", "-id")


@extend_schema_view(
    list=extend_schema(summary="Outcomes (hired, offered, further contact) you may see"),
    create=extend_schema(
        summary="Record an outcome (coordinators, teacher educators for their groups)"
    ),
)
class StudentOutcomeViewSet(_PathStepViewSet):
    serializer_class = StudentOutcomeSerializer
    search_fields = ["student__reference", "college__name", "field__name"]

    def get_queryset(self):
        return _visible(
            StudentOutcome.objects.select_related("student").prefetch_related("contacts"),
            self.request.user,
        ).order_by("-date", "-id")


class DeliverableSerializer(api_serializers.ModelSerializer):
    objective = serializers.IntegerField(source="objective.number", allow_null=True)
    late = serializers.SerializerMethodField()

    class Meta:
        model = Deliverable
        fields = ["id", "objective", "code", "title", "status", "due_on", "authors", "venue"]
        fields += ["at_risk", "late"]

    def get_late(self, deliverable) -> bool:
        return deliverable.is_late()


@extend_schema_view(list=extend_schema(summary="The programme's deliverables and their status"))
class DeliverableViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DeliverableSerializer
    search_fields = ["code", "title"]

    def check_permissions(self, request):
        super().check_permissions(request)
        if not permissions.can_see_goals(request.user):
            raise PermissionDenied

    def get_queryset(self):
        return Deliverable.objects.select_related("objective").order_by("due_on", "code", "id")
