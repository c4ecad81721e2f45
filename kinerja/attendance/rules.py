"""Attendance and discipline rules (DOMAIN.md §4): the status of one working day, its deduction,
and the month's total. Pure functions, no Django imports.

Every percentage and band comes from a ``DisciplineRules`` built from the instansi's
configuration for the year (a Perkada differs from the next); the defaults used in tests and the
demo are the "siaptuba" table of DOMAIN.md §4: late 1–30 min −0.5%, 31–60 −1%, 61–90 −1.25%,
more than 90 min or no record −1.5% per day, missing a ceremony −2%.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

ZERO = Decimal("0")


def _(message: str) -> str:
    """Marks a message for translation; the services translate it when they raise it."""
    return message


HUNDRED = Decimal("100")


class DayStatus(StrEnum):
    OFF = "off"  # not a working day for this employee (weekend, holiday, cuti bersama, off shift)
    PRESENT = "present"  # on time and complete
    LATE = "late"  # came late and/or left early (a band applies)
    INCOMPLETE = "incomplete"  # one of the two records is missing
    LEAVE = "leave"  # cuti, dinas luar, sakit with a letter, tugas belajar: never an absence
    ABSENT = "absent"  # no record and no leave
    FUTURE = "future"  # a working day not yet over


class LeaveKind(StrEnum):
    CUTI_TAHUNAN = "cuti_tahunan"
    CUTI_SAKIT = "cuti_sakit"  # with a doctor's letter
    CUTI_LAIN = "cuti_lain"  # cuti besar, alasan penting, melahirkan, CLTN
    DINAS_LUAR = "dinas_luar"  # surat tugas
    TUGAS_BELAJAR = "tugas_belajar"


class AttendanceError(ValueError):
    """A value that cannot be a day's attendance; the message is for the user."""


@dataclass(frozen=True)
class Band:
    """A lateness (or early-leave) band: up to ``upto`` minutes costs ``pct`` percent."""

    upto: int
    pct: Decimal


@dataclass(frozen=True)
class DisciplineRules:
    bands: tuple[Band, ...]
    beyond_pct: Decimal  # more than the last band, or the check-in/out record is missing
    absent_pct: Decimal  # a working day without record and without leave
    ceremony_pct: Decimal  # a ceremony day without attendance at the ceremony
    grace_minutes: int = 0

    def __post_init__(self):
        check_bands(self.bands)
        for value in (self.beyond_pct, self.absent_pct, self.ceremony_pct):
            if value < 0 or value > HUNDRED:
                raise AttendanceError(_("Persentase potongan harus antara 0 dan 100."))


def check_bands(bands: Sequence[Band]) -> None:
    """Bands must rise strictly in minutes and never cost less for more lateness."""
    previous_upto, previous_pct = 0, ZERO
    for band in bands:
        if band.upto <= previous_upto:
            raise AttendanceError(_("Batas menit tiap rentang harus naik (mis. 30, 60, 90)."))
        if band.pct < previous_pct or band.pct > HUNDRED:
            raise AttendanceError(_("Potongan rentang yang lebih lama tidak boleh lebih kecil."))
        previous_upto, previous_pct = band.upto, band.pct


def band_pct(minutes: int, rules: DisciplineRules) -> Decimal:
    """The deduction for ``minutes`` late (or early); 0 within the grace period."""
    if minutes <= rules.grace_minutes:
        return ZERO
    for band in rules.bands:
        if minutes <= band.upto:
            return band.pct
    return rules.beyond_pct


@dataclass(frozen=True)
class Schedule:
    start: dt.time
    end: dt.time
    weekdays: frozenset[int]  # 0 = Monday … 6 = Sunday

    def is_working(self, day: dt.date, holidays: frozenset[dt.date]) -> bool:
        return day.weekday() in self.weekdays and day not in holidays


def parse_weekdays(text: str) -> frozenset[int]:
    """'12345' (Monday–Friday, ISO numbers 1–7) → {0, …, 4}."""
    days = set()
    for char in text.strip():
        if char not in "1234567":
            raise AttendanceError(_("Hari kerja ditulis dengan angka 1 (Senin) sampai 7 (Minggu), mis. 12345."))
        days.add(int(char) - 1)
    if not days:
        raise AttendanceError(_("Pilih sedikitnya satu hari kerja."))
    return frozenset(days)


