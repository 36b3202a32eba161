"""Malformed and oversized files: refused with a message next to the field (what the web
request checks) or on the import's page (what the worker's check finds), nothing written."""

import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from events.models import EventOutput
from mentors.models import Mentor, MentorImport
from tests.factories import EventFactory

HEADER = b"email,first_name,last_name,college\n"


def _refused(response, message_part: str | None = None):
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "file" in errors, errors
    if message_part:
        assert message_part in " ".join(errors["file"]), errors["file"]
    assert not MentorImport.objects.exists()
    assert Mentor.objects.count() == 0


def _refused_by_the_check(response, message_part: str) -> None:
    assert response.status_code == 302
    mentor_import = MentorImport.objects.get()
    assert mentor_import.status == MentorImport.Status.REFUSED
    assert message_part in " ".join(mentor_import.errors[0]["errors"])
    assert (mentor_import.rows, bytes(mentor_import.upload)) == ([], b"")
    assert Mentor.objects.count() == 0


@pytest.fixture
def importer(client, coordinator):
    client.force_login(coordinator)

    def post(name, content):
        # The worker's check runs in-process when the upload commits.
        with TestCase.captureOnCommitCallbacks(execute=True):
            return client.post(
                reverse("mentors:import"), {"file": SimpleUploadedFile(name, content)}
            )

    return post


def test_binary_junk_named_csv_is_refused(importer):
    _refused(importer("mentors.csv", bytes(range(256)) * 40), "UTF-8")


def test_binary_junk_named_xlsx_is_refused(importer):
    _refused(importer("mentors.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40), "Excel")


def test_a_zip_that_is_not_a_workbook_is_refused(importer):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    _refused(importer("mentors.xlsx", buffer.getvalue()), "Excel")


def test_wrong_headers_are_refused_naming_the_missing_columns(importer):
    response = importer("mentors.csv", b"name,mail\nAnna,anna@example.org\n")
    _refused_by_the_check(response, "missing columns: email")


def test_a_single_enormous_csv_field_is_refused(importer):
    response = importer("mentors.csv", HEADER + b'"' + b"a" * 200_000 + b'",A,B,C\n')
    _refused_by_the_check(response, "could not be read")


def test_an_import_over_the_upload_limit_is_refused(importer):
    content = HEADER + b"x@example.org,A,B,C\n" * (settings.MAX_UPLOAD_SIZE // 20 + 1)
    assert len(content) > settings.MAX_UPLOAD_SIZE
    _refused(importer("mentors.csv", content), "largest file")


def test_an_event_output_over_the_upload_limit_is_refused(client, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    event = EventFactory()
    client.force_login(coordinator)
    upload = SimpleUploadedFile("talk.pdf", b"%PDF" + b"x" * settings.MAX_UPLOAD_SIZE)
    response = client.post(
        reverse("events:output_create", args=[event.pk]),
        {"kind": "presentation", "title": "Slides", "file": upload},
    )
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not EventOutput.objects.exists()
    assert not any(tmp_path.rglob("talk*"))


@pytest.mark.parametrize("name", ["mentors.csv", "mentors.xlsx"])
def test_random_file_contents_never_cause_a_server_error(importer, name):
    @hypothesis_settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        content=st.one_of(
            st.binary(max_size=2000),
            st.text(max_size=500).map(lambda text: HEADER + text.encode()),
            st.binary(max_size=500).map(lambda junk: b"PK\x03\x04" + junk),
        )
    )
    def run(content):
        response = importer(name, content)
        # A file that passes the web request's checks is kept and checked by the worker
        # (redirect): refused, with row errors or valid, never an exception; everything else
        # is refused in the form.
        if response.status_code == 302:
            mentor_import = MentorImport.objects.get()
            assert mentor_import.status in {"refused", "invalid", "valid"}
            assert mentor_import.errors or mentor_import.status == "valid"
            MentorImport.objects.all().delete()
        else:
            _refused(response)

    run()
