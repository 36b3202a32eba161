"""API for events (coordinators create, change and cancel them through the page's form and
events.services) and registrations (register and cancel)."""

from django.db import models
from django.db.models import Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from events import permissions, selectors, services
from events.filters import EventFilter
from events.forms import EventForm, format_reminder_offsets
from events.models import Event, Registration
from leadvet.api import serializers as api_serializers
from leadvet.api.fields import OptionalURLField, PortalDateTimeField
from leadvet.api.forms import valid_page_form


class RemindersField(serializers.CharField):
    """The reminder times as the page's form writes them: "7d, 1d, 2h"."""

    def to_representation(self, value):
        return format_reminder_offsets(value)


class EventSerializer(api_serializers.ModelSerializer):
    """Times are ISO 8601; without an offset they are read as Helsinki time (the portal's
    zone). `time_zone` is the zone the pages and emails show the event in (empty when
    writing: the country's, else Helsinki)."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: PortalDateTimeField,
    }

    online_url = OptionalURLField(help_text="Required for an online event.")
    reminders = RemindersField(
        source="reminder_offsets",
        required=False,
        allow_blank=True,
        help_text="Days (d) or hours (h) before the start, e.g. “7d, 1d, 2h”; empty for none.",
    )
    capacity = serializers.IntegerField(
        min_value=1,
        allow_null=True,
        required=False,
        help_text="Leave empty (null) for no limit.",
        error_messages={"min_value": EventForm.base_fields["capacity"].error_messages["min_value"]},
    )
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
            "country",
            "time_zone",
            "starts_at",
            "ends_at",
            "is_online",
            "address",
            "online_url",
            "capacity",
            "audience",
            "registration_deadline",
            "reminders",
            "counts_as_training",
            "status",
            "registered_count",
            "waitlisted_count",
            "viewer_status",
        ]
        read_only_fields = ["uid", "status"]
        extra_kwargs = {"address": {"help_text": "Required for an on-site event."}}


class RegistrationSerializer(api_serializers.ModelSerializer):
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


# The object writes: the page's manager predicate applies to them.
EVENT_WRITES = {"update", "partial_update", "cancel"}


@extend_schema_view(
    create=extend_schema(summary="Create an event (coordinators)"),
    update=extend_schema(
        summary="Change an event (coordinators)",
        description="A new time or place tells everyone registered. Fields left out keep "
        "their values.",
    ),
    partial_update=extend_schema(
        summary="Change an event (coordinators)",
        description="A new time or place tells everyone registered. Fields left out keep "
        "their values.",
    ),
    cancel=extend_schema(
        summary="Cancel the event and tell everyone registered (coordinators)",
        description="Registered and waiting-listed people get an email with a calendar "
        "cancellation. An event already cancelled answers 400.",
        request=None,
        responses={200: EventSerializer},
    ),
    register=extend_schema(
        summary="Register yourself for the event (or join its waiting list)",
        request=None,
        responses={201: RegistrationSerializer},
    ),
)
class EventViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
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

    def check_permissions(self, request):
        super().check_permissions(request)
        if self.action == "create" and not permissions.can_manage_events(request.user):
            self.permission_denied(request)

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if self.action in EVENT_WRITES and not permissions.can_manage_events(request.user):
            self.permission_denied(request)

    def _valid_form(self, serializer, instance=None) -> EventForm:
        data = dict(serializer.validated_data)
        if "reminder_offsets" in data:
            data["reminders"] = data.pop("reminder_offsets")
        return valid_page_form(EventForm, data=data, instance=instance)

    def perform_create(self, serializer):
        form = self._valid_form(serializer)
        event = services.create_event(organiser=self.request.user, fields=form.event_fields())
        serializer.instance = self.get_queryset().get(pk=event.pk)

    def perform_update(self, serializer):
        form = self._valid_form(serializer, serializer.instance)
        event = services.update_event(event_id=serializer.instance.pk, fields=form.event_fields())
        serializer.instance = self.get_queryset().get(pk=event.pk)

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        event = self.get_object()
        try:
            services.cancel_event(event_id=event.pk)
        except services.ActionRefused as error:
            raise _refused(error) from error
        return Response(self.get_serializer(self.get_queryset().get(pk=event.pk)).data)

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
