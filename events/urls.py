from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("past/", views.event_list, {"past": True}, name="past"),
    path("new/", views.event_create, name="create"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/edit/", views.event_edit, name="edit"),
    path("<int:pk>/duplicate/", views.event_duplicate, name="duplicate"),
    path("<int:pk>/cancel/", views.event_cancel, name="cancel"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/attendees/", views.attendees, name="attendees"),
    path("<int:pk>/attendees/add/", views.register_someone, name="register_someone"),
    path("<int:pk>/attendees/invite/", views.invite, name="invite"),
    path("<int:pk>/attendees/email/", views.email_invitees, name="email_invitees"),
    path("<int:pk>/rsvp/", views.rsvp, name="rsvp"),
    path("<int:pk>/attendees.csv", views.attendees_csv, name="attendees_csv"),
    path("<int:pk>/attendance/", views.mark_attendance, name="attendance"),
    path("<int:pk>/event.ics", views.event_download, name="ics"),
    path("<int:pk>/outputs/new/", views.output_create, name="output_create"),
    path("registrations/<int:pk>/cancel/", views.cancel_registration, name="cancel_registration"),
    path("calendar/", views.calendar, name="calendar"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("outputs/", views.output_list, name="outputs"),
    path("outputs/<int:pk>/edit/", views.output_edit, name="output_edit"),
    path("outputs/<int:pk>/delete/", views.output_delete, name="output_delete"),
]
