"""The Teams/Slack incoming webhook: set by a coordinator (a checked https address), told
about new topics for the whole network by a Celery task, never in the way of posting."""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.urls import reverse

from space import services
from space.models import Topic, Webhook

pytestmark = pytest.mark.django_db


class Recorder(BaseHTTPRequestHandler):
    calls: list

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.server.calls.append(
            {
                "path": self.path,
                "type": self.headers["Content-Type"],
                "host": self.headers["Host"],
                "body": json.loads(self.rfile.read(length)),
            }
        )
        self.send_response(self.server.status)
        self.end_headers()
        self.wfile.write(b"1")

    def log_message(self, *args):
        pass


@pytest.fixture
def channel(settings):
    """A local HTTP server (127.0.0.1) that records each call, like a chat's webhook."""
    settings.SPACE_WEBHOOK_PRIVATE_ADDRESSES = True  # the test's server is on this machine
    server = HTTPServer(("127.0.0.1", 0), Recorder)
    server.calls = []
    server.status = 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def point_webhook_at(url):
    # Stored as a coordinator's form would (the form asks for https; the local server is http).
    Webhook.objects.update_or_create(pk=1, defaults={"url": url})


def start(space, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return services.start_topic(
            author=space["mentor"].user,
            kind="call",
            title="Mentors wanted for study visits",
            body="Who can host?",
            **{"audience": "network", **kwargs},
        )


def test_a_new_network_topic_is_posted_to_the_channel_once(
    space, channel, django_capture_on_commit_callbacks
):
    point_webhook_at(f"http://127.0.0.1:{channel.server_port}/hook/abc")
    topic = start(space, django_capture_on_commit_callbacks)
    [call] = channel.calls
    assert call["path"] == "/hook/abc"
    assert call["type"] == "application/json"
    assert "Mentors wanted for study visits" in call["body"]["text"]
    assert f"/space/{topic.pk}/" in call["body"]["text"]
    topic.refresh_from_db()
    assert topic.webhook_sent_at is not None
    from space.tasks import notify_webhook

    assert notify_webhook(topic.pk) is False  # a second run sends nothing
    assert len(channel.calls) == 1


def test_a_narrower_topic_is_not_posted_to_the_channel(
    space, channel, django_capture_on_commit_callbacks
):
    point_webhook_at(f"http://127.0.0.1:{channel.server_port}/hook")
    start(space, django_capture_on_commit_callbacks, audience="college", college=space["omnia"])
    assert channel.calls == []


def test_a_failing_channel_is_logged_and_the_topic_is_posted(
    space, channel, caplog, django_capture_on_commit_callbacks
):
    channel.status = 500
    point_webhook_at(f"http://127.0.0.1:{channel.server_port}/hook")
    topic = start(space, django_capture_on_commit_callbacks)
    assert Topic.objects.filter(pk=topic.pk).exists()
    assert "did not take topic" in caplog.text


def test_an_unreachable_channel_does_not_break_posting(
    space, caplog, settings, django_capture_on_commit_callbacks
):
    settings.SPACE_WEBHOOK_PRIVATE_ADDRESSES = True
    point_webhook_at("http://127.0.0.1:9/hook")  # the discard port: nothing listens
    topic = start(space, django_capture_on_commit_callbacks)
    assert topic.posts.count() == 1
    assert "did not take topic" in caplog.text


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.slack.com/services/x",
        "https://127.0.0.1/hook",
        "https://[::1]/hook",
        "https://localhost/hook",
        "https://user:secret@hooks.slack.com/x",
        "ftp://hooks.slack.com/x",
        "https://intranet/hook",
    ],
)
def test_the_coordinator_sets_only_an_https_address_on_a_named_host(client, space, url):
    client.force_login(space["coordinator"])
    response = client.post(reverse("space:webhook"), {"url": url})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Webhook.objects.exists()


def test_the_coordinator_sets_and_clears_the_webhook(client, space):
    client.force_login(space["coordinator"])
    url = "https://example.webhook.office.com/webhookb2/abc"
    client.post(reverse("space:webhook"), {"url": url})
    assert Webhook.objects.get().url == url
    client.post(reverse("space:webhook"), {"url": ""})
    assert Webhook.objects.get().url == ""


def test_only_coordinators_set_the_webhook(client, space):
    client.force_login(space["mentor"].user)
    response = client.post(reverse("space:webhook"), {"url": "https://hooks.slack.com/x"})
    assert response.status_code == 403
    assert not Webhook.objects.exists()


def test_an_address_that_points_into_the_local_network_is_not_called(
    space, channel, settings, caplog, django_capture_on_commit_callbacks
):
    settings.SPACE_WEBHOOK_PRIVATE_ADDRESSES = False
    point_webhook_at(f"http://127.0.0.1:{channel.server_port}/hook")
    topic = start(space, django_capture_on_commit_callbacks)
    assert channel.calls == []
    assert topic.posts.count() == 1
    assert "not on the internet" in caplog.text


def test_a_host_name_that_changes_address_after_the_check_reaches_nothing_else(
    space, channel, monkeypatch, django_capture_on_commit_callbacks
):
    """DNS rebinding: the name answers the checked address first and a machine of the
    portal's own network next. The call goes to the address that was checked, the name
    is resolved once, and the Host header keeps the webhook's name."""
    inside = HTTPServer(("127.0.0.2", channel.server_port), Recorder)
    inside.calls, inside.status = [], 200
    threading.Thread(target=inside.serve_forever, daemon=True).start()
    real = socket.getaddrinfo
    answers = iter(["127.0.0.1", "127.0.0.2"])
    asked = []

    def rebinding_resolver(host, port, *args, **kwargs):
        if host != "hooks.chat.test":
            return real(host, port, *args, **kwargs)
        asked.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_resolver)
    point_webhook_at(f"http://hooks.chat.test:{channel.server_port}/hook?key=abc")
    try:
        start(space, django_capture_on_commit_callbacks)
    finally:
        inside.shutdown()
        inside.server_close()
    assert asked == ["hooks.chat.test"]
    assert [call["path"] for call in channel.calls] == ["/hook?key=abc"]
    assert channel.calls[0]["host"] == f"hooks.chat.test:{channel.server_port}"
    assert inside.calls == []


def test_a_redirect_from_the_channel_is_not_followed(
    space, channel, caplog, django_capture_on_commit_callbacks
):
    channel.status = 302
    point_webhook_at(f"http://127.0.0.1:{channel.server_port}/hook")
    topic = start(space, django_capture_on_commit_callbacks)
    assert len(channel.calls) == 1
    assert topic.posts.count() == 1
    assert "did not take topic" in caplog.text
