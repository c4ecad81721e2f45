"""Appraisal rules of PermenPANRB 6/2022 and SE MenPANRB 3/2023 (DOMAIN.md §1.4–1.11).

Pure functions: the rating matrix (predikat), the organisation's distribution curve, the
suggested results rating, angka kredit, promotion eligibility, follow-up flags and the objection
window. No Django imports. Values marked UNCONFIRMED in DOMAIN.md are parameters, not constants
buried in code.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from kinerja.activities.rules import period_key
from kinerja.skp.rules import cut_label  # noqa: F401 - the appraisal pages' name for it


def _(message: str) -> str:
    return message


class Rating(StrEnum):
    ABOVE = "di_atas"  # Di Atas Ekspektasi
    MEETS = "sesuai"  # Sesuai Ekspektasi
    BELOW = "di_bawah"  # Di Bawah Ekspektasi


class Predikat(StrEnum):
    SANGAT_BAIK = "sangat_baik"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"  # "Kurang/Misconduct"
    SANGAT_KURANG = "sangat_kurang"


PREDIKAT_LABELS = {
    Predikat.SANGAT_BAIK: "Sangat Baik",
    Predikat.BAIK: "Baik",
    Predikat.BUTUH_PERBAIKAN: "Butuh Perbaikan",
    Predikat.KURANG: "Kurang/Misconduct",
    Predikat.SANGAT_KURANG: "Sangat Kurang",
}

# Lampiran PermenPANRB 6/2022, kuadran kinerja: (rating hasil kerja, rating perilaku) -> predikat.
MATRIX: dict[tuple[Rating, Rating], Predikat] = {
    (Rating.ABOVE, Rating.BELOW): Predikat.KURANG,
    (Rating.ABOVE, Rating.MEETS): Predikat.BAIK,
    (Rating.ABOVE, Rating.ABOVE): Predikat.SANGAT_BAIK,
    (Rating.MEETS, Rating.BELOW): Predikat.KURANG,
    (Rating.MEETS, Rating.MEETS): Predikat.BAIK,
    (Rating.MEETS, Rating.ABOVE): Predikat.BAIK,
    (Rating.BELOW, Rating.BELOW): Predikat.SANGAT_KURANG,
    (Rating.BELOW, Rating.MEETS): Predikat.BUTUH_PERBAIKAN,
    (Rating.BELOW, Rating.ABOVE): Predikat.BUTUH_PERBAIKAN,
}


def predikat(results: Rating, behaviour: Rating) -> Predikat:
    """The employee's predikat: derived from the two ratings, never typed in."""
    return MATRIX[(Rating(results), Rating(behaviour))]


class OrgPredicate(StrEnum):
    ISTIMEWA = "istimewa"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"
    SANGAT_KURANG = "sangat_kurang"


def may_set_org_predicate(unit_path: str, headed_paths: Iterable[str], *, manages_instansi: bool) -> bool:
    """Who sets a unit's capaian kinerja organisasi (SE MenPANRB 3/2023, step 1): the leader of
    the organisation ABOVE it, never the unit's own head (who would grade their own unit and,
    through the curve, their own staff). ``headed_paths`` are the materialized paths of the units
    the person heads; a path strictly above ``unit_path`` is a prefix of it. The instansi's HR
    admin (BKPSDM) records it on the leaders' behalf, which is also how a top-level OPD gets its
    predicate (its "organisation above" is the head of region, who has no unit here)."""
    if manages_instansi:
        return True
    return any(unit_path.startswith(path) and unit_path != path for path in headed_paths)


@dataclass(frozen=True)
class CurveIssue:
    message: str
    params: dict


def _at_least(share: float, n: int) -> int:
    """Smallest count that reaches a minimum share (rounding for small units is UNCONFIRMED:
    a minimum is rounded up, so 60% of 3 people is 2)."""
    return math.ceil(share * n - 1e-9)


def _at_most(share: float, n: int) -> int:
    """Largest count within a maximum share (rounded down: 10% of 8 people allows none)."""
    return math.floor(share * n + 1e-9)


