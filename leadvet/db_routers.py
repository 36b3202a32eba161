"""Read-only replicas for the reports: which database a query goes to.

With `DATABASE_REPLICA_URL` set, settings add the database alias `replica` and install
`ReplicaRouter`. The views that only read figures (the dashboards, the steering report, the
network-activity and outcomes reports of the API, survey results) are decorated with
`reads_from_replica`: while one runs, its reads go to the replica. Everything else reads from
`default`, every write goes to `default` (an object read from the replica is saved on the
primary), and so does every query inside a transaction on `default` (`transaction.atomic()`,
`select_for_update`): a transaction must see its own writes. Without the setting the router
is not installed and every query uses `default`.

A replica applies the primary's changes after they commit. Asynchronous streaming replication
lags by a fraction of a second, and figures computed then are cached under the version the
write bumped; where figures must include the last committed write, run the replica with
`synchronous_commit = remote_apply` on the primary (README "Scaling out").
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


@contextmanager
def reads_from_replica():
    """While this runs (a view, a `with` block), reads outside a transaction go to the replica.
    As a decorator it is entered afresh on every call (contextlib's own), so requests served
    side by side by threads of one process each keep their own scope."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def replica_configured() -> bool:
    return REPLICA in connections.settings


class ReplicaRouter:
    """`settings.DATABASE_ROUTERS` when `DATABASE_REPLICA_URL` is set."""

    def db_for_read(self, model, **hints):
        if (
            _replica_reads.get()
            and replica_configured()
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an object read from either may point at one
        # read from the other.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica's schema comes from the primary through replication.
        return False if db == REPLICA else None
