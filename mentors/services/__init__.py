"""Writes for the mentors app: keyword-only functions, one transaction each."""
