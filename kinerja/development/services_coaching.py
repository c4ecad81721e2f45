"""Coaching plans (bimbingan kinerja) and reassignment (PP 30/2019 Ps. 56–58): writes.

A plan opens on a final evaluation of Butuh Perbaikan or worse, owned by the direct supervisor;
its outcome comes from the employee's next final evaluation of the same kind. Repeated poor
predikat after a plan put the employee on the BKPSDM's recommendation list; the BKPSDM decides
with a reason and a decree number. Every step is a status-change row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.appraisal.models import Evaluation
from kinerja.core.i18n import deferred
from kinerja.notifications.models import Kind as NotificationKind
from kinerja.org import access as org_access
from kinerja.org.models import Instansi, Position

from . import rules
from .models import (
    CoachingPlan,
    CoachingSession,
    CoachingStatusChange,
    ReassignmentCase,
    ReassignmentStatusChange,
    Settings,
)
from .services_training import MAX_TEXT, _notify, _text, local_today

SETTLED = [
    Evaluation.Status.FINAL,
    Evaluation.Status.ACKNOWLEDGED,
    Evaluation.Status.OBJECTED,
    Evaluation.Status.DECIDED,
]


def settings_for(instansi: Instansi) -> Settings:
    current = Settings.objects.filter(instansi=instansi).first()
    return current or Settings(instansi=instansi)


def _log_plan(plan: CoachingPlan, by: User, from_status: str, comment: str = "") -> None:
    CoachingStatusChange.objects.create(
        instansi_id=plan.instansi_id, plan=plan, from_status=from_status, to_status=plan.status, by=by, comment=comment
    )


def _plan_url(plan: CoachingPlan) -> str:
    return reverse("development:coaching", args=[plan.pk])


@transaction.atomic
def coaching_plan_open(
    *,
    evaluation: Evaluation,
    by: User,
    causes: str,
    actions: str,
    targets: str,
    starts_on: dt.date | None,
    due_on: dt.date | None,
) -> CoachingPlan:
    employee = evaluation.employee
    if not (by.employee_id and employee.supervisor_id == by.employee_id):
        raise ValidationError(_("Rencana bimbingan kinerja hanya dapat dibuat oleh atasan langsung pegawai."))
    if evaluation.status not in SETTLED:
        raise ValidationError(_("Evaluasi ini belum ditetapkan."))
    if not rules.opens_coaching(evaluation.predikat):
        raise ValidationError(_("Bimbingan kinerja dibuka untuk predikat Butuh Perbaikan atau lebih rendah."))
    if CoachingPlan.objects.filter(evaluation=evaluation).exists():
        raise ValidationError(_("Rencana bimbingan untuk evaluasi ini sudah ada."))
    if starts_on is None or due_on is None:
        raise ValidationError(_("Isi tanggal mulai dan batas waktu."))
    if due_on < starts_on:
        raise ValidationError({"due_on": _("Batas waktu tidak boleh sebelum tanggal mulai.")})
    plan = CoachingPlan.objects.create(
        instansi_id=employee.instansi_id,
        employee=employee,
        supervisor_id=by.employee_id,
        evaluation=evaluation,
        causes=_text(causes, "causes", required=True),
        actions=_text(actions, "actions", required=True),
        targets=_text(targets, "targets", required=True),
        starts_on=starts_on,
        due_on=due_on,
    )
    _log_plan(plan, by, "")
    _notify(
        employee, deferred("Atasan Anda membuka rencana bimbingan kinerja"), _plan_url(plan), NotificationKind.COACHING
    )
    return plan


@transaction.atomic
def coaching_session_add(
    *, plan: CoachingPlan, by: User, held_on: dt.date | None, notes: str, agreed: str
) -> CoachingSession:
    plan = CoachingPlan.objects.select_for_update(of=("self",)).select_related("instansi").get(pk=plan.pk)
    if by.employee_id != plan.supervisor_id:
        raise ValidationError(_("Sesi bimbingan dicatat oleh atasan pemilik rencana."))
    if plan.status != CoachingPlan.Status.OPEN:
        raise ValidationError(_("Rencana bimbingan ini sudah selesai diukur ulang."))
    if held_on is None:
        raise ValidationError({"held_on": _("Isi tanggal sesi.")})
    if held_on > local_today(plan.instansi) or held_on < plan.starts_on:
        raise ValidationError({"held_on": _("Tanggal sesi harus antara mulai rencana dan hari ini.")})
    session = CoachingSession.objects.create(
        plan=plan,
        held_on=held_on,
        notes=_text(notes, "notes", required=True),
        agreed=_text(agreed, "agreed", required=True),
        recorded_by=by,
    )
    _log_plan(plan, by, plan.status, _("Sesi %(d)s dicatat") % {"d": held_on.isoformat()})
    _notify(
        plan.employee,
        deferred("Sesi bimbingan kinerja menunggu tanda terima Anda"),
        _plan_url(plan),
        NotificationKind.COACHING,
    )
    return session


@transaction.atomic
def coaching_session_acknowledge(*, session: CoachingSession, by: User) -> CoachingSession:
    session = CoachingSession.objects.select_for_update(of=("self",)).select_related("plan").get(pk=session.pk)
    if by.employee_id != session.plan.employee_id:
        raise ValidationError(_("Hanya pegawai yang dibimbing yang dapat menyatakan menerima catatan sesi."))
    if session.acknowledged_at is not None:
        raise ValidationError(_("Catatan sesi ini sudah diterima."))
    session.acknowledged_at = timezone.now()
    session.save(update_fields=["acknowledged_at", "updated_at"])
    _log_plan(session.plan, by, session.plan.status, _("Sesi %(d)s diterima") % {"d": session.held_on.isoformat()})
    return session


def _same_kind(a: str, b: str) -> bool:
    return len(a) == len(b) and ("-Q" in a) == ("-Q" in b)


def next_evaluation(plan: CoachingPlan) -> Evaluation | None:
    """The employee's first settled evaluation of the same kind after the one that opened the plan."""
    start = rules.cut_start(plan.evaluation.cut_key)
    later = [
        e
        for e in Evaluation.objects.filter(employee_id=plan.employee_id, status__in=SETTLED)
        .exclude(predikat="")
        .exclude(pk=plan.evaluation_id)
        .only("pk", "cut_key", "predikat")
        if _same_kind(e.cut_key, plan.evaluation.cut_key) and rules.cut_start(e.cut_key) > start
    ]
    return min(later, key=lambda e: rules.cut_start(e.cut_key), default=None)


