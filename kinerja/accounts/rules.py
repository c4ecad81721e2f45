"""Login limits as plain rules: when a lockout lifts, how many tries are left (no Django here)."""

import datetime as dt
import math
from collections.abc import Iterable, Sequence


def unlock_at(attempts: Iterable[tuple[dt.datetime, int]], *, limit: int, cooloff: dt.timedelta) -> dt.datetime | None:
    """When a group of failed logins stops locking, or None if it does not lock now.

    ``attempts`` are the group's records as (time of the latest failure, failures); a record stops
    counting ``cooloff`` after its latest failure, so records drop out oldest first and the lock
    lifts when what is left falls below ``limit``.
    """
    records = sorted(attempts)
    remaining = sum(failures for _at, failures in records)
    if remaining < limit:
        return None
    for at, failures in records:
        remaining -= failures
        if remaining < limit:
            return at + cooloff
    return None  # unreachable: after the last record nothing remains (limit >= 1)


def tries_left(counts_and_limits: Sequence[tuple[int, int]]) -> int:
    """Failed logins still allowed before the first of several limits is reached (never negative)."""
    return max(0, min(limit - count for count, limit in counts_and_limits))


def minutes_until(now: dt.datetime, until: dt.datetime) -> int:
    """Whole minutes a person waits, rounded up, at least one."""
    return max(1, math.ceil((until - now).total_seconds() / 60))