def curve_issues(org: OrgPredicate, counts: Mapping[Predikat, int]) -> list[CurveIssue]:
    """Checks a unit's employee predicates against the distribution pattern of its
    organisation predicate (SE MenPANRB 3/2023). The SE frames the curve as a consideration,
    so issues are warnings that ask for a justification, not errors."""
    n = sum(counts.values())
    if n == 0:
        return []
    c = {p: counts.get(p, 0) for p in Predikat}
    sb, b, bp, k, sk = (c[p] for p in Predikat)
    issues: list[CurveIssue] = []

    def majority(p: Predikat) -> bool:
        return all(c[p] >= c[q] for q in Predikat if q != p) and c[p] > 0

    def add(message: str, **params) -> None:
        issues.append(CurveIssue(message, params))

    if org == OrgPredicate.ISTIMEWA:
        if not majority(Predikat.SANGAT_BAIK):
            add(_("Predikat organisasi Istimewa: Sangat Baik harus menjadi mayoritas."))
        if sb > _at_most(0.7, n):
            add(_("Sangat Baik paling banyak 70%% (%(max)s dari %(n)s orang)."), max=_at_most(0.7, n), n=n)
    elif org == OrgPredicate.BAIK:
        if not majority(Predikat.BAIK):
            add(_("Predikat organisasi Baik: Baik harus menjadi mayoritas."))
        if b > _at_most(0.7, n):
            add(_("Baik paling banyak 70%% (%(max)s dari %(n)s orang)."), max=_at_most(0.7, n), n=n)
        if bp + k == 0:
            add(_("Predikat organisasi Baik: harus ada pegawai Butuh Perbaikan dan/atau Kurang/Misconduct."))
    elif org == OrgPredicate.BUTUH_PERBAIKAN:
        if bp < _at_least(0.6, n):
            add(_("Butuh Perbaikan paling sedikit 60%% (%(min)s dari %(n)s orang)."), min=_at_least(0.6, n), n=n)
        if sb > _at_most(0.1, n):
            add(_("Sangat Baik paling banyak 10%% (%(max)s dari %(n)s orang)."), max=_at_most(0.1, n), n=n)
    elif org == OrgPredicate.KURANG:
        if k < _at_least(0.6, n):
            add(_("Kurang/Misconduct paling sedikit 60%% (%(min)s dari %(n)s orang)."), min=_at_least(0.6, n), n=n)
        if bp < _at_least(0.1, n):
            add(_("Butuh Perbaikan paling sedikit 10%% (%(min)s dari %(n)s orang)."), min=_at_least(0.1, n), n=n)
        if sb > _at_most(0.1, n):
            add(_("Sangat Baik paling banyak 10%% (%(max)s dari %(n)s orang)."), max=_at_most(0.1, n), n=n)
    elif org == OrgPredicate.SANGAT_KURANG:
        if sk < _at_least(0.6, n):
            add(_("Sangat Kurang paling sedikit 60%% (%(min)s dari %(n)s orang)."), min=_at_least(0.6, n), n=n)
        if k + bp < _at_least(0.1, n):
            add(
                _("Kurang/Misconduct dan/atau Butuh Perbaikan paling sedikit 10%% (%(min)s dari %(n)s orang)."),
                min=_at_least(0.1, n),
                n=n,
            )
        if sb > 0:
            add(_("Predikat organisasi Sangat Kurang: tidak boleh ada Sangat Baik."))
    return issues


@dataclass(frozen=True)
class RhkAchievement:
    """The mean achievement (%) of one RHK's indicators, and whether the RHK is utama."""

    pct: Decimal
    main: bool = True


# Thresholds for the *suggested* rating: DOMAIN.md §1.4 gives no numbers (UNCONFIRMED), so
# they are parameters with defaults an instansi may change.
ABOVE_FROM = Decimal(110)
MEETS_FROM = Decimal(90)


PEER_MIN_RESPONDENTS = 3  # the floor; settings.APPRAISAL_PEER_MIN_RESPONDENTS may only raise it


def peer_groups_shown(answered: Mapping[str, int], minimum: int = PEER_MIN_RESPONDENTS) -> set[str]:
    """Which 360 groups (peers, subordinates) may be shown: only a group that at least
    ``minimum`` people answered, and never fewer than three, so one subordinate's ratings and
    words cannot be told apart from the others'. Groups are counted apart: three peers do not
    make a lone subordinate anonymous."""
    floor = max(minimum, PEER_MIN_RESPONDENTS)
    return {group for group, n in answered.items() if n >= floor}


