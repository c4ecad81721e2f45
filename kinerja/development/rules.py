"""Follow-up rules of PermenPANRB 6/2022, PP 30/2019 Ps. 56–58 and Peraturan BKN 3/2023
(DOMAIN.md §1.10): training hours (JP), needs from an appraisal's gaps, the re-measurement of a
coaching plan, the reassignment trigger, the angka kredit ledger, promotion eligibility and the
talent grid (9-box). Pure functions, no Django. The angka kredit formula, the predikat scale and
the coaching flag are appraisal's rules, used here, so there is one rule for each.
Values marked UNCONFIRMED in DOMAIN.md are parameters with defaults an instansi may change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from kinerja.appraisal.rules import (
    AK_COEFFICIENT,
    MEETS_FROM,
    Predikat,
    Rating,
    angka_kredit,
    needs_coaching,
    promotion_eligible,
)


def _(message: str) -> str:
    return message


# ------------------------------------------------------------------------------------ training
JP_TARGET = 20  # hours of competence development per employee and year (the national minimum)


class Area(StrEnum):
    """Competence areas of a course (pengembangan kompetensi)."""

    TECHNICAL = "teknis"
    MANAGERIAL = "manajerial"
    SOCIOCULTURAL = "sosiokultural"
    BERAKHLAK = "berakhlak"


def jp_total(hours: Iterable[int]) -> int:
    """JP an employee has in a year: the sum of their verified courses' hours."""
    return sum(max(0, int(h)) for h in hours)


def jp_shortfall(total: int, target: int = JP_TARGET) -> int:
    """Hours still missing to reach the yearly target (never negative)."""
    return max(0, target - total)


def jp_expected_by(day: dt.date, target: int = JP_TARGET) -> int:
    """Hours an employee should have by ``day`` if the target is spread evenly over the year
    (by whole months elapsed): "behind" is judged against this, so nobody is behind in January
    and everyone below the target is behind in December."""
    return (target * day.month + 11) // 12


def jp_behind(total: int, day: dt.date, target: int = JP_TARGET) -> bool:
    return total < jp_expected_by(day, target)


def completion_problem(*, hours: int, course_jp: int | None) -> str | None:
    """Why reported hours are refused: none or negative, or more than the course gives."""
    if hours <= 0:
        return _("Jumlah JP harus lebih dari nol.")
    if course_jp is not None and hours > course_jp:
        return _("Jumlah JP melebihi JP pelatihan (%(jp)s JP).")
    if hours > 500:
        return _("Jumlah JP tidak wajar (lebih dari 500 JP).")
    return None


@dataclass(frozen=True)
class Need:
    """A development need read from the last appraisal: a weak BerAKHLAK value, or an
    indicator below target. ``area`` is the course area that answers it."""

    area: Area
    value: str = ""  # BerAKHLAK code, for a behaviour need
    indicator_id: int | None = None  # for an indicator need
    pct: int | None = None


def weak_values(
    behaviour_rating: str,
    feedback: Mapping[str, str],
    peer_ratings: Iterable[Mapping[str, str]],
    values: Sequence[str],
) -> list[str]:
    """BerAKHLAK values the evidence marks as weak: most peer/subordinate inputs rate the value
    Di Bawah Ekspektasi, or the behaviour rating is Di Bawah and the pejabat penilai wrote
    feedback on that value (the values the feedback names are the ones behind the rating)."""
    peers = list(peer_ratings)
    weak = []
    for code in values:
        rated = [p.get(code) for p in peers if p.get(code)]
        below = sum(1 for r in rated if r == Rating.BELOW.value)
        if rated and below * 2 > len(rated):
            weak.append(code)
        elif behaviour_rating == Rating.BELOW.value and (feedback.get(code) or "").strip():
            weak.append(code)
    return weak


