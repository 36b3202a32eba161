from django.urls import path

from space import views

app_name = "space"

urlpatterns = [
    path("", views.topic_list, name="topic_list"),
    path("new/", views.topic_create, name="topic_create"),
    path("search/", views.search, name="search"),
    path("digest/", views.digest_settings, name="digest_settings"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:pk>/resolve/", views.report_resolve, name="report_resolve"),
    path("webhook/", views.webhook, name="webhook"),
    path("<int:pk>/", views.topic_detail, name="topic_detail"),
    path("<int:pk>/follow/", views.topic_follow, name="topic_follow"),
    path("<int:pk>/moderate/", views.topic_moderate, name="topic_moderate"),
    path("<int:pk>/event/", views.topic_event, name="topic_event"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/report/", views.post_report, name="post_report"),
    path("posts/<int:pk>/hide/", views.post_hide, name="post_hide"),
    path("posts/<int:pk>/attachment/", views.post_attachment, name="post_attachment"),
    path("posts/<int:pk>/announce/", views.post_announce, name="post_announce"),
]
