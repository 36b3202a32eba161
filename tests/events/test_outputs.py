"""Event outputs: coordinators add, edit and delete them; everyone with a role lists them."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.models import EventOutput
from tests.factories import EventFactory, EventOutputFactory

pytestmark = pytest.mark.django_db


def test_coordinator_adds_a_podcast_link_to_an_event(client, coordinator):
    event = EventFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("events:output_create", args=[event.pk]),
        {
            "kind": "podcast",
            "title": "Is professional teacher training part of the pulse of VET?",
            "url": "https://podcasts.example.org/leadvet",
            "published_on": "2023-10-01",
        },
    )
    assert response.status_code == 302
    output = EventOutput.objects.get()
    assert output.event == event
    detail = client.get(reverse("events:detail", args=[event.pk]))
    assert output.title in detail.content.decode()


def test_an_output_needs_a_link_or_a_file(client, coordinator):
    event = EventFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("events:output_create", args=[event.pk]), {"kind": "article", "title": "Draft"}
    )
    assert response.status_code == 200
    assert "Give a link or upload a file." in response.content.decode()
    assert not EventOutput.objects.exists()


def test_a_too_large_file_is_refused(client, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MAX_UPLOAD_SIZE = 10
    event = EventFactory()
    client.force_login(coordinator)
    upload = SimpleUploadedFile("slides.pdf", b"x" * 11, content_type="application/pdf")
    response = client.post(
        reverse("events:output_create", args=[event.pk]),
        {"kind": "presentation", "title": "Slides", "file": upload},
    )
    assert response.status_code == 200
    assert "The file is too large" in response.content.decode()
    assert not EventOutput.objects.exists()


def test_a_file_within_the_limit_is_stored(client, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    event = EventFactory()
    client.force_login(coordinator)
    upload = SimpleUploadedFile("slides.pdf", b"%PDF-1.4 slides", content_type="application/pdf")
    client.post(
        reverse("events:output_create", args=[event.pk]),
        {"kind": "presentation", "title": "Slides", "file": upload},
    )
    output = EventOutput.objects.get()
    assert output.file.read() == b"%PDF-1.4 slides"


def test_coordinator_edits_and_deletes_an_output(client, coordinator):
    output = EventOutputFactory()
    client.force_login(coordinator)
    client.post(
        reverse("events:output_edit", args=[output.pk]),
        {"kind": "recording", "title": "Webinar recording", "url": "https://video.example.org/1"},
    )
    output.refresh_from_db()
    assert output.kind == EventOutput.Kind.RECORDING
    response = client.post(reverse("events:output_delete", args=[output.pk]))
    assert response.url == reverse("events:detail", args=[output.event_id])
    assert not EventOutput.objects.exists()


def test_the_outputs_list_filters_by_type(client, mentor):
    article = EventOutputFactory(kind=EventOutput.Kind.ARTICLE, title="eSignals article")
    podcast = EventOutputFactory(kind=EventOutput.Kind.PODCAST, title="The pulse podcast")
    client.force_login(mentor.user)
    listed = client.get(reverse("events:outputs")).context["page_obj"].object_list
    assert set(listed) == {article, podcast}
    filtered = client.get(reverse("events:outputs"), {"kind": "podcast"})
    assert list(filtered.context["page_obj"].object_list) == [podcast]
    assert "Edit" not in filtered.content.decode()


def test_seed_outputs_are_created_once():
    from events.services import create_seed_outputs

    event = EventFactory(kind="multiplier")
    first = create_seed_outputs(event=event)
    second = create_seed_outputs(event=event)
    assert first == second
    assert {o.kind for o in first} == {"article", "podcast"}
    assert EventOutput.objects.filter(event=event).count() == 2


# Uploaded files: the allowed types only, content that matches the name, a name the portal
# makes (never a path the client sent), and nothing written when refused.

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
STORED_NAME = re.compile(r"^outputs/[0-9a-f]{12}-[a-z0-9-]+\.[a-z0-9]+$")


def multipart(fields: dict[str, str], filename: str, content: bytes) -> tuple[bytes, str]:
    """A form body written by hand, so the file name reaches the server exactly as sent
    (the test client would strip its directories itself)."""
    boundary = "leadvet-test-boundary"
    body = b""
    for name, value in fields.items():
        body += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        ).encode()
    body += (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    body += content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def files_under(path) -> list[str]:
    return sorted(str(item.relative_to(path)) for item in path.rglob("*") if item.is_file())


@pytest.mark.parametrize("filename", ["../../etc/passwd.pdf", "..\\x.pdf", "/tmp/abs.pdf"])
def test_a_path_in_the_file_name_never_leaves_the_outputs_folder(
    client, coordinator, settings, tmp_path, filename
):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    event = EventFactory()
    client.force_login(coordinator)
    body, content_type = multipart({"kind": "presentation", "title": "Slides"}, filename, PDF)
    response = client.post(
        reverse("events:output_create", args=[event.pk]), body, content_type=content_type
    )
    assert response.status_code == 302
    output = EventOutput.objects.get()
    assert STORED_NAME.match(output.file.name), output.file.name
    assert ".." not in output.file.name and "\\" not in output.file.name
    assert files_under(tmp_path) == [f"media/{output.file.name}"]
    assert output.file.read() == PDF


@pytest.mark.parametrize(
    ("filename", "stored_end"),
    [
        ("../../etc/passwd.pdf", "-passwd.pdf"),
        ("..\\..\\windows\\x.PDF", "-x.pdf"),
        ("Ääkköset ja välit.pdf", "-aakkoset-ja-valit.pdf"),
        ("..", "-file"),
    ],
)
def test_the_stored_name_is_made_by_the_portal_whatever_code_saves_the_file(
    settings, tmp_path, filename, stored_end
):
    """The model makes the name itself, so the admin or any other code path is safe too."""
    settings.MEDIA_ROOT = tmp_path
    output = EventOutput(kind="presentation", title="Slides")
    output.file.save(filename, ContentFile(PDF), save=False)
    assert output.file.name.startswith("outputs/") and output.file.name.endswith(stored_end)
    assert STORED_NAME.match(output.file.name) or output.file.name.endswith("-file")
    assert files_under(tmp_path) == [output.file.name]


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("page.html", b"<script>alert(1)</script>", "Upload a file of one of these types"),
        ("drawing.svg", b"<svg onload='alert(1)'/>", "Upload a file of one of these types"),
        ("slides.pdf.exe", b"MZ\x90\x00", "Upload a file of one of these types"),
        ("noextension", PDF, "Upload a file of one of these types"),
        ("slides.pdf", b"<html><script>alert(1)</script></html>", "not what its name says"),
        ("photo.png", PDF, "not what its name says"),
    ],
)
def test_files_of_other_types_are_refused_and_nothing_is_stored(
    client, coordinator, settings, tmp_path, filename, content, message
):
    settings.MEDIA_ROOT = tmp_path
    event = EventFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("events:output_create", args=[event.pk]),
        {"kind": "presentation", "title": "Slides", "file": SimpleUploadedFile(filename, content)},
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert not EventOutput.objects.exists()
    assert files_under(tmp_path) == []


def test_the_form_names_the_allowed_types(client, coordinator):
    event = EventFactory()
    client.force_login(coordinator)
    content = client.get(reverse("events:output_create", args=[event.pk])).content.decode()
    assert 'accept=".pdf,.docx,' in content
    assert "Optional: .pdf, .docx," in content


def test_editing_an_output_keeps_its_stored_file_without_checking_it_again(
    client, coordinator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    output = EventOutputFactory(url="")
    output.file.save("talk.pdf", ContentFile(PDF))
    client.force_login(coordinator)
    response = client.post(
        reverse("events:output_edit", args=[output.pk]),
        {"kind": "presentation", "title": "Renamed talk"},
    )
    assert response.status_code == 302
    output.refresh_from_db()
    assert output.title == "Renamed talk" and output.file.read() == PDF


def test_a_body_over_the_upload_limit_is_refused_before_it_is_read(
    client, coordinator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.MAX_UPLOAD_SIZE = 1000
    event = EventFactory()
    client.force_login(coordinator)
    upload = SimpleUploadedFile("talk.pdf", PDF + b"x" * 100_000)
    response = client.post(
        reverse("events:output_create", args=[event.pk]),
        {"kind": "presentation", "title": "Slides", "file": upload},
    )
    assert response.status_code == 413
    assert "Nothing was saved" in response.content.decode()
    assert not EventOutput.objects.exists()
    assert files_under(tmp_path) == []
