"""API for surveys and their aggregated results (surveys.selectors; anonymity threshold kept).

Survey settings are written through the survey page's form and surveys.services."""

from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from colleges.models import Country, PartnerCollege
from leadvet.api import serializers as api_serializers
from leadvet.api.fields import PortalDateTimeField
from leadvet.api.forms import form_value
from leadvet.db_routers import reads_from_replica
from surveys import permissions, services
from surveys.forms import SurveyForm
from surveys.models import RespondentRole, Survey
from surveys.selectors import results as result_selectors
from surveys.selectors import surveys as survey_selectors


class SurveySerializer(api_serializers.ModelSerializer):
    audience_colleges = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    audience_countries = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    reminder_days = serializers.ListField(child=serializers.IntegerField(), read_only=True)
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
            "audience_colleges",
            "audience_countries",
            "opens_at",
            "closes_at",
            "is_anonymous",
            "reminder_days",
            "question_count",
            "invited_count",
            "submitted_count",
        ]
        read_only_fields = fields


class SurveyWriteSerializer(api_serializers.Serializer):
    """The survey settings page's fields (not its sections or questions). Only the fields
    given change; the page's form then checks them with its own rules."""

    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(
        required=False, allow_blank=True, style=api_serializers.MULTILINE
    )
    audience_roles = serializers.ListField(
        child=serializers.ChoiceField(choices=RespondentRole.choices), required=False
    )
    audience_colleges = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=PartnerCollege.objects.all(),
        required=False,
        help_text="Limits the mentors invited; none means every college.",
    )
    audience_countries = serializers.SlugRelatedField(
        many=True,
        slug_field="code",
        queryset=Country.objects.all(),
        required=False,
        help_text="Country codes; limits the mentors invited; none means every country.",
    )
    opens_at = PortalDateTimeField(required=False)
    closes_at = PortalDateTimeField(required=False)
    is_anonymous = serializers.BooleanField(
        required=False, help_text="Cannot change once the survey has responses."
    )
    reminder_days = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Days after the invitation, 1–365; empty for no reminders.",
    )


class SurveyCreateSerializer(SurveyWriteSerializer):
    title = serializers.CharField(max_length=200)
    opens_at = PortalDateTimeField()
    closes_at = PortalDateTimeField()


def _form_data(values: dict) -> dict:
    """API values -> what SurveyForm's fields read (ids; reminder days as "7, 14")."""
    data = {name: form_value(value) for name, value in values.items()}
    if isinstance(data.get("reminder_days"), list):
        data["reminder_days"] = ", ".join(str(day) for day in data["reminder_days"])
    return data


class HeatmapCellSerializer(api_serializers.Serializer):
    hidden = serializers.BooleanField(
        help_text="The country has fewer respondents than the anonymity threshold."
    )
    empty = serializers.BooleanField(help_text="No one from the country answered the row.")
    top = serializers.CharField(allow_null=True, help_text="The most common column.")
    top_pct = serializers.FloatField(allow_null=True)
    mean = serializers.FloatField(
        allow_null=True, help_text="The mean column index (0: the first column)."
    )
    n = serializers.IntegerField(allow_null=True)
    level = serializers.IntegerField(
        allow_null=True, help_text="0–4, the results page's shade: the mean scaled to 0–4."
    )


class HeatmapRowSerializer(api_serializers.Serializer):
    label = serializers.CharField()
    cells = HeatmapCellSerializer(many=True, help_text="One per country, in `countries` order.")


class CellSerializer(api_serializers.Serializer):
    n = serializers.IntegerField()
    pct = serializers.FloatField()


class OptionSerializer(CellSerializer):
    label = serializers.CharField()


class MatrixRowSerializer(api_serializers.Serializer):
    label = serializers.CharField()
    total = serializers.IntegerField()
    cells = CellSerializer(many=True)
    mean = serializers.FloatField(allow_null=True)


class TextAnswerSerializer(api_serializers.Serializer):
    text = serializers.CharField()
    name = serializers.CharField(allow_blank=True, help_text="Empty in anonymous surveys.")


class GroupSerializer(api_serializers.Serializer):
    key = serializers.CharField(allow_null=True)
    label = serializers.CharField()
    size = serializers.IntegerField()
    hidden = serializers.BooleanField(help_text="Fewer respondents than the anonymity threshold.")


class BreakdownLineSerializer(api_serializers.Serializer):
    group = GroupSerializer()
    answered = serializers.IntegerField(allow_null=True)
    cells = CellSerializer(many=True)
    mean = serializers.FloatField(allow_null=True)


class HeatmapSerializer(api_serializers.Serializer):
    """Matrix rows × countries, as the results page's heat map."""

    countries = GroupSerializer(many=True)
    rows = HeatmapRowSerializer(many=True)


class QuestionResultSerializer(api_serializers.Serializer):
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
    heatmap = HeatmapSerializer(
        allow_null=True, help_text="Matrix questions: the answers by country; otherwise null."
    )