CURVE_MIN_PEOPLE = 10  # default; settings.APPRAISAL_CURVE_MIN_PEOPLE


@dataclass(frozen=True)
class CurveLevel:
    """One organisation level the curve could be checked on: the unit whose predicate governs,
    then each unit above it. ``people`` counts the evaluations of the cut in its subtree (rated or
    not, so the choice does not move while ratings come in); ``has_pattern`` says whether an
    organisation predicate is set on it or above it."""

    people: int
    has_pattern: bool


def curve_level(levels: Sequence[CurveLevel], min_people: int = CURVE_MIN_PEOPLE) -> int | None:
    """Where the distribution curve of SE MenPANRB 3/2023 is checked: the nearest level (0 = the
    unit whose predicate governs) with at least ``min_people`` evaluations and a pattern. A share
    such as "Baik at most 70%" or "at least 10% Butuh Perbaikan" cannot hold for one or two
    people (70% of 1 is 0), so a small unit is checked within its parent organisation's
    distribution; when even the whole organisation is smaller, None: the curve is not applied
    and no justification is asked for."""
    for index, level in enumerate(levels):
        if level.has_pattern and level.people >= max(min_people, 1):
            return index
    return None


def rhk_level(pct: Decimal, *, above_from: Decimal = ABOVE_FROM, meets_from: Decimal = MEETS_FROM) -> Rating:
    if pct >= above_from:
        return Rating.ABOVE
    if pct >= meets_from:
        return Rating.MEETS
    return Rating.BELOW


def suggested_results_rating(
    rhks: Iterable[RhkAchievement], *, above_from: Decimal = ABOVE_FROM, meets_from: Decimal = MEETS_FROM
) -> Rating:
    """The rating the evidence suggests (the pejabat penilai chooses; a different choice needs a
    reason). PermenPANRB 6/2022 guidance: Di Atas when most RHK are above expectation and no RHK
    Utama is below; Di Bawah when most are below; otherwise Sesuai."""
    levels = [(rhk_level(r.pct, above_from=above_from, meets_from=meets_from), r.main) for r in rhks]
    if not levels:
        return Rating.BELOW
    above = sum(1 for level, _m in levels if level == Rating.ABOVE)
    below = sum(1 for level, _m in levels if level == Rating.BELOW)
    main_below = any(level == Rating.BELOW and main for level, main in levels)
    if above * 2 > len(levels) and not main_below:
        return Rating.ABOVE
    if below * 2 > len(levels):
        return Rating.BELOW
    return Rating.MEETS


# Peraturan BKN 3/2023: angka kredit = percentage of the predikat × yearly coefficient of the level.
AK_PERCENT = {
    Predikat.SANGAT_BAIK: Decimal("1.50"),
    Predikat.BAIK: Decimal("1.00"),
    Predikat.BUTUH_PERBAIKAN: Decimal("0.75"),
    Predikat.KURANG: Decimal("0.50"),
    Predikat.SANGAT_KURANG: Decimal("0.25"),
}
# Ahli Pertama 12.5 and Ahli Madya 37.5 are confirmed; the others are UNCONFIRMED in DOMAIN.md.
AK_COEFFICIENT = {
    "pemula": Decimal("3.75"),
    "terampil": Decimal("5"),
    "mahir": Decimal("12.5"),
    "penyelia": Decimal("25"),
    "ahli_pertama": Decimal("12.5"),
    "ahli_muda": Decimal("25"),
    "ahli_madya": Decimal("37.5"),
    "ahli_utama": Decimal("50"),
}


AK_PLACES = Decimal("0.001")


def angka_kredit(
    p: Predikat, level: str, *, months: int = 12, coefficients: Mapping[str, Decimal] = AK_COEFFICIENT
) -> Decimal:
    """AK = months/12 × percentage × coefficient, kept to three decimals as BKN's conversion
    does (2/12 × 100% × 12.5 = 2.083). The one rule: the appraisal page and the development
    app's credit ledger both call it."""
    if not 1 <= months <= 12:
        raise ValueError("months must be 1..12")
    value = Decimal(months) / Decimal(12) * AK_PERCENT[Predikat(p)] * coefficients[level]
    return value.quantize(AK_PLACES, rounding=ROUND_HALF_UP)


