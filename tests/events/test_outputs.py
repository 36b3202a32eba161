"""Event outputs: coordinators add, edit and delete them; everyone with a role lists them."""

import pytest
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
