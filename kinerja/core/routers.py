"""A read replica for dashboards and exports (docs/scaling.md).

With ``DATABASE_REPLICA_URL`` set, the views wrapped in :func:`reads_from_replica` read from the
``replica`` connection; every other read and every write stays on ``default``, so a page never
reads its own write from a replica that lags behind. Without the variable nothing changes.
"""

from __future__ import annotations

import contextvars
import functools

from django.conf import settings

REPLICA = "replica"
_on_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("kinerja_on_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def reads_from_replica(view):
    """Marks a read-only view (a dashboard, an export) whose queries may go to the replica."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        token = _on_replica.set(request.method in ("GET", "HEAD"))
        try:
            return view(request, *args, **kwargs)
        finally:
            _on_replica.reset(token)

    return wrapper


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _on_replica.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA
