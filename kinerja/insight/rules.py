"""Insight rules: the IKU roll-up and the fairness flags of raters. Pure Python, no Django.

Fairness flags are *advice* for the calibration meeting (ISSUE 15; SE MenPANRB 3/2023 frames the
curve as a consideration): a flag never changes a rating. Each flag carries the figures that
explain it, so its message reads "rated 9 of 10 Di Atas; evidence suggests 3 of 10". The
thresholds are configuration (settings.INSIGHT_FAIRNESS overrides `Thresholds`): no regulation
fixes them (UNCONFIRMED), they are this system's starting points.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from kinerja.appraisal.rules import OrgPredicate, Predikat, Rating, curve_issues
from kinerja.appraisal.rules import predikat as matrix_predikat


def _(message: str) -> str:
    return message


# ------------------------------------------------------------------------------ IKU roll-up
class Aggregation(StrEnum):
    """How an IKU's realization follows from the results (indicators) that support it."""

    SUM = "sum"  # e.g. people served: every supporting result adds up
    AVERAGE = "average"  # e.g. a percentage reached by each unit
    WEIGHTED = "weighted"  # achievement of each result weighted by its target, scaled to the IKU target
    LAST = "last"  # e.g. an index measured once: the latest cut with a value


@dataclass(frozen=True)
class Supporting:
    """One supporting indicator: its target and its realization per cut ("2026-Q1" → 12)."""

    target: Decimal
    by_cut: Mapping[str, Decimal]


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def iku_realization(
    aggregation: Aggregation, iku_target: Decimal, supporting: Sequence[Supporting], cuts: Sequence[str]
) -> Decimal | None:
    """The IKU's realization up to and including the last of ``cuts`` (cuts in time order).

    None when no supporting result has a realization in those cuts: "no data" is not zero.
    """
    cuts = list(cuts)
    totals = [sum((s.by_cut.get(c, Decimal(0)) for c in cuts), Decimal(0)) for s in supporting]
    reported = [any(c in s.by_cut for c in cuts) for s in supporting]
    if not any(reported):
        return None
    aggregation = Aggregation(aggregation)
    if aggregation == Aggregation.SUM:
        return _q(sum(totals, Decimal(0)))
    if aggregation == Aggregation.AVERAGE:
        values = [t for t, r in zip(totals, reported, strict=True) if r]
        return _q(sum(values, Decimal(0)) / len(values))
    if aggregation == Aggregation.WEIGHTED:
        target_sum = sum((s.target for s in supporting), Decimal(0))
        if target_sum <= 0:
            return None
        return _q(Decimal(iku_target) * sum(totals, Decimal(0)) / target_sum)
    # LAST: the latest cut in which any supporting result has a value, summed over results.
    for cut in reversed(cuts):
        values = [s.by_cut[cut] for s in supporting if cut in s.by_cut]
        if values:
            return _q(sum(values, Decimal(0)))
    return None  # pragma: no cover - reported guarantees a value above


def achievement_pct(realized: Decimal | None, target: Decimal, *, lower_is_better: bool = False) -> Decimal | None:
    """Realization against target in percent (for a lower-is-better IKU, target ÷ realization)."""
    if realized is None or target <= 0:
        return None
    if lower_is_better:
        return _q(Decimal(100) * target / realized) if realized > 0 else Decimal(100)
    return _q(Decimal(100) * realized / target)


# ------------------------------------------------------------------------------ fairness
@dataclass(frozen=True)
class Thresholds:
    """Configurable limits (UNCONFIRMED: no regulation sets them)."""

    min_rated: int = 5  # ratings a rater must have given before leniency/severity/curve are judged
    leniency_gap: int = 3  # chosen Di Atas minus suggested Di Atas, in people
    leniency_share: float = 0.3  # … and as a share of the people rated
    min_decisions: int = 20  # entries decided before rubber-stamping is judged
    accept_share: float = 0.97  # accepted ÷ decided at or above this …
    unopened_share: float = 0.8  # … and evidence never opened on this share of entries with evidence
    favour_min_cuts: int = 2  # a subordinate needs this many rated cuts to count as "consistently"
    favour_share: float = 0.6  # rated above the evidence in at least this share of their cuts
    favour_min_people: int = 3  # a rater with fewer people cannot favour some over others
    late_days: int = 7  # an entry decided (or still waiting) after this many days is late
    late_share: float = 0.25  # late ÷ (decided + waiting) at or above this

    @classmethod
    def from_mapping(cls, values: Mapping[str, object] | None) -> Thresholds:
        """Defaults overridden by configuration; unknown keys are ignored, values are cast."""
        base = cls()
        if not values:
            return base
        known = {f.name: type(getattr(base, f.name)) for f in fields(cls)}
        return replace(base, **{k: known[k](v) for k, v in values.items() if k in known})


