"""The agenda editor, the evidence pack, certificates for members and coordinators, and the
mentors' training record with the letter of official mentor status."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from events import certificates, downloads, permissions, selectors, services, training
from events.forms import AgendaFormSet, TrainingTargetForm
from events.models import Registration
from events.views.common import managed_event, require_manager, visible_event
from leadvet.lib import jobs
from mentors.models import Mentor


@login_required
@require_http_methods(["GET", "POST"])
def agenda(request, pk: int):
    event = managed_event(request, pk)
    formset = AgendaFormSet(request.POST or None, instance=event, prefix="agenda")
    if request.method == "POST" and formset.is_valid():
        services.save_agenda(formset=formset)
        messages.success(request, _("The agenda was saved."))
        return redirect("events:detail", pk=event.pk)
    return render(
        request,
        "events/agenda_form.html",
        {"event": event, "formset": formset},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def evidence_pack(request, pk: int):
    """Made in the background (leadvet.lib.jobs): its PDF takes a while."""
    event = managed_event(request, pk)
    return jobs.respond(
        request,
        kind=downloads.EVIDENCE,
        params={"event": event.pk},
        title=_("Evidence pack of %(event)s (ZIP)") % {"event": event.title},
        audit_target=f"evidence pack of event {event.pk}",
    )


@login_required
@require_GET
def my_certificate(request, pk: int):
    """A member downloads their own certificate of an event they attended."""
    event = visible_event(request, pk)
    registration = selectors.registration_of(request.user, event)
    if not certificates.has_certificate(registration):
        raise Http404
    response = HttpResponse(
        certificates.certificate_pdf(registration), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{certificates.certificate_filename(registration)}"'
    )
    return response


@login_required
@require_POST
def send_certificates(request, pk: int):
    """Coordinators: email every attendee their certificate, or one attendee again."""
    event = managed_event(request, pk)
    raw = request.POST.get("registration", "")
    registration_id = int(raw) if raw.isdigit() else None
    if (
        registration_id is not None
        and not Registration.objects.filter(pk=registration_id, event=event).exists()
    ):
        raise Http404
    try:
        count = services.send_certificates(event_id=event.pk, registration_id=registration_id)
    except services.ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        if count:
            messages.success(
                request, _("Certificates are on their way to %(count)s people.") % {"count": count}
            )
        else:
            messages.info(request, _("Everyone marked present has already been sent theirs."))
    return redirect("events:attendees", pk=event.pk)


def _own_mentor(request) -> Mentor:
    mentor = Mentor.objects.select_related("user", "college").filter(user=request.user).first()
    if mentor is None or mentor.anonymised_at is not None:
        raise PermissionDenied
    return mentor


def _mentor_for(request, mentor_id: int | None) -> Mentor:
    """The user's own mentor record, or any mentor's for a coordinator."""
    if mentor_id is None:
        return _own_mentor(request)
    require_manager(request.user)
    mentor = Mentor.objects.select_related("user", "college").filter(pk=mentor_id).first()
    if mentor is None:
        raise Http404
    return mentor


@login_required
@require_GET
def training_record(request, mentor_id: int | None = None):
    mentor = _mentor_for(request, mentor_id)
    year = timezone.localdate().year
    record = training.record_of(mentor.user)
    this_year = dict(record.by_year).get(year, 0)
    return render(
        request,
        "events/training_record.html",
        {
            "mentor": mentor,
            "record": record,
            "year": year,
            "this_year": this_year,
            "target": training.target_for(year),
            "own": mentor_id is None,
            "languages": [
                (code, training.LETTER_LABELS[code]) for code in training.LETTER_LANGUAGES
            ],
        },
    )


@login_required
@require_GET
def status_letter(request, language: str, mentor_id: int | None = None):
    if language not in training.LETTER_LANGUAGES:
        raise Http404
    mentor = _mentor_for(request, mentor_id)
    with translation.override(language):
        body = training.letter_pdf(mentor)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="mentor-status-{mentor.pk}-{language}.pdf"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def training_overview(request):
    """Coordinators (college coordinators for their colleges): who is below the yearly target."""
    college_ids = permissions.training_college_ids(request.user)
    if college_ids is False:
        raise PermissionDenied
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    if not 2000 <= year <= today.year + 1:
        year = today.year
    form = TrainingTargetForm(
        request.POST or None, initial={"year": year, "hours": training.target_for(year)}
    )
    if request.method == "POST":
        if not permissions.can_manage_events(request.user):
            raise PermissionDenied
        if form.is_valid():
            training.set_target(year=form.cleaned_data["year"], hours=form.cleaned_data["hours"])
            messages.success(request, _("The yearly target was saved."))
            return redirect(f"{request.path}?year={form.cleaned_data['year']}")
    target = training.target_for(year)
    rows = training.mentor_hours(year=year, college_ids=college_ids)
    below = [row for row in rows if row.hours < target]
    return render(
        request,
        "events/training_overview.html",
        {
            "year": year,
            "years": list(range(today.year, today.year - 6, -1)),
            "target": target,
            "rows": rows,
            "below": below,
            "form": form,
            "can_set_target": permissions.can_manage_events(request.user),
            "today": today,
            "previous_year": year - 1,
            "next_year": year + 1 if year < today.year + 1 else None,
        },
        status=400 if request.method == "POST" else 200,
    )
