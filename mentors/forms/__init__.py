"""Forms of the mentors app, one module per sub-area."""
