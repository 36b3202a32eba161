from django.urls import path

from mentors import views

app_name = "mentors"

urlpatterns = [
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
    path("mentors/<int:mentor_id>/delete/", views.mentor_delete, name="delete"),
    path("mentors/<int:mentor_id>/invitation/", views.mentor_send_invitation, name="send_invitation"),
    path("invitations/<str:key>/", views.accept_invitation, name="accept_invitation"),
]
