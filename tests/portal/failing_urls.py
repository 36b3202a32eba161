"""The portal's URLs and one view that fails, to see the 500 page (tests/portal/test_error_pages.py)."""

from django.urls import path

from leadvet.urls import urlpatterns as portal_urlpatterns


def fail(request):
    raise RuntimeError("a failing view, for the test of the 500 page")


urlpatterns = [path("fail/", fail), *portal_urlpatterns]
