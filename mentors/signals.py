"""Signals the mentors app sends, for apps on its floor or above to react to.

Lower floors cannot call upper ones; an anonymised mentor's traces in surveys are removed
by the surveys app's receiver instead.
"""

from django.dispatch import Signal

# Sent inside the anonymising transaction with `user` (the mentor's account).
mentor_anonymised = Signal()
