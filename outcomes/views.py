"""Pages of the outcomes app: thin, permission-checked per object, calling services and
selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from colleges.models import VTEGroup
from mentors.models import Contact, Mentor
from outcomes import permissions, services
from outcomes.forms import (
    ContactFeedbackForm,
    DecisionForm,
    DeliverableForm,
    EventFeedbackForm,
    ObjectiveForm,
    PathStepForm,
    ProposalForm,
)
from outcomes.models import (
    CurriculumProposal,
    Deliverable,
    Objective,
    Placement,
    StudentOutcome,
)
from outcomes.selectors import feedback as feedback_selectors
from outcomes.selectors import goals as goal_selectors
from outcomes.selectors import records

# Teacher students and their path ---------------------------------------------------------


@login_required
@require_GET
def index(request):
    if not permissions.can_record_outcomes(request.user):
        raise PermissionDenied
    return render(
        request,
        "outcomes/index.html",
        {
            "groups": list(records.groups_of(request.user)[:50]),
            "contacts": list(records.recent_contacts_for(request.user)),
        },
    )


def _save_step(request, form, *, group, contact=None):
    data = form.cleaned_data
    try:
        services.record_path_step(
            group=group or data["group"],
            reference=data["reference"],
            name=data["name"],
            kind=data["kind"],
            college=data["college"],
            field=data["field"],
            mentor=data["mentor"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            contacts=[contact] if contact else [],
            by=request.user,
        )
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def record_from_contact(request, pk: int):
    if not permissions.can_record_outcomes(request.user):
        raise PermissionDenied
    try:
        contact = records.contact_for_recording(pk)
    except Contact.DoesNotExist:
        raise Http404 from None
    if not permissions.can_use_contact(request.user, contact):
        raise Http404
    group = contact.vte_group
    initial = {
        "college": contact.college_id,
        "mentor": contact.mentor_id,
        "starts_on": contact.date,
        "field": group.field_id if group else None,
    }
    form = PathStepForm(
        request.POST or None,
        initial=initial,
        groups=records.groups_of(request.user),
        college_ids=permissions.recordable_college_ids(request.user),
        mentors=Mentor.objects.select_related("user").filter(
            Q(pk=contact.mentor_id) | Q(college_id=contact.college_id)
        ),
        fixed_group=group,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_step(request, form, group=group, contact=contact)
    ):
        messages.success(request, _("Recorded. The figures include it now."))
        return redirect("outcomes:record_from_contact", pk=contact.pk)
    placements, outcomes = records.records_of_contact(contact)
    return render(
        request,
        "outcomes/record_from_contact.html",
        {"contact": contact, "form": form, "placements": placements, "outcomes": outcomes},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_students(request, pk: int):
    if not permissions.can_record_outcomes(request.user):
        raise PermissionDenied
    try:
        group = records.group_for_recording(pk)
    except VTEGroup.DoesNotExist:
        raise Http404 from None
    if not permissions.can_use_group(request.user, group):
        raise Http404
    form = PathStepForm(
        request.POST or None,
        initial={"field": group.field_id, "starts_on": timezone.localdate()},
        groups=records.groups_of(request.user),
        college_ids=permissions.recordable_college_ids(request.user),
        fixed_group=group,
    )
    if request.method == "POST" and form.is_valid() and _save_step(request, form, group=group):
        messages.success(request, _("Recorded. The figures include it now."))
        return redirect("outcomes:group_students", pk=group.pk)
    return render(
        request,
        "outcomes/group_students.html",
        {"group": group, "form": form, "students": records.students_of_group(group)},
        status=400 if form.is_bound and form.errors else 200,
    )


def _delete_record(request, record, *, label: str):
    if not permissions.can_change_record(request.user, record):
        raise Http404
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not back.startswith("/") or back.startswith("//"):
        back = ""
    group = record.student.vte_group
    if request.method == "POST":
        services.delete_path_step(record=record)
        messages.success(request, _("Deleted."))
        return redirect(back or "outcomes:group_students", **({} if back else {"pk": group.pk}))
    return render(
        request,
        "outcomes/confirm_delete.html",
        {"record": record, "label": label, "group": group, "next": back},
    )


@login_required
@require_http_methods(["GET", "POST"])
def placement_delete(request, pk: int):
    if not permissions.can_record_outcomes(request.user):
        raise PermissionDenied
    try:
        record = records.placement_for_change(pk)
    except Placement.DoesNotExist:
        raise Http404 from None
    return _delete_record(request, record, label=_("placement"))


@login_required
@require_http_methods(["GET", "POST"])
def outcome_delete(request, pk: int):
    if not permissions.can_record_outcomes(request.user):
        raise PermissionDenied
    try:
        record = records.outcome_for_change(pk)
    except StudentOutcome.DoesNotExist:
        raise Http404 from None
    return _delete_record(request, record, label=record.get_kind_display().lower())


# The programme's goals ---------------------------------------------------------------------


@login_required
@require_GET
def goals(request):
    if not permissions.can_see_goals(request.user):
        raise PermissionDenied
    return render(
        request,
        "outcomes/goals.html",
        {
            "objectives": goal_selectors.objectives(),
            "loose": goal_selectors.deliverables_without_objective(),
            "can_manage": permissions.can_manage_goals(request.user),
            "today": timezone.localdate(),
        },
    )


def _goal_form(request, *, form_class, instance, save, title):
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            save(data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Saved."))
            return redirect("outcomes:goals")
    return render(
        request,
        "outcomes/goal_form.html",
        {"form": form, "title": title},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_create(request):
    if not permissions.can_manage_goals(request.user):
        raise PermissionDenied
    objective = Objective()
    return _goal_form(
        request,
        form_class=ObjectiveForm,
        instance=objective,
        save=lambda data: services.save_objective(objective=objective, data=data),
        title=_("New goal"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_edit(request, pk: int):
    if not permissions.can_manage_goals(request.user):
        raise PermissionDenied
    objective = get_object_or_404(Objective, pk=pk)
    return _goal_form(
        request,
        form_class=ObjectiveForm,
        instance=objective,
        save=lambda data: services.save_objective(
            objective=Objective.objects.get(pk=objective.pk), data=data
        ),
        title=_("Edit goal"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def deliverable_create(request):
    if not permissions.can_manage_goals(request.user):
        raise PermissionDenied
    deliverable = Deliverable()
    return _goal_form(
        request,
        form_class=DeliverableForm,
        instance=deliverable,
        save=lambda data: services.save_deliverable(deliverable=deliverable, data=data),
        title=_("New deliverable"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def deliverable_edit(request, pk: int):
    if not permissions.can_manage_goals(request.user):
        raise PermissionDenied
    deliverable = get_object_or_404(Deliverable, pk=pk)
    return _goal_form(
        request,
        form_class=DeliverableForm,
        instance=deliverable,
        save=lambda data: services.save_deliverable(
            deliverable=Deliverable.objects.get(pk=deliverable.pk), data=data
        ),
        title=_("Edit deliverable"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def deliverable_delete(request, pk: int):
    if not permissions.can_manage_goals(request.user):
        raise PermissionDenied
    deliverable = get_object_or_404(Deliverable, pk=pk)
    if request.method == "POST":
        services.delete_deliverable(deliverable=deliverable)
        messages.success(request, _("Deleted."))
        return redirect("outcomes:goals")
    return render(
        request,
        "outcomes/confirm_delete.html",
        {"record": deliverable, "label": _("deliverable"), "cancel_url": "outcomes:goals"},
    )


# Feedback ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def contact_feedback(request, pk: int):
    feedback = feedback_selectors.contact_feedback_for(request.user, pk)
    if feedback is None:
        raise Http404
    form = ContactFeedbackForm(
        request.POST or None,
        initial={"score": feedback.score, "what_came_of_it": feedback.what_came_of_it},
    )
    if request.method == "POST" and form.is_valid():
        services.answer_contact_feedback(
            feedback=feedback,
            score=form.cleaned_data["score"],
            what_came_of_it=form.cleaned_data["what_came_of_it"],
        )
        messages.success(request, _("Thank you for your feedback."))
        return redirect("home")
    return render(
        request,
        "outcomes/contact_feedback.html",
        {"feedback": feedback, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_feedback(request, pk: int):
    feedback = feedback_selectors.event_feedback_for(request.user, pk)
    if feedback is None:
        raise Http404
    form = EventFeedbackForm(
        request.POST or None, initial={"score": feedback.score, "comment": feedback.comment}
    )
    if request.method == "POST" and form.is_valid():
        services.answer_event_feedback(
            feedback=feedback,
            score=form.cleaned_data["score"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, _("Thank you for your feedback."))
        return redirect("home")
    return render(
        request,
        "outcomes/event_feedback.html",
        {"feedback": feedback, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


# Curriculum proposals ----------------------------------------------------------------------


@login_required
@require_GET
def proposals(request):
    if not permissions.can_see_proposals(request.user):
        raise PermissionDenied
    status = request.GET.get("status", "")
    queryset = feedback_selectors.proposals(status=status)
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "outcomes/proposals.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": CurriculumProposal.Status.choices,
            "can_decide": permissions.can_decide_proposal(request.user),
            "query": f"status={status}" if status else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk: int):
    contact = Contact.objects.select_related("mentor__user", "task").filter(pk=pk).first()
    if contact is None or not permissions.can_propose(request.user, contact):
        raise Http404
    existing = CurriculumProposal.objects.filter(contact=contact).first()
    form = ProposalForm(
        request.POST or None, initial={"proposal": existing.proposal if existing else ""}
    )
    if request.method == "POST" and form.is_valid():
        services.save_proposal(contact=contact, proposal=form.cleaned_data["proposal"])
        messages.success(request, _("The proposal was saved for teacher education to decide."))
        return redirect("mentors:contact_detail", pk=contact.pk)
    return render(
        request,
        "outcomes/proposal_form.html",
        {"contact": contact, "form": form, "proposal": existing},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_decide(request, pk: int):
    if not permissions.can_decide_proposal(request.user):
        raise PermissionDenied
    proposal = get_object_or_404(
        CurriculumProposal.objects.select_related("contact__task", "contact__college"), pk=pk
    )
    form = DecisionForm(
        request.POST or None,
        initial={
            "status": proposal.status
            if proposal.status != CurriculumProposal.Status.PROPOSED
            else None,
            "change": proposal.change,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.decide_proposal(
            proposal=proposal,
            status=form.cleaned_data["status"],
            change=form.cleaned_data["change"],
            by=request.user,
        )
        messages.success(request, _("The decision was saved."))
        return redirect("outcomes:proposals")
    return render(
        request,
        "outcomes/proposal_decide.html",
        {"proposal": proposal, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )
