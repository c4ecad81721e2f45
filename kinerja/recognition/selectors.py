"""Reads for recognition: the ranking of a period (one query on the evaluations), the awards."""

from __future__ import annotations

from django.db.models import QuerySet

from kinerja.appraisal.models import Evaluation
from kinerja.org.models import Instansi, Unit

from . import rules
from .models import Award


def cuts(*, instansi: Instansi) -> list[str]:
    return list(
        Evaluation.objects.filter(instansi=instansi)
        .exclude(status=Evaluation.Status.DRAFT)
        .values_list("cut_key", flat=True)
        .distinct()
        .order_by("-cut_key")
    )


def ranking(*, instansi: Instansi, cut_key: str, unit: Unit | None = None) -> list[tuple[rules.Ranked, dict]]:
    """Final evaluations of the cut, ranked; each with the row it came from (unit, NIP)."""
    qs = Evaluation.objects.filter(instansi=instansi, cut_key=cut_key).exclude(status=Evaluation.Status.DRAFT)
    qs = qs.exclude(predikat="")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    rows = {
        row["employee_id"]: row
        for row in qs.values(
            "employee_id",
            "employee__name",
            "employee__nip",
            "unit_name",
            "predikat",
            "achievement_pct",
            "verified_entries",
        )
    }
    candidates = [
        rules.Candidate(pk, r["predikat"], r["achievement_pct"], r["verified_entries"], r["employee__name"])
        for pk, r in rows.items()
    ]
    return [(ranked, rows[ranked.candidate.key]) for ranked in rules.rank(candidates)]


def awards(*, instansi: Instansi) -> QuerySet[Award]:
    return Award.objects.filter(instansi=instansi).select_related("nominated_by", "decided_by")


def public_awards(*, instansi: Instansi) -> QuerySet[Award]:
    return Award.objects.filter(instansi=instansi, status=Award.Status.AWARDED).order_by("-period", "category")
