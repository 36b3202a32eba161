"""API views that belong to the project as a whole: the signed-in user, cross-app reports."""

import datetime

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from colleges.permissions import coordinated_college_ids
from leadvet import roles
from leadvet.api import serializers as api_serializers
from leadvet.db_routers import reads_from_replica
from leadvet.lib import versions
from leadvet.lib.validators import validate_portal_year
from leadvet.models import ApiToken
from portal.dashboard import cache as figures_cache
from portal.dashboard import today as today_parts
from portal.forms import MAX_PERIOD_DAYS


class MeSerializer(api_serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    language = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    token_can_write = serializers.BooleanField(allow_null=True)


@extend_schema(responses=MeSerializer, summary="The signed-in user and their roles")
@api_view(["GET"])
def me(request):
    user = request.user
    token = request.auth if isinstance(request.auth, ApiToken) else None
    data = {
        "id": user.pk,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "roles": sorted(roles.role_names(user)),
        "token_can_write": token.can_write if token else None,
    }
    return Response(MeSerializer(data).data)


# Reports


class NetworkActivityQuerySerializer(api_serializers.Serializer):
    """`from` and `to` (inclusive dates); by default the last 365 days."""

    def get_fields(self):
        return {
            "from": serializers.DateField(required=False, validators=[validate_portal_year]),
            "to": serializers.DateField(required=False, validators=[validate_portal_year]),
        }

    def validate(self, attrs):
        end = attrs.get("to") or timezone.localdate()
        start = attrs.get("from") or end - datetime.timedelta(days=DEFAULT_REPORT_DAYS - 1)
        if start > end:
            raise serializers.ValidationError(
                {"to": [_("The end date cannot be before the start date.")]}
            )
        if (end - start).days >= MAX_PERIOD_DAYS:
            raise serializers.ValidationError(
                {
                    "from": [
                        _("The period can be at most %(days)s days.") % {"days": MAX_PERIOD_DAYS}
                    ]
                }
            )
        return {"start": start, "end": end}


class MonthTaskCountSerializer(api_serializers.RowSerializer):
    month = serializers.DateField(help_text="The first day of the month.")
    task_number = serializers.IntegerField()
    task_name = serializers.CharField()
    count = serializers.IntegerField()


class TaskCountSerializer(api_serializers.RowSerializer):
    task_number = serializers.IntegerField()
    task_name = serializers.CharField()
    count = serializers.IntegerField()


class CollegeCountSerializer(api_serializers.RowSerializer):
    college = serializers.IntegerField(
        allow_null=True, help_text="null: the colleges outside your scope, as one row."
    )
    college_name = serializers.CharField(allow_blank=True)
    country_name = serializers.CharField(allow_blank=True)
    count = serializers.IntegerField()


class CountryCountSerializer(api_serializers.RowSerializer):
    country_code = serializers.CharField()
    country_name = serializers.CharField()
    count = serializers.IntegerField()


class NetworkActivitySerializer(api_serializers.Serializer):
    def get_fields(self):
        return {
            "from": serializers.DateField(),
            "to": serializers.DateField(),
            "scope": serializers.ChoiceField(
                choices=["network", "colleges"],
                help_text="`colleges`: a college coordinator's own colleges only.",
            ),
            "total": serializers.IntegerField(),
            "by_month": MonthTaskCountSerializer(many=True),
            "by_task": TaskCountSerializer(many=True),
            "by_college": CollegeCountSerializer(many=True),
            "by_country": CountryCountSerializer(many=True),
        }


DEFAULT_REPORT_DAYS = 365


def _network_activity(
    start,
    end,
    scope_college_ids: tuple[int, ...] | None,
    *,
    keep: today_parts.Keep,
    share: today_parts.Keep = today_parts.built,
) -> dict:
    breakdown = today_parts.contact_breakdown(
        start=start,
        end=end,
        today=timezone.localdate(),
        keep=keep,
        share=share,
        college_ids=scope_college_ids,
        visible_college_ids=scope_college_ids,
    )
    return {
        "from": start,
        "to": end,
        "scope": "network" if scope_college_ids is None else "colleges",
        "total": breakdown.total,
        "by_month": [
            {
                "month": row["month"],
                "task_number": row["task__number"],
                "task_name": row["task__name"],
                "count": row["count"],
            }
            for row in breakdown.per_month
        ],
        "by_task": [
            {
                "task_number": row["task__number"],
                "task_name": row["task__name"],
                "count": row["count"],
            }
            for row in breakdown.per_task
        ],
        "by_college": [
            {
                "college": row["bucket"] or None,
                "college_name": row["bucket_name"],
                "country_name": row["bucket_country"],
                "count": row["count"],
            }
            for row in breakdown.by_college
        ],
        "by_country": [
            {
                "country_code": row["college__country__code"],
                "country_name": row["college__country__name"],
                "count": row["count"],
            }
            for row in breakdown.by_country
        ],
    }


@extend_schema(
    summary="Network activity: contacts by month, task, college and country",
    description=(
        "Coordinators and the steering group see the whole network; a college coordinator "
        "sees their own colleges, with the other colleges folded into one row of `by_college`."
    ),
    parameters=[
        OpenApiParameter(
            "from", OpenApiTypes.DATE, description="First day (default: 365 days ago)."
        ),
        OpenApiParameter("to", OpenApiTypes.DATE, description="Last day (default: today)."),
    ],
    responses=NetworkActivitySerializer,
)
@api_view(["GET"])
@reads_from_replica()
def network_activity(request):
    user = request.user
    if roles.can_see_reports(user):
        scope_college_ids = None
    elif roles.is_college_coordinator(user):
        scope_college_ids = tuple(sorted(coordinated_college_ids(user)))
    else:
        raise PermissionDenied
    query = NetworkActivityQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    days = query.validated_data
    # Cached beside the dashboard's figures, under the version that every contact written bumps;
    # the days before today under the one that only a write to those days bumps (as the
    # dashboard's: portal.dashboard.today). Task names are in the reader's language.
    fingerprint = versions.fingerprint(
        (days["start"], days["end"], scope_college_ids, timezone.localdate(), get_language())
    )
    keys = figures_cache.VersionedKeys("network-activity", fingerprint)
    keep = keys.keeper((figures_cache.PAST_CONTACTS, *figures_cache.NAMES))
    # Today's contacts per college, month and task as the dashboard and the report had them.
    share = keys.sharer(timezone.localdate())
    # Kept as written for the answer: a warm read writes nothing again.
    data = figures_cache.cached(
        keys.key("answer", ("contacts", *figures_cache.NAMES)),
        lambda: (
            NetworkActivitySerializer(
                _network_activity(
                    days["start"], days["end"], scope_college_ids, keep=keep, share=share
                )
            ).data
        ),
    )
    return Response(data)
