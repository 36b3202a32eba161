"""Signals the mentors app sends, for apps on its floor or above to react to.

Lower floors cannot call upper ones; an anonymised mentor's traces in events, surveys and
the report deliveries are removed by those apps' receivers instead.
"""

from django.dispatch import Signal

# Sent inside the anonymising transaction with `user` (the mentor's account, already renamed)
# and `replacements` ({old email: new email, old full name: new name}) for text that named them.
mentor_anonymised = Signal()