GOOD = {Predikat.SANGAT_BAIK, Predikat.BAIK}


def promotion_eligible(annual_predikat_last_years: list[Predikat]) -> bool:
    """Regular promotion needs at least Baik in each of the last two annual appraisals."""
    last_two = annual_predikat_last_years[-2:]
    return len(last_two) == 2 and all(Predikat(p) in GOOD for p in last_two)


def needs_coaching(p: Predikat) -> bool:
    """Butuh Perbaikan or worse: flag for coaching (bimbingan kinerja)."""
    return Predikat(p) not in GOOD


OBJECTION_DAYS = 14  # PP 30/2019 Ps. 59


def objection_deadline(received_on: dt.date) -> dt.date:
    return received_on + dt.timedelta(days=OBJECTION_DAYS)


def objection_open(received_on: dt.date, today: dt.date) -> bool:
    """An objection may be filed up to and including the 14th day after receiving the result."""
    return received_on <= today <= objection_deadline(received_on)


# For the leader of a unit the unit's achievement becomes the Rating Hasil Kerja (SE MenPANRB
# 3/2023). Istimewa → Di Atas and Baik → Sesuai are stated; mapping every lower predicate to Di Bawah
# follows the same SE's examples but is UNCONFIRMED, so it is a parameter.
HEAD_RESULTS = {
    OrgPredicate.ISTIMEWA: Rating.ABOVE,
    OrgPredicate.BAIK: Rating.MEETS,
    OrgPredicate.BUTUH_PERBAIKAN: Rating.BELOW,
    OrgPredicate.KURANG: Rating.BELOW,
    OrgPredicate.SANGAT_KURANG: Rating.BELOW,
}


def head_results_rating(org: OrgPredicate, mapping: Mapping[OrgPredicate, Rating] = HEAD_RESULTS) -> Rating:
    return mapping[OrgPredicate(org)]


def cut_keys(year: int, cut: str) -> list[str]:
    """Every periodic cut of a year (quarterly or monthly), then the annual one."""
    if cut == "quarterly":
        keys = [f"{year}-Q{q}" for q in range(1, 5)]
    else:
        keys = [f"{year}-{m:02d}" for m in range(1, 13)]
    return [*keys, str(year)]


def current_cut(today: dt.date, year: int, cut: str) -> str:
    """The cut a page opens on: today's periodic cut during the year, else the annual one."""
    return period_key(today, cut) if today.year == year else str(year)


def cut_months(cut_key: str) -> int:
    """Months a cut covers, for pro-rating angka kredit: 12 (annual), 3 (quarter) or 1 (month)."""
    if len(cut_key) == 4:
        return 12
    return 3 if "-Q" in cut_key else 1


class EvalStatus(StrEnum):
    DRAFT = "draft"  # being rated by the pejabat penilai
    FINAL = "final"  # signed off by the pejabat penilai; the 14 days start
    ACKNOWLEDGED = "acknowledged"  # the employee has read it
    OBJECTED = "objected"  # keberatan filed, waiting for the atasan pejabat penilai
    DECIDED = "decided"  # the objection is decided: final, no further step


def objection_problem(
    status: EvalStatus, *, received_on: dt.date, today: dt.date, has_objection: bool, by_employee: bool
) -> str | None:
    """Why an objection cannot be filed now, or None when it can (PP 30/2019 Ps. 59)."""
    if not by_employee:
        return _("Keberatan hanya dapat diajukan oleh pegawai yang dinilai.")
    if has_objection:
        return _("Keberatan atas evaluasi ini sudah pernah diajukan.")
    if EvalStatus(status) not in (EvalStatus.FINAL, EvalStatus.ACKNOWLEDGED):
        return _("Keberatan hanya dapat diajukan atas evaluasi yang sudah ditetapkan.")
    if not objection_open(received_on, today):
        return _("Batas waktu keberatan (14 hari sejak hasil diterima) sudah lewat.")
    return None
