"""Builds appraisal history through the appraisal services (never by saving rows directly)."""

from conftest import approved_skp
from kinerja.appraisal import services as appraisal
from kinerja.appraisal.models import Evaluation, UnitPredicate
from kinerja.skp.models import Skp

RATINGS = {
    "sangat_baik": ("di_atas", "di_atas"),
    "baik": ("sesuai", "sesuai"),
    "butuh_perbaikan": ("di_bawah", "sesuai"),
    "kurang": ("sesuai", "di_bawah"),
    "sangat_kurang": ("di_bawah", "di_bawah"),
}


def final_evaluation(cast, period, cut_key: str, predikat: str, *, employee=None, user=None) -> Evaluation:
    """A final evaluation of ``employee`` (default: the cast's staff) for one cut with ``predikat``."""
    employee = employee or cast.employee
    if not Skp.objects.filter(employee=employee, period=period, status="approved").exists():
        approved_skp(employee, period, user or cast.pegawai, cast.atasan)
    appraisal.evaluations_compute(instansi=cast.instansi, period=period, cut_key=cut_key)
    if not UnitPredicate.objects.filter(unit=employee.unit, period=period, cut_key=cut_key).exists():
        appraisal.unit_predicate_set(
            unit=employee.unit, period=period, cut_key=cut_key, predicate="baik", by=cast.admin
        )
    evaluation = Evaluation.objects.get(employee=employee, period=period, cut_key=cut_key)
    results, behaviour = RATINGS[predikat]
    appraisal.evaluation_rate(
        evaluation=evaluation,
        by=cast.atasan,
        results_rating=results,
        behaviour_rating=behaviour,
        results_reason="Dibandingkan dengan bukti kegiatan.",
        behaviour_feedback={"akuntabel": "Perlu lebih teliti."} if behaviour == "di_bawah" else None,
    )
    return appraisal.evaluation_finalise(evaluation=evaluation, by=cast.atasan, justification="Unit kecil.")
