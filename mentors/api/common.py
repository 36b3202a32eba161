"""What the mentors app's API viewsets share.

Same predicates and scoping querysets as the pages (mentors.permissions); writes go through
mentors.services, whose ValidationErrors become 400 answers (leadvet.api.errors).
"""

# Availability and the contact log: the object writes, allowed to the mentor they belong to.
OBJECT_WRITES = {"update", "partial_update", "destroy"}
