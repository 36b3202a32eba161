from django.urls import path

from events.views import (
    attendees,
    calendar,
    checkin,
    events,
    evidence,
    outputs,
    public,
    registrations,
)

app_name = "events"

urlpatterns = [
    path("", events.event_list, name="list"),
    path("past/", events.event_list, {"past": True}, name="past"),
    path("new/", events.event_create, name="create"),
    path("<int:pk>/", events.event_detail, name="detail"),
    path("<int:pk>/edit/", events.event_edit, name="edit"),
    path("<int:pk>/duplicate/", events.event_duplicate, name="duplicate"),
    path("<int:pk>/cancel/", events.event_cancel, name="cancel"),
    path("<int:pk>/register/", registrations.register, name="register"),
    path("<int:pk>/attendees/", attendees.attendees, name="attendees"),
    path("<int:pk>/attendees/add/", attendees.register_someone, name="register_someone"),
    path("<int:pk>/attendees/invite/", attendees.invite, name="invite"),
    path("<int:pk>/attendees/email/", attendees.email_invitees, name="email_invitees"),
    path("<int:pk>/rsvp/", attendees.rsvp, name="rsvp"),
    path(
        "<int:pk>/attendees.csv",
        attendees.attendees_export,
        {"file_format": "csv"},
        name="attendees_csv",
    ),
    path(
        "<int:pk>/attendees.xlsx",
        attendees.attendees_export,
        {"file_format": "xlsx"},
        name="attendees_xlsx",
    ),
    path("<int:pk>/attendance/", registrations.mark_attendance, name="attendance"),
    path("<int:pk>/event.ics", calendar.event_download, name="ics"),
    path("<int:pk>/outputs/new/", outputs.output_create, name="output_create"),
    path(
        "registrations/<int:pk>/cancel/",
        registrations.cancel_registration,
        name="cancel_registration",
    ),
    path("calendar/", calendar.calendar, name="calendar"),
    path("feed/<str:token>.ics", calendar.feed, name="feed"),
    path("outputs/", outputs.output_list, name="outputs"),
    path("outputs/<int:pk>/edit/", outputs.output_edit, name="output_edit"),
    path("outputs/<int:pk>/delete/", outputs.output_delete, name="output_delete"),
    # Agenda, evidence pack, certificates
    path("<int:pk>/agenda/", evidence.agenda, name="agenda"),
    path("<int:pk>/evidence.zip", evidence.evidence_pack, name="evidence"),
    path("<int:pk>/certificate.pdf", evidence.my_certificate, name="certificate"),
    path("<int:pk>/certificates/send/", evidence.send_certificates, name="send_certificates"),
    # Check-in on the day
    path("<int:pk>/check-in/", checkin.check_in, name="check_in"),
    path(
        "<int:pk>/check-in/<int:registration_pk>/",
        checkin.check_in_person,
        name="check_in_person",
    ),
    path("check-in/<str:token>/", checkin.check_in_token, name="check_in_token"),
    # Training record and the letter of official mentor status
    path("training/", evidence.training_record, name="training"),
    path("training/letter-<str:language>.pdf", evidence.status_letter, name="status_letter"),
    path("training/mentors/", evidence.training_overview, name="training_overview"),
    path("training/mentors/<int:mentor_id>/", evidence.training_record, name="mentor_training"),
    path(
        "training/mentors/<int:mentor_id>/letter-<str:language>.pdf",
        evidence.status_letter,
        name="mentor_status_letter",
    ),
    # Without an account: the public page, confirming, the participant's own page
    path("public/<int:pk>/", public.event_page, name="public_event"),
    path("public/<int:pk>/sent/", public.sent, name="public_sent"),
    path("public/confirm/<str:token>/", public.confirm, name="public_confirm"),
    path("public/registration/<str:token>/", public.registration_page, name="public_registration"),
    path("public/registration/<str:token>/event.ics", public.registration_ics, name="public_ics"),
    path(
        "public/registration/<str:token>/my-data.json",
        public.registration_data,
        name="public_data",
    ),
    path(
        "public/registration/<str:token>/certificate.pdf",
        public.registration_certificate,
        name="public_certificate",
    ),
    path("certificates/<str:token>/", public.certificate_verify, name="certificate_verify"),
]
