"""Self-service: the mentor's own profile."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mentors.forms.profile import MentorProfileForm
from mentors.services import profile as profile_services
from mentors.views.common import mentor_required


@mentor_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    mentor = request.mentor
    form = MentorProfileForm(request.POST or None, instance=mentor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        profile_services.update_mentor_profile(
            mentor=mentor,
            title=data["title"],
            phone=data["phone"],
            bio=data["bio"],
            contact_preferences=data["contact_preferences"],
            nudges_paused=data["nudges_paused"],
            fields=data["fields"],
            languages=data["languages"],
            tasks=data["tasks"],
        )
        messages.success(request, _("Your mentor profile was saved."))
        return redirect("mentors:profile")
    return render(request, "mentors/profile_form.html", {"form": form, "mentor": mentor})
