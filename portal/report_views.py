"""The coordinator dashboard and the steering group's reports (top floor: reads every app)."""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from colleges import selectors as college_selectors
from colleges.permissions import coordinated_college_ids
from leadvet import roles
from leadvet.db_routers import reads_from_replica
from leadvet.lib import jobs, versions
from portal import report_downloads, reports
from portal.dashboard import cache as figures_cache
from portal.dashboard import impact as impact_figures
from portal.dashboard import impact_presentation
from portal.dashboard.presentation import GRAPH_LABELLED, page_context
from portal.forms import DashboardFilterForm, ReportPeriodForm
from portal.national_variations import national_variations
from portal.reports import names_in_report


def dashboard_scope(user) -> tuple[int, ...] | None:
    """None for network coordinators (everything); a college coordinator's own colleges."""
    if roles.is_coordinator(user):
        return None
    return tuple(sorted(coordinated_college_ids(user)))


def kept_body(key: str | None, *parts, build: Callable[[], dict]) -> dict:
    """A page's body (`build()`: its HTML and what the page shows of it beside), kept in the
    shared cache under `key`, the versioned key of the figures it shows (with `parts`: what
    else tells it apart, the language always), built once for concurrent misses. A request
    that finds it reads no figures. Without a key (the shared cache unreachable), built."""
    if key is not None:
        key = f"page-body:{versions.fingerprint((key, *parts, get_language()))}"
    return versions.cached(key, build)


def render_with_body(request, template_name: str, context: dict, body: dict):
    """render() of a page around its kept body (`kept_body`), the body's text let go once
    written: the page's context stays in a reference cycle (the filter form and its bound
    fields) until the garbage collector runs, which leadvet/wsgi.py makes rare, and would hold
    the 0.3 MB body (twice that as text with a non-ASCII character) until then. `body` is this
    request's own copy, read from the cache or built for it."""
    response = render(request, template_name, {**context, "body": body})
    body.clear()
    return response


@login_required
@require_GET
@reads_from_replica()
def dashboard_page(request):
    if not roles.can_see_dashboard(request.user):
        raise PermissionDenied
    scope = dashboard_scope(request.user)
    # The colleges' names (kept in the process): the filter form's and, on a miss, the figures'.
    catalogue = college_selectors.college_catalogue()
    form = DashboardFilterForm(request.GET or None, scope_college_ids=scope)
    filters = form.filters(today=timezone.localdate())
    now = timezone.now()

    def build() -> dict:
        figures = figures_cache.cached_figures(filters, now=now, catalogue=catalogue)
        html = render_to_string(
            "portal/dashboard.html#dashboard_body",
            {
                **page_context(figures),
                "graph": figures["graph"],
                "graph_labelled": min(GRAPH_LABELLED, len(figures["graph"]["nodes"])),
                "is_scoped": scope is not None,
            },
        )
        return {"html": html, "generated_at": figures["generated_at"]}

    # Rendering the tables of 200 colleges costs more than counting them: the body is kept
    # under the figures' versioned key, read before the figures are: a write committed while
    # they are built makes the next request build them again rather than keep these under its
    # version (figures newer than their key are harmless; older ones would be stale).
    body = kept_body(figures_cache.figures_cache_key(filters, now=now), build=build)
    return render_with_body(
        request,
        "portal/dashboard.html",
        {"form": form, "filters": filters, "is_scoped": scope is not None},
        body,
    )


@login_required
@require_GET
@reads_from_replica()
def dashboard_outcomes(request):
    """The dashboard's second page (issue 24): placements and hires, hours, feedback,
    curriculum changes, network health and the programme's goals, under the same filters and
    the same versioned cache (a page of its own keeps each under the query budget)."""
    if not roles.can_see_dashboard(request.user):
        raise PermissionDenied
    scope = dashboard_scope(request.user)
    form = DashboardFilterForm(request.GET or None, scope_college_ids=scope)
    filters = form.filters(today=timezone.localdate())
    impact = impact_figures.cached_impact(filters)
    return render(
        request,
        "portal/dashboard_outcomes.html",
        {
            "form": form,
            "filters": filters,
            "impact": impact,
            "impact_tables": impact_presentation.impact_tables(impact, anonymous=False),
            "is_scoped": scope is not None,
        },
    )


def _report_period(request):
    if not roles.can_see_reports(request.user):
        raise PermissionDenied
    form = ReportPeriodForm(request.GET or None, today=timezone.localdate())
    period, label = form.period_and_label()
    return form, period, label


@login_required
@require_GET
@reads_from_replica()
def reports_page(request):
    form, period, label = _report_period(request)
    named = names_in_report(request.user)

    def build() -> dict:
        context = reports.report_context(period, label, named=named)
        return {"html": render_to_string("portal/reports.html#report_body", context)}

    # Kept as the dashboard's body (`dashboard_page`), under the keys of the report's figures
    # and outcomes, read before they are.
    body = kept_body(reports.report_cache_key(period), named, build=build)
    query = request.GET.urlencode() if form.is_bound and form.is_valid() else ""
    return render_with_body(
        request,
        "portal/reports.html",
        {
            "form": form,
            "period": period,
            "period_label": label,
            "comparison_text": reports.comparison_text(period),
            "export_query": query,
        },
        body,
    )


@login_required
@require_GET
@reads_from_replica()
def reports_national_variations(request):
    """The report's second page (issue 23): the state of the art per country and the benchmark
    survey's trend, for the report's period."""
    form, period, label = _report_period(request)
    query = request.GET.urlencode() if form.is_bound and form.is_valid() else ""
    return render(
        request,
        "portal/reports_national_variations.html",
        {
            **national_variations(period),
            "form": form,
            "period": period,
            "period_label": label,
            "report_query": query,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_export(request, fmt: str):
    """The report's PDF, XLSX or CSV files, made in the background (portal.report_downloads)."""
    if fmt not in report_downloads.FORMATS:
        raise Http404
    _form, period, label = _report_period(request)
    return jobs.respond(
        request,
        kind=report_downloads.REPORT,
        params=report_downloads.report_params(
            fmt, period, label, named=names_in_report(request.user)
        ),
        title=report_downloads.TITLES[fmt](label),
        audit_target=f"steering report {label} .{fmt}",
    )
