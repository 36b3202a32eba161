"""API: the outcome figures of the steering report (issue 24) as JSON tables."""

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
from portal.api.views import NetworkActivityQuerySerializer
from portal.dashboard import impact as impact_figures
from portal.dashboard import impact_presentation
from portal.dashboard.periods import Filters, Period


class ColumnSerializer(api_serializers.Serializer):
    label = serializers.CharField()
    kind = serializers.CharField(help_text="text, integer, number, percent, date or month.")


class TableSerializer(api_serializers.Serializer):
    title = serializers.CharField()
    columns = ColumnSerializer(many=True)
    rows = serializers.ListField(
        child=serializers.ListField(child=serializers.JSONField()),
        help_text="Typed values; null where a count of people is below the anonymity threshold.",
    )


class OutcomeReportSerializer(api_serializers.Serializer):
    def get_fields(self):
        return {
            "from": serializers.DateField(),
            "to": serializers.DateField(),
            "scope": serializers.ChoiceField(choices=["network", "colleges"]),
            "anonymity_threshold": serializers.IntegerField(),
            "totals": serializers.DictField(child=serializers.JSONField()),
            "tables": serializers.DictField(child=TableSerializer()),
        }


@extend_schema(
    summary="Outcomes: placements and hires, hours, feedback, curriculum changes, goals",
    description=(
        "The outcome tables of the steering report. Counts of people below the anonymity "
        "threshold are null for everyone but network coordinators. A college coordinator gets "
        "their own colleges."
    ),
    parameters=[
        OpenApiParameter(
            "from", OpenApiTypes.DATE, description="First day (default: 365 days ago)."
        ),
        OpenApiParameter("to", OpenApiTypes.DATE, description="Last day (default: today)."),
    ],
    responses=OutcomeReportSerializer,
)
@api_view(["GET"])
@reads_from_replica()
def outcomes_report(request):
    user = request.user
    if roles.can_see_reports(user):
        scope = None
    elif roles.is_college_coordinator(user):
        scope = tuple(sorted(coordinated_college_ids(user)))
    else:
        raise PermissionDenied
    query = NetworkActivityQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    start, end = query.validated_data["start"], query.validated_data["end"]
    figures = impact_figures.cached_impact(
        Filters(period=Period.between(start, end), scope_college_ids=scope)
    )
    tables = impact_presentation.impact_tables(figures, anonymous=not roles.is_coordinator(user))
    path, hours = figures["path"], figures["hours"]
    return Response(
        {
            "from": start,
            "to": end,
            "scope": "network" if scope is None else "colleges",
            "anonymity_threshold": figures["threshold"],
            "totals": {
                "shortage_share": path["shortage_share"],
                "days_first_contact_to_hire_median": path["lead_days_median"],
                "contact_hours": hours["contact_hours"],
                "event_hours": hours["event_hours"],
                "extra_resource_share": hours["extra_share"],
                "goals_late_or_at_risk": figures["goals"]["late_or_at_risk"],
            },
            "tables": {
                slug: {
                    "title": table.title,
                    "columns": [
                        {"label": str(column.label), "kind": str(column.kind)}
                        for column in table.columns
                    ],
                    "rows": table.values,
                }
                for slug, table in tables.items()
            },
        }
    )
