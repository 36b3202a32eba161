"""A mail server that stops accepting when told to: the outside world of the delivery tests.

Messages it accepts land in django.core.mail.outbox, as with Django's locmem backend.
"""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class FailingMailServer(EmailBackend):
    """Accepts `accept` more messages (all when None), then raises `error` for each one."""

    accept: int | None = None
    error: Exception = smtplib.SMTPServerDisconnected("connection lost")

    def send_messages(self, messages):
        cls = type(self)
        for message in messages:
            if cls.accept is not None:
                if cls.accept <= 0:
                    raise cls.error
                cls.accept -= 1
            super().send_messages([message])
        return len(messages)
