"""Work a request starts beside its own: read in a thread of its own, on a database
connection of its own, while the request goes on with the rest.

A page built from independent reads that each wait mostly on the database (the cold
dashboard's sections, the steering report's figures and its outcome figures) then waits
about as long as the longest one, not for all of them: PostgreSQL runs each connection's
statements in a process of its own, and the Python thread waiting on one lets the other run.

The thread carries the request's context: its language and time zone (Django keeps them per
thread, so they are activated there again) and its context variables (the replica scope of
`leadvet.db_routers.reads_from_replica`). It opens and closes its own connections. Inside a
transaction the work is not started aside: another connection would not see what the
transaction wrote. It then runs when its result is asked for, in the caller's thread, as a
plain call would.
"""

import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from django.db import close_old_connections, connections
from django.utils import timezone, translation

# Threads of this process that do work aside, shared by its requests. A request waits for its
# own work; more requests at once than threads queue here rather than open more connections.
# Work started from work aside runs in its thread, in turn: a pool's thread waiting for the
# pool could wait for ever.
WORKERS = 2
_pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="alongside")


class _Thread(threading.local):
    active = False  # whether this thread is doing work aside now


_in_the_pool = _Thread()


def start_alongside[T](function: Callable[[], T]) -> Callable[[], T]:
    """`function` started now in another thread (outside a transaction); call what this
    returns for its result, which raises what `function` raised."""
    if _in_the_pool.active or any(
        connection.in_atomic_block for connection in connections.all(initialized_only=True)
    ):
        return function
    future: Future[T] = _pool.submit(
        contextvars.copy_context().run,
        _as_the_caller,
        function,
        language=translation.get_language(),
        zone=timezone.get_current_timezone(),
    )
    return future.result


def _as_the_caller[T](function: Callable[[], T], *, language: str | None, zone) -> T:
    """In the caller's language and time zone, with connections as a request has them: those
    past their age closed before, and this thread's closed after (a pool's thread outlives
    the request, and an idle connection it kept would hold the database)."""
    close_old_connections()
    _in_the_pool.active = True
    try:
        with translation.override(language), timezone.override(zone):
            return function()
    finally:
        _in_the_pool.active = False
        connections.close_all()
