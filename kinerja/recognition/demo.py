"""Demo recognition: the pejabat penilai of one bidang finalise the fourth-quarter evaluations
of their staff, the admin nominates the best from the ranking, the committee awards it, and the
instansi announces it publicly (idempotent)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from kinerja.accounts.models import User
from kinerja.appraisal import services as appraisal_services
from kinerja.appraisal.models import Evaluation
from kinerja.org.demo import story
from kinerja.org.models import Instansi

from . import selectors, services
from .models import Award

CUT = "2026-Q4"


def seed_demo(instansi: Instansi, *, today: dt.date) -> None:
    if Award.objects.filter(instansi=instansi).exists():
        return
    admin = story(instansi).admin
    if admin is None:
        return
    # The pejabat penilai with the most evaluations of the quarter (the demo's planning seeds a
    # few bidang), with a login.
    from django.db.models import Count

    busiest = (
        Evaluation.objects.filter(instansi=instansi, cut_key=CUT, evaluator__user__isnull=False)
        .values("evaluator_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "evaluator_id")
        .first()
    )
    if busiest is None:
        return
    evaluator_user = User.objects.get(employee_id=busiest["evaluator_id"])
    drafts = Evaluation.objects.filter(
        instansi=instansi, cut_key=CUT, evaluator_id=busiest["evaluator_id"], status="draft"
    )
    for index, evaluation in enumerate(drafts.order_by("-achievement_pct", "employee__nip")):
        try:
            if evaluation.is_unit_head and evaluation.unit_id:
                # A unit head's results follow the unit's organisation predicate (SE MenPANRB 3/2023).
                appraisal_services.unit_predicate_set(
                    unit=evaluation.unit,
                    period=evaluation.period,
                    cut_key=CUT,
                    predicate="istimewa" if index == 0 else "baik",
                    by=admin,
                )
            appraisal_services.evaluation_rate(
                evaluation=evaluation,
                by=evaluator_user,
                results_rating="" if evaluation.is_unit_head else evaluation.suggested_results,
                behaviour_rating="di_atas" if index == 0 else "sesuai",
                results_reason="",
                behaviour_feedback=None,
                indicator_feedback=None,
            )
            appraisal_services.evaluation_finalise(
                evaluation=evaluation, by=evaluator_user, justification="Hasil rapat kalibrasi bidang."
            )
        except ValidationError:
            continue
    ranking = selectors.ranking(instansi=instansi, cut_key=CUT)
    if not ranking:
        return
    best = ranking[0][0].candidate.key
    from kinerja.org.models import Employee

    employee = Employee.objects.select_related("unit").get(pk=best)
    award = services.award_nominate(
        instansi=instansi,
        employee=employee,
        period=CUT,
        category=Award.Category.TELADAN,
        reason="Peringkat pertama triwulan IV: predikat tertinggi dan capaian indikator terbaik di bidangnya.",
        source=Award.Source.RANKING,
        by=admin,
    )
    services.award_decide(
        award=award,
        award_it=True,
        by=admin,
        reason="Tim penilai menetapkan berdasarkan peringkat, kegiatan terverifikasi dan tanpa hukuman disiplin.",
    )
    if len(ranking) > 1:
        second = Employee.objects.select_related("unit").get(pk=ranking[1][0].candidate.key)
        services.award_nominate(
            instansi=instansi,
            employee=second,
            period=CUT,
            category=Award.Category.PELAYANAN,
            reason="Pelayanan imunisasi keliling tanpa keluhan warga.",
            source=Award.Source.SUPERVISOR,
            by=evaluator_user,
        )
    services.setting_set(instansi=instansi, public_announcements=True)
