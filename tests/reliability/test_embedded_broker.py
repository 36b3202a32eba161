"""The embedded broker (leadvet/lib/broker.py) never shows a worker half a message."""

from queue import Empty

import pytest
from django.conf import settings
from kombu import Connection

from leadvet.lib import broker


@pytest.fixture
def channel(tmp_path):
    folders = {
        "data_folder_in": tmp_path / "queue",
        "data_folder_out": tmp_path / "queue",
        "processed_folder": tmp_path / "processed",
        "control_folder": tmp_path / "control",
    }
    for folder in set(folders.values()):
        folder.mkdir()
    options = {key: str(folder) for key, folder in folders.items()}
    with Connection("filesystem://", transport=broker.Transport, transport_options=options) as conn:
        yield conn.default_channel


def test_a_worker_polling_while_a_message_is_written_finds_nothing_then_the_whole_message(
    channel, monkeypatch
):
    seen_while_writing = []
    encode = broker.str_to_bytes

    def encode_and_poll(text):
        # The message file is open for writing now: a worker polls the queue.
        try:
            seen_while_writing.append(channel._get("celery"))
        except Empty:
            seen_while_writing.append(None)
        return encode(text)

    monkeypatch.setattr(broker, "str_to_bytes", encode_and_poll)
    channel._put("celery", {"body": "reminder", "n": 1})

    assert seen_while_writing == [None]
    assert channel._get("celery") == {"body": "reminder", "n": 1}
    with pytest.raises(Empty):
        channel._get("celery")


def test_the_portal_uses_it_for_the_embedded_broker():
    if not settings.CELERY_BROKER_URL.startswith("filesystem"):
        assert settings.CELERY_BROKER_TRANSPORT is None
        return
    from leadvet.celery import app

    with app.connection_for_write() as connection:
        assert isinstance(connection.transport, broker.Transport)
