"""API for mentors, availability, the contact log and contact requests.

Same predicates and scoping querysets as the pages (mentors.permissions); writes go through
mentors.services, whose ValidationErrors become 400 answers (leadvet.api_errors).
"""

import datetime

from django.db.models import Q
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

from colleges.models import VTEGroup
from leadvet import roles
from mentors import permissions, selectors, services
from mentors.filters import ContactFilter, MentorFilter, RequestFilter
from mentors.models import Availability, Contact, ContactRequest, Mentor, MentorTask

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
)
class MentorViewSet(viewsets.ReadOnlyModelViewSet):
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
        if self.action == "retrieve":
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
        if self.action == "list" and not self._sees_pool() and roles.can_find_mentors(user):
            return MentorPublicSerializer
        return MentorSerializer

    def retrieve(self, request, *args, **kwargs):
        mentor = self.get_object()
        if permissions.can_see_full_profile(request.user, mentor):
            return Response(MentorSerializer(mentor).data)
        if permissions.can_see_public_profile(request.user, mentor):
            return Response(MentorPublicSerializer(mentor).data)
        raise NotFound


# Availability


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


@extend_schema_view(
    create=extend_schema(summary="Add an availability period to your own profile (mentors)"),
)
class AvailabilityViewSet(viewsets.ModelViewSet):
    """Availability periods: a mentor's own, those of the mentors a pool manager runs, and
    active mentors' periods for teacher educators and mentors (as on the profile pages)."""

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
        queryset = Availability.objects.prefetch_related("tasks")
        if roles.is_coordinator(user):
            return queryset
        visible = Q(mentor__user=user) | Q(mentor__in=permissions.visible_mentors(user))
        if roles.is_teacher_educator(user) or roles.is_mentor(user):
            visible |= Q(mentor__status=Mentor.Status.ACTIVE)
        return queryset.filter(visible)

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
        user = self.request.user
        if not permissions.is_self_service_mentor(user):
            raise PermissionDenied
        serializer.instance = services.save_availability(
            mentor=user.mentor, **self._service_kwargs(serializer)
        )

    def perform_update(self, serializer):
        availability = serializer.instance
        if not permissions.can_change_availability(self.request.user, availability):
            raise PermissionDenied
        serializer.instance = services.save_availability(
            mentor=availability.mentor,
            availability=availability,
            **self._service_kwargs(serializer),
        )

    def perform_destroy(self, instance):
        if not permissions.can_change_availability(self.request.user, instance):
            raise PermissionDenied
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

    def get_object(self):
        contact = super().get_object()
        if not permissions.can_see_contact(self.request.user, contact):
            raise NotFound
        return contact

    def perform_create(self, serializer):
        user = self.request.user
        if not permissions.is_self_service_mentor(user):
            raise PermissionDenied
        serializer.instance = services.log_contact(
            mentor=user.mentor, data=serializer.validated_data
        )

    def perform_update(self, serializer):
        if not permissions.can_change_contact(self.request.user, serializer.instance):
            raise PermissionDenied
        serializer.instance = services.update_contact(
            contact=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance):
        if not permissions.can_change_contact(self.request.user, instance):
            raise PermissionDenied
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

    def perform_create(self, serializer):
        if not permissions.can_send_requests(self.request.user):
            raise PermissionDenied
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
