"""API for availability periods."""

from django.db.models import Q
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from leadvet import roles
from leadvet.api import serializers as api_serializers
from mentors import permissions
from mentors.api.common import OBJECT_WRITES
from mentors.models import Availability, MentorTask
from mentors.services import availability as availability_services


class AvailabilitySerializer(api_serializers.ModelSerializer):
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
            # current and coming periods (pool_selectors.mentor_availability), not past ones.
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
        serializer.instance = availability_services.save_availability(
            mentor=self.request.user.mentor, **self._service_kwargs(serializer)
        )

    def perform_update(self, serializer):
        availability = serializer.instance
        serializer.instance = availability_services.save_availability(
            mentor=availability.mentor,
            availability=availability,
            **self._service_kwargs(serializer),
        )

    def perform_destroy(self, instance):
        availability_services.delete_availability(availability=instance)
