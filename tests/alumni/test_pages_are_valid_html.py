"""The new pages of issue 26 (alumni, the nudge email's link pages) are valid HTML (vnu)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alumni.models import AlumniApplication
from leadvet import roles
from mentors.models import MentorTask
from mentors.services import contact_links
from tests.factories import (
    AlumniApplicationFactory,
    MentorFactory,
    PartnerCollegeFactory,
    user_with_role,
)
from tests.tools.checkers import nu_html_errors

pytestmark = pytest.mark.django_db


def test_the_alumni_and_contact_link_pages_are_valid_html(tmp_path, coordinator):
    alumnus = user_with_role(roles.ALUMNI)
    approved = AlumniApplicationFactory(
        status=AlumniApplication.Status.APPROVED, user=alumnus, email=alumnus.email
    )
    pending = AlumniApplicationFactory(college=PartnerCollegeFactory())
    mentor = MentorFactory()
    log = contact_links.make_token(mentor=mentor, purpose=contact_links.Purpose.LOG)
    pause = contact_links.make_token(mentor=mentor, purpose=contact_links.Purpose.PAUSE)
    used = contact_links.make_token(mentor=mentor, purpose=contact_links.Purpose.LOG)
    task = MentorTask.objects.first()

    pages = {}
    anonymous, signed_in, own = Client(), Client(), Client()
    signed_in.force_login(coordinator)
    own.force_login(alumnus)
    pages["join-errors"] = anonymous.post(reverse("alumni:join"), {"email": "x"})
    pages["pool"] = signed_in.get(reverse("alumni:pool"))
    pages["pending"] = signed_in.get(reverse("alumni:detail", args=[pending.pk]))
    pages["approved"] = signed_in.get(reverse("alumni:detail", args=[approved.pk]))
    pages["dashboard"] = signed_in.get(reverse("dashboard"))
    pages["my-details"] = own.get(reverse("alumni:my_details"))
    pages["link-form"] = anonymous.get(reverse("mentors:contact_link", args=[log]))
    pages["link-pause"] = anonymous.get(reverse("mentors:contact_link_pause", args=[pause]))
    pages["link-paused"] = anonymous.post(reverse("mentors:contact_link_pause", args=[pause]))
    pages["link-done"] = anonymous.post(
        reverse("mentors:contact_link", args=[used]),
        {
            "date": timezone.localdate().isoformat(),
            "counterpart_kind": "teacher_student",
            "task": task.pk,
            "channel": "phone",
            "duration_minutes": "30",
        },
    )
    pages["link-used"] = anonymous.get(reverse("mentors:contact_link", args=[used]))
    for name, response in pages.items():
        assert response.status_code in (200, 410), name
        (tmp_path / f"{name}.html").write_bytes(response.content)
    errors = nu_html_errors(tmp_path)
    assert not errors, [(e["url"].rsplit("/", 1)[-1], e["message"]) for e in errors]
