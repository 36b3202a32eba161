"""The first sign-in of each user, kept beside Django's last_login (which every sign-in moves)."""

from django.contrib.auth.signals import user_logged_in
from django.utils import timezone


def record_first_sign_in(sender, request, user, **kwargs) -> None:
    from leadvet.models import User

    # One conditional UPDATE: two sign-ins at once keep the earlier time.
    now = timezone.now()
    if User.objects.filter(pk=user.pk, first_login_at__isnull=True).update(first_login_at=now):
        user.first_login_at = now


def connect_signals() -> None:
    user_logged_in.connect(record_first_sign_in, dispatch_uid="leadvet-first-sign-in")
