from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from leadvet.db_routers import reads_from_replica
from leadvet.lib import exports, jobs
from leadvet.lib.charts import svg_chart
from leadvet.lib.translated import language_order
from mentors.models import MentorTask
from surveys import downloads, permissions, services
from surveys.forms import (
    InviteForm,
    NewRoundForm,
    QuestionForm,
    ResponseForm,
    SectionForm,
    SurveyForm,
    SurveySearchForm,
)
from surveys.models import Question, Section, Survey
from surveys.selectors import invitations as invitation_selectors
from surveys.selectors import results as result_selectors
from surveys.selectors import surveys as survey_selectors
from surveys.selectors import trends as trend_selectors


def _builder_survey(request, pk) -> Survey:
    survey = get_object_or_404(Survey, pk=pk)
    if not permissions.can_build_surveys(request.user):
        raise PermissionDenied
    return survey


def _locked_redirect(request, survey: Survey, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)
    return redirect("surveys:detail", pk=survey.pk)


# --- List and settings ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def survey_list(request):
    if not permissions.can_see_survey_list(request.user):
        raise PermissionDenied
    search_form = SurveySearchForm(request.GET)
    search = search_form.cleaned_data["q"] if search_form.is_valid() else ""
    page = Paginator(survey_selectors.survey_list(search=search), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "surveys/survey_list.html",
        {
            "page_obj": page,
            "search": search,
            "query_string": urlencode({"q": search}) if search else "",
            "can_build": permissions.can_build_surveys(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_create(request):
    if not permissions.can_build_surveys(request.user):
        raise PermissionDenied
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey = services.save_survey(form=form, by=request.user)
        messages.success(request, _("The survey was created. Now add its questions."))
        return redirect("surveys:detail", pk=survey.pk)
    return render(
        request,
        "surveys/survey_form.html",
        {"form": form, "cancel_url": reverse("surveys:list"), "title": _("New survey")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_edit(request, pk):
    survey = _builder_survey(request, pk)
    locked = survey_selectors.survey_has_responses(survey)
    form = SurveyForm(request.POST or None, instance=survey, locked=locked)
    if request.method == "POST" and form.is_valid():
        services.save_survey(form=form, by=request.user)
        messages.success(request, _("The survey settings were saved."))
        return redirect("surveys:detail", pk=survey.pk)
    return render(
        request,
        "surveys/survey_form.html",
        {
            "form": form,
            "survey": survey,
            "cancel_url": reverse("surveys:detail", args=[survey.pk]),
            "title": _("Edit survey settings"),
        },
    )


@login_required
@require_http_methods(["GET"])
def survey_detail(request, pk):
    survey = _builder_survey(request, pk)
    return render(request, "surveys/survey_detail.html", _detail_context(survey, InviteForm()))


def _detail_context(survey: Survey, invite_form: InviteForm) -> dict:
    return {
        "survey": survey,
        "outline": survey_selectors.survey_outline(survey),
        "locked": survey_selectors.survey_has_responses(survey),
        "has_statements": survey.questions.filter(kind=Question.Kind.LIKERT).exists(),
        "counts": survey_selectors.delivery_counts(survey),
        "invite_form": invite_form,
    }


@login_required
@require_POST
def survey_benchmark(request, pk):
    """Make the survey the network's benchmark (`benchmark=1`) or stop it being one."""
    survey = _builder_survey(request, pk)
    is_benchmark = request.POST.get("benchmark") == "1"
    try:
        services.set_benchmark(survey=survey, is_benchmark=is_benchmark)
    except ValidationError as error:
        return _locked_redirect(request, survey, error)
    if is_benchmark:
        messages.success(
            request,
            _("“%(survey)s” is now the network's benchmark: the dashboard shows its statements.")
            % {"survey": survey},
        )
    else:
        messages.success(
            request,
            _("“%(survey)s” is no longer the benchmark: the dashboard shows the latest survey.")
            % {"survey": survey},
        )
    return redirect("surveys:detail", pk=survey.pk)


@login_required
@require_http_methods(["GET", "POST"])
def survey_new_round(request, pk):
    survey = _builder_survey(request, pk)
    form = NewRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        new = services.duplicate_as_new_round(
            survey=survey,
            opens_at=form.cleaned_data["opens_at"],
            closes_at=form.cleaned_data["closes_at"],
            by=request.user,
        )
        messages.success(
            request, _("Round %(n)s was created with the same questions.") % {"n": new.round_number}
        )
        return redirect("surveys:detail", pk=new.pk)
    return render(
        request,
        "surveys/new_round_form.html",
        {"form": form, "survey": survey, "cancel_url": reverse("surveys:detail", args=[survey.pk])},
    )


@login_required
@require_http_methods(["GET"])
def survey_preview(request, pk):
    survey = _builder_survey(request, pk)
    outline = survey_selectors.survey_outline(survey)
    form = ResponseForm(questions=[q for part in outline for q in part["questions"]], disabled=True)
    return render(
        request,
        "surveys/preview.html",
        {"survey": survey, "layout": form.layout(outline), "form": form},
    )


@login_required
@require_POST
def survey_invite(request, pk):
    survey = _builder_survey(request, pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return render(
            request, "surveys/survey_detail.html", _detail_context(survey, form), status=400
        )
    try:
        count = services.send_invitations(survey=survey, extra_people=form.cleaned_data["people"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("surveys:detail", pk=survey.pk)
    if count:
        messages.success(request, _("%(n)s invitations are being sent.") % {"n": count})
    else:
        messages.info(request, _("Everyone in the audience has already been invited."))
    return redirect("surveys:detail", pk=survey.pk)


# --- Sections and questions ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def section_form(request, pk, section_pk=None):
    survey = _builder_survey(request, pk)
    section = get_object_or_404(Section, pk=section_pk, survey=survey) if section_pk else None
    if survey_selectors.survey_has_responses(survey):
        return _locked_redirect(request, survey, services.SurveyLocked())
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        services.save_section(form=form, survey=survey)
        messages.success(request, _("The section was saved."))
        return redirect("surveys:detail", pk=survey.pk)
    return render(
        request,
        "surveys/section_form.html",
        {"form": form, "survey": survey, "cancel_url": reverse("surveys:detail", args=[survey.pk])},
    )


@login_required
@require_POST
def section_delete(request, pk, section_pk):
    survey = _builder_survey(request, pk)
    section = get_object_or_404(Section, pk=section_pk, survey=survey)
    try:
        services.delete_section(section=section)
    except ValidationError as error:
        return _locked_redirect(request, survey, error)
    messages.success(request, _("The section was deleted; its questions stay in the survey."))
    return redirect("surveys:detail", pk=survey.pk)


@login_required
@require_POST
def section_move(request, pk, section_pk, direction):
    survey = _builder_survey(request, pk)
    section = get_object_or_404(Section, pk=section_pk, survey=survey)
    if direction not in ("up", "down"):
        raise Http404
    try:
        services.move_section(section=section, direction=direction)
    except ValidationError as error:
        return _locked_redirect(request, survey, error)
    return redirect("surveys:detail", pk=survey.pk)


@login_required
@require_http_methods(["GET", "POST"])
def question_form(request, pk, question_pk=None):
    survey = _builder_survey(request, pk)
    question = get_object_or_404(Question, pk=question_pk, survey=survey) if question_pk else None
    if survey_selectors.survey_has_responses(survey):
        return _locked_redirect(request, survey, services.SurveyLocked())
    if request.method == "POST" and "use_mentor_tasks" in request.POST:
        # Fill the rows from the mentor task catalogue and show the form again, unsaved.
        initial = request.POST.dict()
        initial["kind"] = Question.Kind.MATRIX
        # In each language (the tasks' names fall back to English where not translated).
        tasks = list(MentorTask.objects.order_by("number"))
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                initial[f"rows_{code}"] = "\n".join(task.name for task in tasks)
        initial["rows"] = initial[f"rows_{language_order()[0]}"]
        initial["required"] = "required" in request.POST
        form = QuestionForm(initial=initial, instance=question, survey=survey)
    else:
        form = QuestionForm(request.POST or None, instance=question, survey=survey)
        if request.method == "POST" and form.is_valid():
            services.save_question(form=form, survey=survey)
            messages.success(request, _("The question was saved."))
            return redirect("surveys:detail", pk=survey.pk)
    return render(
        request,
        "surveys/question_form.html",
        {
            "form": form,
            "survey": survey,
            "question": question,
            "cancel_url": reverse("surveys:detail", args=[survey.pk]),
        },
    )


@login_required
@require_POST
def question_delete(request, pk, question_pk):
    survey = _builder_survey(request, pk)
    question = get_object_or_404(Question, pk=question_pk, survey=survey)
    try:
        services.delete_question(question=question)
    except ValidationError as error:
        return _locked_redirect(request, survey, error)
    messages.success(request, _("The question was deleted."))
    return redirect("surveys:detail", pk=survey.pk)


@login_required
@require_POST
def question_move(request, pk, question_pk, direction):
    survey = _builder_survey(request, pk)
    question = get_object_or_404(Question, pk=question_pk, survey=survey)
    if direction not in ("up", "down"):
        raise Http404
    try:
        services.move_question(question=question, direction=direction)
    except ValidationError as error:
        return _locked_redirect(request, survey, error)
    return redirect("surveys:detail", pk=survey.pk)


# --- Results -------------------------------------------------------------------------------


# The results' and trends' "by country / college / role" choice.
BREAKDOWN_CHOICES = [(key, label) for key, (_attr, label) in result_selectors.BREAKDOWNS.items()]


def _breakdown(request) -> str:
    """The breakdown asked for, or "" (overall) for none or one not known."""
    breakdown = request.GET.get("by", "")
    return breakdown if breakdown in result_selectors.BREAKDOWNS else ""


def _results_survey(request, pk) -> Survey:
    survey = get_object_or_404(Survey.objects.select_related("previous_round"), pk=pk)
    if not permissions.can_see_results(request.user, survey):
        raise PermissionDenied
    return survey


@login_required
@require_http_methods(["GET"])
@reads_from_replica()
def survey_results(request, pk):
    survey = _results_survey(request, pk)
    breakdown = _breakdown(request)

    def page(results: dict) -> dict:
        return {
            "html": render_to_string("surveys/results.html#results_body", {"results": results}),
            # What the page says of them above the body.
            "results": {
                key: results[key] for key in ("respondents", "previous_round", "threshold")
            },
        }

    kept = result_selectors.kept_results_page(
        survey,
        breakdown=breakdown or None,
        college_ids=permissions.results_college_ids(request.user),
        render=page,
    )
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "results": kept["results"],
            "body": kept["html"],
            "by": breakdown,
            "breakdowns": BREAKDOWN_CHOICES,
            "can_build": permissions.can_build_surveys(request.user),
            "can_export": permissions.can_export_results(request.user, survey),
            "scoped": permissions.results_college_ids(request.user) is not None,
        },
    )


@login_required
@require_http_methods(["GET"])
@reads_from_replica()
def survey_trends(request, pk):
    """The survey's statements over all its rounds, overall and per country, college or role."""
    survey = _results_survey(request, pk)
    breakdown = _breakdown(request)
    trend = trend_selectors.survey_trend(
        survey.pk,
        breakdown=breakdown or None,
        college_ids=permissions.results_college_ids(request.user),
    )
    return render(
        request,
        "surveys/trends.html",
        {
            "survey": survey,
            "trend": trend,
            "chart": svg_chart(
                "survey-trend",
                _("The statements' means round by round"),
                trend["chart"],
                max_categories=len(trend["statements"]) or 1,
            ),
            "round_labels": [trend_selectors.round_label(r) for r in trend["rounds"]],
            "by": breakdown,
            "breakdowns": BREAKDOWN_CHOICES,
            "scoped": permissions.results_college_ids(request.user) is not None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_export(request, pk, kind, fmt):
    """Made in the background (leadvet.lib.jobs), whatever the survey's size."""
    survey = _results_survey(request, pk)
    if not permissions.can_export_results(request.user, survey):
        raise PermissionDenied
    if kind not in downloads.TABLES or fmt not in exports.FORMATS:
        raise Http404
    return jobs.respond(
        request,
        kind=downloads.EXPORT,
        params={"survey": survey.pk, "kind": kind, "format": fmt},
        title=_("%(survey)s, round %(round)s: %(what)s (%(format)s)")
        % {
            "survey": survey.title,
            "round": survey.round_number,
            "what": _("anonymised answers") if kind == "raw" else _("summary"),
            "format": fmt.upper(),
        },
        audit_target=f"survey {survey.pk} ({survey.title}) {kind} .{fmt}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_results_pdf(request, pk):
    """The results as a PDF for the steering group, made in the background."""
    survey = _results_survey(request, pk)
    if not permissions.can_export_results_pdf(request.user, survey):
        raise PermissionDenied
    return jobs.respond(
        request,
        kind=downloads.RESULTS_PDF,
        params={"survey": survey.pk},
        title=_("%(survey)s, round %(round)s: results (PDF)")
        % {"survey": survey.title, "round": survey.round_number},
        audit_target=f"survey {survey.pk} ({survey.title}) results .pdf",
    )


# --- Answering by token --------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def respond(request, token):
    """The respondent's personal link: works without logging in; spent once submitted."""
    invitation = invitation_selectors.invitation_for_token(token)
    if invitation is None:
        raise Http404
    survey = invitation.survey
    if invitation.used:
        if request.method == "POST":
            messages.error(
                request, _("Your answers were already received; a link can be used only once.")
            )
        return render(request, "surveys/respond_done.html", {"survey": survey}, status=200)
    if not survey.is_open():
        return render(
            request,
            "surveys/respond_closed.html",
            {"survey": survey, "not_yet": survey.opens_at > timezone.now()},
            status=403 if request.method == "POST" else 200,
        )
    outline = survey_selectors.survey_outline(survey)
    questions = [q for part in outline for q in part["questions"]]
    submit = request.POST.get("action") == "submit"
    form = ResponseForm(
        request.POST or None,
        questions=questions,
        answers=invitation_selectors.saved_answers(invitation),
        enforce_required=submit,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_response(
                invitation=invitation, answers=form.answer_inputs(), submit=submit
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            if submit:
                return redirect("survey_respond", token=token)
            messages.success(
                request,
                _("Your answers were saved. Use the same link to continue later."),
            )
            return redirect("survey_respond", token=token)
    return render(
        request,
        "surveys/respond.html",
        {
            "survey": survey,
            "invitation": invitation,
            "form": form,
            "layout": form.layout(outline),
        },
        status=400 if form.errors else 200,
    )
