"""Writes of the attendance app: keyword-only, atomic, validated (ValidationError, Indonesian)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core.bulk import insert_rows
from kinerja.org.models import Employee, Instansi

from . import rules
from .models import CalendarDay, Correction, DisciplineConfig, Leave, MonthSummary, Record, Sanction, Shift


def local_today(instansi: Instansi) -> dt.date:
    return timezone.localdate(timezone=instansi.tzinfo)


# ------------------------------------------------------------------------------ configuration
def config_for(*, instansi: Instansi, year: int) -> DisciplineConfig:
    """The year's rules; a year without its own starts as a copy of the latest earlier one."""
    config = DisciplineConfig.objects.filter(instansi=instansi, year=year).first()
    if config is not None:
        return config
    previous = DisciplineConfig.objects.filter(instansi=instansi, year__lt=year).order_by("-year").first()
    if previous is not None:
        previous.pk = None
        previous.year = year
        previous.save()
        return previous
    return DisciplineConfig.objects.create(instansi=instansi, year=year)


def parse_bands(text: str) -> list[list]:
    """'30=0.5, 60=1, 90=1.25' → [[30, '0.5'], …], validated by the rules."""
    bands = []
    for part in [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]:
        try:
            minutes, pct = part.split("=")
            bands.append(rules.Band(int(minutes), Decimal(pct.strip())))
        except (ValueError, InvalidOperation):
            raise ValidationError(
                {"bands": _("Tulis rentang sebagai menit=persen dipisah koma, mis. 30=0.5, 60=1, 90=1.25.")}
            ) from None
    try:
        rules.check_bands(bands)
    except rules.AttendanceError as error:
        raise ValidationError({"bands": _(str(error))}) from None
    return [[band.upto, str(band.pct)] for band in bands]


@transaction.atomic
def config_update(*, config: DisciplineConfig, bands_text: str, **fields) -> DisciplineConfig:
    for name, value in fields.items():
        setattr(config, name, value)
    config.bands = parse_bands(bands_text)
    try:
        rules.parse_weekdays(config.weekdays)
    except rules.AttendanceError as error:
        raise ValidationError({"weekdays": _(str(error))}) from None
    if config.work_start >= config.work_end:
        raise ValidationError({"work_end": _("Jam pulang harus setelah jam masuk.")})
    config.full_clean()
    config.save()
    return config


@transaction.atomic
def calendar_day_set(*, instansi: Instansi, date: dt.date, kind: str, name: str) -> CalendarDay:
    if not name.strip():
        raise ValidationError({"name": _("Isi keterangan hari ini, mis. Hari Pahlawan.")})
    day, _created = CalendarDay.objects.update_or_create(
        instansi=instansi, date=date, defaults={"kind": kind, "name": name.strip()}
    )
    return day


@transaction.atomic
def shift_set(
    *, instansi: Instansi, unit, name: str, start: dt.time, end: dt.time, weekdays: str, works_on_holidays: bool = False
) -> Shift:
    if unit.instansi_id != instansi.pk:
        raise ValidationError({"unit": _("Unit kerja bukan milik instansi ini.")})
    try:
        rules.parse_weekdays(weekdays)
    except rules.AttendanceError as error:
        raise ValidationError({"weekdays": _(str(error))}) from None
    if start == end:
        raise ValidationError({"end": _("Jam pulang tidak boleh sama dengan jam masuk.")})
    if start > end:
        raise ValidationError({"end": _("Pola melewati tengah malam belum didukung; pecah menjadi dua pola.")})
    shift, _created = Shift.objects.update_or_create(
        unit=unit,
        defaults={
            "instansi": instansi,
            "name": name,
            "start": start,
            "end": end,
            "weekdays": weekdays,
            "works_on_holidays": works_on_holidays,
        },
    )
    return shift


# ------------------------------------------------------------------------------------ records
def _check_times(check_in: dt.time | None, check_out: dt.time | None) -> None:
    if check_in is None and check_out is None:
        raise ValidationError(_("Isi jam masuk, jam pulang, atau keduanya."))
    if check_in and check_out and check_out <= check_in:
        raise ValidationError({"check_out": _("Jam pulang harus setelah jam masuk.")})


