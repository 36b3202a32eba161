"""The contact rollups as a whole: recounting them from the contact log.

Every write through the ORM keeps them itself (mentors/models/rollups.py); a recount is for
contacts written around the ORM (generate_network's COPY, a restored dump without them), and
is harmless at any time: it gives what the writes would have kept.
"""

from django.db import transaction

from leadvet.signals import changed_in_bulk
from mentors.models import Contact, rollups


@transaction.atomic
def rebuild_contact_rollups() -> int:
    """Empty the rollups and count every contact again, one INSERT ... SELECT per rollup, in
    one transaction (readers see the old counts until it commits). Returns the contacts."""
    rollups.rebuild(contacts=Contact.objects.all())
    changed_in_bulk.send(sender=Contact)
    return Contact.objects.count()


def contact_rollups_differing_from_a_recount() -> int:
    """How many rollup rows a recount would change (0: they are right). Recounts in a
    transaction that it rolls back: nothing is changed."""
    with transaction.atomic():
        before = rollups.stored_counts()
        rollups.rebuild(contacts=Contact.objects.all())
        after = rollups.stored_counts()
        transaction.set_rollback(True)
    return sum(1 for key in before.keys() | after.keys() if before.get(key) != after.get(key))
