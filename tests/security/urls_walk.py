"""Walk the resolver: every URL pattern of the portal, with how to fill its kwargs.

Patterns that belong to other products (Django admin, allauth) or are not views of ours
(static/media serving, DRF's format-suffix twins) are listed in EXCLUDED with the reason.
"""

import re

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# (how to recognise the pattern, why it is left out of the matrix)
EXCLUDED = [
    (re.compile(r"^admin/"), "Django admin: staff-only, guarded by admin.site itself"),
    (
        re.compile(r"^accounts/.*"),
        "allauth's own views (login, password, email, 2fa) when the view is allauth's",
    ),
    (
        re.compile(r"^accounts/social/"),
        "allauth's redirects from its old single sign-on URLs to /accounts/3rdparty/",
    ),
    (re.compile(r"media/"), "static/media file serving in DEBUG only, not a view of ours"),
    (re.compile(r"drf_format_suffix"), "DRF format-suffix twin of a pattern already in the matrix"),
]


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield prefix + str(pattern.pattern), name, pattern


def excluded_reason(route: str, callback) -> str | None:
    module = getattr(callback, "__module__", "") or ""
    for regex, reason in EXCLUDED:
        if regex.search(route):
            if regex.pattern == r"^accounts/.*" and not module.startswith("allauth"):
                continue  # our own pages under /accounts/ (profile, API tokens) are in the matrix
            return reason
    return None


def portal_urls() -> dict[str, tuple[str, object]]:
    """{url name: (route, pattern)} for every pattern the matrix must cover."""
    found = {}
    for route, name, pattern in _walk(get_resolver().url_patterns):
        if excluded_reason(route, pattern.callback):
            continue
        assert name, f"URL pattern {route!r} has no name: give it one so the matrix can list it"
        found.setdefault(name, (route, pattern))
    return found


