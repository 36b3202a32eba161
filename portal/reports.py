"""The steering group's report: sentences from the figures, and PDF, CSV and XLSX exports.

The figures come from portal.dashboard; nothing here queries the apps directly.
"""

import datetime
import logging

from django.core.mail import EmailMultiAlternatives
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leadvet import roles
from leadvet.lib import exports, outbox
from leadvet.lib.alongside import start_alongside
from leadvet.lib.mail import Attachment, build_email
from leadvet.models import BulkEmail, User
from portal.dashboard import aggregates, impact_presentation, periods
from portal.dashboard import impact as impact_figures
from portal.dashboard.cache import cached_figures, figures_cache_key
from portal.dashboard.periods import Filters, Period, percent_change
from portal.dashboard.presentation import page_context, trend_text
from portal.models import ReportDelivery
from portal.report_pdf import render_report_pdf

logger = logging.getLogger(__name__)


def _range(start: datetime.date, end: datetime.date) -> str:
    return _("%(start)s – %(end)s") % {"start": date_format(start), "end": date_format(end)}


def comparison_text(period: Period) -> str:
    """What the period's contacts are compared with, as the report's header says it."""
    previous = _range(period.previous_start, period.previous_end)
    if period.comparison == periods.ELAPSED:
        return _(
            "Compared with the same part of the previous term (its first %(days)s days): %(range)s."
        ) % {"days": (period.previous_end - period.previous_start).days + 1, "range": previous}
    if period.comparison == periods.PER_MONTH:
        return _("Compared per month with the previous term: %(range)s.") % {"range": previous}
    if period.comparison == periods.MONTH:
        return _("Compared with the previous month: %(range)s.") % {"range": previous}
    return _("Compared with the %(days)s days before: %(range)s.") % {
        "days": period.days,
        "range": previous,
    }


def contact_change(figures: dict, period: Period) -> tuple[int | None, str]:
    """The change in contacts on the previous period, like with like, and what it is on:
    whole terms of different lengths per month, an unfinished term on the same part of the
    previous one."""
    contacts = figures["contacts"]
    current, previous = contacts["period"], contacts["previous_period"]
    if period.comparison == periods.PER_MONTH:
        current_rate = current / periods.months_in(period.start, period.end)
        previous_rate = previous / periods.months_in(period.previous_start, period.previous_end)
        change = (
            round((current_rate - previous_rate) * 100 / previous_rate) if previous_rate else None
        )
        return change, periods.PER_MONTH
    return percent_change(current, previous), period.comparison


def _change_sentence(change: int, comparison: str, period: Period) -> str:
    grew = change > 0
    values = {
        "percent": abs(change),
        "range": _range(period.previous_start, period.previous_end),
    }
    if comparison == periods.PER_MONTH:
        message = (
            _("Contacts per month grew %(percent)s %% on the previous term (%(range)s).")
            if grew
            else _("Contacts per month fell %(percent)s %% on the previous term (%(range)s).")
        )
    elif comparison == periods.ELAPSED:
        message = (
            _("Contacts grew %(percent)s %% on the same part of the previous term (%(range)s).")
            if grew
            else _(
                "Contacts fell %(percent)s %% on the same part of the previous term (%(range)s)."
            )
        )
    elif comparison == periods.MONTH:
        message = (
            _("Contacts grew %(percent)s %% on the previous month.")
            if grew
            else _("Contacts fell %(percent)s %% on the previous month.")
        )
    else:
        message = (
            _("Contacts grew %(percent)s %% on the previous period of the same length (%(range)s).")
            if grew
            else _(
                "Contacts fell %(percent)s %% on the previous period of the same length "
                "(%(range)s)."
            )
        )
    return message % values


