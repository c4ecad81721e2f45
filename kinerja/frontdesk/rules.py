"""Service queue (antrian) rules: ordering with priority tickets, the calling state machine,
transfers, the daily reset in the instansi's own time zone, opening hours, the queue length over
a day and document turnaround. Pure functions, no Django imports.

Priority (PermenPANRB 15/2014 asks for facilities for users with special needs; UU 8/2016 on
disabilities): the elderly, people with disabilities and pregnant women are called first. So that
a regular ticket never waits for ever on a busy morning, after ``PRIORITY_STREAK`` priority calls
in a row at a service the oldest regular ticket is called once.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo


def _(message: str) -> str:
    """Marks a message for extraction; services translate it with gettext."""
    return message


PRIORITY_STREAK = 3
WAITING, CALLED, SERVED, SKIPPED = "waiting", "called", "served", "skipped"

# Which status each counter action starts from.
ACTION_FROM = {
    "recall": {CALLED},
    "skip": {CALLED},
    "serve": {CALLED},
    "transfer": {CALLED},
    "requeue": {SKIPPED},
}
ACTION_PROBLEMS = {
    SERVED: _("Tiket %(label)s sudah selesai dilayani."),
    SKIPPED: _("Tiket %(label)s sudah dilewati."),
    WAITING: _("Tiket %(label)s belum dipanggil."),
    CALLED: _("Tiket %(label)s sedang dipanggil."),
}


@dataclass(frozen=True)
class Waiting:
    """A ticket waiting in a service's queue."""

    pk: int
    priority: bool
    taken_at: dt.datetime


def order_key(ticket: Waiting) -> tuple:
    """Priority first, then arrival: a transferred ticket keeps the time it was taken, so nobody
    queues twice for one visit."""
    return (0 if ticket.priority else 1, ticket.taken_at, ticket.pk)


def priority_streak(recent_calls: Sequence[bool]) -> int:
    """How many of the latest calls (newest first, True = a priority ticket) were priority in a row."""
    streak = 0
    for was_priority in recent_calls:
        if not was_priority:
            break
        streak += 1
    return streak


def next_ticket(waiting: Iterable[Waiting], *, streak: int = 0, limit: int = PRIORITY_STREAK) -> Waiting | None:
    """The ticket a counter calls next: the oldest priority ticket, unless ``limit`` priority calls
    in a row already happened and a regular ticket waits (then the oldest regular one)."""
    tickets = list(waiting)
    urgent = min((t for t in tickets if t.priority), key=order_key, default=None)
    regular = min((t for t in tickets if not t.priority), key=order_key, default=None)
    if urgent is None:
        return regular
    if regular is not None and streak >= limit:
        return regular
    return urgent


def action_problem(action: str, status: str) -> str | None:
    """Why a counter action cannot apply to a ticket in ``status`` (None: it can)."""
    if status in ACTION_FROM[action]:
        return None
    return ACTION_PROBLEMS[status]


def transfer_problem(*, from_service: int, to_service: int, same_unit: bool, to_open: bool) -> str | None:
    if to_service == from_service:
        return _("Pilih layanan lain untuk memindahkan tiket.")
    if not same_unit:
        return _("Tiket hanya dapat dipindahkan ke layanan di unit yang sama.")
    if not to_open:
        return _("Layanan tujuan sedang ditutup.")
    return None


# ----------------------------------------------------------------------------- day and hours
def service_day(moment: dt.datetime, zone: ZoneInfo) -> dt.date:
    """The day a ticket counts in: the instansi's own local date (numbers restart at its midnight,
    not the server's)."""
    return moment.astimezone(zone).date()


def next_number(last: int | None) -> int:
    """The number after the day's last one; the first ticket of a day is 1."""
    return (last or 0) + 1


def ticket_label(code: str, number: int) -> str:
    return f"{code}-{number:03d}"


WEEKDAYS = "01234"  # Monday–Friday: ``date.weekday()`` digits


def closed_reason(
    *, switched_on: bool, weekdays: str, opens: dt.time, closes: dt.time, local: dt.datetime
) -> str | None:
    """Why a service takes no ticket at this local time (None: it is open)."""
    if not switched_on:
        return _("Layanan %(service)s sedang ditutup.")
    if str(local.weekday()) not in weekdays:
        return _("Layanan %(service)s tidak buka hari ini.")
    if local.time() < opens:
        return _("Layanan %(service)s belum buka; buka pukul %(opens)s.")
    if local.time() >= closes:
        return _("Layanan %(service)s sudah tutup; tutup pukul %(closes)s.")
    return None


def hours_problem(opens: dt.time, closes: dt.time, weekdays: str) -> tuple[str, str] | None:
    """(field, message) of what is wrong with a service's hours, or None."""
    if opens >= closes:
        return "closes_at", _("Jam tutup harus setelah jam buka.")
    if not weekdays or any(d not in "0123456" for d in weekdays):
        return "weekdays", _("Pilih paling sedikit satu hari buka.")
    return None


# ----------------------------------------------------------------------------- figures
def seconds_between(start: dt.datetime | None, end: dt.datetime | None) -> int | None:
    if start is None or end is None:
        return None
    return max(0, int((end - start).total_seconds()))


def minutes(seconds: float | int | None) -> Decimal | None:
    """Average seconds as minutes with one decimal (the figures and the SKP metrics)."""
    if seconds is None:
        return None
    return (Decimal(str(seconds)) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def sample_times(day: dt.date, opens: dt.time, closes: dt.time, zone: ZoneInfo, step: int = 30) -> list[dt.datetime]:
    """Instants every ``step`` minutes from opening to closing of a local day (aware, in ``zone``)."""
    moment = dt.datetime.combine(day, opens, tzinfo=zone)
    end = dt.datetime.combine(day, closes, tzinfo=zone)
    times = []
    while moment <= end:
        times.append(moment)
        moment += dt.timedelta(minutes=step)
    return times


def queue_length(tickets: Iterable[tuple[dt.datetime, dt.datetime | None]], times: Sequence[dt.datetime]) -> list[int]:
    """People waiting at each instant: taken at or before it and not yet called (or never called).
    ``tickets`` are (taken_at, first called_at or None); sorted once, each instant is a bisection."""
    taken, called = [], []
    for taken_at, called_at in tickets:
        taken.append(taken_at)
        if called_at is not None:
            called.append(called_at)
    taken.sort()
    called.sort()
    return [bisect.bisect_right(taken, t) - bisect.bisect_right(called, t) for t in times]


# ----------------------------------------------------------------------------- turnaround
def due_date(submitted: dt.date, target_days: int) -> dt.date:
    return submitted + dt.timedelta(days=target_days)


def on_time(submitted: dt.date, ready: dt.date | None, target_days: int, today: dt.date) -> bool | None:
    """Whether a document was ready within its target (calendar days); None while it still can be."""
    due = due_date(submitted, target_days)
    if ready is not None:
        return ready <= due
    return False if today > due else None


def pct_on_time(flags: Iterable[bool | None]) -> Decimal | None:
    """The share on time among documents already decided (ready, or late), one decimal."""
    decided = [f for f in flags if f is not None]
    if not decided:
        return None
    return (Decimal(100) * sum(decided) / len(decided)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
