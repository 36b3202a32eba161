"""API for the contact log."""

import datetime

from django.db.models import Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from colleges.models import VTEGroup
from leadvet.api import idempotency
from leadvet.api import serializers as api_serializers
from mentors import permissions
from mentors.api.common import OBJECT_WRITES
from mentors.filters import ContactFilter
from mentors.models import Contact, MentorTask
from mentors.selectors import contact_figures
from mentors.selectors import contacts as contact_selectors
from mentors.services import contacts as contact_services


class ContactSerializer(api_serializers.ModelSerializer):
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


# The list's parameters that do not change which contacts it has.
UNFILTERED_PARAMETERS = {"page", "ordering", "format"}


@extend_schema_view(
    create=extend_schema(
        summary="Log a contact (mentors)",
        description=(
            "Send an `Idempotency-Key` header to retry safely: a second call with the same "
            "key logs nothing new and answers with the first call's status and body."
        ),
        parameters=[idempotency.PARAMETER],
    )
)
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

    # Set by get_queryset when the list is every contact of some colleges (a network
    # coordinator's, or a coordinator's who logs no contacts of their own): their ids, None
    # for every college. The rollups count such a list.
    whole_log_of: frozenset[int] | None
    is_whole_log = False

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
            self.is_whole_log, self.whole_log_of = True, None
            return queryset
        # A coordinator who also mentors: their own contacts are in the log, of any college.
        self.is_whole_log, self.whole_log_of = not hasattr(user, "mentor"), scope
        return queryset.filter(Q(mentor__user=user) | Q(college_id__in=scope))

    def paginate_queryset(self, queryset):
        """An unfiltered whole log is counted by the rollups, not row by row; any filter or
        search counts the rows it finds."""
        if self.is_whole_log and not set(self.request.query_params) - UNFILTERED_PARAMETERS:
            queryset = queryset.counted_as(
                contact_figures.contacts_logged(college_ids=self.whole_log_of)
            )
        return super().paginate_queryset(queryset)

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

    def create(self, request, *args, **kwargs):
        """As ModelViewSet's, but a key already used answers with its contact, unchanged."""
        key = idempotency.key_of(request)
        mentor = request.user.mentor
        first = contact_selectors.contact_for_idempotency_key(mentor=mentor, key=key)
        if first is None:
            serializer = self.get_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            contact, created = contact_services.log_contact_once(
                mentor=mentor, data=serializer.validated_data, idempotency_key=key
            )
            if created:
                return Response(self.get_serializer(contact).data, status=status.HTTP_201_CREATED)
            first = contact
        return Response(
            self.get_serializer(first).data,
            status=status.HTTP_201_CREATED,
            headers={idempotency.REPLAYED: "true"},
        )

    def perform_update(self, serializer):
        serializer.instance = contact_services.update_contact(
            contact=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance):
        contact_services.delete_contact(contact=instance)
