"""Signals every app may send."""

from django.dispatch import Signal

# Sent with the model as sender after a write that saves no row one by one (a queryset's
# update, as when attendance is marked for a whole event or a contact request is answered by a
# conditional update), which sends no post_save: the figures' cache must learn of it too
# (portal.dashboard.cache bumps that model's domain). Contacts have their own,
# mentors.signals.contacts_changed_in_bulk.
changed_in_bulk = Signal()
