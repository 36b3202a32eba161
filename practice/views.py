"""The state of the art's pages: the countries side by side, one country's history, the edit
form and a survey's proposal. Coordinators edit; college coordinators and steering read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from colleges.models import Country, PartnerCollege
from practice import permissions, selectors, services
from practice.forms import PracticeForm


def _readable(request):
    if not permissions.can_see_practice(request.user):
        raise PermissionDenied


def _editable(request):
    if not permissions.can_edit_practice(request.user):
        raise PermissionDenied


@login_required
@require_GET
def overview(request):
    _readable(request)
    return render(
        request,
        "practice/overview.html",
        {
            "comparison": selectors.country_comparison(today=timezone.localdate()),
            "can_edit": permissions.can_edit_practice(request.user),
            "all_countries": Country.objects.order_by("name"),
        },
    )


@login_required
@require_GET
def country_detail(request, pk):
    _readable(request)
    country = get_object_or_404(Country, pk=pk)
    return render(
        request,
        "practice/country.html",
        {
            "country": country,
            "practice": selectors.country_practice(country, today=timezone.localdate()),
            "can_edit": permissions.can_edit_practice(request.user),
            "colleges": PartnerCollege.objects.filter(country=country).order_by("name"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    _editable(request)
    country = get_object_or_404(Country, pk=pk)
    college = None
    college_id = request.POST.get("college") or request.GET.get("college")
    if college_id:
        if not college_id.isdecimal():  # a mangled link: not found, rather than an error
            raise Http404
        college = get_object_or_404(PartnerCollege, pk=college_id, country=country)
    today = timezone.localdate()
    form = PracticeForm(
        request.POST or None,
        tasks=selectors.tasks(),
        current=selectors.current_cells(country, college, today=today),
        valid_from=today,
    )
    if request.method == "POST" and form.is_valid():
        changed = services.record_practices(
            country=country,
            college=college,
            valid_from=form.cleaned_data["valid_from"],
            entries=form.entries(),
            recorded_by=request.user,
        )
        messages.success(
            request,
            ngettext("%(count)s task recorded.", "%(count)s tasks recorded.", changed)
            % {"count": changed}
            if changed
            else _("Nothing changed."),
        )
        return redirect("practice:country", pk=country.pk)
    return render(
        request,
        "practice/edit.html",
        {"country": country, "college": college, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal(request):
    _editable(request)
    today = timezone.localdate()
    try:
        question_id = int(request.POST.get("question") or request.GET.get("question") or 0)
    except ValueError:
        question_id = 0
    if request.method == "POST":
        try:
            changed = services.accept_proposal(
                question_id=question_id,
                cell_keys=set(request.POST.getlist("cell")),
                today=today,
                recorded_by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s proposed cell accepted.",
                    "%(count)s proposed cells accepted.",
                    changed,
                )
                % {"count": changed}
                if changed
                else _("No cells were accepted."),
            )
            return redirect("practice:overview")
    return render(
        request,
        "practice/proposal.html",
        {"proposal": selectors.survey_proposal(today=today, question_id=question_id or None)},
    )
