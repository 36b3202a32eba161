"""The API: /api/v1/ (each app's viewsets on one router), the schema and its docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from colleges.api import CollegeViewSet, VocationalFieldViewSet, VTEGroupViewSet
from events.api import EventViewSet, RegistrationViewSet
from mentors.api.availability import AvailabilityViewSet
from mentors.api.contacts import ContactViewSet
from mentors.api.pool import MentorViewSet
from mentors.api.requests import ContactRequestViewSet
from outcomes.api import DeliverableViewSet, PlacementViewSet, StudentOutcomeViewSet
from portal.api import impact as impact_api
from portal.api import views as api
from practice.api import task_practice
from space.api import TopicViewSet
from surveys.api import SurveyViewSet

router = DefaultRouter()
router.register("colleges", CollegeViewSet, basename="college")
router.register("fields", VocationalFieldViewSet, basename="field")
router.register("vte-groups", VTEGroupViewSet, basename="vte-group")
router.register("mentors", MentorViewSet, basename="mentor")
router.register("availability", AvailabilityViewSet, basename="availability")
router.register("contacts", ContactViewSet, basename="contact")
router.register("contact-requests", ContactRequestViewSet, basename="contact-request")
router.register("events", EventViewSet, basename="event")
router.register("registrations", RegistrationViewSet, basename="registration")
router.register("surveys", SurveyViewSet, basename="survey")
router.register("space/topics", TopicViewSet, basename="space-topic")
router.register("placements", PlacementViewSet, basename="placement")
router.register("student-outcomes", StudentOutcomeViewSet, basename="student-outcome")
router.register("deliverables", DeliverableViewSet, basename="deliverable")

urlpatterns = [
    path("v1/me/", api.me, name="api-me"),
    path("v1/reports/network-activity/", api.network_activity, name="api-network-activity"),
    path("v1/reports/outcomes/", impact_api.outcomes_report, name="api-outcomes-report"),
    path("v1/reports/task-practice/", task_practice, name="api-task-practice"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
