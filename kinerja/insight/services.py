"""Calibration meetings: open a session for a unit's subtree and a cut, record a decision per
case (kept, or changed through the appraisal service so the evaluation's own history holds it),
close it with the minutes. Flags are only the agenda: nothing changes without a decision."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.appraisal.models import Evaluation
from kinerja.appraisal.services import evaluation_calibrate
from kinerja.org import access as org_access
from kinerja.org.models import Unit
from kinerja.skp.models import Period

from .models import CalibrationDecision, CalibrationSession

MAX_TEXT = 4000


def may_hold(user: User, unit: Unit) -> bool:
    """BKPSDM (admin) of the instansi, or the head of the unit or of one above it."""
    return org_access.can_manage(user, unit.instansi_id) or org_access.heads_unit(user, unit)


@transaction.atomic
def calibration_open(*, period: Period, cut_key: str, unit: Unit, by: User) -> CalibrationSession:
    from kinerja.appraisal.rules import cut_keys

    if not may_hold(by, unit):
        raise PermissionDenied
    if unit.instansi_id != period.instansi_id:
        raise ValidationError(_("Unit dan periode berasal dari instansi yang berbeda."))
    if cut_key not in cut_keys(period.year, period.cut):
        raise ValidationError({"cut_key": _("Periode penilaian tidak dikenal.")})
    if CalibrationSession.objects.filter(
        unit=unit, period=period, cut_key=cut_key, status=CalibrationSession.Status.OPEN
    ).exists():
        raise ValidationError(_("Rapat kalibrasi untuk unit dan periode ini masih berlangsung."))
    return CalibrationSession.objects.create(
        instansi_id=unit.instansi_id, period=period, cut_key=cut_key, unit=unit, opened_by=by
    )


def _require_open(session: CalibrationSession, by: User) -> None:
    if not may_hold(by, session.unit):
        raise PermissionDenied
    if session.status != CalibrationSession.Status.OPEN:
        raise ValidationError(_("Rapat kalibrasi ini sudah selesai."))


@transaction.atomic
def calibration_decide(
    *,
    session: CalibrationSession,
    evaluation: Evaluation,
    by: User,
    outcome: str,
    results_rating: str = "",
    reason: str,
) -> CalibrationDecision:
    """Records the meeting's decision on one case; a change goes through the appraisal service."""
    _require_open(session, by)
    evaluation = Evaluation.objects.select_related("unit").get(pk=evaluation.pk)  # as stored, not as the caller saw it
    if (
        evaluation.period_id != session.period_id
        or evaluation.cut_key != session.cut_key
        or evaluation.unit is None
        or not evaluation.unit.path.startswith(session.unit.path)
    ):
        raise ValidationError(_("Evaluasi ini bukan bagian dari rapat kalibrasi ini."))
    if outcome not in CalibrationDecision.Outcome.values:
        raise ValidationError({"outcome": _("Pilih: tetap atau diubah.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan keputusan rapat.")})
    if len(reason) > MAX_TEXT:
        raise ValidationError({"reason": _("Alasan terlalu panjang (maksimal 4000 karakter).")})
    if CalibrationDecision.objects.filter(session=session, evaluation=evaluation).exists():
        raise ValidationError(_("Kasus ini sudah diputuskan dalam rapat ini."))
    before = evaluation.results_rating
    if outcome == CalibrationDecision.Outcome.CHANGED:
        if results_rating == before:
            raise ValidationError({"results_rating": _("Pilih rating yang berbeda dari rating semula.")})
        evaluation = evaluation_calibrate(evaluation=evaluation, by=by, results_rating=results_rating, reason=reason)
    return CalibrationDecision.objects.create(
        session=session,
        evaluation=evaluation,
        outcome=outcome,
        from_results=before,
        to_results=evaluation.results_rating,
        reason=reason,
        decided_by=by,
    )


@transaction.atomic
def calibration_close(*, session: CalibrationSession, by: User, participants: str, notes: str) -> CalibrationSession:
    _require_open(session, by)
    if len(participants) > MAX_TEXT or len(notes) > MAX_TEXT:
        raise ValidationError(_("Catatan terlalu panjang (maksimal 4000 karakter)."))
    if not participants.strip():
        raise ValidationError({"participants": _("Tuliskan peserta rapat.")})
    session.participants = participants.strip()
    session.notes = notes.strip()
    session.status = CalibrationSession.Status.CLOSED
    session.closed_at = timezone.now()
    session.save()
    return session