@transaction.atomic
def coaching_remeasure(*, plan: CoachingPlan, by: User) -> CoachingPlan | None:
    """Closes the plan with the outcome its next evaluation shows; None while there is none."""
    plan = CoachingPlan.objects.select_for_update(of=("self",)).select_related("evaluation").get(pk=plan.pk)
    if plan.status != CoachingPlan.Status.OPEN:
        return plan
    after = next_evaluation(plan)
    if after is None:
        return None
    plan.outcome = rules.remeasure(plan.evaluation.predikat, after.predikat).value
    plan.next_evaluation = after
    plan.status = CoachingPlan.Status.CLOSED
    plan.save()
    label = plan.get_outcome_display()
    _log_plan(
        plan,
        by,
        CoachingPlan.Status.OPEN,
        _("Diukur dari evaluasi %(cut)s: %(o)s") % {"cut": after.cut_key, "o": label},
    )
    return plan


# -------------------------------------------------------------------------------- reassignment
def _log_case(case: ReassignmentCase, by: User, from_status: str, comment: str = "") -> None:
    ReassignmentStatusChange.objects.create(
        instansi_id=case.instansi_id, case=case, from_status=from_status, to_status=case.status, by=by, comment=comment
    )


@transaction.atomic
def reassignment_sync(*, instansi: Instansi, by: User) -> int:
    """Puts every employee whose last poor cuts meet the instansi's policy on the list, once per
    triggering evaluation. Two queries for the whole instansi; the rule runs in memory."""
    policy = settings_for(instansi).policy()
    history: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    rows = (
        Evaluation.objects.filter(instansi=instansi, status__in=SETTLED)
        .exclude(predikat="")
        .values_list("employee_id", "cut_key", "predikat", "pk")
    )
    for employee_id, cut_key, predikat, pk in rows:
        if len(cut_key) > 4:  # periodic cuts: the cadence coaching and reassignment follow
            history[employee_id].append((cut_key, predikat, pk))
    plans: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for employee_id, cut_key, pk in CoachingPlan.objects.filter(instansi=instansi).values_list(
        "employee_id", "evaluation__cut_key", "pk"
    ):
        plans[employee_id].append((cut_key, pk))
    existing = set(ReassignmentCase.objects.filter(instansi=instansi).values_list("last_evaluation_id", flat=True))
    created = 0
    for employee_id, items in history.items():
        items.sort(key=lambda item: rules.cut_start(item[0]))
        plan = max(plans.get(employee_id, []), key=lambda p: rules.cut_start(p[0]), default=None)
        keys = rules.reassignment_due(
            [(k, p) for k, p, _pk in items], coaching_from=plan[0] if plan else None, policy=policy
        )
        if not keys:
            continue
        last_pk = next(pk for k, _p, pk in items if k == keys[-1])
        if last_pk in existing:
            continue
        case = ReassignmentCase.objects.create(
            instansi=instansi,
            employee_id=employee_id,
            coaching_plan_id=plan[1] if plan else None,
            trigger_cuts=keys,
            last_evaluation_id=last_pk,
        )
        _log_case(case, by, "", _("Predikat buruk berturut-turut: %(k)s") % {"k": ", ".join(keys)})
        created += 1
    return created


