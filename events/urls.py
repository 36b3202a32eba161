from django.urls import path

from events.views import attendees, calendar, events, outputs, registrations

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
]
