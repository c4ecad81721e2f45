"""Writes of recognition: nominate, decide, revoke, the instansi's public setting."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.org.models import Employee, Instansi

from . import selectors
from .models import Award, RecognitionSetting


@transaction.atomic
def award_nominate(
    *, instansi: Instansi, employee: Employee, period: str, category: str, reason: str, source: str, by
) -> Award:
    """A nomination by a supervisor (for their own subordinate) or by the admin from the ranking."""
    if employee.instansi_id != instansi.pk:
        raise ValidationError({"employee": _("Pegawai ini bukan pegawai instansi ini; tidak dapat diusulkan.")})
    if not employee.is_active:
        raise ValidationError({"employee": _("Pegawai ini tidak aktif.")})
    if category not in Award.Category.values:
        raise ValidationError({"category": _("Kategori penghargaan tidak dikenal.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Tulis alasan usulan: prestasi apa yang diakui.")})
    position = None
    if source == Award.Source.RANKING:
        ranked = {r.candidate.key: r.position for r, _row in selectors.ranking(instansi=instansi, cut_key=period)}
        if employee.pk not in ranked:
            raise ValidationError({"period": _("Pegawai ini tidak ada dalam peringkat periode %(p)s.") % {"p": period}})
        position = ranked[employee.pk]
    award = Award(
        instansi=instansi,
        employee=employee,
        period=period,
        category=category,
        source=source,
        nomination_reason=reason.strip(),
        nominated_by=by,
        ranking_position=position,
        employee_name=employee.display_name,
        unit_name=employee.unit.name,
    )
    try:
        with transaction.atomic():
            award.save()
    except IntegrityError:
        raise ValidationError(
            _("%(name)s sudah diusulkan untuk kategori ini pada periode %(p)s.")
            % {"name": employee.display_name, "p": period}
        ) from None
    return award


@transaction.atomic
def award_decide(*, award: Award, award_it: bool, reason: str, by) -> Award:
    award = Award.objects.select_for_update().get(pk=award.pk)
    if award.status != Award.Status.NOMINATED:
        raise ValidationError(_("Usulan ini sudah diputus."))
    if not reason.strip():
        raise ValidationError({"reason": _("Tulis pertimbangan tim penilai.")})
    award.status = Award.Status.AWARDED if award_it else Award.Status.DECLINED
    award.decision_reason = reason.strip()
    award.decided_by = by
    award.decided_at = timezone.now()
    award.save(update_fields=["status", "decision_reason", "decided_by", "decided_at", "updated_at"])
    return award


@transaction.atomic
def award_revoke(*, award: Award, reason: str, by) -> Award:
    award = Award.objects.select_for_update().get(pk=award.pk)
    if award.status != Award.Status.AWARDED:
        raise ValidationError(_("Hanya penghargaan yang ditetapkan yang dapat dicabut."))
    if not reason.strip():
        raise ValidationError({"reason": _("Tulis alasan pencabutan; halaman verifikasi menampilkannya.")})
    award.status = Award.Status.REVOKED
    award.revoked_reason = reason.strip()
    award.revoked_at = timezone.now()
    award.save(update_fields=["status", "revoked_reason", "revoked_at", "updated_at"])
    return award


@transaction.atomic
def setting_set(*, instansi: Instansi, public_announcements: bool) -> RecognitionSetting:
    setting, _created = RecognitionSetting.objects.update_or_create(
        instansi=instansi, defaults={"public_announcements": public_announcements}
    )
    return setting


def announces(instansi: Instansi) -> bool:
    return RecognitionSetting.objects.filter(instansi=instansi, public_announcements=True).exists()
