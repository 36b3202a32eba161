import io
import time

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from leadvet import roles
from leadvet.models import User
from mentors.models import MembershipPeriod, Mentor, MentorImport, StatusChange
from mentors.services.imports import IMPORT_BATCH_SIZE
from portal.dashboard.cache import cached_figures
from portal.dashboard.periods import Filters, Period
from tests.factories import (
    CollegeUnitFactory,
    LanguageFactory,
    MentorFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
    UserFactory,
    VocationalFieldFactory,
    college_coordinator_for,
)

pytestmark = pytest.mark.django_db

UPLOAD = reverse("mentors:import")
HEADER = (
    "email,first_name,last_name,college,unit,fields,tasks,status,languages,official_status_date"
)


@pytest.fixture
def catalogue():
    college = PartnerCollegeFactory(name="Vantaa Vocational College Varia", short_name="Varia")
    CollegeUnitFactory(college=college, name="Tikkurila")
    VocationalFieldFactory(name="Welding", is_shortage=True)
    VocationalFieldFactory(name="Business")
    for number in range(1, 9):
        MentorTaskFactory(number=number)
    LanguageFactory(code="fi", name="Finnish")
    LanguageFactory(code="en", name="English")
    return college


def csv_file(*lines: str, name: str = "mentors.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, ("\n".join([HEADER, *lines]) + "\n").encode(), content_type="text/csv"
    )


GOOD = [
    "anna@varia.fi,Anna,Virtanen,Varia,Tikkurila,Welding;Business,1;3,candidate,fi;English,",
    "pekka@varia.fi,Pekka,Korhonen,Vantaa Vocational College Varia,,,,active,,2024-01-15",
]


