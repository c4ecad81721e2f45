"""Daily-work rules: entry validation, overlaps, periods, progress, evidence types.

No Django imports: read and tested without a database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from kinerja.skp.rules import achievement_pct


def _(message: str) -> str:
    """Marks a msgid for translation without importing Django."""
    return message


class ActivityStatus(StrEnum):
    SUBMITTED = "submitted"  # waiting for the supervisor
    VERIFIED = "verified"  # accepted: counts towards the indicator's realization
    RETURNED = "returned"  # sent back with a comment; the employee corrects and resends
    SUPERSEDED = "superseded"  # a verified entry later changed: the new version replaces it
    DELETED = "deleted"  # soft-deleted, kept in the history


MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True)
class EntryProblem:
    field: str
    message: str
    params: dict


def check_entry(
    *,
    day: dt.date,
    today: dt.date,
    period_open: bool,
    start: dt.time | None,
    end: dt.time | None,
    minutes: int | None,
    other_intervals: list[tuple[dt.time, dt.time]],
    other_minutes: int,
) -> tuple[int, list[EntryProblem]]:
    """Validates one activity entry; returns its duration in minutes and the problems found.

    - no entry for a future date (in the instansi's time zone) or in a closed period;
    - either start and end times (end after start) or a duration;
    - times may not overlap another entry of the same day;
    - all entries of a day together stay within 24 hours.
    """
    problems: list[EntryProblem] = []
    if day > today:
        problems.append(EntryProblem("date", _("Kegiatan tidak dapat dicatat untuk tanggal yang akan datang."), {}))
    if not period_open:
        problems.append(
            EntryProblem("date", _("Periode kinerja untuk tanggal ini sudah ditutup atau belum dibuka."), {})
        )
    duration = 0
    if start is not None and end is not None:
        if end <= start:
            problems.append(EntryProblem("end_time", _("Jam selesai harus setelah jam mulai."), {}))
        else:
            duration = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
            for other_start, other_end in other_intervals:
                if start < other_end and other_start < end:
                    problems.append(
                        EntryProblem(
                            "start_time",
                            _("Waktu %(s)s–%(e)s bertumpang tindih dengan kegiatan lain pada hari yang sama."),
                            {"s": other_start.strftime("%H:%M"), "e": other_end.strftime("%H:%M")},
                        )
                    )
                    break
    elif minutes is not None:
        duration = minutes
        if minutes <= 0:
            problems.append(EntryProblem("minutes", _("Durasi harus lebih dari nol menit."), {}))
    else:
        problems.append(EntryProblem("start_time", _("Isi jam mulai dan selesai, atau durasi."), {}))
    if duration > MINUTES_PER_DAY or other_minutes + duration > MINUTES_PER_DAY:
        problems.append(EntryProblem("minutes", _("Jumlah durasi kegiatan dalam sehari melebihi 24 jam."), {}))
    return duration, problems


def period_key(day: dt.date, cut: str) -> str:
    """The periodic cut an entry falls in: '2026-03' (monthly) or '2026-Q1' (quarterly)."""
    if cut == "quarterly":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def progress_pct(realized: Decimal, target: Decimal, *, lower_is_better: bool = False, cap: int = 120) -> int:
    """Achievement against target in percent, capped (skp.rules.achievement_pct). Here a
    lower-is-better figure of 0 is read as "nothing measured yet" (a summed realization or a
    metric without data), so it earns 0, not full marks."""
    measured = None if lower_is_better and realized <= 0 else realized
    return achievement_pct(measured, target, lower_is_better=lower_is_better, cap=cap)


def evidence_required(indicator_rule: str, instansi_requires: bool) -> bool:
    """Whether an indicator's entries need evidence to count: its own rule ('required' or
    'optional') when it has one, else the instansi's setting."""
    if indicator_rule == "required":
        return True
    if indicator_rule == "optional":
        return False
    return instansi_requires


def counts_towards_realization(*, has_evidence: bool, indicator_rule: str, instansi_requires: bool) -> bool:
    """A verified entry counts unless its indicator requires evidence and it has none
    (PermenPANRB 6/2022: realization *based on* bukti dukung; whether that is strict is the
    instansi's choice)."""
    return has_evidence or not evidence_required(indicator_rule, instansi_requires)


# Evidence: the type is decided by the first bytes, never by the file name.
EVIDENCE_TYPES = {
    "pdf": ("application/pdf", ".pdf"),
    "png": ("image/png", ".png"),
    "jpeg": ("image/jpeg", ".jpg"),
    "webp": ("image/webp", ".webp"),
    "ooxml": ("application/vnd.openxmlformats-officedocument", ".docx/.xlsx/.pptx"),
    "ole": ("application/x-ole-storage", ".doc/.xls/.ppt"),
    "odf": ("application/vnd.oasis.opendocument", ".odt/.ods"),
}
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# A photo sent from the phone (the offline log) must be one of these, whatever its name says.
PHOTO_KINDS = ("jpeg", "png", "webp")


def sniff_evidence(head: bytes, *, zip_names: list[str] | None = None) -> str | None:
    """The evidence kind of a file from its first bytes (and, for ZIP containers, its member
    names), or None when it is not an accepted type."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"PK\x03\x04") and zip_names is not None:
        if "[Content_Types].xml" in zip_names:
            return "ooxml"
        if "mimetype" in zip_names:
            return "odf"
    return None
