"""Whole-instansi evaluation, set-based (ARCHITECTURE.md: hot paths).

`evaluations_compute` rebuilds the realization summaries with one INSERT … SELECT … GROUP BY, reads every
indicator's target and realization for the cut in one query, applies the pure rules in memory
(no query per employee), and writes the evaluations with bulk inserts/updates. Final evaluations
are never touched, so running it again is idempotent.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum

from kinerja.activities import rules as activity_rules
from kinerja.activities.models import Realization
from kinerja.activities.services import realizations_rebuild
from kinerja.org.models import Instansi
from kinerja.skp.models import Indicator, Period
from kinerja.skp.rules import SkpStatus

from . import rules
from .models import Evaluation

COMPUTED_FIELDS = [
    "skp_id",
    "evaluator_id",
    "unit_name",
    "achievement_pct",
    "indicator_count",
    "verified_entries",
    "suggested_results",
]


def cut_keys(period: Period, cut_key: str) -> list[str]:
    """The Realization keys a cut covers: itself, or every key of the year for the annual one."""
    if cut_key == str(period.year):
        return list(
            Realization.objects.filter(indicator__rhk__skp__period=period)
            .values_list("period_key", flat=True)
            .distinct()
            .order_by()
        )
    return [cut_key]


@transaction.atomic
def evaluations_compute(*, instansi: Instansi, period: Period, cut_key: str) -> dict[str, int]:
    """Computes achievement and the suggested results rating of every approved SKP of the year."""
    realizations_rebuild(instansi_id=instansi.pk, period=period)
    keys = cut_keys(period, cut_key)
    indicators = (
        Indicator.objects.filter(instansi=instansi, rhk__skp__period=period, rhk__skp__status=SkpStatus.APPROVED)
        .values("pk", "target", "direction", "rhk_id", "rhk__kind", "rhk__skp_id")
        .annotate(
            realized=Sum("realizations__quantity", filter=Q(realizations__period_key__in=keys)),
            entries=Sum("realizations__count", filter=Q(realizations__period_key__in=keys)),
        )
        .order_by()
    )
    per_rhk: dict[int, list[Decimal]] = defaultdict(list)
    rhk_meta: dict[int, tuple[int, bool]] = {}
    entries: dict[int, int] = defaultdict(int)  # verified entries behind the SKP's indicators
    for row in indicators:
        entries[row["rhk__skp_id"]] += row["entries"] or 0
        pct = activity_rules.progress_pct(
            row["realized"] or Decimal(0), row["target"], lower_is_better=row["direction"] == "lower"
        )
        per_rhk[row["rhk_id"]].append(Decimal(pct))
        rhk_meta[row["rhk_id"]] = (row["rhk__skp_id"], row["rhk__kind"] == "utama")
    per_skp: dict[int, list[rules.RhkAchievement]] = defaultdict(list)
    indicator_counts: dict[int, int] = defaultdict(int)
    for rhk_id, pcts in per_rhk.items():
        skp_id, main = rhk_meta[rhk_id]
        per_skp[skp_id].append(rules.RhkAchievement(sum(pcts) / len(pcts), main))
        indicator_counts[skp_id] += len(pcts)
    skps = period.skps.filter(status=SkpStatus.APPROVED).values("pk", "employee_id", "evaluator_id", "unit_name")
    existing = {e.employee_id: e for e in Evaluation.objects.filter(instansi=instansi, period=period, cut_key=cut_key)}
    to_create, to_update = [], []
    for skp in skps:
        achievements = per_skp.get(skp["pk"], [])
        pct = sum(a.pct for a in achievements) / len(achievements) if achievements else Decimal(0)
        values = {
            "skp_id": skp["pk"],
            "evaluator_id": skp["evaluator_id"],
            "unit_name": skp["unit_name"],
            "achievement_pct": pct.quantize(Decimal("0.01")),
            "indicator_count": indicator_counts.get(skp["pk"], 0),
            "verified_entries": entries.get(skp["pk"], 0),
            "suggested_results": rules.suggested_results_rating(achievements).value,
        }
        current = existing.get(skp["employee_id"])
        if current is None:
            to_create.append(
                Evaluation(instansi=instansi, period=period, cut_key=cut_key, employee_id=skp["employee_id"], **values)
            )
        elif current.status == Evaluation.Status.DRAFT:
            for name, value in values.items():
                setattr(current, name, value)
            to_update.append(current)
    Evaluation.objects.bulk_create(to_create, batch_size=2000)
    if to_update:
        Evaluation.objects.bulk_update(to_update, COMPUTED_FIELDS, batch_size=2000)
    return {"created": len(to_create), "updated": len(to_update), "indicators": sum(indicator_counts.values())}
