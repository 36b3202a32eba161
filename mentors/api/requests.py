"""API for contact requests."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from colleges.models import VTEGroup
from leadvet.api import serializers as api_serializers
from mentors import permissions
from mentors.api.contacts import ContactSerializer
from mentors.filters import RequestFilter
from mentors.models import ContactRequest, Mentor, MentorTask
from mentors.selectors import requests as request_selectors
from mentors.services import requests as request_services


class ContactRequestSerializer(api_serializers.ModelSerializer):
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


class RequestAnswerSerializer(api_serializers.Serializer):
    accept = serializers.BooleanField()
    message = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        style=api_serializers.MULTILINE,
    )


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
        return request_selectors.requests_visible_to(user)

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
        serializer.instance = request_services.send_contact_request(
            requester=self.request.user, **serializer.validated_data
        )

    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        contact_request = self.get_object()
        if not permissions.can_answer_request(request.user, contact_request):
            raise PermissionDenied
        answer = RequestAnswerSerializer(data=request.data)
        answer.is_valid(raise_exception=True)
        contact_request = request_services.answer_contact_request(
            contact_request=contact_request, **answer.validated_data
        )
        return Response(ContactRequestSerializer(contact_request).data)

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        contact_request = self.get_object()
        if not permissions.can_withdraw_request(request.user, contact_request):
            raise PermissionDenied
        contact_request = request_services.withdraw_contact_request(contact_request=contact_request)
        return Response(ContactRequestSerializer(contact_request).data)

    @action(detail=True, methods=["post"], url_path="make-contact")
    def make_contact(self, request, pk=None):
        contact_request = self.get_object()
        if not permissions.can_turn_request_into_contact(request.user, contact_request):
            raise PermissionDenied
        contact = request_services.contact_from_request(contact_request=contact_request)
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)
