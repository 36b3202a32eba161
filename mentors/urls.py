from django.urls import path

from mentors import views

app_name = "mentors"

urlpatterns = [
    # Self-service: profile and availability
    path("me/", views.profile_edit, name="profile"),
    path("availability/", views.availability_list, name="availability_list"),
    path("availability/overview/", views.availability_overview, name="availability_overview"),
    path("availability/new/", views.availability_create, name="availability_create"),
    path("availability/<int:pk>/edit/", views.availability_edit, name="availability_edit"),
    path("availability/<int:pk>/delete/", views.availability_delete, name="availability_delete"),
    # Contact log
    path("contacts/", views.contact_list, name="contact_list"),
    path("contacts/college/", views.college_contact_list, name="college_contact_list"),
    path(
        "contacts/college/export.csv", views.college_contact_export, name="college_contact_export"
    ),
    path("contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/export.csv", views.contact_export, name="contact_export"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", views.contact_delete, name="contact_delete"),
    # Directory and contact requests
    path("directory/", views.directory, name="directory"),
    path("directory/<int:pk>/", views.mentor_public_profile, name="public_profile"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/answer/", views.request_answer, name="request_answer"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("requests/<int:pk>/contact/", views.request_to_contact, name="request_to_contact"),
    # Announcements
    path("announcements/", views.announcement_list, name="announcement_list"),
    path("announcements/new/", views.announcement_create, name="announcement_create"),
    path("announcements/<int:pk>/edit/", views.announcement_edit, name="announcement_edit"),
    path("announcements/<int:pk>/delete/", views.announcement_delete, name="announcement_delete"),
    # Assignments
    path("groups/<int:pk>/suggestions/", views.group_suggestions, name="group_suggestions"),
    path(
        "assignments/groups/<int:group_pk>/new/",
        views.assignment_create,
        name="assignment_create",
    ),
    path("assignments/<int:pk>/end/", views.assignment_end, name="assignment_end"),
    path("mentors/", views.mentor_list, name="list"),
    path("mentors/export.csv", views.mentor_export, {"file_format": "csv"}, name="export_csv"),
    path("mentors/export.xlsx", views.mentor_export, {"file_format": "xlsx"}, name="export_xlsx"),
    path("mentors/new/", views.mentor_create, name="create"),
    path("mentors/invite/", views.mentor_invite, name="invite"),
    path("mentors/import/", views.import_upload, name="import"),
    path("mentors/import/<int:import_id>/", views.import_detail, name="import_detail"),
    path("mentors/import/<int:import_id>/confirm/", views.import_confirm, name="import_confirm"),
    path("mentors/import/<int:import_id>/progress/", views.import_progress, name="import_progress"),
    path("mentors/<int:mentor_id>/", views.mentor_detail, name="detail"),
    path("mentors/<int:mentor_id>/edit/", views.mentor_edit, name="edit"),
    path("mentors/<int:mentor_id>/status/", views.mentor_status, name="status"),
    path("mentors/<int:mentor_id>/move/", views.mentor_move, name="move"),
    path(
        "mentors/<int:mentor_id>/memberships/<int:period_id>/edit/",
        views.membership_edit,
        name="membership_edit",
    ),
    path("mentors/<int:mentor_id>/delete/", views.mentor_delete, name="delete"),
    path("mentors/<int:mentor_id>/anonymise/", views.mentor_anonymise, name="anonymise"),
    path(
        "mentors/<int:mentor_id>/invitation/", views.mentor_send_invitation, name="send_invitation"
    ),
    path("invitations/<str:key>/", views.accept_invitation, name="accept_invitation"),
]