def needs_from_gaps(
    *,
    weak: Iterable[str],
    indicator_pcts: Mapping[int, int],
    threshold: Decimal | int = MEETS_FROM,
) -> list[Need]:
    """Needs from an appraisal: one per weak value (BerAKHLAK courses), one per indicator whose
    achievement is below the "Sesuai Ekspektasi" threshold (technical courses), worst first."""
    needs = [Need(Area.BERAKHLAK, value=code) for code in weak]
    below = sorted((pct, pk) for pk, pct in indicator_pcts.items() if pct < threshold)
    needs += [Need(Area.TECHNICAL, indicator_id=pk, pct=pct) for pct, pk in below]
    return needs


@dataclass(frozen=True)
class CourseFacts:
    pk: int
    area: str
    value: str = ""  # BerAKHLAK value the course develops, if any
    is_open: bool = True


def suggest_courses(need: Need, courses: Iterable[CourseFacts], limit: int = 3) -> list[int]:
    """Open courses of the need's area; for a value, those naming that value come first."""
    fitting = [c for c in courses if c.is_open and c.area == need.area.value]
    if need.value:
        fitting.sort(key=lambda c: (c.value != need.value, c.pk))
    return [c.pk for c in fitting[:limit]]


# ------------------------------------------------------------------------------------ effect
def cut_start(cut_key: str) -> dt.date:
    """First day of a cut: '2026-Q3' → 1 Jul 2026, '2026-05' → 1 May, '2026' → 1 Jan."""
    if len(cut_key) == 4:
        return dt.date(int(cut_key), 1, 1)
    year, part = cut_key.split("-")
    month = (int(part[1]) - 1) * 3 + 1 if part.startswith("Q") else int(part)
    return dt.date(int(year), month, 1)


def cut_end(cut_key: str) -> dt.date:
    """Last day of a cut."""
    start = cut_start(cut_key)
    months = 12 if len(cut_key) == 4 else 3 if "-Q" in cut_key else 1
    month = start.month - 1 + months
    return dt.date(start.year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def shift_cut(cut_key: str, steps: int) -> str:
    """The cut ``steps`` cuts later (or earlier) of the same kind, across years."""
    if len(cut_key) == 4:
        return str(int(cut_key) + steps)
    year, part = cut_key.split("-")
    if part.startswith("Q"):
        index = int(year) * 4 + int(part[1]) - 1 + steps
        return f"{index // 4}-Q{index % 4 + 1}"
    index = int(year) * 12 + int(part) - 1 + steps
    return f"{index // 12}-{index % 12 + 1:02d}"


def cut_of(day: dt.date, cut: str) -> str:
    """The periodic cut containing ``day`` ('quarterly' or 'monthly')."""
    if cut == "quarterly":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def effect_cuts(started_on: dt.date, completed_on: dt.date, cut: str) -> tuple[str, str]:
    """The cuts a course's effect compares: the last one that ended before the course began,
    and the first one that begins after it ended."""
    return shift_cut(cut_of(started_on, cut), -1), shift_cut(cut_of(completed_on, cut), 1)


def mean_pct(values: Iterable[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present)) if present else None


def effect_delta(before: int | None, after: int | None) -> int | None:
    return None if before is None or after is None else after - before


# ------------------------------------------------------------------------------------ coaching
class Outcome(StrEnum):
    IMPROVED = "improved"
    UNCHANGED = "unchanged"
    WORSE = "worse"


# Best first: the order of the predikat scale.
PREDIKAT_ORDER = [
    Predikat.SANGAT_BAIK,
    Predikat.BAIK,
    Predikat.BUTUH_PERBAIKAN,
    Predikat.KURANG,
    Predikat.SANGAT_KURANG,
]


def predikat_rank(p: str) -> int:
    """0 for Sangat Baik … 4 for Sangat Kurang."""
    return PREDIKAT_ORDER.index(Predikat(p))


def opens_coaching(p: str) -> bool:
    """Butuh Perbaikan or worse opens a coaching plan (appraisal's coaching flag)."""
    return bool(p) and needs_coaching(Predikat(p))


def remeasure(before: str, after: str) -> Outcome:
    """A coaching plan's outcome, from the predikat that opened it and the next evaluation's."""
    delta = predikat_rank(before) - predikat_rank(after)
    if delta > 0:
        return Outcome.IMPROVED
    return Outcome.UNCHANGED if delta == 0 else Outcome.WORSE


def plan_overdue(*, due_on: dt.date, today: dt.date, closed: bool) -> bool:
    return not closed and today > due_on


# -------------------------------------------------------------------------------- reassignment
@dataclass(frozen=True)
class ReassignmentPolicy:
    """PP 30/2019 Ps. 56–58: the employee not meeting targets may be moved. How many periods and
    which predikat count as "repeatedly poor" is not in the regulation text we have: configuration."""

    consecutive: int = 2
    worst_allowed: Predikat = Predikat.BUTUH_PERBAIKAN  # worse than this is "poor" (Kurang or worse)
    after_coaching: bool = True


def is_poor(p: str, policy: ReassignmentPolicy = ReassignmentPolicy()) -> bool:
    return predikat_rank(p) > predikat_rank(policy.worst_allowed)


def reassignment_due(
    history: Sequence[tuple[str, str]],
    *,
    coaching_from: str | None,
    policy: ReassignmentPolicy = ReassignmentPolicy(),
) -> list[str]:
    """The cut keys that put an employee on the recommendation list, or [] when none do.
    ``history`` is (cut_key, predikat) of final evaluations of one kind, in order; with
    ``after_coaching`` only cuts after the one that opened a coaching plan (``coaching_from``)
    count, and there must be such a plan. The last ``consecutive`` cuts must all be poor and
    follow each other without a gap."""
    if policy.consecutive < 1:
        raise ValueError("consecutive must be at least 1")
    rows = list(history)
    if policy.after_coaching:
        if coaching_from is None:
            return []
        rows = [(k, p) for k, p in rows if cut_start(k) > cut_start(coaching_from)]
    if len(rows) < policy.consecutive:
        return []
    last = rows[-policy.consecutive :]
    if not all(is_poor(p, policy) for _k, p in last):
        return []
    keys = [k for k, _p in last]
    if any(shift_cut(a, 1) != b for a, b in zip(keys, keys[1:], strict=False)):
        return []
    return keys


class Decision(StrEnum):
    KEEP = "keep"
    MOVE = "move"
    OTHER = "other"


def decision_problem(decision: str, reason: str, decree_number: str) -> tuple[str, str] | None:
    """(field, message) of what a BKPSDM decision lacks, or None: a known decision, a reason and
    the decree number are all required."""
    if decision not in {d.value for d in Decision}:
        return "decision", _("Pilih keputusan: tetap, dipindahkan, atau tindakan lain.")
    if not (reason or "").strip():
        return "reason", _("Tuliskan alasan keputusan.")
    if not (decree_number or "").strip():
        return "decree_number", _("Tuliskan nomor keputusan (SK).")
    return None


# ------------------------------------------------------------------------------ angka kredit
FUNCTIONAL_LEVELS = frozenset(AK_COEFFICIENT)

# Angka kredit for the next rank (kenaikan pangkat) per jenjang, PermenPANRB 1/2023 lampiran:
# UNCONFIRMED in DOMAIN.md, so a parameter.
AK_REQUIREMENT: dict[str, Decimal] = {
    "pemula": Decimal(15),
    "terampil": Decimal(20),
    "mahir": Decimal(50),
    "penyelia": Decimal(100),
    "ahli_pertama": Decimal(50),
    "ahli_muda": Decimal(100),
    "ahli_madya": Decimal(150),
    "ahli_utama": Decimal(200),
}


def ledger_credit(p: str, level: str, cut_key: str) -> Decimal:
    """The credit one finalised evaluation adds: appraisal's angka kredit formula (three decimals)
    for the months the cut covers."""
    if level not in FUNCTIONAL_LEVELS:
        raise ValueError("not a functional level")
    months = 12 if len(cut_key) == 4 else 3 if "-Q" in cut_key else 1
    return angka_kredit(Predikat(p), level, months=months)


def ledger_total(amounts: Iterable[Decimal]) -> Decimal:
    """The running total is the sum of appended rows, never a stored figure."""
    return sum((Decimal(a) for a in amounts), Decimal("0.000"))


def ledger_cuts_to_add(annual: bool, final_cuts: Iterable[str]) -> list[str]:
    """Which finalised evaluations add credit. One year's credit counts once: the periodic cuts
    when the instansi converts per period, otherwise the annual evaluation only."""
    return [k for k in final_cuts if (len(k) == 4) == annual]


def credit_settled(status: str, received_on: dt.date | None, today: dt.date, objection_days: int = 14) -> bool:
    """An evaluation adds credit once its predikat can no longer change: acknowledged, or its
    objection decided, or final with the objection window (PP 30/2019 Ps. 59) past."""
    if status in ("acknowledged", "decided"):
        return True
    return status == "final" and received_on is not None and today > received_on + dt.timedelta(days=objection_days)


# ---------------------------------------------------------------------------------- promotion
YEARS_REGULAR = 4  # kenaikan pangkat reguler: at least four years in the last rank
YEARS_FUNCTIONAL = 2  # functional: at least two years plus the angka kredit


def years_between(start: dt.date, day: dt.date) -> int:
    """Whole years from ``start`` to ``day``."""
    years = day.year - start.year
    return years - 1 if (day.month, day.day) < (start.month, start.day) else years


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: list[str] = field(default_factory=list)  # why not, or what was met


def promotion_check(
    *,
    rank_start: dt.date | None,
    on: dt.date,
    annual_predikat: Sequence[str],
    functional_level: str | None,
    credit: Decimal | None,
    running_sanction: bool,
    requirement: Mapping[str, Decimal] = AK_REQUIREMENT,
) -> Eligibility:
    """Kenaikan pangkat (DOMAIN.md §1.10): years in rank since TMT pangkat (4, or 2 for a
    functional position), at least Baik in each of the last two annual appraisals (appraisal's
    promotion_eligible), the angka kredit of the jenjang for functional positions, no running
    disciplinary sanction. Every unmet condition is a reason."""
    reasons: list[str] = []
    functional = functional_level in FUNCTIONAL_LEVELS
    years_needed = YEARS_FUNCTIONAL if functional else YEARS_REGULAR
    if rank_start is None:
        reasons.append(_("TMT pangkat belum tercatat."))
    elif years_between(rank_start, on) < years_needed:
        reasons.append(
            _("Masa kerja dalam pangkat kurang dari 2 tahun.")
            if functional
            else _("Masa kerja dalam pangkat kurang dari 4 tahun.")
        )
    if not promotion_eligible([Predikat(p) for p in annual_predikat]):
        reasons.append(_("Predikat kinerja 2 tahun terakhir belum paling rendah Baik."))
    if functional:
        needed = requirement[functional_level]
        if credit is None or credit < needed:
            reasons.append(_("Angka kredit belum mencukupi."))
    if running_sanction:
        reasons.append(_("Sedang menjalani hukuman disiplin."))
    return Eligibility(not reasons, reasons)


# -------------------------------------------------------------------------------- talent grid
class PerformanceLevel(StrEnum):
    ABOVE = "di_atas"
    MEETS = "sesuai"
    BELOW = "di_bawah"


class PotentialLevel(StrEnum):
    LOW = "rendah"
    MEDIUM = "menengah"
    HIGH = "tinggi"


# How predikat maps to the kinerja axis differs between implementations (DOMAIN.md §1.10):
# one reading, as configuration.
PERFORMANCE_MAP: dict[str, PerformanceLevel] = {
    Predikat.SANGAT_BAIK: PerformanceLevel.ABOVE,
    Predikat.BAIK: PerformanceLevel.MEETS,
    Predikat.BUTUH_PERBAIKAN: PerformanceLevel.BELOW,
    Predikat.KURANG: PerformanceLevel.BELOW,
    Predikat.SANGAT_KURANG: PerformanceLevel.BELOW,
}

# PermenPANRB 3/2020 as amended by 20/2025: kinerja (rows) × potensial (columns).
BOX = {
    (PerformanceLevel.ABOVE, PotentialLevel.LOW): 4,
    (PerformanceLevel.ABOVE, PotentialLevel.MEDIUM): 7,
    (PerformanceLevel.ABOVE, PotentialLevel.HIGH): 9,
    (PerformanceLevel.MEETS, PotentialLevel.LOW): 2,
    (PerformanceLevel.MEETS, PotentialLevel.MEDIUM): 5,
    (PerformanceLevel.MEETS, PotentialLevel.HIGH): 8,
    (PerformanceLevel.BELOW, PotentialLevel.LOW): 1,
    (PerformanceLevel.BELOW, PotentialLevel.MEDIUM): 3,
    (PerformanceLevel.BELOW, PotentialLevel.HIGH): 6,
}

BOX_FOLLOW_UP = {
    9: _("Promosi/pertahankan; kelompok suksesor"),
    8: _("Pertahankan; rotasi"),
    7: _("Pertahankan; pengembangan kompetensi"),
    6: _("Penempatan yang sesuai dan bimbingan kinerja"),
    5: _("Bimbingan kinerja dan pengembangan kompetensi"),
    4: _("Rotasi"),
    3: _("Bimbingan kinerja dan pengembangan kompetensi"),
    2: _("Bimbingan kinerja dan pengembangan kompetensi"),
    1: _("Sesuai ketentuan kinerja rendah (PP 30/2019 Ps. 56–58)"),
}


@dataclass(frozen=True)
class PotentialScale:
    """The potential assessment's scale and where the bands start (B.1.9 uses 1–5)."""

    low: Decimal = Decimal(1)
    high: Decimal = Decimal(5)
    medium_from: Decimal = Decimal(3)
    high_from: Decimal = Decimal(4)


def potential_problem(score: Decimal, scale: PotentialScale = PotentialScale()) -> str | None:
    if not scale.low <= score <= scale.high:
        return _("Skor potensial harus antara %(low)s dan %(high)s.")
    return None


def potential_level(score: Decimal, scale: PotentialScale = PotentialScale()) -> PotentialLevel:
    if potential_problem(score, scale):
        raise ValueError("score outside the scale")
    if score >= scale.high_from:
        return PotentialLevel.HIGH
    return PotentialLevel.MEDIUM if score >= scale.medium_from else PotentialLevel.LOW


def performance_level(
    predikat_history: Sequence[str], mapping: Mapping[str, PerformanceLevel] = PERFORMANCE_MAP
) -> PerformanceLevel | None:
    """The kinerja axis from the year's predikat: the latest final predikat of the year."""
    return mapping[Predikat(predikat_history[-1])] if predikat_history else None


def box(performance: PerformanceLevel, potential: PotentialLevel) -> int:
    return BOX[(PerformanceLevel(performance), PotentialLevel(potential))]


_PERF = {PerformanceLevel.BELOW: 0, PerformanceLevel.MEETS: 1, PerformanceLevel.ABOVE: 2}
_POT = {PotentialLevel.LOW: 0, PotentialLevel.MEDIUM: 1, PotentialLevel.HIGH: 2}
_BOX_PLACE = {number: (_PERF[perf], _POT[pot]) for (perf, pot), number in BOX.items()}


def movement(before: int | None, now: int | None) -> str:
    """'naik', 'turun', 'tetap' or 'baru' between last year's box and this year's. Up means a
    higher kinerja row, or the same row and a higher potential column."""
    if now is None:
        return ""
    if before is None:
        return "baru"
    if before == now:
        return "tetap"
    return "naik" if _BOX_PLACE[now] > _BOX_PLACE[before] else "turun"
