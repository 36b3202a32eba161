"""Reads of the surveys app: querysets and SQL aggregates."""
