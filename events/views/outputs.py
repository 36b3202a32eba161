"""Event outputs: the list of everything the events produced, adding, editing and deleting one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from events import permissions, selectors, services
from events.filters import OutputFilter
from events.forms import EventOutputForm
from events.models import EventOutput
from events.views.common import managed_event, paginate, require_events_access, require_manager


@login_required
@require_GET
def output_list(request):
    require_events_access(request.user)
    filterset = OutputFilter(request.GET, queryset=selectors.all_outputs())
    page_obj, query_string = paginate(request, filterset.qs)
    return render(
        request,
        "events/output_list.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "query_string": query_string,
            "can_manage": permissions.can_manage_events(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def output_create(request, pk: int):
    event = managed_event(request, pk)
    form = EventOutputForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.save_output(output=form.save(commit=False), event=event)
        messages.success(request, _("The output was added."))
        return redirect("events:detail", pk=event.pk)
    return render(
        request,
        "events/output_form.html",
        {"form": form, "event": event, "heading": _("Add an output")},
    )


def _managed_output(request, pk: int) -> EventOutput:
    require_events_access(request.user)
    output = get_object_or_404(EventOutput.objects.select_related("event"), pk=pk)
    require_manager(request.user)
    return output


@login_required
@require_http_methods(["GET", "POST"])
def output_edit(request, pk: int):
    output = _managed_output(request, pk)
    form = EventOutputForm(request.POST or None, request.FILES or None, instance=output)
    if request.method == "POST" and form.is_valid():
        services.save_output(output=form.save(commit=False), event=output.event)
        messages.success(request, _("The output was saved."))
        return redirect(_output_back_url(output))
    return render(
        request,
        "events/output_form.html",
        {"form": form, "event": output.event, "output": output, "heading": _("Edit output")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def output_delete(request, pk: int):
    output = _managed_output(request, pk)
    if request.method == "POST":
        back = _output_back_url(output)
        services.delete_output(output=output)
        messages.success(request, _("The output was deleted."))
        return redirect(back)
    return render(
        request,
        "events/output_delete.html",
        {"output": output, "back_url": _output_back_url(output)},
    )


def _output_back_url(output: EventOutput) -> str:
    if output.event_id:
        return reverse("events:detail", args=[output.event_id])
    return reverse("events:outputs")
