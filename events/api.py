"""API for events and registrations: register and cancel through events.services."""

from django.db.models import Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from events import permissions, selectors, services
from events.filters import EventFilter
from events.models import Event, Registration
from leadvet.api_fields import OptionalURLField


class EventSerializer(serializers.ModelSerializer):
    online_url = OptionalURLField(read_only=True)
    registered_count = serializers.IntegerField(read_only=True)
    waitlisted_count = serializers.IntegerField(read_only=True)
    viewer_status = serializers.ChoiceField(
        choices=Registration.Status.choices,
        read_only=True,
        allow_null=True,
        help_text="Your own registration's status, if you have one.",
    )

    class Meta:
        model = Event
        fields = [
            "id",
            "uid",
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "is_online",
            "address",
            "online_url",
            "capacity",
            "audience",
            "registration_deadline",
            "status",
            "registered_count",
            "waitlisted_count",
            "viewer_status",
        ]
        read_only_fields = fields


class RegistrationSerializer(serializers.ModelSerializer):
    event_title = serializers.CharField(source="event.title", read_only=True)
    event_starts_at = serializers.DateTimeField(source="event.starts_at", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "event",
            "event_title",
            "event_starts_at",
            "user",
            "status",
            "registered_at",
            "cancelled_at",
            "attended",
        ]
        read_only_fields = fields


def _refused(error: services.ActionRefused) -> ValidationError:
    return ValidationError({"non_field_errors": [str(error)]})


@extend_schema_view(
    register=extend_schema(
        summary="Register yourself for the event (or join its waiting list)",
        request=None,
        responses={201: RegistrationSerializer},
    )
)
class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Events for the audiences of your roles (coordinators: all)."""

    queryset = Event.objects.none()
    serializer_class = EventSerializer
    filterset_class = EventFilter
    ordering_fields = ["starts_at", "ends_at", "title", "registered_count"]
    ordering = ["starts_at", "id"]

    def get_queryset(self):
        user = self.request.user
        if not permissions.can_see_events(user):
            raise PermissionDenied
        return selectors.with_viewer_status(
            selectors.with_counts(selectors.visible_events(user)), user
        )

    @action(detail=True, methods=["post"])
    def register(self, request, pk=None):
        event = self.get_object()
        if not permissions.can_register(request.user, event):
            raise PermissionDenied
        try:
            registration = services.register(event_id=event.pk, user=request.user)
        except services.ActionRefused as error:
            raise _refused(error) from error
        return Response(RegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    cancel=extend_schema(
        summary="Cancel a registration (your own; coordinators: anyone's)",
        request=None,
        responses={200: RegistrationSerializer},
    )
)
class RegistrationViewSet(viewsets.ReadOnlyModelViewSet):
    """Your own registrations; event coordinators see everyone's, college coordinators those
    of their colleges' mentors (as on the attendee pages)."""

    queryset = Registration.objects.none()
    serializer_class = RegistrationSerializer
    filterset_fields = {"event": ["exact"], "status": ["exact"], "attended": ["exact"]}
    ordering_fields = ["registered_at", "event__starts_at"]
    ordering = ["event__starts_at", "id"]

    def get_queryset(self):
        user = self.request.user
        if not permissions.can_see_events(user):
            raise PermissionDenied
        registrations = Registration.objects.select_related("event")
        if permissions.can_manage_events(user):
            return registrations
        if permissions.can_register_others(user):
            # As the attendee pages: their colleges' mentors' registrations for events they see.
            theirs = Q(
                user__mentor__college_id__in=permissions.registrable_college_ids(user),
                event__in=selectors.visible_events(user),
            )
            return registrations.filter(Q(user=user) | theirs)
        return registrations.filter(user=user)

    def get_object(self):
        registration = super().get_object()
        if not permissions.can_see_event(self.request.user, registration.event):
            raise NotFound
        return registration

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        registration = self.get_object()
        if not permissions.can_cancel_registration(request.user, registration):
            raise PermissionDenied
        try:
            registration = services.cancel_registration(registration_id=registration.pk)
        except services.ActionRefused as error:
            raise _refused(error) from error
        return Response(RegistrationSerializer(registration).data)
