"""The top floor: what reads across the apps (see docs/architecture.md). Nothing imports it."""
