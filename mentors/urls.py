from django.urls import path

from mentors import views

app_name = "mentors"

urlpatterns = [
    # Assignments
    path("groups/<int:pk>/suggestions/", views.group_suggestions, name="group_suggestions"),
    path(
        "assignments/groups/<int:group_pk>/new/",
        views.assignment_create,
        name="assignment_create",
    ),
    path("assignments/<int:pk>/end/", views.assignment_end, name="assignment_end"),
]
