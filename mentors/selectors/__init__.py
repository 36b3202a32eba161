"""Reads for the mentors app: querysets with their joins applied, aggregates in SQL."""