@transaction.atomic
def reassignment_decide(
    *,
    case: ReassignmentCase,
    by: User,
    decision: str,
    reason: str,
    decree_number: str,
    new_position: Position | None = None,
) -> ReassignmentCase:
    case = ReassignmentCase.objects.select_for_update(of=("self",)).select_related("employee").get(pk=case.pk)
    if not org_access.can_manage(by, case.instansi_id):
        raise ValidationError(_("Keputusan penempatan ulang diambil oleh BKPSDM (admin kepegawaian)."))
    if case.status != ReassignmentCase.Status.RECOMMENDED:
        raise ValidationError(_("Rekomendasi ini sudah diputuskan."))
    problem = rules.decision_problem(decision, reason, decree_number)
    if problem:
        field, message = problem
        raise ValidationError({field: _(message)})
    if decision == rules.Decision.MOVE:
        if new_position is None:
            raise ValidationError({"new_position": _("Pilih jabatan baru untuk keputusan pemindahan.")})
        if new_position.instansi_id != case.instansi_id or new_position.pk == case.employee.position_id:
            raise ValidationError({"new_position": _("Jabatan baru harus jabatan lain di instansi ini.")})
    else:
        new_position = None
    case.decision = decision
    case.reason = _text(reason, "reason", required=True, limit=MAX_TEXT)
    case.decree_number = _text(decree_number, "decree_number", required=True, limit=100)
    case.new_position = new_position
    case.decided_by = by
    case.decided_at = timezone.now()
    case.status = ReassignmentCase.Status.DECIDED
    case.save()
    _log_case(case, by, ReassignmentCase.Status.RECOMMENDED, f"{case.get_decision_display()} — {case.reason}")
    _notify(
        case.employee,
        deferred("BKPSDM memutuskan tindak lanjut kinerja Anda: %(d)s")
        % {"d": ReassignmentCase.Decision(case.decision).label},
        reverse("development:reassignment", args=[case.pk]),
        NotificationKind.GENERAL,
    )
    return case
