"""API for mentors, availability, the contact log and contact requests."""
