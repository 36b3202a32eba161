from django.urls import path

from alumni import views

app_name = "alumni"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/thanks/", views.join_done, name="join_done"),
    path("", views.pool, name="pool"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/propose/", views.propose, name="propose"),
    path("me/", views.my_details, name="my_details"),
]
