from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from events import selectors as event_selectors
from leadvet import mail_preferences, roles
from leadvet.api import tokens as api_tokens
from leadvet.lib.unsubscribe import read_token
from leadvet.models import BulkEmail
from mentors.selectors import home as mentor_homes
from outcomes.selectors import feedback as feedback_selectors
from portal import health, personal_data
from portal.forms import AccountForm, ApiTokenForm, EmailPreferencesForm
from surveys.selectors import invitations as survey_invitations


def _mentor_section(request) -> dict | None:
    data = mentor_homes.mentor_home(request.user)
    return data and {"template": "mentors/home_section.html", "data": data}


def _educator_section(request) -> dict | None:
    data = mentor_homes.educator_home(request.user)
    return data and {"template": "mentors/educator_home_section.html", "data": data}


def _events_section(request) -> dict | None:
    if not roles.has_any_role(request.user):
        return None
    registrations = list(event_selectors.upcoming_registrations_for(request.user, limit=5))
    return {"template": "events/home_section.html", "data": {"registrations": registrations}}


def _surveys_section(request) -> dict | None:
    invitations = list(survey_invitations.pending_invitations_for(request.user)[:5])
    return invitations and {
        "template": "surveys/home_section.html",
        "data": {"invitations": invitations},
    }


def _feedback_section(request) -> dict | None:
    data = feedback_selectors.open_feedback_for(request.user)
    return (data["contacts"] or data["events"]) and {
        "template": "outcomes/home_section.html",
        "data": data,
    }


# Each builder takes the request and returns {"template": ..., "data": ...} or None when the
# section does not apply to the user. Apps add theirs here (upcoming events, surveys waiting…).
HOME_SECTION_BUILDERS: list[Callable[[HttpRequest], dict | None]] = [
    _mentor_section,
    _educator_section,
    _feedback_section,
    _surveys_section,
    _events_section,
]


@login_required
def home(request):
    user_roles = roles.role_names(request.user)
    role_labels = [str(label) for name, label in roles.ROLE_LABELS.items() if name in user_roles]
    sections = [section for build in HOME_SECTION_BUILDERS if (section := build(request))]
    return render(
        request, "portal/home.html", {"role_labels": role_labels, "home_sections": sections}
    )


@require_GET
@never_cache
def healthz(request):
    body, status = health.report()
    return JsonResponse(body, status=status)


@require_POST
def set_language(request):
    """Django's set_language, and a signed-in user's choice is remembered on their account."""
    response = django_set_language(request)
    language = request.POST.get("language")
    user = request.user
    if user.is_authenticated and language in dict(AccountForm.base_fields["language"].choices):
        if user.language != language:
            user.language = language
            user.save(update_fields=["language"])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = AccountForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your account details were saved."))
        return redirect("profile")
    return render(
        request,
        "portal/profile.html",
        {
            "form": form,
            "token_form": ApiTokenForm(),
            "tokens": api_tokens.tokens_of(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def email_preferences(request):
    """The kinds of bulk email the user can get, each on or off (turned back on here)."""
    user = request.user
    form = EmailPreferencesForm(
        request.POST if request.method == "POST" else None,
        kinds=mail_preferences.kinds_for(user),
        turned_off=mail_preferences.turned_off(user.email),
    )
    if form.is_valid():
        mail_preferences.set_wanted(address=user.email, wanted=form.cleaned_data)
        messages.success(request, _("Your email choices were saved."))
        return redirect("email_preferences")
    return render(request, "portal/email_preferences.html", {"form": form})


# RFC 8058: the mail client's one-click POST carries no CSRF token and no session; the signed
# link is what allows the change, and it only turns one kind of email off or on for its address.
@csrf_exempt
@require_http_methods(["GET", "POST"])
@never_cache
def unsubscribe(request, token: str):
    """GET asks to confirm; POST (the page's button or the mail client's one-click) turns the
    link's kind of email off for its address, or on again with action=on."""
    link = read_token(token)
    if link is None or link[1] not in BulkEmail.values:
        return render(request, "portal/unsubscribe.html", {"invalid": True}, status=404)
    address, kind = link
    changed = request.method == "POST"
    if changed:
        if request.POST.get("action") == "on":
            mail_preferences.turn_on(address=address, kind=kind)
        else:
            mail_preferences.turn_off(address=address, kind=kind)
    return render(
        request,
        "portal/unsubscribe.html",
        {
            "address": address,
            "kind": BulkEmail(kind),
            "description": mail_preferences.DESCRIPTIONS[kind],
            "turned_off": kind in mail_preferences.turned_off(address),
            "changed": changed,
        },
    )


@login_required
@require_GET
@never_cache
def my_data(request):
    """The signed-in user's own data as a JSON download."""
    response = JsonResponse(
        personal_data.personal_data_of(request.user), json_dumps_params={"indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="my-leadvet-data.json"'
    return response


@login_required
@require_POST
def api_token_create(request):
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The token was not created: give it a name."))
        return redirect("profile")
    token, raw = api_tokens.create_token(
        user=request.user, name=form.cleaned_data["name"], can_write=form.cleaned_data["can_write"]
    )
    response = render(request, "portal/api_token_created.html", {"token": token, "raw": raw})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def api_token_revoke(request, pk: int):
    token = get_object_or_404(api_tokens.tokens_of(request.user), pk=pk)
    api_tokens.revoke_token(token=token)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("profile")


@login_required
@require_GET
def bench_ping(request):
    """The smallest signed-in page: the base template (navigation, the signed-in user's roles)
    and nothing in it. `make bench` measures it as the floor of the web stack; mounted only
    when LEADVET_BENCH is set."""
    return render(request, "base.html")
