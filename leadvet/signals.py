"""Signals every app may send."""

from django.dispatch import Signal

# Sent with the model as sender after a write that saves no row one by one (a queryset's
# update, bulk_create or bulk_update: contacts written in bulk, attendance marked for a whole
# event, a contact request answered by a conditional update), which sends no post_save: the
# figures' cache must learn of it too (portal.dashboard.cache bumps that model's domain).
changed_in_bulk = Signal()
