"""Pure rules of notifications (no Django): which channels a message goes to, and the tenant's
local day that de-duplicates reminders.

A kind is a plain string here (its labelled choices live in ``models.Kind``), so these rules can
be read and property-tested without a database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Channels:
    in_app: bool
    email: bool


def default_channels(kind: str) -> Channels:
    """Until a user chooses, every kind goes to both channels (round one mirrored every message
    by e-mail; people who rarely open the app rely on that)."""
    return Channels(in_app=True, email=True)


def channels(kind: str, *, preference: tuple[bool, bool] | None, has_email: bool) -> Channels:
    """The user's own choice (in-app, e-mail) wins over the default; no address, no e-mail."""
    chosen = Channels(*preference) if preference is not None else default_channels(kind)
    return Channels(in_app=chosen.in_app, email=chosen.email and has_email)


def local_day(moment: dt.datetime, tz: dt.tzinfo) -> dt.date:
    """The tenant's calendar day of an aware moment: a reminder sent at 23:30 WIB is already the
    next day in Sorong (WIT, UTC+9), so "once a day" counts the tenant's days, not the server's."""
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    return moment.astimezone(tz).date()