def report_sentences(figures: dict, *, period: Period) -> list[str]:
    """Short plain-language findings computed from the figures."""
    contacts = figures["contacts"]
    sentences = []
    current = contacts["period"]
    change, comparison = contact_change(figures, period)
    if current == 0:
        sentences.append(_("No contacts were logged in this period."))
    elif change is None:
        sentences.append(
            ngettext(
                "%(count)s contact was logged; none were logged in the previous period.",
                "%(count)s contacts were logged; none were logged in the previous period.",
                current,
            )
            % {"count": current}
        )
    elif change:
        sentences.append(_change_sentence(change, comparison, period))
    else:
        sentences.append(_("Contacts stayed at the level of the previous period."))
    if contacts["per_task"]:
        top = contacts["per_task"][0]
        sentences.append(
            _("Most came from task %(number)s, “%(name)s”.")
            % {"number": top["task__number"], "name": top["task__name"]}
        )

    outcomes = figures["outcomes"]
    if outcomes["contacts"]:
        sentences.append(
            _(
                "The contacts brought %(placements)s student placements, %(leads)s recruitment leads, "
                "%(inputs)s curriculum inputs and %(insights)s wellbeing insights."
            )
            % {
                "placements": outcomes["placement"],
                "leads": outcomes["recruitment_lead"],
                "inputs": outcomes["curriculum_input"],
                "insights": outcomes["wellbeing_insight"],
            }
        )
        sentences.append(
            ngettext(
                "%(count)s mentor took part in VTE sessions.",
                "%(count)s mentors took part in VTE sessions.",
                outcomes["mentors_in_vte_sessions"],
            )
            % {"count": outcomes["mentors_in_vte_sessions"]}
        )

    active = figures["mentors"]["totals"]["active"]
    sentences.append(
        ngettext(
            "The network has %(count)s active mentor, %(shortage)s of them in shortage fields.",
            "The network has %(count)s active mentors, %(shortage)s of them in shortage fields.",
            active,
        )
        % {"count": active, "shortage": figures["mentors"]["totals"]["in_shortage_fields"]}
    )

    events = figures["events"]
    if events["attendance_rate"] is not None:
        sentences.append(
            _("%(rate)s %% of those registered to past events attended.")
            % {"rate": events["attendance_rate"]}
        )

    requests = figures["requests"]
    if requests["average_answer_hours"] is not None:
        sentences.append(
            _("Mentors answered contact requests in %(hours)s hours on average.")
            % {"hours": number_format(requests["average_answer_hours"])}
        )
    follow_up = figures["follow_up"]["count"]
    if follow_up:
        sentences.append(
            ngettext(
                "%(count)s active mentor has had no contact in %(days)s days.",
                "%(count)s active mentors have had no contact in %(days)s days.",
                follow_up,
            )
            % {"count": follow_up, "days": figures["follow_up"]["days"]}
        )
    return sentences


def names_in_report(user) -> bool:
    """Coordinators read the report with mentors named; the steering group reads counts."""
    return roles.is_coordinator(user)


def report_context(
    period: Period, label: str, *, named: bool, now: datetime.datetime | None = None
) -> dict:
    """The report's figures, tables, charts and findings. `named`: the coordinators' report,
    which lists the mentors to follow up and train by name; otherwise (the steering group,
    the monthly email) only counts per college, field and task (portal.dashboard.aggregates)."""
    filters = Filters(period=period)
    # The outcome figures, read beside the others: cold, each waits mostly on the database.
    read_impact = start_alongside(lambda: impact_figures.cached_impact(filters, now=now))
    figures = cached_figures(filters, now=now)
    if not named:
        figures = aggregates.steering_figures(figures, filters, now=now)
    context = page_context(figures)
    if not named:
        context["tables"] = aggregates.steering_tables(figures, context["tables"])
    change, comparison = contact_change(figures, period)
    impact = read_impact()
    return {
        **context,
        "period": period,
        "period_label": label,
        "comparison_text": comparison_text(period),
        "period_trend": trend_text(change, comparison),
        "aggregates_only": not named,
        "sentences": report_sentences(figures, period=period),
        # Outcomes, resources and goals (issue 24): aggregates only, small cells left out.
        "impact": impact,
        "impact_tables": impact_presentation.impact_tables(impact, anonymous=True),
        "impact_sentences": impact_presentation.impact_sentences(impact),
    }


