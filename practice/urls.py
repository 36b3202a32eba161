from django.urls import path

from practice import views

app_name = "practice"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("countries/<int:pk>/", views.country_detail, name="country"),
    path("countries/<int:pk>/edit/", views.edit, name="edit"),
    path("proposal/", views.proposal, name="proposal"),
]