@transaction.atomic
def record_enter(
    *,
    employee: Employee,
    date: dt.date,
    check_in: dt.time | None,
    check_out: dt.time | None,
    reason: str,
    ceremony: bool = False,
    by,
) -> Record:
    """Entry by hand for a missing or wrong record (e.g. the machine was broken): the reason is kept."""
    if not reason.strip():
        raise ValidationError({"reason": _("Tulis alasan input manual, mis. mesin presensi rusak.")})
    _check_times(check_in, check_out)
    if date > local_today(employee.instansi):
        raise ValidationError({"date": _("Tanggal belum terjadi.")})
    record, _created = Record.objects.update_or_create(
        employee=employee,
        date=date,
        defaults={
            "instansi_id": employee.instansi_id,
            "check_in": check_in,
            "check_out": check_out,
            "ceremony": ceremony,
            "source": Record.Source.MANUAL,
            "reason": reason.strip(),
            "entered_by": by,
        },
    )
    return record


# -------------------------------------------------------------------------------------- leave
@transaction.atomic
def leave_create(
    *, employee: Employee, kind: str, start: dt.date, end: dt.date, letter_number: str, note: str = "", by
) -> Leave:
    if end < start:
        raise ValidationError({"end": _("Tanggal selesai sebelum tanggal mulai.")})
    if (end - start).days > 366 * 3:
        raise ValidationError({"end": _("Rentang lebih dari tiga tahun; periksa tanggalnya.")})
    if not letter_number.strip():
        raise ValidationError({"letter_number": _("Isi nomor surat cuti / surat tugas / surat dokter.")})
    overlapping = (
        Leave.objects.select_for_update()
        .filter(employee=employee, start__lte=end, end__gte=start)
        .order_by("start")
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            {
                "start": _("Bertumpang tindih dengan %(kind)s %(start)s – %(end)s (surat %(letter)s).")
                % {
                    "kind": overlapping.get_kind_display(),
                    "start": overlapping.start.strftime("%d-%m-%Y"),
                    "end": overlapping.end.strftime("%d-%m-%Y"),
                    "letter": overlapping.letter_number,
                }
            }
        )
    leave = Leave(
        instansi_id=employee.instansi_id,
        employee=employee,
        kind=kind,
        start=start,
        end=end,
        letter_number=letter_number.strip(),
        note=note,
        created_by=by,
    )
    leave.full_clean()
    leave.save()
    return leave


@transaction.atomic
def leave_delete(*, leave: Leave) -> None:
    leave.delete()


# ---------------------------------------------------------------------------------- sanctions
@transaction.atomic
def sanction_create(
    *,
    employee: Employee,
    kind: str,
    decree_number: str,
    decree_date: dt.date | None,
    start: dt.date,
    months: int,
    cut_pct: Decimal,
    note: str = "",
    by,
) -> Sanction:
    """Records a hukuman disiplin from its decree: no decree number and date, no sanction."""
    errors = {}
    if not decree_number.strip():
        errors["decree_number"] = _("Hukuman disiplin hanya dicatat dari surat keputusan: isi nomornya.")
    if decree_date is None:
        errors["decree_date"] = _("Isi tanggal surat keputusan.")
    if kind not in rules.SANCTION_KINDS:
        errors["kind"] = _("Jenis hukuman tidak dikenal.")
    if cut_pct is None or not (0 <= cut_pct <= 100):
        errors["cut_pct"] = _("Potongan harus antara 0 dan 100 persen.")
    if errors:
        raise ValidationError(errors)
    if decree_date > start:
        raise ValidationError({"start": _("Hukuman tidak dapat berlaku sebelum keputusannya ditetapkan.")})
    sanction = Sanction(
        instansi_id=employee.instansi_id,
        employee=employee,
        level=rules.SANCTION_KINDS[kind].value,
        kind=kind,
        decree_number=decree_number.strip(),
        decree_date=decree_date,
        start=start,
        months=months,
        cut_pct=cut_pct,
        note=note,
        created_by=by,
    )
    sanction.full_clean()
    sanction.save()
    return sanction


# -------------------------------------------------------------------------------- corrections
@transaction.atomic
def correction_request(
    *, employee: Employee, date: dt.date, check_in: dt.time | None, check_out: dt.time | None, reason: str, evidence, by
) -> Correction:
    if not reason.strip():
        raise ValidationError({"reason": _("Jelaskan mengapa catatan hari ini perlu dikoreksi.")})
    if not evidence:
        raise ValidationError({"evidence": _("Lampirkan bukti (surat tugas, foto, tangkapan layar).")})
    _check_times(check_in, check_out)
    if date > local_today(employee.instansi):
        raise ValidationError({"date": _("Tanggal belum terjadi.")})
    if employee.supervisor_id is None:
        raise ValidationError(_("Anda belum memiliki atasan langsung yang dapat memutus koreksi."))
    if Correction.objects.filter(employee=employee, date=date, status=Correction.Status.PENDING).exists():
        raise ValidationError({"date": _("Koreksi untuk tanggal ini masih menunggu keputusan atasan.")})
    correction = Correction.objects.create(
        instansi_id=employee.instansi_id,
        employee=employee,
        date=date,
        check_in=check_in,
        check_out=check_out,
        reason=reason.strip(),
        evidence=evidence,
    )
    if employee.supervisor_id:
        _notify_supervisor(correction)
    return correction