def upload(client, file) -> MentorImport:
    """Upload a file and let the worker check it (the task runs in-process on commit)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(UPLOAD, {"file": file})
    assert response.status_code == 302, response.context["form"].errors
    return MentorImport.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def test_anonymous_is_sent_to_login(client):
    assert client.get(UPLOAD).status_code == 302


@pytest.mark.parametrize("fixture", ["teacher_educator", "steering", "mentor"])
def test_other_roles_get_403(client, request, fixture):
    value = request.getfixturevalue(fixture)
    client.force_login(getattr(value, "user", value))
    assert client.get(UPLOAD).status_code == 403


def test_college_coordinator_cannot_import(client, catalogue):
    client.force_login(college_coordinator_for(catalogue))
    assert client.post(UPLOAD, {"file": csv_file(*GOOD)}).status_code == 403
    assert not MentorImport.objects.exists()


def test_upload_page_documents_the_columns(client, coordinator):
    client.force_login(coordinator)
    content = client.get(UPLOAD).content.decode()
    for column in HEADER.split(","):
        assert f"<code>{column}</code>" in content


def test_dry_run_shows_every_row_and_writes_no_mentor(client, coordinator, catalogue):
    client.force_login(coordinator)
    mentor_import = upload(client, csv_file(*GOOD))
    assert mentor_import.status == "valid"
    assert mentor_import.total == 2
    assert not Mentor.objects.exists()
    assert not User.objects.filter(email="anna@varia.fi").exists()
    response = client.get(reverse("mentors:import_detail", args=[mentor_import.pk]))
    content = response.content.decode()
    assert "anna@varia.fi" in content and "pekka@varia.fi" in content
    assert "Confirm import" in content


def test_confirm_creates_the_mentors_with_everything(
    client, coordinator, catalogue, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    mentor_import = upload(client, csv_file(*GOOD))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mentors:import_confirm", args=[mentor_import.pk]))
    assert response.status_code == 302
    mentor_import.refresh_from_db()
    assert (mentor_import.status, mentor_import.processed) == ("done", 2)
    anna = Mentor.objects.get(user__email="anna@varia.fi")
    assert anna.college == catalogue and anna.unit.name == "Tikkurila"
    assert anna.status == "candidate"
    assert sorted(f.name for f in anna.fields.all()) == ["Business", "Welding"]
    assert sorted(t.number for t in anna.tasks.all()) == [1, 3]
    assert sorted(lang.code for lang in anna.languages.all()) == ["en", "fi"]
    assert roles.is_mentor(anna.user)
    assert not anna.user.has_usable_password()
    assert MembershipPeriod.objects.get(mentor=anna).ends_on is None
    assert anna.history.count() == 1
    pekka = Mentor.objects.get(user__email="pekka@varia.fi")
    assert (pekka.status, str(pekka.official_status_date)) == ("active", "2024-01-15")
    assert StatusChange.objects.filter(
        to_status="active", mentor=pekka, changed_by=coordinator
    ).exists()


def test_imported_mentors_count_at_once_in_the_cached_figures(
    client, coordinator, catalogue, django_capture_on_commit_callbacks
):
    """The import creates its rows in bulk (no post_save): each batch tells the figures' cache
    (leadvet.signals.changed_in_bulk), so the dashboard counts an imported active mentor
    without waiting for the cached figures to expire."""
    filters = Filters(period=Period.last_days(365, timezone.localdate()))
    assert cached_figures(filters)["mentors"]["totals"]["active"] == 0
    client.force_login(coordinator)
    mentor_import = upload(client, csv_file(*GOOD))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mentors:import_confirm", args=[mentor_import.pk]))
    figures = cached_figures(filters)
    assert figures["mentors"]["totals"]["active"] == 1  # Pekka; Anna is a candidate
    assert {row["status"]: row["count"] for row in figures["mentors"]["by_status"]} == {
        "active": 1,
        "candidate": 1,
    }


def test_confirming_twice_imports_once(
    client, coordinator, catalogue, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    mentor_import = upload(client, csv_file(*GOOD))
    confirm = reverse("mentors:import_confirm", args=[mentor_import.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm, follow=True)
    assert "can be imported, once" in response.content.decode()
    assert Mentor.objects.count() == 2


def test_bad_rows_are_listed_with_line_numbers_and_nothing_is_written(
    client, coordinator, catalogue
):
    MentorFactory(user=UserFactory(email="taken@varia.fi"))
    client.force_login(coordinator)
    mentor_import = upload(
        client,
        csv_file(
            GOOD[0],
            "not-an-email,Bad,Email,Varia,,,,,,",
            "taken@varia.fi,Already,There,Varia,,,,,,",
            "anna@varia.fi,Anna,Again,Varia,,,,,,",
            "x@varia.fi,Unknown,College,Nowhere College,,,,,,",
            "y@varia.fi,Unknown,Things,Varia,,Basket weaving,9,,klingon,",
            "z@varia.fi,Active,Nodate,Varia,,,,active,,",
        ),
    )
    assert mentor_import.status == "invalid"
    by_line = {error["line"]: " ".join(error["errors"]) for error in mentor_import.errors}
    assert set(by_line) == {3, 4, 5, 6, 7, 8}
    assert "not a valid email" in by_line[3]
    assert "already exists" in by_line[4]
    assert "also on line 2" in by_line[5]
    assert "Unknown college" in by_line[6]
    assert "Unknown field “Basket weaving”" in by_line[7]
    assert "Unknown mentor task “9”" in by_line[7]
    assert "Unknown language “klingon”" in by_line[7]
    assert "date of official status" in by_line[8]
    assert Mentor.objects.count() == 1
    response = client.get(reverse("mentors:import_detail", args=[mentor_import.pk]))
    content = response.content.decode()
    assert "Confirm import" not in content
    assert "Unknown college" in content
    response = client.post(reverse("mentors:import_confirm", args=[mentor_import.pk]))
    assert Mentor.objects.count() == 1


def test_xlsx_file_is_imported(client, coordinator, catalogue, django_capture_on_commit_callbacks):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        ["email", "first_name", "last_name", "college", "tasks", "status", "official_status_date"]
    )
    sheet.append(["xl@varia.fi", "Excel", "User", "Varia", 4, "Active", "15.1.2024"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(coordinator)
    mentor_import = upload(client, SimpleUploadedFile("mentors.xlsx", buffer.getvalue()))
    assert mentor_import.status == "valid", mentor_import.errors
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mentors:import_confirm", args=[mentor_import.pk]))
    mentor = Mentor.objects.get(user__email="xl@varia.fi")
    assert [t.number for t in mentor.tasks.all()] == [4]
    assert mentor.status == "active"


def form_errors(client, file) -> list[str]:
    response = client.post(UPLOAD, {"file": file})
    assert response.status_code == 200
    assert not MentorImport.objects.exists()
    return response.context["form"].errors["file"]


def test_too_large_file_is_refused_with_a_clear_message(client, coordinator, settings):
    settings.MAX_UPLOAD_SIZE = 100
    client.force_login(coordinator)
    [error] = form_errors(client, csv_file(*GOOD * 5))
    assert "the largest file you can upload is 100" in error


def test_other_file_types_are_refused(client, coordinator):
    client.force_login(coordinator)
    [error] = form_errors(client, SimpleUploadedFile("mentors.pdf", b"%PDF-1.4"))
    assert "CSV (.csv) or Excel (.xlsx)" in error


def test_broken_xlsx_is_refused(client, coordinator):
    client.force_login(coordinator)
    [error] = form_errors(client, SimpleUploadedFile("mentors.xlsx", b"this is not a zip"))
    assert "not a valid Excel" in error


def test_wrong_headers_are_refused_by_the_check(client, coordinator):
    client.force_login(coordinator)
    file = SimpleUploadedFile("mentors.csv", b"mail,name,school\na@b.fi,A,B\n")
    mentor_import = upload(client, file)
    assert (mentor_import.status, mentor_import.total, mentor_import.rows) == ("refused", 0, [])
    [error] = mentor_import.errors[0]["errors"]
    assert "missing columns: email, first_name, last_name, college" in error
    assert "unknown columns: mail, name, school" in error
    page = client.get(reverse("mentors:import_detail", args=[mentor_import.pk])).content.decode()
    assert "The file was refused, so nothing was saved" in page
    assert "unknown columns: mail, name, school" in page
    assert "Confirm import" not in page


def test_semicolon_separated_csv_is_explained(client, coordinator):
    client.force_login(coordinator)
    file = SimpleUploadedFile("mentors.csv", b"email;first_name;last_name;college\na@b.fi;A;B;C\n")
    [error] = form_errors(client, file)
    assert "commas" in error


def test_progress_partial_polls_until_done(client, coordinator, catalogue):
    client.force_login(coordinator)
    mentor_import = upload(client, csv_file(*GOOD))
    MentorImport.objects.filter(pk=mentor_import.pk).update(status="running", processed=1)
    progress = reverse("mentors:import_progress", args=[mentor_import.pk])
    content = client.get(progress, headers={"HX-Request": "true"}).content.decode()
    assert 'data-hx-trigger="every 1s"' in content
    assert f'data-hx-get="{progress}"' in content
    assert 'value="1"' in content and 'max="2"' in content
    assert "<html" not in content
    MentorImport.objects.filter(pk=mentor_import.pk).update(status="done", processed=2)
    content = client.get(progress).content.decode()
    assert "hx-trigger" not in content
    assert "The import is done." in content
    page = client.get(reverse("mentors:import_detail", args=[mentor_import.pk])).content.decode()
    assert "import-progress-bar" in page


@pytest.mark.slow
def test_5000_rows_import_in_batches_with_a_bounded_number_of_queries(
    client,
    coordinator,
    catalogue,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    """5,000 rows are checked and created in batches of IMPORT_BATCH_SIZE whose queries do not
    grow with the rows (about 30 a batch), never a query or more per row: what keeps a
    national-size import fast. Its time is not asserted here (no wall clock in tests)."""
    lines = [
        f"mentor{n}@varia.fi,First{n},Last{n},Varia,Tikkurila,Welding;Business,1;2;5,candidate,fi;en,"
        for n in range(5000)
    ]
    client.force_login(coordinator)
    with django_assert_max_num_queries(25):  # 18 today: emails looked up 900 at a time
        mentor_import = upload(client, csv_file(*lines))
    assert mentor_import.status == "valid"
    with django_assert_max_num_queries(330) as queries:  # 304 today, 10 batches
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("mentors:import_confirm", args=[mentor_import.pk]))
    progress_saves = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith('UPDATE "mentors_mentorimport" SET "processed"')
    ]
    assert IMPORT_BATCH_SIZE == 500
    assert len(progress_saves) == 5000 // IMPORT_BATCH_SIZE
    mentor_import.refresh_from_db()
    assert (mentor_import.status, mentor_import.processed) == ("done", 5000)
    assert Mentor.objects.count() == 5000
    assert Mentor.fields.through.objects.count() == 10000
    assert MembershipPeriod.objects.count() == 5000


def wait_until(mentor_import, condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        mentor_import.refresh_from_db()
        if condition():
            return
        time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_import_through_the_broker(
    client, coordinator, catalogue, real_worker
):
    """Both tasks go through the broker: the check of the uploaded file, then the import."""
    client.force_login(coordinator)
    mentor_import = upload(client, csv_file(*GOOD))
    wait_until(mentor_import, lambda: mentor_import.status != "checking")
    assert mentor_import.status == "valid"
    assert bytes(mentor_import.upload) == b""  # the file is not kept once read
    client.post(reverse("mentors:import_confirm", args=[mentor_import.pk]))
    wait_until(mentor_import, lambda: mentor_import.is_finished)
    assert (mentor_import.status, mentor_import.processed) == ("done", 2)
    assert Mentor.objects.filter(user__email__in=["anna@varia.fi", "pekka@varia.fi"]).count() == 2


@pytest.fixture
def checked_import(coordinator, catalogue):
    return MentorImport.objects.create(
        filename="m.csv", created_by=coordinator, status="valid", total=0
    )


@pytest.mark.parametrize("name", ["import_detail", "import_progress", "import_confirm"])
def test_import_pages_refuse_anyone_but_coordinators(
    client, checked_import, teacher_educator, name
):
    url = reverse(f"mentors:{name}", args=[checked_import.pk])
    method = client.post if name == "import_confirm" else client.get
    assert method(url).status_code == 302  # anonymous: to the login page
    client.force_login(teacher_educator)
    assert method(url).status_code == 403
    client.force_login(college_coordinator_for(PartnerCollegeFactory()))
    assert method(url).status_code == 403
    checked_import.refresh_from_db()
    assert checked_import.status == "valid"


def test_unknown_import_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("mentors:import_detail", args=[987654])).status_code == 404


def test_confirm_is_post_only(client, coordinator, checked_import):
    client.force_login(coordinator)
    assert (
        client.get(reverse("mentors:import_confirm", args=[checked_import.pk])).status_code == 405
    )


def test_an_email_taken_after_the_dry_run_stops_the_import_with_its_line(
    client, coordinator, catalogue, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    mentor_import = upload(client, csv_file(*GOOD))
    UserFactory(email="pekka@varia.fi")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mentors:import_confirm", args=[mentor_import.pk]))
    mentor_import.refresh_from_db()
    assert (mentor_import.status, mentor_import.processed) == ("failed", 0)
    assert mentor_import.errors[0]["line"] == 3
    assert not Mentor.objects.exists()
    content = client.get(
        reverse("mentors:import_progress", args=[mentor_import.pk])
    ).content.decode()
    assert "Line 3 (pekka@varia.fi)" in content
    assert "added after the file was checked" in content