def report_cache_key(period: Period, *, now: datetime.datetime | None = None) -> str | None:
    """The rendered report is cached under the keys of the figures and the outcomes behind it:
    both change with every write. None when the shared cache cannot be reached."""
    filters = Filters(period=period)
    figures_key = figures_cache_key(filters, now=now)
    impact_key = impact_figures.impact_cache_key(filters, now=now)
    if figures_key is None or impact_key is None:
        return None
    return f"{figures_key}:{impact_key}"


# Exports -------------------------------------------------------------------------------


def export_tables(context: dict) -> list[exports.Table]:
    tables = [*context["tables"].values(), *context.get("impact_tables", {}).values()]
    return [table.export() for table in tables]


def export_about(period: Period, label: str) -> exports.About:
    """The first sheet of the XLSX and first file of the CSV ZIP: the report and its period."""
    return exports.About(
        _("LeadVET steering report"),
        period=label,
        starts_on=period.start,
        ends_on=period.end,
    )


def export_filename(period: Period, extension: str) -> str:
    return f"leadvet-report-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{extension}"


# The monthly email to the steering group ---------------------------------------------


def previous_month(today: datetime.date) -> datetime.date:
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def month_period(month: datetime.date) -> Period:
    next_month = (month + datetime.timedelta(days=32)).replace(day=1)
    end = next_month - datetime.timedelta(days=1)
    previous = previous_month(month)
    return Period(
        month, end, previous, month - datetime.timedelta(days=1), comparison=periods.MONTH
    )


def steering_members():
    return (
        User.objects.filter(is_active=True, groups__name=roles.STEERING).order_by("id").distinct()
    )


def send_monthly_steering_report(*, month: datetime.date | None = None) -> int:
    """Email each steering group member the PDF of the month (default: the previous month).

    Each (month, member) is owed as a ReportDelivery row and sent by the outbox: running
    twice, or on two workers, sends each member one email.
    """
    month = month or previous_month(timezone.localdate())
    ReportDelivery.objects.bulk_create(
        [ReportDelivery(month=month, recipient=member) for member in steering_members()],
        ignore_conflicts=True,
    )
    owed = ReportDelivery.objects.filter(month=month, sent_at__isnull=True).values_list(
        "pk", flat=True
    )
    sent = outbox.deliver(ReportDelivery, list(owed))
    logger.info("monthly steering report for %s sent to %s members", month, sent)
    return sent


def build_report_emails(
    deliveries: list[ReportDelivery], now: datetime.datetime
) -> list[tuple[ReportDelivery, EmailMultiAlternatives | None]]:
    """Each delivery with its email (the outbox's builder), the PDF made once per month and
    language; a member who has left the steering group gets none."""
    members = set(steering_members().values_list("pk", flat=True))
    pdfs: dict[tuple[datetime.date, str], tuple[str, bytes]] = {}
    emails = []
    for delivery in deliveries:
        member = delivery.recipient
        if member.pk not in members:
            emails.append((delivery, None))
            continue
        period = month_period(delivery.month)
        if (delivery.month, member.language) not in pdfs:
            with translation.override(member.language):
                label = _("%(month)s %(year)s") % {
                    "month": _month_name(delivery.month),
                    "year": delivery.month.year,
                }
                pdfs[delivery.month, member.language] = (
                    label,
                    render_report_pdf(report_context(period, label, named=False)),
                )
        label, pdf = pdfs[delivery.month, member.language]
        message = build_email(
            to=[member.email],
            template="portal/monthly_report",
            context={"member": member, "period_label": label, "month": delivery.month},
            language=member.language,
            attachments=[Attachment(export_filename(period, "pdf"), pdf, "application/pdf")],
            bulk_kind=BulkEmail.MONTHLY_REPORT,
        )
        emails.append((delivery, message))
    return emails


def _month_name(month: datetime.date) -> str:
    from django.utils.dates import MONTHS

    return str(MONTHS[month.month]).capitalize()
