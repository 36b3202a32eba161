"""My downloads (portal/download_views.py): the start button, the job's page and its poll, the
file, trying again, and the list; each the requester's own."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leadvet import roles
from leadvet.lib import jobs
from leadvet.models import AuditEvent, Job
from mentors import downloads as mentor_downloads
from tests.downloads import csv_rows, through_job
from tests.factories import ContactFactory, MentorFactory, user_with_role

pytestmark = pytest.mark.django_db

LOG_EXPORT = reverse("mentors:college_contact_export")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOWNLOAD_DIRECT_ROWS = 2


def _job(user, *, status=Job.Status.QUEUED, title="Contact log (CSV)", **fields) -> Job:
    return Job.objects.create(
        user=user,
        kind=mentor_downloads.COLLEGE_CONTACTS,
        params={"query": ""},
        title=title,
        language="en",
        status=status,
        **fields,
    )


def _made(user) -> Job:
    job = _job(user)
    jobs.run(job.pk)
    job.refresh_from_db()
    return job


def test_a_page_of_rows_is_sent_at_once(client, coordinator):
    ContactFactory.create_batch(2)
    client.force_login(coordinator)
    response = client.get(LOG_EXPORT)
    assert response["Content-Type"].startswith("text/csv")
    assert len(csv_rows(response)) == 3
    assert not Job.objects.exists()


def test_more_rows_show_a_button_and_asking_leads_to_the_jobs_page(
    client, coordinator, django_capture_on_commit_callbacks
):
    ContactFactory.create_batch(3)
    client.force_login(coordinator)
    page = client.get(LOG_EXPORT, {"counterpart_kind": "teacher_student"})
    html = page.content.decode()
    assert "Make the file" in html and 'method="post"' in html
    assert not Job.objects.exists()  # a GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{LOG_EXPORT}?counterpart_kind=teacher_student")
    job = Job.objects.get()
    assert response.url == reverse("download_detail", args=[job.pk])
    assert (job.user, job.status, job.title) == (coordinator, Job.Status.DONE, "Contact log (CSV)")
    assert job.params == {"query": "counterpart_kind=teacher_student"}


def test_the_file_is_the_requesters_and_its_download_is_audited(client, coordinator):
    ContactFactory.create_batch(3, summary="=1+1")
    client.force_login(coordinator)
    response = through_job(client, LOG_EXPORT)
    job = response.job
    assert response["Content-Disposition"] == f'attachment; filename="{job.filename}"'
    assert response["Content-Language"] == "en"
    rows = csv_rows(response)
    assert len(rows) == 4 and rows[1][-1] == "'=1+1"
    assert AuditEvent.objects.filter(
        actor=coordinator, target__startswith=f"download of job {job.pk}:"
    ).exists()

    other = user_with_role(roles.COORDINATOR)
    client.force_login(other)
    for name in ("download_detail", "download_file"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert client.post(reverse("download_retry", args=[job.pk])).status_code == 404


def test_a_requester_who_lost_the_permission_gets_a_403_and_is_told_why(client, coordinator):
    job = _made(coordinator)
    coordinator.groups.remove(roles.role_group(roles.COORDINATOR))
    client.force_login(coordinator)
    assert client.get(reverse("download_file", args=[job.pk])).status_code == 403
    assert client.post(reverse("download_retry", args=[job.pk])).status_code == 403
    page = client.get(reverse("download_detail", args=[job.pk])).content.decode()
    assert "You no longer have access" in page
    assert reverse("download_file", args=[job.pk]) not in page


def test_an_expired_or_unfinished_file_is_not_found(client, coordinator):
    job = _made(coordinator)
    waiting = _job(coordinator)
    client.force_login(coordinator)
    assert client.get(reverse("download_file", args=[waiting.pk])).status_code == 404
    with time_machine.travel(job.expires_at + datetime.timedelta(seconds=1)):
        client.force_login(coordinator)  # a new session: the old one has expired too
        assert client.get(reverse("download_file", args=[job.pk])).status_code == 404
        listed = client.get(reverse("downloads")).content.decode()
    assert reverse("download_detail", args=[waiting.pk]) in listed
    assert reverse("download_detail", args=[job.pk]) not in listed


def test_a_waiting_jobs_page_polls_and_works_without_javascript(client, coordinator):
    job = _job(coordinator, status=Job.Status.RUNNING, rows_done=40, rows_total=160)
    client.force_login(coordinator)
    html = client.get(reverse("download_detail", args=[job.pk])).content.decode()
    detail = reverse("download_detail", args=[job.pk])
    assert f'data-hx-get="{detail}?seen=running"' in html
    assert 'role="status"' in html and "The file is being made." in html
    assert 'max="160" value="40"' in html and "40 of 160 rows written" in html
    assert f'<a href="{detail}">Check again</a>' in html  # the reload without JavaScript


def test_the_poll_gets_the_progress_and_the_status_sentence_only_when_it_changed(
    client, coordinator
):
    job = _job(coordinator, status=Job.Status.RUNNING)
    client.force_login(coordinator)
    url = reverse("download_detail", args=[job.pk])
    same = client.get(url, {"seen": "running"}, headers={"HX-Request": "true"}).content.decode()
    assert same.lstrip().startswith('<div id="download-progress"')
    assert "data-hx-swap-oob" not in same and "<h1" not in same
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, error="It broke.")
    changed = client.get(url, {"seen": "running"}, headers={"HX-Request": "true"})
    html = changed.content.decode()
    assert 'data-hx-swap-oob="innerHTML"' in html and "The file could not be made." in html
    assert "It broke." in html and "data-hx-get" not in html  # finished: the poll stops


def test_a_ready_jobs_page_links_the_file_and_says_how_long_it_is_kept(client, coordinator):
    job = _made(coordinator)
    client.force_login(coordinator)
    html = client.get(reverse("download_detail", args=[job.pk])).content.decode()
    assert f'href="{reverse("download_file", args=[job.pk])}"' in html
    assert f"Download {job.filename}" in html and "Kept until" in html
    assert "data-hx-get" not in html


def test_a_failed_job_is_tried_again_from_its_page(
    client, coordinator, django_capture_on_commit_callbacks
):
    ContactFactory()
    job = _job(coordinator, status=Job.Status.FAILED, error="The file could not be made.")
    client.force_login(coordinator)
    html = client.get(reverse("download_detail", args=[job.pk])).content.decode()
    assert "Try again" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("download_retry", args=[job.pk]), follow=True)
    assert "The file is being made again." in response.content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    response = client.post(reverse("download_retry", args=[job.pk]), follow=True)
    assert "nothing to try again" in response.content.decode()


def test_my_downloads_lists_my_jobs_newest_first(client, coordinator, mentor):
    client.force_login(coordinator)
    empty = client.get(reverse("downloads")).content.decode()
    assert "You have not asked for any downloads yet." in empty
    old = _job(coordinator, created_at=timezone.now() - datetime.timedelta(hours=1))
    new = _made(coordinator)
    _job(mentor.user, title="Someone else's")
    html = client.get(reverse("downloads")).content.decode()
    assert "Someone else" not in html
    assert html.index(reverse("download_detail", args=[new.pk])) < html.index(
        reverse("download_detail", args=[old.pk])
    )
    assert f'href="{reverse("download_file", args=[new.pk])}"' in html
    assert "Waiting to start" in html


def test_my_downloads_makes_the_same_queries_for_more_jobs(
    client, coordinator, django_assert_num_queries
):
    _made(coordinator)
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("downloads"))
    for _ in range(5):
        _made(coordinator)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("downloads"))
    assert response.content.decode().count("Download contacts-") == 6


def test_the_account_menu_links_my_downloads(client, mentor):
    client.force_login(mentor.user)
    assert f'href="{reverse("downloads")}"' in client.get(reverse("home")).content.decode()


def test_a_mentors_own_contact_log_of_many_pages_is_made_in_the_background(client, mentor):
    ContactFactory.create_batch(3, mentor=mentor)
    ContactFactory(mentor=MentorFactory())
    client.force_login(mentor.user)
    response = through_job(client, reverse("mentors:contact_export"))
    assert len(csv_rows(response)) == 4