def _notify_supervisor(correction: Correction) -> None:
    from django.urls import reverse

    from kinerja.accounts.models import User

    supervisor_user = User.objects.filter(employee_id=correction.employee.supervisor_id, is_active=True).first()
    if supervisor_user is None:
        return
    from kinerja.core.i18n import deferred
    from kinerja.notifications.models import Kind
    from kinerja.notifications.services import notify

    notify(
        supervisor_user,
        Kind.ATTENDANCE,
        dedup_key=f"attendance-correction-{correction.pk}",
        text=deferred("%(name)s meminta koreksi kehadiran %(date)s.")
        % {"name": correction.employee.display_name, "date": correction.date.strftime("%d-%m-%Y")},
        url=reverse("attendance:corrections"),
    )


def _notify_employee(correction: Correction) -> None:
    from django.urls import reverse

    from kinerja.accounts.models import User
    from kinerja.core.i18n import deferred
    from kinerja.notifications.models import Kind
    from kinerja.notifications.services import notify

    notify(
        User.objects.filter(employee_id=correction.employee_id, is_active=True).first(),
        Kind.ATTENDANCE,
        text=deferred("Koreksi kehadiran %(date)s: %(status)s.")
        % {"date": correction.date.strftime("%d-%m-%Y"), "status": Correction.Status(correction.status).label},
        url=reverse("attendance:my_month") + f"?bulan={correction.date.strftime('%Y-%m')}",
    )


@transaction.atomic
def correction_decide(*, correction: Correction, approve: bool, reason: str, by) -> Correction:
    correction = Correction.objects.select_for_update().get(pk=correction.pk)
    if correction.status != Correction.Status.PENDING:
        raise ValidationError(_("Koreksi ini sudah diputus."))
    if not approve and not reason.strip():
        raise ValidationError({"decision_reason": _("Tulis alasan penolakan agar pegawai mengerti.")})
    correction.status = Correction.Status.APPROVED if approve else Correction.Status.REFUSED
    correction.decided_by = by
    correction.decided_at = timezone.now()
    correction.decision_reason = reason.strip()
    correction.save(update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"])
    _notify_employee(correction)
    if approve:
        existing = Record.objects.filter(employee_id=correction.employee_id, date=correction.date).first()
        Record.objects.update_or_create(
            employee_id=correction.employee_id,
            date=correction.date,
            defaults={
                "instansi_id": correction.instansi_id,
                "check_in": correction.check_in or (existing.check_in if existing else None),
                "check_out": correction.check_out or (existing.check_out if existing else None),
                "ceremony": existing.ceremony if existing else False,
                "source": Record.Source.CORRECTION,
                "reason": correction.reason,
                "entered_by": by,
            },
        )
    return correction


# ------------------------------------------------------------------------------- the month
def month_compute(*, instansi: Instansi, month: str) -> int:
    """Computes every active employee's month into MonthSummary rows (replacing the month's
    previous rows): the database aggregates employee × working day (``selectors.month_rows``),
    a fixed number of queries whatever the number of employees; returns the rows written."""
    from . import selectors

    days = _month_days(month)
    rows = [
        {
            "instansi_id": instansi.pk,
            "month": month,
            "employee_id": row.employee_id,
            "working_days": row.totals.working_days,
            "present_days": row.totals.present_days,
            "late_days": row.totals.late_days,
            "incomplete_days": row.totals.incomplete_days,
            "absent_days": row.totals.absent_days,
            "leave_days": sum(row.totals.leave_days.values()),
            "leave_by_kind": row.totals.leave_days,
            "ceremony_missed": row.totals.ceremony_missed,
            "late_minutes": row.totals.late_minutes,
            "early_minutes": row.totals.early_minutes,
            "deduction_pct": row.totals.deduction_pct,
        }
        for row in selectors.month_rows(instansi=instansi, days=days)
    ]
    with transaction.atomic():
        MonthSummary.objects.filter(instansi=instansi, month=month).delete()
        insert_rows(MonthSummary, rows, raw=[name for name in rows[0] if name != "leave_by_kind"] if rows else ())
    return len(rows)


def _month_days(month: str) -> list[dt.date]:
    try:
        return rules.month_days(month)
    except rules.AttendanceError as error:
        raise ValidationError({"month": _(str(error))}) from None
