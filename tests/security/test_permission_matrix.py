"""The permission matrix: every URL of the portal × every role, against a declared table.

Each row names a URL and what a GET answers for each role column, in the order of ROLES:
"ok" (200), "login" (redirect to the login page), "redirect" (elsewhere), or the status
code ("401", "403", "404", "405": POST-only views answer GET with 405). A URL added to the
resolver without a row here fails `test_every_portal_url_has_a_row_in_the_table`.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.conftest import ROLES
from tests.security.urls_walk import EXCLUDED, KWARGS, outcome, portal_urls, url_for

# fmt: off
# columns: anonymous, mentor, other_mentor, teacher_educator, steering, coordinator, college_coordinator, alumnus,
# country_coordinator (of the mentor's college's country, Finland: every Finnish college)
EXPECTED: dict[str, tuple[str, ...]] = {
    "alumni:approve": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "alumni:decline": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "alumni:detail": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "alumni:join": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "alumni:join_done": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "alumni:my_details": ('login', '403', '403', '403', '403', '403', '403', 'ok', '403'),
    "alumni:pool": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "alumni:propose": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "api-docs": ('401', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "api-me": ('401', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "api-network-activity": ('401', '403', '403', '403', 'ok', 'ok', 'ok', '403', 'ok'),
    "api-outcomes-report": ('401', '403', '403', '403', 'ok', 'ok', 'ok', '403', 'ok'),
    "api-root": ('401', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "api-schema": ('401', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "api-task-practice": ('401', '403', '403', '403', 'ok', 'ok', 'ok', '403', 'ok'),
    "api_token_create": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "api_token_revoke": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "availability-detail": ('401', 'ok', 'ok', 'ok', '403', 'ok', 'ok', '403', 'ok'),
    "availability-list": ('401', 'ok', 'ok', 'ok', '403', 'ok', 'ok', '403', 'ok'),
    "college-detail": ('401', '403', '403', '403', 'ok', 'ok', 'ok', '403', 'ok'),
    "college-list": ('401', '403', '403', '403', 'ok', 'ok', 'ok', '403', 'ok'),
    "college_health": ('login', '403', '403', '403', '403', 'ok', 'ok', '403', 'ok'),
    "colleges:college_create": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "colleges:college_detail": ('login', '403', '403', '403', 'ok', 'ok', 'ok', '403', 'ok'),
    "colleges:college_edit": ('login', '403', '403', '403', '403', 'ok', 'ok', '403', 'ok'),
    "colleges:college_list": ('login', '403', '403', '403', 'ok', 'ok', 'ok', '403', 'ok'),
    "colleges:field_create": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "colleges:field_edit": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "colleges:field_list": ('login', '403', '403', '403', 'ok', 'ok', 'ok', '403', 'ok'),
    "colleges:group_close": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "colleges:group_create": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "colleges:group_detail": ('login', 'ok', '404', 'ok', '403', 'ok', 'ok', '403', 'ok'),
    "colleges:group_edit": ('login', '403', '404', '403', '403', 'ok', '403', '403', '403'),
    "colleges:group_list": ('login', 'ok', 'ok', 'ok', '403', 'ok', 'ok', '403', 'ok'),
    "colleges:group_reopen": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "contact-detail": ('401', 'ok', '404', '404', '404', 'ok', 'ok', '404', 'ok'),
    "contact-list": ('401', 'ok', 'ok', '403', '403', 'ok', 'ok', '403', 'ok'),
    "contact-request-answer": ('401', '405', '405', '405', '405', '405', '405', '405', '405'),
    "contact-request-detail": ('401', 'ok', '404', 'ok', '403', 'ok', 'ok', '403', 'ok'),
    "contact-request-list": ('401', 'ok', 'ok', 'ok', '403', 'ok', 'ok', '403', 'ok'),
    "contact-request-make-contact": ('401', '405', '405', '405', '405', '405', '405', '405', '405'),
    "contact-request-withdraw": ('401', '405', '405', '405', '405', '405', '405', '405', '405'),
    "dashboard": ('login', '403', '403', '403', '403', 'ok', 'ok', '403', 'ok'),
    "dashboard_outcomes": ('login', '403', '403', '403', '403', 'ok', 'ok', '403', 'ok'),
    "deliverable-detail": ('401', '403', '403', '403', 'ok', 'ok', 'ok', '403', 'ok'),
    "deliverable-list": ('401', '403', '403', '403', 'ok', 'ok', 'ok', '403', 'ok'),
    # My downloads (leadvet.lib.jobs): the coordinator's finished mentor list; anyone else's
    # job is a 404.
    "download_detail": ('login', '404', '404', '404', '404', 'ok', '404', '404', '404'),
    "download_file": ('login', '404', '404', '404', '404', 'ok', '404', '404', '404'),
    "download_retry": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "downloads": ('login', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "email_preferences": ('login', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "event-cancel": ('401', '405', '405', '405', '405', '405', '405', '405', '405'),
    "event-detail": ('401', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "event-list": ('401', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "event-register": ('401', '405', '405', '405', '405', '405', '405', '405', '405'),
    "events:agenda": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "events:attendance": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "events:attendees": ('login', '403', '403', '403', '403', 'ok', 'ok', '403', 'ok'),
    "events:attendees_csv": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "events:attendees_xlsx": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "events:calendar": ('login', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "events:cancel": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "events:cancel_registration": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "events:certificate": ('login', '404', '404', '404', '404', '404', '404', '404', '404'),
    "events:certificate_verify": ('404', '404', '404', '404', '404', '404', '404', '404', '404'),
    "events:check_in": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "events:check_in_person": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "events:check_in_token": ('login', '403', '403', '403', '403', '404', '403', '403', '403'),
    "events:create": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "events:detail": ('login', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "events:duplicate": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "events:edit": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "events:email_invitees": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "events:evidence": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "events:feed": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "events:ics": ('login', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "events:invite": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "events:list": ('login', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "events:mentor_status_letter": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "events:mentor_training": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "events:output_create": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "events:output_delete": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "events:output_edit": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "events:outputs": ('login', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "events:past": ('login', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "events:public_certificate": ('404', '404', '404', '404', '404', '404', '404', '404', '404'),
    "events:public_confirm": ('404', '404', '404', '404', '404', '404', '404', '404', '404'),
    "events:public_data": ('404', '404', '404', '404', '404', '404', '404', '404', '404'),
    "events:public_event": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "events:public_ics": ('404', '404', '404', '404', '404', '404', '404', '404', '404'),
    "events:public_registration": ('404', '404', '404', '404', '404', '404', '404', '404', '404'),
    "events:public_sent": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "events:register": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "events:register_someone": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "events:rsvp": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "events:send_certificates": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "events:status_letter": ('login', 'ok', 'ok', '403', '403', '403', '403', '403', '403'),
    "events:training": ('login', 'ok', 'ok', '403', '403', '403', '403', '403', '403'),
    "events:training_overview": ('login', '403', '403', '403', '403', 'ok', 'ok', '403', 'ok'),
    "favicon": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "field-detail": ('401', '403', '403', '403', 'ok', 'ok', 'ok', '403', 'ok'),
    "field-list": ('401', '403', '403', '403', 'ok', 'ok', 'ok', '403', 'ok'),
    "healthz": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "home": ('login', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "legal_accessibility": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "legal_edit": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "legal_privacy": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "manifest": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "mentor-detail": ('401', 'ok', 'ok', 'ok', '403', 'ok', 'ok', '403', 'ok'),
    "mentor-list": ('401', 'ok', 'ok', 'ok', '403', 'ok', 'ok', '403', 'ok'),
    "mentor-status": ('401', '405', '405', '405', '405', '405', '405', '405', '405'),
    "mentors:accept_invitation": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "mentors:announcement_create": ('login', '403', '403', '403', 'ok', 'ok', '403', '403', '403'),
    "mentors:announcement_delete": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "mentors:announcement_edit": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "mentors:announcement_list": ('login', '403', '403', '403', 'ok', 'ok', '403', '403', '403'),
    "mentors:announcement_preview": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "mentors:announcements_for_me": ('login', 'ok', 'ok', 'ok', '403', '403', '403', '403', '403'),
    "mentors:anonymise": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "mentors:assignment_create": ('login', '403', '403', '403', '403', 'ok', 'ok', '403', 'ok'),
    "mentors:assignment_end": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "mentors:availability_create": ('login', 'ok', 'ok', '403', '403', '403', '403', '403', '403'),
    "mentors:availability_delete": ('login', 'ok', '404', '403', '403', '403', '403', '403', '403'),
    "mentors:availability_edit": ('login', 'ok', '404', '403', '403', '403', '403', '403', '403'),
    "mentors:availability_list": ('login', 'ok', 'ok', '403', '403', '403', '403', '403', '403'),
    "mentors:availability_overview": ('login', '403', '403', '403', '403', 'ok', 'ok', '403', 'ok'),
    "mentors:bulk_invite": ('login', '403', '403', '403', '403', 'ok', 'ok', '403', 'ok'),
    "mentors:college_contact_export": ('login', '403', '403', '403', '403', 'ok', 'ok', '403', 'ok'),
    "mentors:college_contact_list": ('login', '403', '403', '403', '403', 'ok', 'ok', '403', 'ok'),
    "mentors:contact_create": ('login', 'ok', 'ok', '403', '403', '403', '403', '403', '403'),
    "mentors:contact_delete": ('login', 'ok', '404', '404', '404', '403', '403', '404', '403'),
    "mentors:contact_detail": ('login', 'ok', '404', '404', '404', 'ok', 'ok', '404', 'ok'),
    "mentors:contact_edit": ('login', 'ok', '404', '404', '404', '403', '403', '404', '403'),
    "mentors:contact_export": ('login', 'ok', 'ok', '403', '403', '403', '403', '403', '403'),
    "mentors:contact_link": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "mentors:contact_link_pause": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "mentors:contact_list": ('login', 'ok', 'ok', '403', '403', '403', '403', '403', '403'),
    "mentors:create": ('login', '403', '403', '403', '403', 'ok', 'ok', '403', 'ok'),
    "mentors:delete": ('login', '403', '403', '403', '403', 'ok', 'ok', '403', 'ok'),
    "mentors:detail": ('login', 'ok', 'ok', 'ok', '403', 'ok', 'ok', '403', 'ok'),
    "mentors:directory": ('login', '403', '403', 'ok', '403', 'ok', 'ok', '403', 'ok'),
    "mentors:edit": ('login', '403', '403', '403', '403', 'ok', 'ok', '403', 'ok'),
    "mentors:export_csv": ('login', '403', '403', '403', '403', 'ok', 'ok', '403', 'ok'),
    "mentors:export_xlsx": ('login', '403', '403', '403', '403', 'ok', 'ok', '403', 'ok'),
    "mentors:group_suggestions": ('login', '403', '403', '403', '403', 'ok', 'ok', '403', 'ok'),
    "mentors:import": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "mentors:import_confirm": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "mentors:import_detail": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "mentors:import_invite": ('login', '403', '403', '403', '403', 'redirect', '403', '403', '403'),
    "mentors:import_progress": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "mentors:invite": ('login', '403', '403', '403', '403', 'ok', 'ok', '403', 'ok'),
    "mentors:list": ('login', '403', '403', '403', '403', 'ok', 'ok', '403', 'ok'),
    "mentors:membership_edit": ('login', '403', '403', '403', '403', 'ok', 'ok', '403', 'ok'),
    "mentors:move": ('login', '403', '403', '403', '403', 'ok', 'ok', '403', 'ok'),
    "mentors:profile": ('login', 'ok', 'ok', '403', '403', '403', '403', '403', '403'),
    "mentors:public_profile": ('login', 'ok', '403', 'ok', '403', 'ok', 'ok', '403', 'ok'),
    "mentors:request_answer": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "mentors:request_detail": ('login', 'ok', '404', 'ok', '404', 'ok', 'ok', '404', 'ok'),
    "mentors:request_list": ('login', 'ok', 'ok', 'ok', '403', 'ok', 'ok', '403', 'ok'),
    "mentors:request_to_contact": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "mentors:request_withdraw": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "mentors:send_invitation": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "mentors:status": ('login', '403', '403', '403', '403', 'ok', 'ok', '403', 'ok'),
    "my_data": ('login', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "network_health": ('login', '403', '403', '403', 'ok', 'ok', 'ok', '403', 'ok'),
    "offline": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "outcomes:contact_feedback": ('login', '404', '404', 'ok', '404', '404', '404', '404', '404'),
    "outcomes:deliverable_create": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "outcomes:deliverable_delete": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "outcomes:deliverable_edit": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "outcomes:event_feedback": ('login', 'ok', '404', '404', '404', '404', '404', '404', '404'),
    "outcomes:goals": ('login', '403', '403', '403', 'ok', 'ok', 'ok', '403', 'ok'),
    "outcomes:group_students": ('login', '403', '403', 'ok', '403', 'ok', 'ok', '403', 'ok'),
    "outcomes:index": ('login', '403', '403', 'ok', '403', 'ok', 'ok', '403', 'ok'),
    "outcomes:objective_create": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "outcomes:objective_edit": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "outcomes:outcome_delete": ('login', '403', '403', 'ok', '403', 'ok', 'ok', '403', 'ok'),
    "outcomes:placement_delete": ('login', '403', '403', 'ok', '403', 'ok', 'ok', '403', 'ok'),
    "outcomes:proposal_decide": ('login', '403', '403', 'ok', '403', 'ok', '403', '403', '403'),
    "outcomes:proposal_edit": ('login', 'ok', '404', '404', '404', 'ok', '404', '404', '404'),
    "outcomes:proposals": ('login', '403', '403', 'ok', '403', 'ok', '403', '403', '403'),
    "outcomes:record_from_contact": ('login', '403', '403', '404', '403', 'ok', 'ok', '403', 'ok'),
    "placement-detail": ('401', '403', '403', 'ok', '403', 'ok', 'ok', '403', 'ok'),
    "placement-list": ('401', '403', '403', 'ok', '403', 'ok', 'ok', '403', 'ok'),
    # The state of the art (issue 23): coordinators edit, college coordinators and steering read.
    "practice:country": ('login', '403', '403', '403', 'ok', 'ok', 'ok', '403', 'ok'),
    "practice:edit": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "practice:overview": ('login', '403', '403', '403', 'ok', 'ok', 'ok', '403', 'ok'),
    "practice:proposal": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "profile": ('login', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "registration-cancel": ('401', '405', '405', '405', '405', '405', '405', '405', '405'),
    "registration-detail": ('401', 'ok', '404', '404', '404', 'ok', 'ok', '404', 'ok'),
    "registration-list": ('401', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "report_export": ('login', '403', '403', '403', 'ok', 'ok', '403', '403', '403'),
    "reports": ('login', '403', '403', '403', 'ok', 'ok', '403', '403', '403'),
    "reports_national_variations": ('login', '403', '403', '403', 'ok', 'ok', '403', '403', '403'),
    "service_worker": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "set_language": ('405', '405', '405', '405', '405', '405', '405', '405', '405'),
    "space-topic-detail": ('401', 'ok', '404', '404', '403', 'ok', 'ok', '404', 'ok'),
    "space-topic-list": ('401', 'ok', 'ok', 'ok', '403', 'ok', 'ok', 'ok', 'ok'),
    "space-topic-reply": ('401', '405', '405', '405', '405', '405', '405', '405', '405'),
    "space:digest_settings": ('login', 'ok', 'ok', 'ok', '403', 'ok', 'ok', 'ok', 'ok'),
    "space:post_announce": ('login', '403', '404', '404', '403', 'ok', '403', '404', '403'),
    "space:post_attachment": ('login', '404', '404', '404', '403', '404', '404', '404', '404'),
    "space:post_edit": ('login', 'ok', '404', '404', '403', 'ok', '403', '404', '403'),
    "space:post_hide": ('login', '403', '403', '403', '403', '405', '403', '403', '403'),
    "space:post_report": ('login', '403', '404', '404', '403', 'ok', 'ok', '404', 'ok'),
    "space:report_resolve": ('login', '403', '403', '403', '403', '405', '403', '403', '403'),
    "space:reports": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "space:search": ('login', 'ok', 'ok', 'ok', '403', 'ok', 'ok', 'ok', 'ok'),
    "space:topic_create": ('login', 'ok', 'ok', 'ok', '403', 'ok', 'ok', 'ok', 'ok'),
    "space:topic_detail": ('login', 'ok', '404', '404', '403', 'ok', 'ok', '404', 'ok'),
    "space:topic_event": ('login', 'ok', '404', '404', '403', 'ok', '403', '404', '403'),
    "space:topic_follow": ('login', '405', '405', '405', '403', '405', '405', '405', '405'),
    "space:topic_list": ('login', 'ok', 'ok', 'ok', '403', 'ok', 'ok', 'ok', 'ok'),
    "space:topic_moderate": ('login', '403', '403', '403', '403', '405', '403', '403', '403'),
    "space:webhook": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "student-outcome-detail": ('401', '403', '403', 'ok', '403', 'ok', 'ok', '403', 'ok'),
    "student-outcome-list": ('401', '403', '403', 'ok', '403', 'ok', 'ok', '403', 'ok'),
    "survey-detail": ('401', '403', '403', '403', 'ok', 'ok', 'ok', '403', 'ok'),
    "survey-list": ('401', '403', '403', '403', 'ok', 'ok', 'ok', '403', 'ok'),
    "survey-results": ('401', '403', '403', '403', 'ok', 'ok', 'ok', '403', 'ok'),
    "survey_respond": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "surveys:benchmark": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "surveys:create": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "surveys:detail": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "surveys:edit": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "surveys:export": ('login', '403', '403', '403', 'ok', 'ok', '403', '403', '403'),
    "surveys:invite": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "surveys:list": ('login', '403', '403', '403', 'ok', 'ok', 'ok', '403', 'ok'),
    "surveys:new_round": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "surveys:preview": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "surveys:question_create": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "surveys:question_delete": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "surveys:question_edit": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "surveys:question_move": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "surveys:results": ('login', '403', '403', '403', 'ok', 'ok', 'ok', '403', 'ok'),
    "surveys:results_pdf": ('login', '403', '403', '403', 'ok', 'ok', 'ok', '403', 'ok'),
    "surveys:section_create": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "surveys:section_delete": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "surveys:section_edit": ('login', '403', '403', '403', '403', 'ok', '403', '403', '403'),
    "surveys:section_move": ('login', '405', '405', '405', '405', '405', '405', '405', '405'),
    "surveys:trends": ('login', '403', '403', '403', 'ok', 'ok', 'ok', '403', 'ok'),
    "unsubscribe": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "vte-group-close": ('401', '405', '405', '405', '405', '405', '405', '405', '405'),
    "vte-group-detail": ('401', 'ok', '404', 'ok', '403', 'ok', 'ok', '403', 'ok'),
    "vte-group-list": ('401', 'ok', 'ok', 'ok', '403', 'ok', 'ok', '403', 'ok'),
    "vte-group-reopen": ('401', '405', '405', '405', '405', '405', '405', '405', '405'),
}
# fmt: on


def test_every_portal_url_has_a_row_in_the_table():
    missing = sorted(set(portal_urls()) - set(EXPECTED))
    assert not missing, f"URLs without a row in the permission matrix (tests/security): {missing}"


def test_the_table_has_no_rows_for_urls_that_are_gone():
    assert not sorted(set(EXPECTED) - set(portal_urls()))
    assert not sorted(set(KWARGS) - set(portal_urls()))


def test_every_row_has_one_outcome_per_role():
    assert all(len(row) == len(ROLES) for row in EXPECTED.values())


def test_every_exclusion_states_its_reason():
    assert all(reason for _pattern, reason in EXCLUDED)


@pytest.mark.slow
def test_get_answers_as_the_table_says_for_every_url_and_role(network, matrix_users):
    login_path = reverse("account_login")
    mismatches, checked = [], 0
    for role_index, role in enumerate(ROLES):
        client = Client(raise_request_exception=False)
        if matrix_users[role] is not None:
            client.force_login(matrix_users[role])
        for name in sorted(portal_urls()):
            url = url_for(name, network)
            got = outcome(client.get(url), login_path)
            expected = EXPECTED[name][role_index]
            checked += 1
            if got != expected:
                mismatches.append(f"{name} ({url}) as {role}: expected {expected}, got {got}")
    assert (
        checked == len(EXPECTED) * len(ROLES) >= 700
    )  # 104 URLs × 7 roles when written; 8 with alumni, 9 with the country coordinator
    assert not mismatches, "\n".join(mismatches)


# Views that are safe to answer a cross-site POST. (The survey link and the invitation link
# work without login but still need the form's token.)
CSRF_EXEMPT: set[str] = {
    # RFC 8058: the mail client's one-click unsubscribe POST carries no CSRF token. The signed
    # link is the credential, and all it can do is turn one kind of email off (or on) for the
    # one address it names (tests/portal/test_unsubscribe.py).
    "unsubscribe",
}


# DRF views are csrf-exempt for Django and check CSRF themselves for cookie sessions
# (SessionAuthentication); a bearer token is no ambient credential. They refuse with 401/403.
def _is_api(name: str) -> bool:
    return portal_urls()[name][0].startswith("api/")


def _refused(name: str, response) -> bool:
    if _is_api(name):
        return response.status_code in (401, 403)
    return response.status_code == 403 and b"CSRF" in response.content


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "coordinator"])
def test_every_post_without_a_csrf_token_is_refused(network, matrix_users, signed_in):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if signed_in:
        client.force_login(matrix_users["coordinator"])
    accepted = []
    names = sorted(set(portal_urls()) - CSRF_EXEMPT)
    for name in names:
        # The API reads JSON only (a form body is 415 before anything else): send it JSON, so
        # that its CSRF check is what answers.
        if _is_api(name):
            response = client.post(
                url_for(name, network), {"title": "x"}, content_type="application/json"
            )
        else:
            response = client.post(url_for(name, network), {"title": "x"})
        if not _refused(name, response):
            accepted.append(f"{name}: {response.status_code}")
    assert not accepted, f"POSTs without a CSRF token not refused: {accepted}"


def test_a_session_post_to_the_api_without_a_csrf_token_is_refused_as_csrf(network, matrix_users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(matrix_users["coordinator"])
    response = client.post(reverse("api-me"), {})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
