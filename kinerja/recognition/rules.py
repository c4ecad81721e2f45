"""Ranking for recognition (pegawai teladan / terbaik): pure functions, no Django imports.

The order follows the predikat first (PermenPANRB 6/2022: the verdict of the pejabat penilai),
then the objective evidence behind it: achievement % of the indicators (which includes indicators
bound to citizen measures such as IKM or complaints handled), then the number of verified work
entries. Equal on all three is a tie: both share the position, and the explanation says so.
Each position carries the reason it is above the next one, so an admin sees why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

PREDIKAT_ORDER = {"sangat_baik": 5, "baik": 4, "butuh_perbaikan": 3, "kurang": 2, "sangat_kurang": 1, "": 0}


def _(message: str) -> str:
    return message


@dataclass(frozen=True)
class Candidate:
    key: int  # employee id
    predikat: str
    achievement_pct: Decimal
    verified_entries: int
    name: str = ""


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    position: int  # 1-based, shared on a tie
    tied: bool
    reason: str  # why above the next one (or tied with it); a message with %(…)s params
    params: dict


def sort_key(c: Candidate) -> tuple:
    return (-PREDIKAT_ORDER.get(c.predikat, 0), -c.achievement_pct, -c.verified_entries)


def _explain(upper: Candidate, lower: Candidate | None) -> tuple[str, dict]:
    if lower is None:
        return _("Urutan terakhir."), {}
    if PREDIKAT_ORDER.get(upper.predikat, 0) != PREDIKAT_ORDER.get(lower.predikat, 0):
        return _("Predikat lebih tinggi dari urutan berikutnya."), {}
    if upper.achievement_pct != lower.achievement_pct:
        return (
            _("Predikat sama; capaian indikator %(a)s%% lebih tinggi dari %(b)s%%."),
            {"a": upper.achievement_pct, "b": lower.achievement_pct},
        )
    if upper.verified_entries != lower.verified_entries:
        return (
            _("Predikat dan capaian sama; %(a)s kegiatan terverifikasi, lebih banyak dari %(b)s."),
            {"a": upper.verified_entries, "b": lower.verified_entries},
        )
    return _("Seri: predikat, capaian dan jumlah kegiatan terverifikasi sama."), {}


def rank(candidates: Sequence[Candidate]) -> list[Ranked]:
    """Candidates in order; equal keys share a position (1, 2, 2, 4: "standard competition
    ranking"), ties among equals broken for display by name only, never for the position."""
    ordered = sorted(candidates, key=lambda c: (sort_key(c), c.name, c.key))
    result: list[Ranked] = []
    position = 0
    for index, candidate in enumerate(ordered):
        previous = ordered[index - 1] if index else None
        if previous is None or sort_key(previous) != sort_key(candidate):
            position = index + 1
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        tied = (previous is not None and sort_key(previous) == sort_key(candidate)) or (
            following is not None and sort_key(following) == sort_key(candidate)
        )
        reason, params = _explain(candidate, following)
        result.append(Ranked(candidate, position, tied, reason, params))
    return result
