"""Settings for a Celery worker that dies mid-batch: DJANGO_SETTINGS_MODULE for `start_worker`.

Its mail connection writes to files like the file backend and, just before handing over
message KILL_AFTER + 1, sends SIGKILL to the worker's whole process group (the main process
and its pool child): the worker dies between two emails of one batch, at the same point on
every run.
"""

import os
import signal

from django.core.mail.backends.filebased import EmailBackend

from leadvet.settings import *  # noqa: F403 - these settings, with the mail backend below

MAILERS = {
    "default": {
        "BACKEND": "tests.reliability.doomed_worker.DoomedMailConnection",
        "OPTIONS": {"file_path": os.environ["DOOMED_MAIL_DIR"]},
    }
}


class DoomedMailConnection(EmailBackend):
    handed_over = 0  # in this process, over all connections

    def write_message(self, message):
        if DoomedMailConnection.handed_over == int(os.environ["KILL_AFTER"]):
            os.killpg(os.getpgid(0), signal.SIGKILL)
        super().write_message(message)
        DoomedMailConnection.handed_over += 1
