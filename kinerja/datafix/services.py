"""'My data is wrong' reports: filed by the employee, fixed (through the org services, so the
change is validated and audited in the master-data history) or refused by the admin; the
employee is told either way."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.core.i18n import Message, deferred
from kinerja.notifications.models import Kind
from kinerja.notifications.services import notify
from kinerja.org import services as org_services
from kinerja.org.models import Employee, Position, Unit

from . import rules
from .models import DataReport, DataReportStatusChange

S = DataReport.Subject


def recorded_value(employee: Employee, subject: str) -> object | None:
    return getattr(employee, rules.FIELD[rules.Subject(subject)])


def _label(value: object | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, Employee):
        return f"{value.display_name} ({value.nip})"
    return str(getattr(value, "name", value))


def _error(error: rules.ReportError) -> ValidationError:
    return ValidationError({error.field: _(error.message)})


def _record(report: DataReport, *, from_status: str, to_status: str, by: User, comment: str = "") -> None:
    DataReportStatusChange.objects.create(
        instansi_id=report.instansi_id,
        report=report,
        from_status=from_status,
        to_status=to_status,
        by=by,
        comment=comment,
    )


def report_submit(
    *,
    employee: Employee,
    by: User,
    subject: str,
    wanted: str = "",
    note: str = "",
    wanted_supervisor: Employee | None = None,
    wanted_unit: Unit | None = None,
    wanted_position: Position | None = None,
) -> DataReport:
    """Files the employee's report. The correct record may be named (a supervisor, a unit) or only
    described; either way the admin decides what is stored."""
    chosen = {S.SUPERVISOR: wanted_supervisor, S.UNIT: wanted_unit, S.POSITION: wanted_position}.get(subject)
    for value in (wanted_supervisor, wanted_unit, wanted_position):
        if value is not None and value.instansi_id != employee.instansi_id:
            raise ValidationError(_("Data yang dipilih harus dari instansi Anda."))
    current = recorded_value(employee, subject) if subject in S.values else None
    try:
        text = rules.check_submission(
            subject=subject,
            wanted=wanted,
            chosen_id=chosen.pk if chosen is not None else None,
            current_id=current.pk if current is not None else None,
            me=employee.pk,
        )
    except rules.ReportError as error:
        raise _error(error) from None
    if len((note or "").strip()) > 1000:
        raise ValidationError({"note": _("Catatan terlalu panjang (maksimal 1.000 karakter).")})
    if DataReport.objects.filter(employee=employee, subject=subject, status=DataReport.Status.OPEN).exists():
        raise ValidationError(
            {"subject": _("Laporan Anda tentang data ini masih menunggu admin. Tunggu keputusannya lebih dahulu.")}
        )
    try:
        with transaction.atomic():
            report = DataReport.objects.create(
                instansi_id=employee.instansi_id,
                employee=employee,
                reported_by=by,
                subject=subject,
                recorded=_label(current)[:300],
                wanted=text or _label(chosen),
                note=(note or "").strip(),
                wanted_supervisor=wanted_supervisor if subject == S.SUPERVISOR else None,
                wanted_unit=wanted_unit if subject == S.UNIT else None,
                wanted_position=wanted_position if subject == S.POSITION else None,
            )
            _record(report, from_status="", to_status=DataReport.Status.OPEN, by=by)
    except IntegrityError:  # the same report sent twice at once
        raise ValidationError(
            {"subject": _("Laporan Anda tentang data ini masih menunggu admin. Tunggu keputusannya lebih dahulu.")}
        ) from None
    return report


def _lock(report: DataReport) -> DataReport:
    report = DataReport.objects.select_for_update(of=("self",)).select_related("employee__instansi").get(pk=report.pk)
    if not rules.can_decide(report.status):
        raise ValidationError(_("Laporan ini sudah diputuskan."))
    return report


def _tell(report: DataReport, text: Message) -> None:
    """Stored untranslated: the employee reads it in their own language, not the admin's."""
    owner = User.objects.filter(employee_id=report.employee_id, is_active=True).first()
    notify(owner, Kind.DATA_REPORT, text=text, url=f"/laporan-data/{report.pk}/")


@transaction.atomic
def report_fix(*, report: DataReport, by: User, value: Employee | Unit | Position | None = None) -> DataReport:
    """Stores the correct record (``value``, else the one the employee named) through
    ``org.services.employee_save``: the same checks as the employee form (same instansi, no
    supervision loop, an active supervisor) and a row in the employee's history with the report
    as its reason. A position in another unit moves the employee to that unit with it."""
    report = _lock(report)
    subject = rules.Subject(report.subject)
    value = (
        value
        or {
            rules.Subject.SUPERVISOR: report.wanted_supervisor,
            rules.Subject.UNIT: report.wanted_unit,
            rules.Subject.POSITION: report.wanted_position,
        }[subject]
    )
    if value is None:
        raise ValidationError({"value": _("Pilih data yang benar sebelum menyimpan perbaikan.")})
    employee = report.employee
    fields: dict[str, object] = {rules.FIELD[subject]: value}
    if subject == rules.Subject.POSITION and value.unit_id != employee.unit_id:
        fields["unit"] = value.unit
    employee._change_reason = (_("Laporan data #%(n)s") % {"n": report.pk})[:100]
    try:
        org_services.employee_save(instansi=employee.instansi, employee=employee, **fields)
    except ValidationError as error:
        # The employee form's messages, shown beside the admin's choice.
        raise ValidationError({"value": error.messages}) from None
    report.status, report.decided_by, report.decided_at = DataReport.Status.FIXED, by, timezone.now()
    report.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    _record(report, from_status=DataReport.Status.OPEN, to_status=DataReport.Status.FIXED, by=by, comment=_label(value))
    _tell(
        report,
        deferred("Laporan data Anda (%(subject)s) sudah ditindaklanjuti; kini tercatat: %(value)s")
        % {"subject": DataReport.Subject(report.subject).label, "value": _label(value)},
    )
    return report


@transaction.atomic
def report_refuse(*, report: DataReport, by: User, reason: str) -> DataReport:
    try:
        reason = rules.check_reason(reason)
    except rules.ReportError as error:
        raise _error(error) from None
    report = _lock(report)
    report.status, report.decided_by, report.decided_at = DataReport.Status.REFUSED, by, timezone.now()
    report.reason = reason
    report.save(update_fields=["status", "decided_by", "decided_at", "reason", "updated_at"])
    _record(report, from_status=DataReport.Status.OPEN, to_status=DataReport.Status.REFUSED, by=by, comment=reason)
    _tell(
        report,
        deferred("Laporan data Anda (%(subject)s) ditolak: %(reason)s")
        % {"subject": DataReport.Subject(report.subject).label, "reason": reason[:200]},
    )
    return report
