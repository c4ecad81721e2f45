"""Whole-instansi evaluation, set-based (ARCHITECTURE.md: hot paths).

`evaluations_compute` rebuilds the realization summaries with one GROUP BY inside the database,
reads every indicator's target and realization for the cut in one query, applies the pure rules
in memory (no query per employee), and writes the new evaluations and the drafts whose figures
changed with one single-row statement each, sent by ``executemany`` (core.bulk). Final
evaluations are never touched, so running it again is idempotent.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, DecimalField, F, FilteredRelation, Q, Sum, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.activities import rules as activity_rules
from kinerja.activities.services import realizations_rebuild
from kinerja.citizen import metrics
from kinerja.core.bulk import insert_rows, update_rows
from kinerja.core.i18n import Message, deferred
from kinerja.notifications.models import Kind as NotificationKind
from kinerja.notifications.services import notify
from kinerja.org.models import Employee, Instansi, Unit
from kinerja.skp.models import Indicator, Period, Skp
from kinerja.skp.rules import BERAKHLAK, SkpStatus, TargetMode, cut_count, cut_label, measure, period_target

from . import access, rules
from .models import Evaluation, EvaluationStatusChange, Objection, PeerInput, UnitPredicate

COMPUTED_FIELDS = [
    "skp_id",
    "evaluator_id",
    "evaluator_supervisor_id",
    "unit_id",
    "is_unit_head",
    "unit_name",
    "achievement_pct",
    "indicator_count",
    "verified_entries",
    "suggested_results",
]


def cut_realized_filter(period: Period, cut_key: str, prefix: str = "realizations__") -> Q | None:
    """The Realization rows an indicator's figure for a cut sums: all of the year for the annual
    cut; for a periodic cut, the cut's own row, or every row up to it for an indicator with
    cumulative targets (its target is the running total, so its realization is too)."""
    if cut_key == str(period.year):
        return None
    return Q(**{f"{prefix}period_key": cut_key}) | Q(
        target_mode=TargetMode.CUMULATIVE, **{f"{prefix}period_key__lte": cut_key}
    )


def cut_indicator_rows(period: Period, cut_key: str, *, instansi_id: int):
    """Every indicator of the year's approved SKPs with its target, the cut's periodic target
    (joined: at most one row per indicator and cut), realization and verified entries for the cut:
    one grouped query, whatever the number of employees."""
    cut = cut_realized_filter(period, cut_key)
    annual = cut is None
    qs = Indicator.objects.filter(instansi_id=instansi_id, rhk__skp__period=period, rhk__skp__status=SkpStatus.APPROVED)
    fields = [
        "pk",
        "aspect",
        "target",
        "target_mode",
        "direction",
        "metric",
        "service_unit_id",
        "rhk_id",
        "rhk__kind",
        "rhk__skp_id",
        "rhk__skp__approach",
        "rhk__skp__employee_id",
        "rhk__skp__employee__unit_id",
    ]
    if annual:
        qs = qs.annotate(cut_target=Value(None, output_field=DecimalField(max_digits=14, decimal_places=2)))
    else:
        qs = qs.annotate(
            cut_plan=FilteredRelation("periodic_targets", condition=Q(periodic_targets__period_key=cut_key)),
            cut_target=F("cut_plan__target"),
        )
    return (
        qs.values(*fields, "cut_target")
        .annotate(
            realized=Sum("realizations__quantity", filter=cut),
            entries=Sum("realizations__count", filter=cut),
            score_total=Sum("realizations__score_total", filter=cut),
            scored=Sum("realizations__scored", filter=cut),
        )
        .order_by()
    )


@transaction.atomic
def evaluations_compute(*, instansi: Instansi, period: Period, cut_key: str) -> dict[str, int]:
    """Computes achievement and the suggested results rating of every approved SKP of the year."""
    realizations_rebuild(instansi_id=instansi.pk, period=period)
    indicators = list(cut_indicator_rows(period, cut_key, instansi_id=instansi.pk))
    per_rhk: dict[int, list[Decimal]] = defaultdict(list)
    rhk_meta: dict[int, tuple[int, bool]] = {}
    entries: dict[int, int] = defaultdict(int)  # verified entries behind the SKP's indicators
    # Objective indicators: the realization is computed from citizen voice, not from activities.
    measured = metrics.indicator_values(
        (
            {
                "pk": row["pk"],
                "metric": row["metric"],
                "employee_id": row["rhk__skp__employee_id"],
                "unit_id": row["rhk__skp__employee__unit_id"],
                "service_unit_id": row["service_unit_id"],
                "cumulative": row["target_mode"] == TargetMode.CUMULATIVE,
            }
            for row in indicators
        ),
        cut_key,
    )
    n = cut_count(period.cut)
    narrative: dict[int, int] = defaultdict(int)  # indicators of kualitatif SKPs: judged, not computed
    for row in indicators:
        entries[row["rhk__skp_id"]] += row["entries"] or 0
        if row["rhk__skp__approach"] == Skp.Approach.QUALITATIVE or row["target"] is None:
            narrative[row["rhk__skp_id"]] += 1
            continue
        target = period_target(row["target"], row["target_mode"], cut_key, n, row["cut_target"])
        if row["pk"] in measured:
            pct = activity_rules.progress_pct(measured[row["pk"]], target, lower_is_better=row["direction"] == "lower")
        else:  # each aspect measured its own way (skp.rules.aspect_figure)
            _figure, pct = measure(
                row["aspect"],
                row["direction"],
                target,
                quantity=row["realized"] or Decimal(0),
                entries=row["entries"] or 0,
                score_total=row["score_total"] or Decimal(0),
                scored=row["scored"] or 0,
            )
        per_rhk[row["rhk_id"]].append(Decimal(pct))
        rhk_meta[row["rhk_id"]] = (row["rhk__skp_id"], row["rhk__kind"] == "utama")
    per_skp: dict[int, list[rules.RhkAchievement]] = defaultdict(list)
    indicator_counts: dict[int, int] = defaultdict(int)
    for rhk_id, pcts in per_rhk.items():
        skp_id, main = rhk_meta[rhk_id]
        per_skp[skp_id].append(rules.RhkAchievement(sum(pcts) / len(pcts), main))
        indicator_counts[skp_id] += len(pcts)
    skps = period.skps.filter(status=SkpStatus.APPROVED).values(
        "pk",
        "approach",
        "employee_id",
        "evaluator_id",
        "evaluator_supervisor_id",
        "unit_name",
        "employee__unit_id",
        "employee__position_id",
        "employee__unit__head_position_id",
    )
    # The head of a unit is rated by the unit's achievement (SE MenPANRB 3/2023).
    unit_predicates = dict(
        UnitPredicate.objects.filter(period=period, cut_key=cut_key).values_list("unit_id", "predicate")
    )
    # Plain tuples, not model instances: building 10,000 Evaluations only to compare them cost
    # half a second at 3 million activities (bench/findings.md).
    existing = {
        row[0]: row[1:]
        for row in Evaluation.objects.filter(instansi=instansi, period=period, cut_key=cut_key)
        .order_by()
        .values_list("employee_id", "pk", "status", *COMPUTED_FIELDS)
    }
    to_create, to_update = [], []
    for skp in skps:
        achievements = per_skp.get(skp["pk"], [])
        pct = sum(a.pct for a in achievements) / len(achievements) if achievements else Decimal(0)
        unit_id = skp["employee__unit_id"]
        head = skp["employee__position_id"] is not None and (
            skp["employee__position_id"] == skp["employee__unit__head_position_id"]
        )
        suggested = rules.suggested_results_rating(achievements).value
        if skp["approach"] == Skp.Approach.QUALITATIVE:
            # Expectations in words: the pejabat penilai judges against the narrative; no number
            # can suggest a rating (the page says so).
            suggested = ""
        if head and unit_id in unit_predicates:
            suggested = rules.head_results_rating(unit_predicates[unit_id]).value
        values = {
            "skp_id": skp["pk"],
            "evaluator_id": skp["evaluator_id"],
            "evaluator_supervisor_id": skp["evaluator_supervisor_id"],
            "unit_id": unit_id,
            "is_unit_head": head,
            "unit_name": skp["unit_name"],
            "achievement_pct": pct.quantize(Decimal("0.01")),
            "indicator_count": indicator_counts.get(skp["pk"], 0) + narrative.get(skp["pk"], 0),
            "verified_entries": entries.get(skp["pk"], 0),
            "suggested_results": suggested,
        }
        current = existing.get(skp["employee_id"])
        if current is None:
            to_create.append(
                {
                    "instansi_id": instansi.pk,
                    "period_id": period.pk,
                    "cut_key": cut_key,
                    "employee_id": skp["employee_id"],
                }
                | values
            )
        elif current[1] == Evaluation.Status.DRAFT and current[2:] != tuple(values[name] for name in COMPUTED_FIELDS):
            to_update.append(SimpleNamespace(pk=current[0], **values))
    insert_rows(Evaluation, to_create)
    update_rows(Evaluation, to_update, COMPUTED_FIELDS)
    return {"created": len(to_create), "updated": len(to_update), "indicators": sum(indicator_counts.values())}


# ------------------------------------------------------------------------------ the workflow
RATINGS = {r.value for r in rules.Rating}
VALUES = [code for code, _label, _guides in BERAKHLAK]
MAX_TEXT = 4000


def _log(evaluation: Evaluation, by, from_status: str, comment: str = "") -> None:
    EvaluationStatusChange.objects.create(
        instansi_id=evaluation.instansi_id,
        evaluation=evaluation,
        from_status=from_status,
        to_status=evaluation.status,
        by=by,
        comment=comment[:MAX_TEXT],
    )


def _notify_employee(employee_id: int | None, kind: NotificationKind, text: Message, evaluation: Evaluation) -> None:
    employee = Employee.objects.filter(pk=employee_id).select_related("user").first() if employee_id else None
    user = getattr(employee, "user", None) if employee else None
    if user is not None:
        url = reverse("appraisal:detail", args=[evaluation.pk])
        notify(user, kind, text=text, url=url)


def _locked(evaluation: Evaluation) -> Evaluation:
    """The row, locked for the rest of the transaction, so two tabs cannot both move it."""
    return (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("skp", "unit", "instansi")
        .get(pk=evaluation.pk)
    )


def _clean_rating(value: str, field: str) -> rules.Rating:
    if value not in RATINGS:
        raise ValidationError({field: _("Pilih salah satu dari tiga tingkat rating.")})
    return rules.Rating(value)


def governing_predicate(evaluation_unit: Unit | None, period: Period, cut_key: str) -> UnitPredicate | None:
    """The organisation predicate that applies to a unit: its own or the nearest one above it."""
    if evaluation_unit is None:
        return None
    ancestors = [evaluation_unit.path[:end] for end in range(7, len(evaluation_unit.path) + 1, 7)]
    return (
        UnitPredicate.objects.filter(period=period, cut_key=cut_key, unit__path__in=ancestors)
        .select_related("unit")
        .order_by("-unit__depth")
        .first()
    )


@dataclass
class CurveScope:
    """Which distribution the curve is checked on (rules.curve_level) and with which pattern.
    ``applied`` is "unit" (the governing unit's own), "parent" (an organisation above it,
    because the unit is too small), "none" (too few people even at the top) or "missing" (no
    organisation predicate yet)."""

    applied: str
    governing: UnitPredicate | None  # the predicate that governs the unit
    predicate: UnitPredicate | None  # the pattern checked (governing's, or one set above it)
    base: Unit | None  # whose subtree's distribution is checked
    people: int  # evaluations in the governing unit's subtree
    min_people: int


def curve_scope(unit: Unit | None, period: Period, cut_key: str) -> CurveScope:
    """Four small queries whatever the depth: the governing predicate, the predicates above it,
    the evaluation counts of every level in one aggregate, the level units."""
    min_people = settings.APPRAISAL_CURVE_MIN_PEOPLE
    governing = governing_predicate(unit, period, cut_key)
    if governing is None:
        return CurveScope("missing", None, None, unit, 0, min_people)
    path = governing.unit.path
    chain = [path[:end] for end in range(len(path), 6, -7)]  # the governing unit, then upward
    above = {
        p.unit.path: p
        for p in UnitPredicate.objects.filter(period=period, cut_key=cut_key, unit__path__in=chain[1:]).select_related(
            "unit"
        )
    }
    above[path] = governing
    sizes = Evaluation.objects.filter(period=period, cut_key=cut_key, unit__path__startswith=chain[-1]).aggregate(
        **{f"l{i}": Count("pk", filter=Q(unit__path__startswith=p)) for i, p in enumerate(chain)}
    )
    patterns: list[UnitPredicate | None] = []
    for level_path in chain:  # the nearest predicate at or above each level
        patterns.append(above.get(level_path))
    for i in range(len(patterns) - 2, -1, -1):
        patterns[i] = patterns[i] or patterns[i + 1]
    levels = [rules.CurveLevel(sizes[f"l{i}"] or 0, patterns[i] is not None) for i in range(len(chain))]
    index = rules.curve_level(levels, min_people)
    people = levels[0].people
    if index is None:
        return CurveScope("none", governing, None, governing.unit, people, min_people)
    if index == 0:
        return CurveScope("unit", governing, governing, governing.unit, people, min_people)
    base = Unit.objects.get(instansi_id=governing.instansi_id, path=chain[index])
    return CurveScope("parent", governing, patterns[index], base, people, min_people)


def curve_counts(unit: Unit, period: Period, cut_key: str) -> dict[rules.Predikat, int]:
    """Employee predicates in a unit's subtree, counted in the database."""
    rows = (
        Evaluation.objects.filter(period=period, cut_key=cut_key, unit__path__startswith=unit.path)
        .exclude(predikat="")
        .values("predikat")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {p: 0 for p in rules.Predikat}
    for row in rows:
        counts[rules.Predikat(row["predikat"])] = row["n"]
    return counts


@transaction.atomic
def evaluation_rate(
    *,
    evaluation: Evaluation,
    by,
    results_rating: str,
    behaviour_rating: str,
    results_reason: str = "",
    behaviour_feedback: dict[str, str] | None = None,
    indicator_feedback: dict[str, str] | None = None,
) -> Evaluation:
    """The pejabat penilai's ratings; the predikat follows from the matrix. For the head of a unit
    the results rating follows the unit's organisation predicate (an empty one is filled in)."""
    evaluation = _locked(evaluation)
    if by.employee_id is None or by.employee_id != evaluation.evaluator_id:
        raise ValidationError(_("Hanya pejabat penilai pegawai ini yang dapat memberi rating."))
    if evaluation.status != Evaluation.Status.DRAFT:
        raise ValidationError(_("Evaluasi yang sudah ditetapkan tidak dapat diubah."))
    if evaluation.skp.status != SkpStatus.APPROVED:
        raise ValidationError(_("SKP pegawai belum disetujui; evaluasi tidak dapat dinilai."))
    behaviour = _clean_rating(behaviour_rating, "behaviour_rating")
    reason = (results_reason or "").strip()
    if len(reason) > MAX_TEXT:
        raise ValidationError({"results_reason": _("Alasan terlalu panjang (maksimal 4000 karakter).")})
    if evaluation.is_unit_head:
        # The unit's achievement is the head's results rating: filled in when left empty.
        governing = governing_predicate(evaluation.unit, evaluation.period, evaluation.cut_key)
        if governing is None or governing.unit_id != evaluation.unit_id:
            raise ValidationError(
                _("Rating hasil kerja kepala unit mengikuti predikat organisasi unitnya, yang belum ditetapkan.")
            )
        expected = rules.head_results_rating(rules.OrgPredicate(governing.predicate))
        results = _clean_rating(results_rating or expected.value, "results_rating")
        if results != expected:
            raise ValidationError(
                {"results_rating": _("Rating hasil kerja kepala unit mengikuti capaian kinerja organisasi unitnya.")}
            )
    else:
        results = _clean_rating(results_rating, "results_rating")
        # No suggestion (a kualitatif SKP): the rating is the judgement itself, no reason asked.
        if evaluation.suggested_results and results.value != evaluation.suggested_results and not reason:
            raise ValidationError(
                {"results_rating": _("Rating berbeda dari saran berdasarkan bukti; tuliskan alasannya.")}
            )
    feedback = {
        code: str(text).strip()[:MAX_TEXT] for code, text in (behaviour_feedback or {}).items() if code in VALUES
    }
    indicator_ids = {
        str(pk) for pk in Indicator.objects.filter(rhk__skp_id=evaluation.skp_id).values_list("pk", flat=True)
    }
    per_indicator = {
        str(pk): str(text).strip()[:MAX_TEXT]
        for pk, text in (indicator_feedback or {}).items()
        if str(pk) in indicator_ids
    }
    evaluation.results_rating = results.value
    evaluation.results_reason = reason if results.value != evaluation.suggested_results else ""
    evaluation.behaviour_rating = behaviour.value
    if behaviour_feedback is not None:
        evaluation.behaviour_feedback = {code: text for code, text in feedback.items() if text}
    if indicator_feedback is not None:
        evaluation.indicator_feedback = {pk: text for pk, text in per_indicator.items() if text}
    evaluation.predikat = rules.predikat(results, behaviour).value
    evaluation.rated_at = timezone.now()
    evaluation.save()
    _log(evaluation, by, evaluation.status, _("Rating: %(predikat)s") % {"predikat": evaluation.get_predikat_display()})
    return evaluation


@transaction.atomic
def evaluation_calibrate(*, evaluation: Evaluation, by, results_rating: str, reason: str) -> Evaluation:
    """A calibration meeting changes a draft's results rating (the predikat follows from the
    matrix with the behaviour rating already given). The meeting's reason is kept on the
    evaluation and in its status history; who may hold the meeting is the caller's check."""
    evaluation = _locked(evaluation)
    if evaluation.status != Evaluation.Status.DRAFT:
        raise ValidationError(_("Evaluasi yang sudah ditetapkan tidak dapat diubah dalam kalibrasi."))
    if not evaluation.behaviour_rating:
        raise ValidationError(_("Evaluasi ini belum diberi rating oleh pejabat penilai."))
    if evaluation.is_unit_head:
        raise ValidationError(_("Rating hasil kerja kepala unit mengikuti capaian kinerja organisasi unitnya."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan perubahan rating.")})
    if len(reason) > MAX_TEXT:
        raise ValidationError({"reason": _("Alasan terlalu panjang (maksimal 4000 karakter).")})
    results = _clean_rating(results_rating, "results_rating")
    evaluation.results_rating = results.value
    evaluation.results_reason = reason if results.value != evaluation.suggested_results else ""
    evaluation.predikat = rules.predikat(results, rules.Rating(evaluation.behaviour_rating)).value
    evaluation.save()
    _log(
        evaluation,
        by,
        evaluation.status,
        _("Kalibrasi: %(predikat)s. %(reason)s") % {"predikat": evaluation.get_predikat_display(), "reason": reason},
    )
    return evaluation


@transaction.atomic
def unit_predicate_set(
    *, unit: Unit, period: Period, cut_key: str, predicate: str, by, basis: str = ""
) -> UnitPredicate:
    """Step 1 of SE MenPANRB 3/2023, by the leader of the organisation above the unit (or the
    instansi's admin). Fixed once an evaluation under it is final."""
    if not access.can_set_predicate(by, unit):
        raise ValidationError(
            _("Predikat kinerja organisasi unit ini ditetapkan oleh pimpinan unit di atasnya atau admin kepegawaian.")
        )
    if cut_key not in rules.cut_keys(period.year, period.cut):
        raise ValidationError(_("Periode penilaian tidak dikenal."))
    if predicate not in {p.value for p in rules.OrgPredicate}:
        raise ValidationError({"predicate": _("Pilih predikat kinerja organisasi.")})
    if len(basis) > MAX_TEXT:
        raise ValidationError({"basis": _("Dasar penetapan terlalu panjang (maksimal 4000 karakter).")})
    finals = Evaluation.objects.filter(period=period, cut_key=cut_key, unit__path__startswith=unit.path).exclude(
        status=Evaluation.Status.DRAFT
    )
    if finals.exists():
        raise ValidationError(
            _("Predikat organisasi tidak dapat diubah: sudah ada evaluasi yang ditetapkan di unit ini.")
        )
    current, _created = UnitPredicate.objects.update_or_create(
        unit=unit,
        period=period,
        cut_key=cut_key,
        defaults={"instansi_id": unit.instansi_id, "predicate": predicate, "basis": basis.strip(), "set_by": by},
    )
    head_rating = rules.head_results_rating(rules.OrgPredicate(predicate)).value
    Evaluation.objects.filter(
        period=period, cut_key=cut_key, unit=unit, is_unit_head=True, status=Evaluation.Status.DRAFT
    ).update(suggested_results=head_rating)
    return current


@transaction.atomic
def evaluation_finalise(*, evaluation: Evaluation, by, justification: str = "") -> Evaluation:
    """Signed off by the pejabat penilai; the curve of the unit is checked first."""
    evaluation = _locked(evaluation)
    if by.employee_id is None or by.employee_id != evaluation.evaluator_id:
        raise ValidationError(_("Hanya pejabat penilai pegawai ini yang dapat menetapkan evaluasi."))
    if evaluation.status != Evaluation.Status.DRAFT:
        raise ValidationError(_("Evaluasi ini sudah ditetapkan."))
    if not evaluation.predikat:
        raise ValidationError(_("Beri rating hasil kerja dan perilaku kerja sebelum menetapkan."))
    if evaluation.skp.status != SkpStatus.APPROVED:
        raise ValidationError(_("SKP pegawai belum disetujui; evaluasi tidak dapat ditetapkan."))
    scope = curve_scope(evaluation.unit, evaluation.period, evaluation.cut_key)
    if scope.governing is None:
        raise ValidationError(
            _("Predikat kinerja organisasi unit %(unit)s belum ditetapkan oleh admin atau pimpinan unit.")
            % {"unit": evaluation.unit_name}
        )
    issues = []
    if scope.predicate is not None:  # "none": too few people for any share to hold
        counts = curve_counts(scope.base, evaluation.period, evaluation.cut_key)
        issues = rules.curve_issues(rules.OrgPredicate(scope.predicate.predicate), counts)
    justification = (justification or "").strip()[:MAX_TEXT]
    if issues and not (scope.predicate.curve_justification or justification):
        raise ValidationError(
            {
                "justification": _(
                    "Distribusi predikat di %(unit)s tidak sesuai pola predikat organisasi; tuliskan justifikasinya."
                )
                % {"unit": scope.base.name}
            }
        )
    if issues and justification:
        scope.predicate.curve_justification = justification
        scope.predicate.save(update_fields=["curve_justification", "updated_at"])
    now = timezone.now()
    evaluation.status = Evaluation.Status.FINAL
    evaluation.finalised_at = now
    evaluation.received_on = timezone.localdate(now, timezone=evaluation.instansi.tzinfo)
    evaluation.save()
    _log(evaluation, by, Evaluation.Status.DRAFT, justification if issues else "")
    _notify_employee(
        evaluation.employee_id,
        NotificationKind.EVALUATION_FINALISED,
        deferred("Hasil evaluasi kinerja %(cut)s sudah ditetapkan: %(predikat)s")
        % {"cut": cut_label(evaluation.cut_key, Message), "predikat": Message(evaluation.get_predikat_display())},
        evaluation,
    )
    return evaluation


@transaction.atomic
def evaluation_acknowledge(*, evaluation: Evaluation, by) -> Evaluation:
    evaluation = _locked(evaluation)
    if by.employee_id is None or by.employee_id != evaluation.employee_id:
        raise ValidationError(_("Hanya pegawai yang dinilai yang dapat menyatakan menerima hasil evaluasi."))
    if evaluation.status != Evaluation.Status.FINAL:
        raise ValidationError(_("Hasil evaluasi ini tidak menunggu tanda terima."))
    evaluation.status = Evaluation.Status.ACKNOWLEDGED
    evaluation.acknowledged_at = timezone.now()
    evaluation.save()
    _log(evaluation, by, Evaluation.Status.FINAL)
    return evaluation


@transaction.atomic
def objection_file(*, evaluation: Evaluation, by, reason: str, category: str = Objection.Category.OTHER) -> Objection:
    """Keberatan within 14 days of receiving the result, once, to the atasan pejabat penilai."""
    evaluation = _locked(evaluation)
    problem = rules.objection_problem(
        rules.EvalStatus(evaluation.status),
        received_on=evaluation.received_on or timezone.localdate(timezone=evaluation.instansi.tzinfo),
        today=timezone.localdate(timezone=evaluation.instansi.tzinfo),
        has_objection=Objection.objects.filter(evaluation=evaluation).exists(),
        by_employee=by.employee_id is not None and by.employee_id == evaluation.employee_id,
    )
    if problem:
        raise ValidationError(_(problem))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan keberatan.")})
    if len(reason) > MAX_TEXT:
        raise ValidationError({"reason": _("Alasan terlalu panjang (maksimal 4000 karakter).")})
    if category not in Objection.Category.values:
        raise ValidationError({"category": _("Pilih pokok keberatan dari daftar.")})
    if evaluation.evaluator_supervisor_id is None:
        raise ValidationError(_("Atasan pejabat penilai belum tercatat; hubungi admin kepegawaian."))
    objection = Objection.objects.create(
        instansi_id=evaluation.instansi_id,
        evaluation=evaluation,
        category=category,
        reason=reason,
        filed_by=by,
        original_results=evaluation.results_rating,
        original_behaviour=evaluation.behaviour_rating,
        original_predikat=evaluation.predikat,
    )
    previous = evaluation.status
    evaluation.status = Evaluation.Status.OBJECTED
    evaluation.save()
    _log(evaluation, by, previous, reason)
    _notify_employee(
        evaluation.evaluator_supervisor_id,
        NotificationKind.OBJECTION_FILED,
        deferred("Keberatan atas evaluasi %(name)s menunggu keputusan Anda")
        % {"name": evaluation.employee.display_name},
        evaluation,
    )
    return objection


@transaction.atomic
def objection_decide(
    *, evaluation: Evaluation, by, decision: str, reason: str, results_rating: str = "", behaviour_rating: str = ""
) -> Evaluation:
    """The atasan pejabat penilai upholds or changes the result; the decision is final."""
    evaluation = _locked(evaluation)
    objection = Objection.objects.select_for_update().filter(evaluation=evaluation).first()
    if by.employee_id is None or by.employee_id != evaluation.evaluator_supervisor_id:
        raise ValidationError(_("Hanya atasan pejabat penilai yang dapat memutus keberatan."))
    if objection is None or evaluation.status != Evaluation.Status.OBJECTED or objection.decision:
        raise ValidationError(_("Tidak ada keberatan yang menunggu keputusan."))
    if decision not in Objection.Decision.values:
        raise ValidationError({"decision": _("Pilih keputusan: tetap atau diubah.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan keputusan.")})
    if len(reason) > MAX_TEXT:
        raise ValidationError({"reason": _("Alasan terlalu panjang (maksimal 4000 karakter).")})
    if decision == Objection.Decision.CHANGE:
        results = _clean_rating(results_rating, "results_rating")
        behaviour = _clean_rating(behaviour_rating, "behaviour_rating")
        if results.value == evaluation.results_rating and behaviour.value == evaluation.behaviour_rating:
            raise ValidationError(_("Keputusan 'diubah' harus mengubah setidaknya satu rating."))
        evaluation.results_rating, evaluation.behaviour_rating = results.value, behaviour.value
        evaluation.predikat = rules.predikat(results, behaviour).value
    objection.decision = decision
    objection.decision_reason = reason
    objection.decided_by = by
    objection.decided_at = timezone.now()
    objection.save()
    evaluation.status = Evaluation.Status.DECIDED
    evaluation.save()
    _log(evaluation, by, Evaluation.Status.OBJECTED, reason)
    _notify_employee(
        evaluation.employee_id,
        NotificationKind.OBJECTION_DECIDED,
        deferred("Keberatan Anda sudah diputus: %(predikat)s")
        % {"predikat": Message(evaluation.get_predikat_display())},
        evaluation,
    )
    return evaluation


def peer_relation(author: Employee, employee: Employee) -> str | None:
    """Peers share a direct supervisor; subordinates report to the employee."""
    if author.pk == employee.pk or author.instansi_id != employee.instansi_id or not author.is_active:
        return None
    if author.supervisor_id == employee.pk:
        return PeerInput.Relation.SUBORDINATE
    if employee.supervisor_id and author.supervisor_id == employee.supervisor_id:
        return PeerInput.Relation.PEER
    return None


@transaction.atomic
def peer_input_save(
    *, evaluation: Evaluation, author: Employee, ratings: dict[str, str], comment: str = ""
) -> PeerInput:
    relation = peer_relation(author, evaluation.employee)
    if relation is None:
        raise ValidationError(_("Masukan hanya dapat diberikan oleh rekan satu atasan atau bawahan langsung."))
    if evaluation.status != Evaluation.Status.DRAFT:
        raise ValidationError(_("Penilaian ini sudah ditetapkan; masukan tidak lagi diterima."))
    missing = [code for code in VALUES if ratings.get(code) not in RATINGS]
    if missing:
        raise ValidationError(_("Beri penilaian untuk ketujuh nilai BerAKHLAK."))
    comment = (comment or "").strip()
    if len(comment) > MAX_TEXT:
        raise ValidationError({"comment": _("Komentar terlalu panjang (maksimal 4000 karakter).")})
    peer_input, _created = PeerInput.objects.update_or_create(
        evaluation=evaluation,
        author=author,
        defaults={
            "instansi_id": evaluation.instansi_id,
            "relation": relation,
            "ratings": {code: ratings[code] for code in VALUES},
            "comment": comment,
        },
    )
    return peer_input
