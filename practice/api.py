"""API: the state of the art, the eight tasks × countries, read-only."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from leadvet.api import serializers as api_serializers
from practice import permissions, selectors
from practice.models import Level


class PracticeQuerySerializer(api_serializers.Serializer):
    on = serializers.DateField(required=False, help_text="The day of the state (default: today).")


class PracticeCellSerializer(api_serializers.Serializer):
    task = serializers.IntegerField(help_text="The mentor task's number (1–8).")
    level = serializers.ChoiceField(choices=Level.choices, allow_null=True)
    needs_extra_resources = serializers.BooleanField()
    note = serializers.CharField()
    valid_from = serializers.DateField(allow_null=True)
    level_a_year_before = serializers.ChoiceField(choices=Level.choices, allow_null=True)
    changed = serializers.BooleanField(
        help_text="The level or the extra resources differ from a year before."
    )


class PracticeCountrySerializer(api_serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    tasks = PracticeCellSerializer(many=True)


class PracticeTaskSerializer(api_serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()


class PracticeComparisonSerializer(api_serializers.Serializer):
    on = serializers.DateField()
    a_year_before = serializers.DateField()
    tasks = PracticeTaskSerializer(many=True)
    countries = PracticeCountrySerializer(many=True)


@extend_schema(
    summary="State of the art: how each mentor task is used, per country",
    description=(
        "The eight mentor tasks × the countries whose state of the art is recorded: each "
        "cell's level of use, whether it needs extra resources, its note, the day it holds "
        "from, and its level a year before. For coordinators, college coordinators and the "
        "steering group."
    ),
    parameters=[OpenApiParameter("on", OpenApiTypes.DATE, description="The day (default: today).")],
    responses=PracticeComparisonSerializer,
)
@api_view(["GET"])
def task_practice(request):
    if not permissions.can_see_practice(request.user):
        raise PermissionDenied
    query = PracticeQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    day = query.validated_data.get("on") or timezone.localdate()
    comparison = selectors.country_comparison(today=day)
    countries = []
    for index, country in enumerate(comparison["countries"]):
        cells = []
        for row in comparison["rows"]:
            cell = row["cells"][index]
            record = cell.record
            cells.append(
                {
                    "task": row["task"].number,
                    "level": record.level if record else None,
                    "needs_extra_resources": cell.extra,
                    "note": record.note if record else "",
                    "valid_from": record.valid_from if record else None,
                    "level_a_year_before": cell.before.level if cell.before else None,
                    "changed": cell.changed,
                }
            )
        countries.append(
            {"id": country.pk, "code": country.code, "name": country.name, "tasks": cells}
        )
    return Response(
        PracticeComparisonSerializer(
            {
                "on": day,
                "a_year_before": comparison["since"],
                "tasks": [
                    {"number": r["task"].number, "name": r["task"].name} for r in comparison["rows"]
                ],
                "countries": countries,
            }
        ).data
    )
