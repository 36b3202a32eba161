"""The Celery app. Broker and behaviour come from settings (CELERY_* names)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leadvet.settings")

app = Celery("leadvet")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _ensure_filesystem_broker_folders(sender, **kwargs):
    """kombu's filesystem transport expects its folders to exist."""
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            os.makedirs(options[key], exist_ok=True)


@app.task(name="leadvet.ping")
def ping() -> str:
    """Round trip through the broker; used by tests and operators."""
    return "pong"


@app.task(name="leadvet.noop")
def noop() -> None:
    """Does nothing: `make bench` times 10,000 of these as the floor of the reminder fan-out."""
