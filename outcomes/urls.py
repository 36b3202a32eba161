from django.urls import path

from outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("", views.index, name="index"),
    path("contacts/<int:pk>/record/", views.record_from_contact, name="record_from_contact"),
    path("groups/<int:pk>/", views.group_students, name="group_students"),
    path("placements/<int:pk>/delete/", views.placement_delete, name="placement_delete"),
    path("results/<int:pk>/delete/", views.outcome_delete, name="outcome_delete"),
    path("goals/", views.goals, name="goals"),
    path("goals/new/", views.objective_create, name="objective_create"),
    path("goals/<int:pk>/edit/", views.objective_edit, name="objective_edit"),
    path("deliverables/new/", views.deliverable_create, name="deliverable_create"),
    path("deliverables/<int:pk>/edit/", views.deliverable_edit, name="deliverable_edit"),
    path("deliverables/<int:pk>/delete/", views.deliverable_delete, name="deliverable_delete"),
    path("feedback/<int:pk>/", views.contact_feedback, name="contact_feedback"),
    path("event-feedback/<int:pk>/", views.event_feedback, name="event_feedback"),
    path("curriculum/", views.proposals, name="proposals"),
    path("curriculum/contacts/<int:pk>/", views.proposal_edit, name="proposal_edit"),
    path("curriculum/<int:pk>/decide/", views.proposal_decide, name="proposal_decide"),
]
