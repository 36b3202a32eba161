"""The shared library of the base floor: mail, the outbox, exports, PDFs, pagination, queueing.

Nothing here knows an app; every app may use it."""