class SurveyResultsSerializer(api_serializers.Serializer):
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


def _heatmap_cell(cell: dict) -> dict:
    shown = not cell["hidden"] and not cell.get("empty")
    return {
        "hidden": cell["hidden"],
        "empty": bool(cell.get("empty")),
        "top": str(cell["top"]) if shown else None,
        "top_pct": cell.get("top_pct"),
        "mean": cell.get("mean"),
        "n": cell.get("n"),
        "level": cell.get("level"),
    }


def _heatmap(heatmap: dict | None) -> dict | None:
    """The heat map result_selectors.survey_results made for the results page, as JSON."""
    if heatmap is None:
        return None
    return {
        "countries": [_group(group) for group in heatmap["countries"]],
        "rows": [
            {"label": str(row["label"]), "cells": [_heatmap_cell(cell) for cell in row["cells"]]}
            for row in heatmap["rows"]
        ],
    }


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
        "heatmap": _heatmap(item.get("heatmap")),
    }


def results_data(survey: Survey, breakdown: str | None, college_ids=None) -> dict:
    results = result_selectors.kept_survey_results(
        survey, breakdown=breakdown, college_ids=college_ids
    )
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
                enum=list(result_selectors.BREAKDOWNS),
                required=False,
                description="Split each question's answers by country, college or role.",
            )
        ],
        responses=SurveyResultsSerializer,
    ),
    create=extend_schema(
        summary="Create a survey's settings (network coordinators)",
        description="As the new-survey page; sections and questions are added on the pages.",
        request=SurveyCreateSerializer,
        responses={201: SurveySerializer},
    ),
    update=extend_schema(
        summary="Change a survey's settings (network coordinators)",
        description=(
            "As the survey settings page. Only the fields given change, for PUT as for PATCH; "
            "`is_anonymous` stays as it is once the survey has responses."
        ),
        request=SurveyWriteSerializer,
        responses=SurveySerializer,
    ),
    partial_update=extend_schema(
        summary="Change a survey's settings (network coordinators)",
        request=SurveyWriteSerializer,
        responses=SurveySerializer,
    ),
)
class SurveyViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Surveys: network coordinators, the steering group and college coordinators read them
    (as the survey list page); network coordinators create and change their settings."""

    queryset = Survey.objects.none()
    serializer_class = SurveySerializer
    filterset_fields = {"is_anonymous": ["exact"], "opens_at": ["date__gte", "date__lte"]}
    search_fields = ["title"]
    ordering_fields = ["opens_at", "closes_at", "title", "submitted_count"]
    ordering = ["-opens_at", "-id"]

    def get_queryset(self):
        if not permissions.can_see_survey_list(self.request.user):
            raise PermissionDenied
        if self.action == "results":  # the survey alone: not the list's counts and audience
            return Survey.objects.select_related("previous_round")
        return survey_selectors.survey_list().prefetch_related(
            "audience_colleges", "audience_countries"
        )

    def get_serializer_class(self):
        if self.action == "create":
            return SurveyCreateSerializer
        if self.action in ("update", "partial_update"):
            return SurveyWriteSerializer
        return SurveySerializer

    def _save(self, form) -> dict:
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        survey = services.save_survey(form=form, by=self.request.user)
        return SurveySerializer(self.get_queryset().get(pk=survey.pk)).data

    def create(self, request, *args, **kwargs):
        if not permissions.can_build_surveys(request.user):
            raise PermissionDenied
        serializer = SurveyCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        page_defaults = {
            "is_anonymous": Survey._meta.get_field("is_anonymous").default,
            "reminder_days": Survey._meta.get_field("reminder_days").get_default(),
        }
        form = SurveyForm(data=_form_data({**page_defaults, **serializer.validated_data}))
        return Response(self._save(form), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        survey = self.get_object()
        if not permissions.can_build_surveys(request.user):
            raise PermissionDenied
        serializer = SurveyWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        current = model_to_dict(survey, fields=SurveyForm._meta.fields)
        form = SurveyForm(
            data=_form_data({**current, **serializer.validated_data}),
            instance=survey,
            locked=survey_selectors.survey_has_responses(survey),
        )
        return Response(self._save(form))

    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    @reads_from_replica()
    def results(self, request, pk=None):
        survey = self.get_object()
        if not permissions.can_see_results(request.user, survey):
            raise PermissionDenied
        breakdown = request.query_params.get("breakdown")
        if breakdown is not None and breakdown not in result_selectors.BREAKDOWNS:
            raise serializers.ValidationError(
                {
                    "breakdown": [
                        _("Choose one of: %(choices)s.")
                        % {"choices": ", ".join(result_selectors.BREAKDOWNS)}
                    ]
                }
            )
        # A college coordinator sees only their own colleges' respondents, as on the page.
        college_ids = permissions.results_college_ids(request.user)
        return Response(SurveyResultsSerializer(results_data(survey, breakdown, college_ids)).data)