def minutes_between(earlier: dt.time, later: dt.time) -> int:
    return (later.hour * 60 + later.minute) - (earlier.hour * 60 + earlier.minute)


@dataclass(frozen=True)
class DayOutcome:
    status: DayStatus
    late_minutes: int = 0
    early_minutes: int = 0
    deduction_pct: Decimal = ZERO
    ceremony_missed: bool = False
    leave_kind: str = ""


def day_outcome(
    *,
    working: bool,
    schedule: Schedule,
    rules: DisciplineRules,
    check_in: dt.time | None = None,
    check_out: dt.time | None = None,
    leave_kind: str = "",
    ceremony_day: bool = False,
    ceremony_attended: bool = False,
    is_future: bool = False,
) -> DayOutcome:
    """The status and deduction of one day for one employee."""
    if not working:
        return DayOutcome(DayStatus.OFF)
    if leave_kind:
        return DayOutcome(DayStatus.LEAVE, leave_kind=leave_kind)
    if is_future:
        return DayOutcome(DayStatus.FUTURE)
    if check_in is None and check_out is None:
        return DayOutcome(DayStatus.ABSENT, deduction_pct=rules.absent_pct)
    deduction = ZERO
    late = early = 0
    if check_in is None:
        deduction += rules.beyond_pct
    else:
        late = max(0, minutes_between(schedule.start, check_in))
        deduction += band_pct(late, rules)
    if check_out is None:
        deduction += rules.beyond_pct
    else:
        early = max(0, minutes_between(check_out, schedule.end))
        deduction += band_pct(early, rules)
    missed = ceremony_day and not ceremony_attended
    if missed:
        deduction += rules.ceremony_pct
    if check_in is None or check_out is None:
        status = DayStatus.INCOMPLETE
    elif deduction > 0 and not (missed and deduction == rules.ceremony_pct):
        status = DayStatus.LATE
    else:
        status = DayStatus.PRESENT
    return DayOutcome(status, late, early, deduction, missed)


@dataclass(frozen=True)
class MonthTotals:
    working_days: int
    present_days: int
    late_days: int
    incomplete_days: int
    absent_days: int
    leave_days: dict[str, int]
    ceremony_missed: int
    late_minutes: int
    early_minutes: int
    deduction_pct: Decimal  # capped at 100


def month_totals(outcomes: Iterable[DayOutcome]) -> MonthTotals:
    """The month of one employee: counts per status and the summed deduction, at most 100%.
    Absent every working day of the month therefore leaves nothing of the disiplin part."""
    counts = dict.fromkeys(DayStatus, 0)
    leave: dict[str, int] = {}
    ceremony = late_minutes = early_minutes = 0
    deduction = ZERO
    for outcome in outcomes:
        counts[outcome.status] += 1
        if outcome.leave_kind:
            leave[outcome.leave_kind] = leave.get(outcome.leave_kind, 0) + 1
        ceremony += outcome.ceremony_missed
        late_minutes += outcome.late_minutes
        early_minutes += outcome.early_minutes
        deduction += outcome.deduction_pct
    working = sum(n for status, n in counts.items() if status != DayStatus.OFF)
    if working and counts[DayStatus.ABSENT] == working:
        deduction = HUNDRED  # absent the whole month: nothing of the disiplin part (DOMAIN.md §4)
    return MonthTotals(
        working_days=working,
        present_days=counts[DayStatus.PRESENT],
        late_days=counts[DayStatus.LATE],
        incomplete_days=counts[DayStatus.INCOMPLETE],
        absent_days=counts[DayStatus.ABSENT],
        leave_days=leave,
        ceremony_missed=ceremony,
        late_minutes=late_minutes,
        early_minutes=early_minutes,
        deduction_pct=min(deduction, HUNDRED),
    )


