from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_create, name="create"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/edit/", views.survey_edit, name="edit"),
    path("<int:pk>/preview/", views.survey_preview, name="preview"),
    path("<int:pk>/new-round/", views.survey_new_round, name="new_round"),
    path("<int:pk>/benchmark/", views.survey_benchmark, name="benchmark"),
    path("<int:pk>/invite/", views.survey_invite, name="invite"),
    path("<int:pk>/results/", views.survey_results, name="results"),
    path("<int:pk>/trends/", views.survey_trends, name="trends"),
    path("<int:pk>/results.pdf", views.survey_results_pdf, name="results_pdf"),
    path("<int:pk>/export/<str:kind>.<str:fmt>", views.survey_export, name="export"),
    path("<int:pk>/sections/new/", views.section_form, name="section_create"),
    path("<int:pk>/sections/<int:section_pk>/edit/", views.section_form, name="section_edit"),
    path("<int:pk>/sections/<int:section_pk>/delete/", views.section_delete, name="section_delete"),
    path(
        "<int:pk>/sections/<int:section_pk>/move/<str:direction>/",
        views.section_move,
        name="section_move",
    ),
    path("<int:pk>/questions/new/", views.question_form, name="question_create"),
    path("<int:pk>/questions/<int:question_pk>/edit/", views.question_form, name="question_edit"),
    path(
        "<int:pk>/questions/<int:question_pk>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path(
        "<int:pk>/questions/<int:question_pk>/move/<str:direction>/",
        views.question_move,
        name="question_move",
    ),
]

# The respondent's personal link, mounted at /s/<token>/ by leadvet/urls.py.
respondent_urlpatterns = [
    path("", views.respond, name="survey_respond"),
]
