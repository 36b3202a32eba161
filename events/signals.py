"""The events app's signals."""

from django.dispatch import Signal

# Sent (sender: Registration) after a bulk write to registrations (a queryset's update, as when
# attendance is marked), which sends no per-row post_save: the figures' cache must learn of it.
registrations_changed_in_bulk = Signal()