def month_days(month: str) -> list[dt.date]:
    """'2026-11' → every date of November 2026; raises AttendanceError for anything else."""
    try:
        year, number = (int(part) for part in month.split("-"))
        first = dt.date(year, number, 1)
    except (ValueError, TypeError):
        raise AttendanceError(_("Bulan ditulis TTTT-BB, mis. 2026-11.")) from None
    following = next_month_first(first)
    return [first + dt.timedelta(days=i) for i in range((following - first).days)]


def parse_clock(text: str) -> dt.time:
    """'7:05', '07:05', '07.05' or '07:05:30' → a time of day; raises AttendanceError when the
    value is not a time inside one day (e.g. '24:10', '7:75')."""
    cleaned = text.strip().replace(".", ":")
    parts = cleaned.split(":")
    if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts):
        raise AttendanceError(_("Jam ditulis JJ:MM, mis. 07:30."))
    hour, minute = int(parts[0]), int(parts[1])
    second = int(parts[2]) if len(parts) == 3 else 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59 and 0 <= second <= 59):
        raise AttendanceError(_("Jam di luar satu hari (00:00–23:59)."))
    return dt.time(hour, minute, second)


def split_scans(times: Sequence[dt.time], midday: dt.time = dt.time(12, 0)) -> tuple[dt.time | None, dt.time | None]:
    """The scans of one day from a fingerprint machine → (check-in, check-out): the earliest and
    the latest; a single scan counts as check-in before midday and as check-out after it."""
    if not times:
        return None, None
    ordered = sorted(times)
    if len(ordered) == 1:
        return (ordered[0], None) if ordered[0] < midday else (None, ordered[0])
    return ordered[0], ordered[-1]


def ranges_overlap(a_start: dt.date, a_end: dt.date, b_start: dt.date, b_end: dt.date) -> bool:
    return a_start <= b_end and b_start <= a_end


# ------------------------------------------------------------------ discipline sanctions (PP 94/2021)
class SanctionLevel(StrEnum):
    RINGAN = "ringan"
    SEDANG = "sedang"
    BERAT = "berat"


# PP 94/2021 Ps. 8: the penalties of each level.
SANCTION_KINDS: dict[str, SanctionLevel] = {
    "teguran_lisan": SanctionLevel.RINGAN,
    "teguran_tertulis": SanctionLevel.RINGAN,
    "pernyataan_tidak_puas": SanctionLevel.RINGAN,
    "potongan_tunjangan_6": SanctionLevel.SEDANG,
    "potongan_tunjangan_9": SanctionLevel.SEDANG,
    "potongan_tunjangan_12": SanctionLevel.SEDANG,
    "penurunan_jabatan": SanctionLevel.BERAT,
    "pembebasan_jabatan": SanctionLevel.BERAT,
    "pemberhentian": SanctionLevel.BERAT,
}


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def next_month_first(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def sanction_covers(start: dt.date, months: int, month_first: dt.date) -> bool:
    """A sanction of ``months`` months from ``start`` covers the calendar months from the one it
    starts in: 6 months from 15 March 2026 cover March to August."""
    return month_index(start) <= month_index(month_first) < month_index(start) + months


def sanction_cut(active_cuts: Iterable[Decimal]) -> Decimal:
    """Several sanctions at once do not add up: the heaviest cut applies (one penalty per period)."""
    return min(max(active_cuts, default=ZERO), HUNDRED)


def suggested_sanction(unexcused_days_in_year: int) -> str:
    """PP 94/2021 Ps. 9–11: the penalty for days absent without a valid reason in one year
    (DOMAIN.md §4): 3 teguran lisan; 4–6 tertulis; 7–10 pernyataan tidak puas; 11–13 / 14–16 /
    17–20 a 25% cut for 6 / 9 / 12 months; more → hukuman disiplin berat."""
    n = unexcused_days_in_year
    if n < 3:
        return ""
    for upto, kind in (
        (3, "teguran_lisan"),
        (6, "teguran_tertulis"),
        (10, "pernyataan_tidak_puas"),
        (13, "potongan_tunjangan_6"),
        (16, "potongan_tunjangan_9"),
        (20, "potongan_tunjangan_12"),
    ):
        if n <= upto:
            return kind
    return "pembebasan_jabatan"
