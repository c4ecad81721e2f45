"""Writes of the TPP app: the year's configuration, salaries, and the month (compute, close)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.appraisal.models import Evaluation
from kinerja.attendance import rules as attendance_rules
from kinerja.attendance import selectors as attendance_selectors
from kinerja.attendance import services as attendance_services
from kinerja.attendance.models import MonthSummary
from kinerja.core.bulk import insert_rows
from kinerja.org.models import Employee, Instansi, Position
from kinerja.org.rules import full_name

from . import rules
from .models import PositionAmount, Salary, TppLine, TppMonth, TppSetting

SNAPSHOT_FIELDS = [
    "year",
    "weight_kinerja",
    "weight_disiplin",
    "kinerja_source",
    "predikat_pct",
    "no_report_pct",
    "deduction_base",
    "cpns_pct",
    "study_pct",
    "leave_allowance_days",
    "leave_excess_pct",
    "bpjs_employee_pct",
    "bpjs_employer_pct",
    "bpjs_cap",
    "pph21_pct",
    "class_amounts",
]
COUNTED_LEAVE = (attendance_rules.LeaveKind.CUTI_TAHUNAN.value, attendance_rules.LeaveKind.CUTI_LAIN.value)
PREDIKAT_KEYS = ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")
RANK_GROUPS = ("IV", "III", "II", "I", "PPPK")


def _invalid(error: rules.TppError, field: str | None = None) -> ValidationError:
    message = _(str(error))
    return ValidationError({field: message} if field else message)


# --------------------------------------------------------------------------------- configuration
def setting_for(*, instansi: Instansi, year: int) -> TppSetting:
    """The year's configuration; a new year starts as a copy of the latest earlier one (with its
    position amounts)."""
    setting = TppSetting.objects.filter(instansi=instansi, year=year).first()
    if setting is not None:
        return setting
    with transaction.atomic():
        previous = TppSetting.objects.filter(instansi=instansi, year__lt=year).order_by("-year").first()
        if previous is None:
            return TppSetting.objects.create(instansi=instansi, year=year)
        amounts = list(previous.position_amounts.all())
        previous.pk = None
        previous.year = year
        previous.save()
        PositionAmount.objects.bulk_create(
            [PositionAmount(setting=previous, position_id=a.position_id, amount=a.amount) for a in amounts]
        )
        return previous


def parse_mapping(text: str, keys: tuple[str, ...] | None, *, field: str, integer: bool = False) -> dict:
    """'9=13320000; 8=11100000' (or one pair a line) → {'9': '13320000', …}, checked."""
    result = {}
    for part in [p.strip() for p in text.replace("\n", ";").replace(",", ";").split(";") if p.strip()]:
        if "=" not in part:
            raise ValidationError({field: _("Tulis pasangan kunci=nilai, mis. %(e)s.") % {"e": "9=13320000"}})
        key, value = (s.strip() for s in part.split("=", 1))
        if keys is not None and key not in keys:
            raise ValidationError(
                {field: _("Kunci %(k)s tidak dikenal; gunakan %(keys)s.") % {"k": key, "keys": ", ".join(keys)}}
            )
        try:
            number = int(value.replace(".", "")) if integer else Decimal(value)
        except (ValueError, InvalidOperation):
            raise ValidationError({field: _("Nilai %(v)s untuk %(k)s bukan angka.") % {"v": value, "k": key}}) from None
        if number < 0:
            raise ValidationError({field: _("Nilai %(k)s tidak boleh negatif.") % {"k": key}})
        if not integer and number > 100:
            raise ValidationError({field: _("Persentase %(k)s lebih dari 100.") % {"k": key}})
        if integer and key.isdigit() and not 1 <= int(key) <= 17:
            raise ValidationError({field: _("Kelas jabatan %(k)s di luar 1–17.") % {"k": key}})
        result[key] = str(number)
    return result


@transaction.atomic
def setting_update(*, setting: TppSetting, **fields) -> TppSetting:
    """Validates the whole configuration with the rules before saving anything."""
    for name, value in fields.items():
        setattr(setting, name, value)
    for key, amount in setting.class_amounts.items():
        if not str(key).isdigit() or not 1 <= int(key) <= 17:
            raise ValidationError({"class_amounts": _("Kelas jabatan %(k)s di luar 1–17.") % {"k": key}})
        if int(amount) < 0:
            raise ValidationError({"class_amounts": _("Besaran TPP tidak boleh negatif.")})
    try:
        rules.check_weights(Decimal(setting.weight_kinerja), Decimal(setting.weight_disiplin))
    except rules.TppError as error:
        raise _invalid(error, "weight_disiplin") from None
    try:
        setting.as_rules()
    except (rules.TppError, InvalidOperation, ValueError) as error:
        raise ValidationError(_(str(error))) from None
    setting.full_clean()
    setting.save()
    return setting


@transaction.atomic
def position_amount_set(*, setting: TppSetting, position: Position, amount: int) -> PositionAmount:
    if position.instansi_id != setting.instansi_id:
        raise ValidationError({"position": _("Jabatan bukan milik instansi ini.")})
    if amount is None or amount < 0:
        raise ValidationError({"amount": _("Besaran TPP tidak boleh negatif.")})
    row, _created = PositionAmount.objects.update_or_create(
        setting=setting, position=position, defaults={"amount": amount}
    )
    return row


@transaction.atomic
def salary_set(*, employee: Employee, amount: int) -> Salary:
    if amount is None or amount < 0:
        raise ValidationError({"amount": _("Gaji tidak boleh negatif.")})
    row, _created = Salary.objects.update_or_create(
        employee=employee, defaults={"instansi_id": employee.instansi_id, "amount": amount}
    )
    return row


# ------------------------------------------------------------------------------------- the month
def _month_first(month: str) -> dt.date:
    try:
        return attendance_rules.month_days(month)[0]
    except attendance_rules.AttendanceError as error:
        raise ValidationError({"month": _(str(error))}) from None


def kinerja_cut(month_first: dt.date, source: str) -> str:
    if source == rules.KinerjaSource.PERIODIC:
        return f"{month_first.year}-Q{(month_first.month - 1) // 3 + 1}"
    return month_first.strftime("%Y-%m")


def _month_inputs(instansi: Instansi, month: str, source: str) -> dict[int, dict]:
    """employee id → the inputs of the month other than base and salary: predikat, attendance
    deduction, counted leave, tugas belajar, sanction (four queries)."""
    first = _month_first(month)
    predikat = dict(
        Evaluation.objects.filter(instansi=instansi, cut_key=kinerja_cut(first, source))
        .exclude(status=Evaluation.Status.DRAFT)
        .exclude(predikat="")
        .values_list("employee_id", "predikat")
    )
    cuts = attendance_selectors.active_sanction_cuts(instansi=instansi, month_first=first)
    inputs: dict[int, dict] = defaultdict(dict)
    for employee_id, deduction, by_kind, working in MonthSummary.objects.filter(
        instansi=instansi, month=month
    ).values_list("employee_id", "deduction_pct", "leave_by_kind", "working_days"):
        study_days = by_kind.get(attendance_rules.LeaveKind.TUGAS_BELAJAR.value, 0)
        inputs[employee_id] = {
            "deduction_pct": str(deduction),
            "counted_leave_days": sum(by_kind.get(k, 0) for k in COUNTED_LEAVE),
            "on_study": bool(working) and study_days >= working,
        }
    for employee_id, value in predikat.items():
        inputs[employee_id]["predikat"] = value
    for employee_id, values in cuts.items():
        inputs[employee_id]["sanction_pct"] = str(attendance_rules.sanction_cut(values))
    return inputs


def _tpp_input(*, base: int, status: str, rank: str, salary: int, found: dict) -> rules.TppInput:
    return rules.TppInput(
        base=base,
        predikat=found.get("predikat", ""),
        attendance_deduction_pct=Decimal(found.get("deduction_pct", "0")),
        counted_leave_days=found.get("counted_leave_days", 0),
        sanction_pct=Decimal(found.get("sanction_pct", "0")),
        status=status,
        on_study=found.get("on_study", False),
        salary=salary,
        rank=rank,
    )


def month_compute(*, instansi: Instansi, month: str, by=None) -> TppMonth:
    """Computes the TPP of every active employee for a draft month (recomputing it if it was
    computed before), and the adjustments for closed months whose inputs changed since. Refuses a
    closed month. A fixed number of queries whatever the number of employees."""
    first = _month_first(month)
    existing = TppMonth.objects.filter(instansi=instansi, month=month).first()
    if existing is not None and existing.is_closed:
        raise ValidationError(
            _(
                "TPP bulan %(m)s sudah ditutup dan tidak dihitung ulang; koreksi masuk ke bulan berikutnya sebagai "
                "penyesuaian."
            )
            % {"m": month}
        )
    setting = setting_for(instansi=instansi, year=first.year)
    try:
        tpp_rules = setting.as_rules()
    except rules.TppError as error:
        raise _invalid(error) from None
    attendance_services.month_compute(instansi=instansi, month=month)
    inputs = _month_inputs(instansi, month, setting.kinerja_source)
    salaries = dict(Salary.objects.filter(instansi=instansi).values_list("employee_id", "amount"))
    position_amounts = dict(setting.position_amounts.values_list("position_id", "amount"))
    class_amounts = {int(k): int(v) for k, v in setting.class_amounts.items()}
    employees = Employee.objects.filter(instansi=instansi, is_active=True).values_list(
        "pk",
        "nip",
        "name",
        "front_title",
        "back_title",
        "status",
        "rank",
        "unit_id",
        "unit__path",
        "unit__name",
        "position_id",
        "position__name",
        "position__grade",
    )
    with transaction.atomic():
        tpp_month, _created = TppMonth.objects.select_for_update().get_or_create(instansi=instansi, month=month)
        if tpp_month.is_closed:  # closed while we were reading
            raise ValidationError(_("TPP bulan %(m)s sudah ditutup.") % {"m": month})
        rows = []
        # Employees of the same class, status, rank and month share their figures: the rule runs
        # once per distinct input (a frozen, hashable TppInput).
        computed: dict[rules.TppInput, rules.TppResult] = {}
        for pk, nip, name, front, back, status, rank, unit_id, path, unit_name, pos_id, pos_name, grade in employees:
            base = position_amounts.get(pos_id, class_amounts.get(grade or 0, 0))
            salary = salaries.get(pk, 0)
            found = inputs.get(pk, {})
            given = _tpp_input(base=base, status=status, rank=rank, salary=salary, found=found)
            result = computed.get(given)
            if result is None:
                result = computed[given] = rules.compute(given, tpp_rules)
            rows.append(
                _line_row(
                    tpp_month,
                    instansi,
                    pk,
                    unit_id,
                    path,
                    unit_name,
                    nip,
                    full_name(name, front, back),
                    pos_name,
                    grade,
                    rank,
                    status,
                    result,
                    inputs={
                        **found,
                        "salary": salary,
                        "grade": grade,
                        "base_source": "position" if pos_id in position_amounts else "class",
                    },
                )
            )
        rows.extend(_adjustment_rows(instansi, tpp_month, first))
        TppLine.objects.filter(month=tpp_month).delete()
        insert_rows(TppLine, rows, raw=[name for name in rows[0] if name != "inputs"] if rows else ())
        tpp_month.setting_snapshot = _snapshot(setting)
        tpp_month.computed_at = timezone.now()
        tpp_month.computed_by = by
        tpp_month.save(update_fields=["setting_snapshot", "computed_at", "computed_by", "updated_at"])
    return tpp_month


def _snapshot(setting: TppSetting) -> dict:
    data = model_to_dict(setting, fields=SNAPSHOT_FIELDS)
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in data.items()}


def _line_row(
    tpp_month,
    instansi,
    employee_id,
    unit_id,
    path,
    unit_name,
    nip,
    name,
    position_name,
    grade,
    rank,
    status,
    result: rules.TppResult,
    *,
    inputs: dict,
    kind: str = TppLine.Kind.REGULAR,
    ref_month: str = "",
):
    return {
        "month_id": tpp_month.pk,
        "instansi_id": instansi.pk,
        "employee_id": employee_id,
        "kind": kind,
        "ref_month": ref_month,
        "unit_id": unit_id,
        "unit_path": path,
        "unit_name": unit_name,
        "nip": nip,
        "name": name,
        "position_name": position_name or "",
        "grade": grade,
        "rank": rank or "",
        "status": status,
        "base": result.base,
        "status_factor_pct": result.status_factor_pct,
        "paid_base": result.paid_base,
        "kinerja_pct": result.kinerja_pct,
        "disiplin_pct": result.disiplin_pct,
        "kinerja_amount": result.kinerja_amount,
        "disiplin_amount": result.disiplin_amount,
        "attendance_cut": result.attendance_cut,
        "sanction_pct": result.sanction_pct,
        "sanction_cut": result.sanction_cut,
        "gross": result.gross,
        "bpjs_employee": result.bpjs_employee,
        "bpjs_employer": result.bpjs_employer,
        "pph21": result.pph21,
        "net": result.net,
        "inputs": inputs,
    }


def _adjustment_rows(instansi: Instansi, tpp_month: TppMonth, first: dt.date) -> list[dict]:
    """For each closed month of the last twelve before this one: recompute its regular lines with
    today's inputs (its own configuration snapshot, base and salary) and pay the difference not
    yet adjusted in another month."""
    rows = []
    earliest = (first - dt.timedelta(days=366)).strftime("%Y-%m")
    closed = TppMonth.objects.filter(
        instansi=instansi, status=TppMonth.Status.CLOSED, month__lt=tpp_month.month, month__gte=earliest
    ).order_by("month")
    for closed_month in closed:
        if not _changed_since_close(instansi, closed_month):
            continue
        snapshot = TppSetting(instansi=instansi, **closed_month.setting_snapshot)
        closed_rules = snapshot.as_rules()
        attendance_services.month_compute(instansi=instansi, month=closed_month.month)
        inputs = _month_inputs(instansi, closed_month.month, snapshot.kinerja_source)
        adjusted = dict(
            TppLine.objects.filter(instansi=instansi, kind=TppLine.Kind.ADJUSTMENT, ref_month=closed_month.month)
            .exclude(month=tpp_month)
            .values("employee_id")
            .annotate(total=Sum("gross"))
            .values_list("employee_id", "total")
        )
        for line in TppLine.objects.filter(month=closed_month, kind=TppLine.Kind.REGULAR).iterator(chunk_size=2000):
            found = inputs.get(line.employee_id, {})
            salary = line.inputs.get("salary", 0)
            recomputed = rules.compute(
                _tpp_input(base=line.base, status=line.status, rank=line.rank, salary=salary, found=found), closed_rules
            )
            change = rules.adjustment(
                recomputed_gross=recomputed.gross,
                paid_gross=line.gross,
                already_adjusted=adjusted.get(line.employee_id, 0),
                tax_pct=recomputed.pph21_pct,
            )
            if change.gross == 0:
                continue
            rows.append(
                {
                    "month_id": tpp_month.pk,
                    "instansi_id": instansi.pk,
                    "employee_id": line.employee_id,
                    "kind": TppLine.Kind.ADJUSTMENT,
                    "ref_month": closed_month.month,
                    "unit_id": line.unit_id,
                    "unit_path": line.unit_path,
                    "unit_name": line.unit_name,
                    "nip": line.nip,
                    "name": line.name,
                    "position_name": line.position_name,
                    "grade": line.grade,
                    "rank": line.rank,
                    "status": line.status,
                    "base": 0,
                    "status_factor_pct": Decimal("100"),
                    "paid_base": 0,
                    "kinerja_pct": recomputed.kinerja_pct,
                    "disiplin_pct": recomputed.disiplin_pct,
                    "kinerja_amount": recomputed.kinerja_amount - line.kinerja_amount,
                    "disiplin_amount": recomputed.disiplin_amount - line.disiplin_amount,
                    "attendance_cut": recomputed.attendance_cut - line.attendance_cut,
                    "sanction_pct": recomputed.sanction_pct,
                    "sanction_cut": recomputed.sanction_cut - line.sanction_cut,
                    "gross": change.gross,
                    "bpjs_employee": 0,
                    "bpjs_employer": 0,
                    "pph21": change.pph21,
                    "net": change.net,
                    "inputs": {**found, "paid_gross": line.gross, "recomputed_gross": recomputed.gross},
                }
            )
    return rows


def _changed_since_close(instansi: Instansi, closed_month: TppMonth) -> bool:
    """Whether any input of a closed month was written after it was closed (a few EXISTS
    queries), so untouched months are not recomputed for nothing."""
    from kinerja.attendance.models import Leave, Record, Sanction

    days = attendance_rules.month_days(closed_month.month)
    since = closed_month.closed_at
    source = closed_month.setting_snapshot.get("kinerja_source", rules.KinerjaSource.MONTHLY)
    return (
        Record.objects.filter(instansi=instansi, date__range=(days[0], days[-1]), updated_at__gt=since).exists()
        or Leave.objects.filter(instansi=instansi, start__lte=days[-1], end__gte=days[0], updated_at__gt=since).exists()
        or Sanction.objects.filter(instansi=instansi, updated_at__gt=since).exists()
        or Evaluation.objects.filter(
            instansi=instansi, cut_key=kinerja_cut(days[0], source), updated_at__gt=since
        ).exists()
    )


@transaction.atomic
def month_close(*, tpp_month: TppMonth, by) -> TppMonth:
    tpp_month = TppMonth.objects.select_for_update().get(pk=tpp_month.pk)
    if tpp_month.is_closed:
        raise ValidationError(_("Bulan ini sudah ditutup."))
    if tpp_month.computed_at is None or not tpp_month.lines.exists():
        raise ValidationError(_("Hitung TPP bulan ini dahulu sebelum menutupnya."))
    tpp_month.status = TppMonth.Status.CLOSED
    tpp_month.closed_at = timezone.now()
    tpp_month.closed_by = by
    tpp_month.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
    return tpp_month
