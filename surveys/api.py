"""API for surveys and their aggregated results (surveys.selectors; anonymity threshold kept)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from surveys import permissions, selectors
from surveys.models import Survey


class SurveySerializer(serializers.ModelSerializer):
    question_count = serializers.IntegerField(read_only=True)
    invited_count = serializers.IntegerField(read_only=True)
    submitted_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Survey
        fields = [
            "id",
            "title",
            "description",
            "round_number",
            "previous_round",
            "audience_roles",
            "opens_at",
            "closes_at",
            "is_anonymous",
            "question_count",
            "invited_count",
            "submitted_count",
        ]
        read_only_fields = fields


class CellSerializer(serializers.Serializer):
    n = serializers.IntegerField()
    pct = serializers.FloatField()


class OptionSerializer(CellSerializer):
    label = serializers.CharField()


class MatrixRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    total = serializers.IntegerField()
    cells = CellSerializer(many=True)
    mean = serializers.FloatField(allow_null=True)


class TextAnswerSerializer(serializers.Serializer):
    text = serializers.CharField()
    name = serializers.CharField(allow_blank=True, help_text="Empty in anonymous surveys.")


class GroupSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True)
    label = serializers.CharField()
    size = serializers.IntegerField()
    hidden = serializers.BooleanField(help_text="Fewer respondents than the anonymity threshold.")


class BreakdownLineSerializer(serializers.Serializer):
    group = GroupSerializer()
    answered = serializers.IntegerField(allow_null=True)
    cells = CellSerializer(many=True)
    mean = serializers.FloatField(allow_null=True)


class QuestionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    kind = serializers.CharField()
    text = serializers.CharField()
    answered = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True)
    median = serializers.FloatField(allow_null=True)
    dont_know = serializers.IntegerField(allow_null=True)
    previous_mean = serializers.FloatField(allow_null=True)
    change = serializers.FloatField(allow_null=True)
    options = OptionSerializer(many=True)
    columns = serializers.ListField(child=serializers.CharField())
    rows = MatrixRowSerializer(many=True)
    texts = TextAnswerSerializer(many=True)
    breakdown = BreakdownLineSerializer(many=True)


class SurveyResultsSerializer(serializers.Serializer):
    survey = serializers.IntegerField()
    respondents = serializers.IntegerField()
    threshold = serializers.IntegerField()
    hidden = serializers.BooleanField(
        help_text="True when fewer than `threshold` answered: no figures are given."
    )
    breakdown = serializers.CharField(allow_null=True)
    groups = GroupSerializer(many=True)
    questions = QuestionResultSerializer(many=True)


def _group(group) -> dict:
    key = None if group.key in (None, "") else str(group.key)
    return {"key": key, "label": str(group.label), "size": group.size, "hidden": group.hidden}


def _question(item: dict) -> dict:
    question = item["question"]
    return {
        "id": question.pk,
        "key": question.key,
        "kind": question.kind,
        "text": question.text,
        "answered": item["answered"],
        "mean": item.get("mean"),
        "median": item.get("median"),
        "dont_know": item.get("dont_know"),
        "previous_mean": item.get("previous_mean"),
        "change": item.get("change"),
        "options": [
            {**option, "label": str(option["label"])} for option in item.get("options", [])
        ],
        "columns": [str(column) for column in item.get("columns", [])],
        "rows": [{**row, "label": str(row["label"])} for row in item.get("rows", [])],
        "texts": item.get("texts", []),
        "breakdown": [
            {
                "group": _group(line["group"]),
                "answered": line.get("answered"),
                "cells": line.get("cells", []),
                "mean": line.get("mean"),
            }
            for line in item.get("breakdown", [])
        ],
    }


def results_data(survey: Survey, breakdown: str | None, college_ids=None) -> dict:
    results = selectors.survey_results(survey, breakdown=breakdown, college_ids=college_ids)
    selected = results["breakdown"]
    return {
        "survey": survey.pk,
        "respondents": results["respondents"],
        "threshold": results["threshold"],
        "hidden": results["hidden"],
        "breakdown": selected.dimension if selected else None,
        "groups": [_group(group) for group in selected.groups] if selected else [],
        "questions": [_question(item) for item in results["questions"]],
    }


@extend_schema_view(
    results=extend_schema(
        summary="Aggregated results of a survey",
        description=(
            "Counts, percentages and means per question. Nothing is given while fewer people "
            "than the anonymity threshold have answered, and groups of a breakdown below it "
            "are hidden."
        ),
        parameters=[
            OpenApiParameter(
                "breakdown",
                str,
                enum=list(selectors.BREAKDOWNS),
                required=False,
                description="Split each question's answers by country, college or role.",
            )
        ],
        responses=SurveyResultsSerializer,
    )
)
class SurveyViewSet(viewsets.ReadOnlyModelViewSet):
    """Surveys: network coordinators and the steering group."""

    queryset = Survey.objects.none()
    serializer_class = SurveySerializer
    filterset_fields = {"is_anonymous": ["exact"], "opens_at": ["date__gte", "date__lte"]}
    search_fields = ["title"]
    ordering_fields = ["opens_at", "closes_at", "title", "submitted_count"]
    ordering = ["-opens_at", "-id"]

    def get_queryset(self):
        if not permissions.can_see_survey_list(self.request.user):
            raise PermissionDenied
        return selectors.survey_list()

    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def results(self, request, pk=None):
        survey = self.get_object()
        if not permissions.can_see_results(request.user, survey):
            raise PermissionDenied
        breakdown = request.query_params.get("breakdown")
        if breakdown is not None and breakdown not in selectors.BREAKDOWNS:
            raise serializers.ValidationError(
                {
                    "breakdown": [
                        _("Choose one of: %(choices)s.")
                        % {"choices": ", ".join(selectors.BREAKDOWNS)}
                    ]
                }
            )
        # A college coordinator sees only their own colleges' respondents, as on the page.
        college_ids = permissions.results_college_ids(request.user)
        return Response(
            SurveyResultsSerializer(results_data(survey, breakdown, college_ids)).data
        )