@dataclass(frozen=True)
class PersonCuts:
    """One subordinate of the rater: in how many cuts they were rated, and how often the
    chosen results rating was above / below the rating their evidence suggested."""

    employee_id: int
    cuts: int
    above: int
    below: int


@dataclass(frozen=True)
class RaterFigures:
    """Everything a rater's flags cite, computed in one pass for a rater and a cut."""

    rated: int = 0
    chosen: Mapping[str, int] = field(default_factory=dict)  # Rating value → people
    suggested: Mapping[str, int] = field(default_factory=dict)
    predikat: Mapping[str, int] = field(default_factory=dict)  # Predikat value → people
    org_predicate: str = ""  # the governing organisation predicate of the rater's unit, if set
    people: Sequence[PersonCuts] = ()
    decided: int = 0
    accepted: int = 0
    with_evidence: int = 0
    unopened: int = 0  # decided entries with file evidence the rater never opened
    waiting: int = 0
    late: int = 0  # decided after late_days, or waiting longer than that

    def as_dict(self) -> dict:
        return {
            "rated": self.rated,
            "chosen": dict(self.chosen),
            "suggested": dict(self.suggested),
            "predikat": dict(self.predikat),
            "org_predicate": self.org_predicate,
            "people": [p.__dict__ for p in self.people],
            "decided": self.decided,
            "accepted": self.accepted,
            "with_evidence": self.with_evidence,
            "unopened": self.unopened,
            "waiting": self.waiting,
            "late": self.late,
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> RaterFigures:
        values = dict(data)
        values["people"] = tuple(PersonCuts(**p) for p in values.get("people", ()))
        return cls(**{f.name: values[f.name] for f in fields(cls) if f.name in values})


class FlagCode(StrEnum):
    LENIENT = "lenient"
    SEVERE = "severe"
    RUBBER_STAMP = "rubber_stamp"
    FAVOURITISM = "favouritism"
    CURVE = "curve"
    LATE = "late"


FLAG_LABELS = {
    FlagCode.LENIENT: _("Terlalu murah hati"),
    FlagCode.SEVERE: _("Terlalu keras"),
    FlagCode.RUBBER_STAMP: _("Menyetujui tanpa memeriksa"),
    FlagCode.FAVOURITISM: _("Pilih kasih"),
    FlagCode.CURVE: _("Menyimpang dari kurva"),
    FlagCode.LATE: _("Verifikasi terlambat"),
}


@dataclass(frozen=True)
class Flag:
    """A flag with the sentence that explains it (untranslated; params fill it) and the people
    whose cases it points to."""

    code: FlagCode
    message: str
    params: Mapping[str, object]
    employee_ids: tuple[int, ...] = ()

    def as_dict(self) -> dict:
        return {
            "code": self.code.value,
            "message": self.message,
            "params": dict(self.params),
            "employee_ids": list(self.employee_ids),
        }


def _pct(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def rater_flags(figures: RaterFigures, thresholds: Thresholds | None = None) -> list[Flag]:
    """The flags of one rater for one cut. An honest rater (ratings as the evidence suggests,
    evidence opened, entries decided on time) gets none."""
    t = thresholds or Thresholds()
    flags: list[Flag] = []
    n = figures.rated
    if n >= t.min_rated:
        for code, rating, label in (
            (FlagCode.LENIENT, Rating.ABOVE, "Di Atas Ekspektasi"),
            (FlagCode.SEVERE, Rating.BELOW, "Di Bawah Ekspektasi"),
        ):
            chosen = figures.chosen.get(rating.value, 0)
            suggested = figures.suggested.get(rating.value, 0)
            if chosen - suggested >= max(t.leniency_gap, t.leniency_share * n):
                flags.append(
                    Flag(
                        code,
                        _(
                            "Memberi %(chosen)s dari %(n)s pegawai %(label)s; "
                            "bukti menyarankan %(suggested)s dari %(n)s."
                        ),
                        {"chosen": chosen, "suggested": suggested, "n": n, "label": label},
                    )
                )
    if figures.decided >= t.min_decisions and figures.with_evidence:
        accepted_share = figures.accepted / figures.decided
        unopened_share = figures.unopened / figures.with_evidence
        if accepted_share >= t.accept_share and unopened_share >= t.unopened_share:
            flags.append(
                Flag(
                    FlagCode.RUBBER_STAMP,
                    _(
                        "Menerima %(accepted)s dari %(decided)s kegiatan (%(accepted_pct)s%%); bukti tidak pernah "
                        "dibuka pada %(unopened)s dari %(with_evidence)s kegiatan berbukti."
                    ),
                    {
                        "accepted": figures.accepted,
                        "decided": figures.decided,
                        "accepted_pct": _pct(figures.accepted, figures.decided),
                        "unopened": figures.unopened,
                        "with_evidence": figures.with_evidence,
                    },
                )
            )
    counted = [p for p in figures.people if p.cuts >= t.favour_min_cuts]
    if len(counted) >= t.favour_min_people:
        favoured = [p for p in counted if p.above / p.cuts >= t.favour_share]
        others = [p for p in counted if p.above == 0]
        # Favouritism is a split: some consistently above their evidence while others never are.
        # A rater lenient with everyone is caught by the leniency flag instead.
        if favoured and others and len(favoured) <= len(counted) / 2:
            flags.append(
                Flag(
                    FlagCode.FAVOURITISM,
                    _(
                        "%(favoured)s dari %(people)s pegawai dinilai di atas saran bukti pada sebagian besar "
                        "periode (%(cuts)s dari %(total_cuts)s penilaian); %(others)s pegawai lain tidak pernah."
                    ),
                    {
                        "favoured": len(favoured),
                        "people": len(counted),
                        "cuts": sum(p.above for p in favoured),
                        "total_cuts": sum(p.cuts for p in favoured),
                        "others": len(others),
                    },
                    tuple(sorted(p.employee_id for p in favoured)),
                )
            )
    if n >= t.min_rated and figures.org_predicate:
        counts = {p: figures.predikat.get(p.value, 0) for p in Predikat}
        issues = curve_issues(OrgPredicate(figures.org_predicate), counts)
        if issues:
            flags.append(
                Flag(
                    FlagCode.CURVE,
                    _("Sebaran predikat %(n)s pegawai menyimpang dari kurva organisasi (%(issues)s ketentuan)."),
                    {"n": n, "issues": len(issues)},
                )
            )
    handled = figures.decided + figures.waiting
    if handled >= t.min_decisions and figures.late / handled >= t.late_share:
        flags.append(
            Flag(
                FlagCode.LATE,
                _("%(late)s dari %(handled)s kegiatan diverifikasi lebih dari %(days)s hari setelah diajukan."),
                {"late": figures.late, "handled": handled, "days": t.late_days},
            )
        )
    return flags


def people_cuts(rows: Iterable[tuple[int, str, str]]) -> list[PersonCuts]:
    """(employee id, suggested results, chosen results) per rated cut → per person counts."""
    order = {Rating.BELOW.value: 0, Rating.MEETS.value: 1, Rating.ABOVE.value: 2}
    per: dict[int, list[int]] = {}
    for employee_id, suggested, chosen in rows:
        cuts = per.setdefault(employee_id, [0, 0, 0])
        cuts[0] += 1
        diff = order[chosen] - order[suggested]
        cuts[1] += diff > 0
        cuts[2] += diff < 0
    return [PersonCuts(pk, c, a, b) for pk, (c, a, b) in sorted(per.items())]


# ------------------------------------------------------------------------------ history import
HISTORY_DECISIONS = {"verified", "returned", "submitted"}
RATING_VALUES = {r.value for r in Rating}
PREDIKAT_VALUES = {p.value for p in Predikat}
MAX_DESCRIPTION = 2000


@dataclass(frozen=True)
class HistoryActivity:
    source_id: str
    nip: str
    date: dt.date
    minutes: int
    description: str
    quantity: Decimal
    submitted_at: dt.datetime
    decision: str
    decided_at: dt.datetime | None
    verifier_nip: str
    comment: str


@dataclass(frozen=True)
class HistoryEvaluation:
    nip: str
    cut: str
    evaluator_nip: str
    suggested: str
    results: str
    behaviour: str
    predikat: str
    achievement_pct: Decimal
    rated_at: dt.datetime | None


def _when(value, field_name: str, problems: list[str], *, required: bool) -> dt.datetime | None:
    if value in (None, ""):
        if required:
            problems.append(_("%(field)s wajib diisi.") % {"field": field_name})
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError:
        problems.append(_("%(field)s bukan waktu ISO 8601.") % {"field": field_name})
        return None
    if parsed.tzinfo is None:
        problems.append(_("%(field)s harus menyebut zona waktu (mis. +07:00).") % {"field": field_name})
        return None
    return parsed


def _nip(value, field_name: str, problems: list[str], *, required: bool = True) -> str:
    nip = "".join(str(value or "").split())
    if not nip:
        if required:
            problems.append(_("%(field)s wajib diisi.") % {"field": field_name})
        return ""
    if not nip.isdigit() or len(nip) != 18:
        problems.append(_("%(field)s harus 18 angka.") % {"field": field_name})
    return nip


def _cut_key_ok(cut: str) -> bool:
    if len(cut) == 4:
        return cut.isdigit()
    if len(cut) != 7 or cut[4] != "-" or not cut[:4].isdigit():
        return False
    part = cut[5:]
    return part in {"Q1", "Q2", "Q3", "Q4"} or (part.isdigit() and 1 <= int(part) <= 12)


def parse_history_line(data: Mapping) -> tuple[HistoryActivity | HistoryEvaluation | None, list[str]]:
    """One line of the history file (docs/import-history.md) → a clean record, or the problems
    found (in Indonesian, untranslated here). No lookups: NIPs are checked against the instansi
    by the caller."""
    problems: list[str] = []
    if not isinstance(data, Mapping):
        return None, [_("Baris harus berupa objek JSON.")]
    kind = data.get("type")
    if kind == "activity":
        source_id = str(data.get("id") or "").strip()
        if not source_id or len(source_id) > 100:
            problems.append(_("id wajib diisi (paling panjang 100 karakter)."))
        nip = _nip(data.get("nip"), "nip", problems)
        try:
            day = dt.date.fromisoformat(str(data.get("date")))
        except ValueError:
            problems.append(_("date harus berupa tanggal YYYY-MM-DD."))
            day = None
        minutes = data.get("minutes")
        if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 1440:
            problems.append(_("minutes harus bilangan bulat 1–1440."))
        description = str(data.get("description") or "").strip()
        if not description or len(description) > MAX_DESCRIPTION:
            problems.append(_("description wajib diisi (paling panjang 2000 karakter)."))
        try:
            quantity = Decimal(str(data.get("quantity", 0)))
            if not quantity.is_finite() or quantity < 0 or quantity >= Decimal("1e10"):
                raise ArithmeticError
        except (ArithmeticError, ValueError):
            problems.append(_("quantity harus angka nol atau lebih."))
            quantity = Decimal(0)
        submitted = _when(data.get("submitted_at"), "submitted_at", problems, required=True)
        decision = data.get("decision")
        if decision not in HISTORY_DECISIONS:
            problems.append(_("decision harus verified, returned atau submitted."))
        decided = _when(data.get("decided_at"), "decided_at", problems, required=decision in {"verified", "returned"})
        if decision == "submitted" and decided is not None:
            problems.append(_("Kegiatan yang masih menunggu (submitted) tidak punya decided_at."))
        if submitted and decided and decided < submitted:
            problems.append(_("decided_at sebelum submitted_at."))
        verifier = _nip(data.get("verifier_nip"), "verifier_nip", problems, required=decision != "submitted")
        if verifier and verifier == nip:
            problems.append(_("Pegawai tidak dapat memverifikasi kegiatannya sendiri."))
        if problems:
            return None, problems
        return (
            HistoryActivity(
                source_id,
                nip,
                day,
                minutes,
                description,
                quantity,
                submitted,
                decision,
                decided,
                verifier,
                str(data.get("comment") or "")[:MAX_DESCRIPTION],
            ),
            [],
        )
    if kind == "evaluation":
        nip = _nip(data.get("nip"), "nip", problems)
        cut = str(data.get("cut") or "")
        if not _cut_key_ok(cut):
            problems.append(_("cut harus tahun (2025), triwulan (2025-Q4) atau bulan (2025-11)."))
        evaluator = _nip(data.get("evaluator_nip"), "evaluator_nip", problems, required=False)
        values = {}
        for name in ("suggested", "results", "behaviour"):
            value = data.get(name) or ""
            if name == "suggested" and value == "":
                value = data.get("results") or ""
            if value not in RATING_VALUES:
                problems.append(_("%(field)s harus di_atas, sesuai atau di_bawah.") % {"field": name})
            values[name] = value
        predikat = data.get("predikat")
        if predikat not in PREDIKAT_VALUES:
            problems.append(_("predikat tidak dikenal."))
        elif not problems:
            if matrix_predikat(Rating(values["results"]), Rating(values["behaviour"])).value != predikat:
                problems.append(_("predikat tidak sesuai dengan matriks rating hasil kerja dan perilaku."))
        try:
            achievement = Decimal(str(data.get("achievement_pct", 0)))
            if not achievement.is_finite() or not 0 <= achievement < 10000:
                raise ArithmeticError
        except (ArithmeticError, ValueError):
            problems.append(_("achievement_pct harus angka 0–9999."))
            achievement = Decimal(0)
        rated = _when(data.get("rated_at"), "rated_at", problems, required=False)
        if problems:
            return None, problems
        return (
            HistoryEvaluation(
                nip,
                cut,
                evaluator,
                values["suggested"],
                values["results"],
                values["behaviour"],
                predikat,
                achievement.quantize(Decimal("0.01")),
                rated,
            ),
            [],
        )
    return None, [_("type harus activity atau evaluation.")]
