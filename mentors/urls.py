from django.urls import path

from mentors.views import (
    announcements,
    assignments,
    availability,
    college_overview,
    contact_links,
    contacts,
    directory,
    imports,
    invitations,
    memberships,
    pool,
    privacy,
    profile,
    requests,
)

app_name = "mentors"

urlpatterns = [
    # Self-service: profile and availability
    path("me/", profile.profile_edit, name="profile"),
    path("availability/", availability.availability_list, name="availability_list"),
    path(
        "availability/overview/",
        college_overview.availability_overview,
        name="availability_overview",
    ),
    path("availability/new/", availability.availability_create, name="availability_create"),
    path("availability/<int:pk>/edit/", availability.availability_edit, name="availability_edit"),
    path(
        "availability/<int:pk>/delete/",
        availability.availability_delete,
        name="availability_delete",
    ),
    # Contact log
    path("contacts/", contacts.contact_list, name="contact_list"),
    path("contacts/college/", college_overview.college_contact_list, name="college_contact_list"),
    path(
        "contacts/college/export.csv",
        college_overview.college_contact_export,
        name="college_contact_export",
    ),
    path("contacts/new/", contacts.contact_create, name="contact_create"),
    # The signed one-use links of an activity nudge (no login; mentors.services.contact_links)
    path("contacts/link/<str:token>/", contact_links.log_from_link, name="contact_link"),
    path(
        "contacts/link/<str:token>/none/",
        contact_links.pause_from_link,
        name="contact_link_pause",
    ),
    path("contacts/export.csv", contacts.contact_export, name="contact_export"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/edit/", contacts.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", contacts.contact_delete, name="contact_delete"),
    # Directory and contact requests
    path("directory/", directory.directory, name="directory"),
    path("directory/<int:pk>/", directory.mentor_public_profile, name="public_profile"),
    path("requests/", requests.request_list, name="request_list"),
    path("requests/<int:pk>/", requests.request_detail, name="request_detail"),
    path("requests/<int:pk>/answer/", requests.request_answer, name="request_answer"),
    path("requests/<int:pk>/withdraw/", requests.request_withdraw, name="request_withdraw"),
    path("requests/<int:pk>/contact/", requests.request_to_contact, name="request_to_contact"),
    # Announcements
    path("announcements/", announcements.announcement_list, name="announcement_list"),
    path("announcements/new/", announcements.announcement_create, name="announcement_create"),
    path("announcements/for-me/", announcements.announcements_for_me, name="announcements_for_me"),
    path(
        "announcements/<int:pk>/preview/",
        announcements.announcement_preview,
        name="announcement_preview",
    ),
    path("announcements/<int:pk>/edit/", announcements.announcement_edit, name="announcement_edit"),
    path(
        "announcements/<int:pk>/delete/",
        announcements.announcement_delete,
        name="announcement_delete",
    ),
    # Assignments
    path("groups/<int:pk>/suggestions/", assignments.group_suggestions, name="group_suggestions"),
    path(
        "assignments/groups/<int:group_pk>/new/",
        assignments.assignment_create,
        name="assignment_create",
    ),
    path("assignments/<int:pk>/end/", assignments.assignment_end, name="assignment_end"),
    path("mentors/", pool.mentor_list, name="list"),
    path("mentors/export.csv", pool.mentor_export, {"file_format": "csv"}, name="export_csv"),
    path("mentors/export.xlsx", pool.mentor_export, {"file_format": "xlsx"}, name="export_xlsx"),
    path("mentors/new/", pool.mentor_create, name="create"),
    path("mentors/invite/", invitations.mentor_invite, name="invite"),
    path("mentors/invite-all/", invitations.bulk_invite, name="bulk_invite"),
    path("mentors/import/", imports.import_upload, name="import"),
    path("mentors/import/<int:import_id>/", imports.import_detail, name="import_detail"),
    path("mentors/import/<int:import_id>/confirm/", imports.import_confirm, name="import_confirm"),
    path("mentors/import/<int:import_id>/invite/", invitations.import_invite, name="import_invite"),
    path(
        "mentors/import/<int:import_id>/progress/", imports.import_progress, name="import_progress"
    ),
    path("mentors/<int:mentor_id>/", pool.mentor_detail, name="detail"),
    path("mentors/<int:mentor_id>/edit/", pool.mentor_edit, name="edit"),
    path("mentors/<int:mentor_id>/status/", pool.mentor_status, name="status"),
    path("mentors/<int:mentor_id>/move/", memberships.mentor_move, name="move"),
    path(
        "mentors/<int:mentor_id>/memberships/<int:period_id>/edit/",
        memberships.membership_edit,
        name="membership_edit",
    ),
    path("mentors/<int:mentor_id>/delete/", pool.mentor_delete, name="delete"),
    path("mentors/<int:mentor_id>/anonymise/", privacy.mentor_anonymise, name="anonymise"),
    path(
        "mentors/<int:mentor_id>/invitation/",
        invitations.mentor_send_invitation,
        name="send_invitation",
    ),
    path("invitations/<str:key>/", invitations.accept_invitation, name="accept_invitation"),
]
