"""Demo appraisal: the previous quarter rated and signed off in the story's section (the pegawai's
result waits for their acknowledgement, a peer acknowledged theirs, another objected and the
Kepala Bidang must decide), and the current quarter computed for every approved SKP, waiting
for the pejabat penilai's ratings."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from kinerja.accounts.models import User
from kinerja.activities.rules import period_key
from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi
from kinerja.skp.models import Period

from . import rules, services
from .models import Evaluation, Objection, UnitPredicate

OBJECTION = "Kegiatan posyandu bulan Agustus belum diperhitungkan dalam capaian saya."


def seed_demo(instansi: Instansi, *, today: dt.date) -> None:
    period = Period.objects.filter(instansi=instansi, year=today.year).first()
    if period is None:
        return
    with transaction.atomic():
        current = period_key(today, period.cut)
        keys = rules.cut_keys(period.year, period.cut)
        previous = keys[keys.index(current) - 1] if keys.index(current) > 0 else None
        if previous and not Evaluation.objects.filter(period=period, cut_key=previous).exists():
            services.evaluations_compute(instansi=instansi, period=period, cut_key=previous)
            _sign_off(instansi, period, previous)
        if not Evaluation.objects.filter(period=period, cut_key=current).exists():
            services.evaluations_compute(instansi=instansi, period=period, cut_key=current)


def _sign_off(instansi: Instansi, period: Period, cut_key: str) -> None:
    """Both section heads of the story's bidang rate and sign off their staff. The pegawai's result
    waits for acknowledgement; in the other section one peer objects, the rest acknowledge."""
    story = org_demo.story(instansi)
    if story.pegawai is None or story.atasan is None or story.kabid is None or story.admin is None:
        return
    # Step 1 of SE MenPANRB 3/2023: the bidang's organisation predicate, set by the admin.
    if not UnitPredicate.objects.filter(period=period, cut_key=cut_key, unit=story.kabid.unit).exists():
        services.unit_predicate_set(
            unit=story.kabid.unit,
            period=period,
            cut_key=cut_key,
            predicate=rules.OrgPredicate.BAIK.value,
            by=story.admin,
            basis="Capaian IKU bidang triwulan ini sesuai target.",
        )
    evaluations = list(
        Evaluation.objects.filter(
            period=period,
            cut_key=cut_key,
            status=Evaluation.Status.DRAFT,
            evaluator__supervisor=story.kabid,
            is_unit_head=False,
        )
        .select_related("employee")
        .order_by("employee__unit__code", "employee__nip")
    )
    people = [e.employee_id for e in evaluations] + [e.evaluator_id for e in evaluations]
    users = {u.employee_id: u for u in User.objects.filter(employee_id__in=people)}
    objected = False
    for evaluation in evaluations:
        rater, owner = users.get(evaluation.evaluator_id), users.get(evaluation.employee_id)
        if rater is None:
            continue
        services.evaluation_rate(
            evaluation=evaluation,
            by=rater,
            results_rating=evaluation.suggested_results,
            behaviour_rating=rules.Rating.MEETS.value,
        )
        services.evaluation_finalise(
            evaluation=evaluation, by=rater, justification="Sebaran predikat seksi kecil; dinilai per bukti."
        )
        if owner is None or evaluation.employee_id == story.pegawai.pk:
            continue  # the pegawai's own result waits for their acknowledgement
        if not objected and evaluation.evaluator_id != story.atasan.pk:
            services.objection_file(
                evaluation=evaluation, by=owner, reason=OBJECTION, category=Objection.Category.RESULTS
            )
            objected = True
        else:
            services.evaluation_acknowledge(evaluation=evaluation, by=owner)