# Which object fills each kwarg, per URL name. A kwarg is filled from network[<key>].pk, or
# for tokens/keys from the attribute given after a dot; literals are given as ("=", value).
KWARGS: dict[str, dict[str, str | tuple[str, str]]] = {
    "api_token_revoke": {"pk": "api_token"},
    "download_detail": {"pk": "job"},
    "download_file": {"pk": "job"},
    "download_retry": {"pk": "job"},
    "legal_edit": {"kind": ("=", "privacy")},
    "colleges:college_detail": {"pk": "college"},
    "colleges:college_edit": {"pk": "college"},
    "colleges:field_edit": {"pk": "field"},
    "colleges:group_detail": {"pk": "group"},
    "colleges:group_edit": {"pk": "group"},
    "colleges:group_close": {"pk": "group"},
    "colleges:group_reopen": {"pk": "group"},
    "events:detail": {"pk": "event"},
    "events:edit": {"pk": "event"},
    "events:duplicate": {"pk": "event"},
    "events:cancel": {"pk": "event"},
    "events:register": {"pk": "event"},
    "events:attendees": {"pk": "event"},
    "events:register_someone": {"pk": "event"},
    "events:attendees_csv": {"pk": "event"},
    "events:attendees_xlsx": {"pk": "event"},
    "events:attendance": {"pk": "event"},
    "events:ics": {"pk": "event"},
    "events:output_create": {"pk": "event"},
    "events:cancel_registration": {"pk": "registration"},
    "events:feed": {"token": "feed.token"},
    "events:output_edit": {"pk": "output"},
    "events:output_delete": {"pk": "output"},
    "events:agenda": {"pk": "event"},
    "events:evidence": {"pk": "event"},
    "events:certificate": {"pk": "event"},
    "events:send_certificates": {"pk": "event"},
    "events:check_in": {"pk": "event"},
    "events:check_in_person": {"pk": "event", "registration_pk": "registration"},
    "events:check_in_token": {"token": ("=", "not-a-token")},
    "events:status_letter": {"language": ("=", "fi")},
    "events:mentor_training": {"mentor_id": "mentor"},
    "events:mentor_status_letter": {"mentor_id": "mentor", "language": ("=", "en")},
    "events:public_event": {"pk": "event"},
    "events:public_sent": {"pk": "event"},
    "events:public_confirm": {"token": ("=", "not-a-token")},
    "events:public_registration": {"token": ("=", "not-a-token")},
    "events:public_ics": {"token": ("=", "not-a-token")},
    "events:public_data": {"token": ("=", "not-a-token")},
    "events:public_certificate": {"token": ("=", "not-a-token")},
    "events:certificate_verify": {"token": ("=", "not-a-token")},
    "mentors:availability_edit": {"pk": "availability"},
    "mentors:availability_delete": {"pk": "availability"},
    "mentors:contact_detail": {"pk": "contact"},
    "mentors:contact_edit": {"pk": "contact"},
    "mentors:contact_delete": {"pk": "contact"},
    "mentors:public_profile": {"pk": "mentor"},
    "mentors:request_detail": {"pk": "contact_request"},
    "mentors:request_answer": {"pk": "contact_request"},
    "mentors:request_withdraw": {"pk": "contact_request"},
    "mentors:request_to_contact": {"pk": "contact_request"},
    "mentors:announcement_edit": {"pk": "announcement"},
    "mentors:announcement_delete": {"pk": "announcement"},
    "mentors:announcement_preview": {"pk": "announcement"},
    "mentors:group_suggestions": {"pk": "group"},
    "mentors:assignment_create": {"group_pk": "group"},
    "mentors:assignment_end": {"pk": "assignment"},
    "mentors:import_detail": {"import_id": "mentor_import"},
    "mentors:import_confirm": {"import_id": "mentor_import"},
    "mentors:import_invite": {"import_id": "mentor_import"},
    "mentors:import_progress": {"import_id": "mentor_import"},
    "mentors:detail": {"mentor_id": "mentor"},
    # API v1 (DRF router)
    "availability-detail": {"pk": "availability"},
    "college-detail": {"pk": "college"},
    "contact-detail": {"pk": "contact"},
    "contact-request-answer": {"pk": "contact_request"},
    "contact-request-detail": {"pk": "contact_request"},
    "contact-request-make-contact": {"pk": "contact_request"},
    "contact-request-withdraw": {"pk": "contact_request"},
    "event-cancel": {"pk": "event"},
    "event-detail": {"pk": "event"},
    "event-register": {"pk": "event"},
    "field-detail": {"pk": "field"},
    "mentor-detail": {"pk": "mentor"},
    "mentor-status": {"pk": "mentor"},
    "registration-cancel": {"pk": "registration"},
    "registration-detail": {"pk": "registration"},
    "survey-detail": {"pk": "survey"},
    "survey-results": {"pk": "survey"},
    "vte-group-close": {"pk": "group"},
    "vte-group-detail": {"pk": "group"},
    "vte-group-reopen": {"pk": "group"},
    "mentors:move": {"mentor_id": "mentor"},
    "events:email_invitees": {"pk": "event"},
    "events:invite": {"pk": "event"},
    "events:rsvp": {"pk": "event"},
    "mentors:anonymise": {"mentor_id": "mentor"},
    "mentors:membership_edit": {"mentor_id": "mentor", "period_id": "membership"},
    "surveys:results_pdf": {"pk": "survey"},
    "mentors:edit": {"mentor_id": "mentor"},
    "mentors:status": {"mentor_id": "mentor"},
    "mentors:delete": {"mentor_id": "mentor"},
    "mentors:send_invitation": {"mentor_id": "mentor"},
    "mentors:accept_invitation": {"key": "mentor_invitation.key"},
    "report_export": {"fmt": ("=", "csv")},
    "college_health": {"college_id": "college"},
    "outcomes:record_from_contact": {"pk": "contact"},
    "outcomes:group_students": {"pk": "group"},
    "outcomes:placement_delete": {"pk": "placement"},
    "outcomes:outcome_delete": {"pk": "student_outcome"},
    "outcomes:objective_edit": {"pk": "objective"},
    "outcomes:deliverable_edit": {"pk": "deliverable"},
    "outcomes:deliverable_delete": {"pk": "deliverable"},
    "outcomes:contact_feedback": {"pk": "contact_feedback"},
    "outcomes:event_feedback": {"pk": "event_feedback"},
    "outcomes:proposal_edit": {"pk": "curriculum_contact"},
    "outcomes:proposal_decide": {"pk": "proposal"},
    "placement-detail": {"pk": "placement"},
    "student-outcome-detail": {"pk": "student_outcome"},
    "deliverable-detail": {"pk": "deliverable"},
    "surveys:detail": {"pk": "survey"},
    "surveys:edit": {"pk": "survey"},
    "surveys:preview": {"pk": "survey"},
    "surveys:new_round": {"pk": "survey"},
    "surveys:benchmark": {"pk": "survey"},
    "surveys:invite": {"pk": "survey"},
    "surveys:results": {"pk": "survey"},
    "surveys:trends": {"pk": "survey"},
    "practice:country": {"pk": "college.country_id"},
    "practice:edit": {"pk": "college.country_id"},
    "surveys:export": {"pk": "survey", "kind": ("=", "raw"), "fmt": ("=", "csv")},
    "surveys:section_create": {"pk": "survey"},
    "surveys:section_edit": {"pk": "survey", "section_pk": "section"},
    "surveys:section_delete": {"pk": "survey", "section_pk": "section"},
    "surveys:section_move": {"pk": "survey", "section_pk": "section", "direction": ("=", "up")},
    "surveys:question_create": {"pk": "survey"},
    "surveys:question_edit": {"pk": "survey", "question_pk": "question"},
    "surveys:question_delete": {"pk": "survey", "question_pk": "question"},
    "surveys:question_move": {
        "pk": "survey",
        "question_pk": "question",
        "direction": ("=", "down"),
    },
    "survey_respond": {"token": "survey_invitation.token"},
    "unsubscribe": {"token": "unsubscribe_link.token"},
    "mentors:contact_link": {"token": "contact_link.token"},
    "mentors:contact_link_pause": {"token": "contact_link.pause_token"},
    "alumni:detail": {"pk": "alumni_application"},
    "alumni:approve": {"pk": "alumni_application"},
    "alumni:decline": {"pk": "alumni_application"},
    "alumni:propose": {"pk": "alumni_application"},
    "space:topic_detail": {"pk": "space_topic"},
    "space:topic_follow": {"pk": "space_topic"},
    "space:topic_moderate": {"pk": "space_topic"},
    "space:topic_event": {"pk": "space_topic"},
    "space:post_edit": {"pk": "space_post"},
    "space:post_report": {"pk": "space_post"},
    "space:post_hide": {"pk": "space_post"},
    "space:post_attachment": {"pk": "space_post"},
    "space:post_announce": {"pk": "space_post"},
    "space:report_resolve": {"pk": "space_report"},
    "space-topic-detail": {"pk": "space_topic"},
    "space-topic-reply": {"pk": "space_topic"},
}


def url_for(name: str, network: dict) -> str:
    kwargs = {}
    for kwarg, source in KWARGS.get(name, {}).items():
        if isinstance(source, tuple):
            kwargs[kwarg] = source[1]
        elif "." in source:
            key, attribute = source.split(".")
            kwargs[kwarg] = getattr(network[key], attribute)
        else:
            kwargs[kwarg] = network[source].pk
    return reverse(name, kwargs=kwargs)


def outcome(response, login_path: str) -> str:
    """A response as one word of the matrix table."""
    if response.status_code in (301, 302):
        return "login" if response["Location"].startswith(login_path) else "redirect"
    if response.status_code == 200:
        return "ok"
    return str(response.status_code)
