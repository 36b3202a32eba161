from django.urls import path

from colleges import views

app_name = "colleges"

urlpatterns = [
    path("colleges/", views.college_list, name="college_list"),
    path("colleges/new/", views.college_create, name="college_create"),
    path("colleges/<int:pk>/", views.college_detail, name="college_detail"),
    path("colleges/<int:pk>/edit/", views.college_edit, name="college_edit"),
    path("fields/", views.field_list, name="field_list"),
    path("fields/new/", views.field_create, name="field_create"),
    path("fields/<int:pk>/edit/", views.field_edit, name="field_edit"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("groups/<int:pk>/close/", views.group_close, name="group_close"),
    path("groups/<int:pk>/reopen/", views.group_reopen, name="group_reopen"),
]
