"""Career writes: the angka kredit ledger (rows appended per settled evaluation, and earlier
credit integrated from an import) and potential assessments for the talent grid (recorded or
imported). Disciplinary sanctions are the attendance app's (recorded from their decree)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.appraisal.models import Evaluation
from kinerja.org import access as org_access
from kinerja.org.imports import ImportFileError, read_table
from kinerja.org.models import Employee, Instansi, Position
from kinerja.org.rules import formula_like

from . import rules
from .models import CreditEntry, PotentialAssessment
from .services_coaching import settings_for
from .services_training import _text, local_today

MAX_CREDIT = Decimal("9999.999")


def _require_admin(by: User, instansi_id: int) -> None:
    if not org_access.can_manage(by, instansi_id):
        raise ValidationError(_("Hanya admin kepegawaian (BKPSDM) yang dapat melakukan ini."))


def _functional_level(employee: Employee) -> str | None:
    position = employee.position
    if position and position.kind == Position.Kind.FUNGSIONAL and position.level in rules.FUNCTIONAL_LEVELS:
        return position.level
    return None


@transaction.atomic
def credit_sync(*, instansi: Instansi) -> int:
    """Appends one ledger row per settled evaluation of an employee in a functional position that
    has none yet (the evaluation is unique on the ledger, so running it again adds nothing)."""
    today = local_today(instansi)
    annual = settings_for(instansi).credit_annual
    candidates = (
        Evaluation.objects.filter(
            instansi=instansi,
            credit_entry__isnull=True,
            employee__position__kind=Position.Kind.FUNGSIONAL,
            employee__position__level__in=rules.FUNCTIONAL_LEVELS,
        )
        .exclude(predikat="")
        .values_list("pk", "employee_id", "cut_key", "predikat", "status", "received_on", "employee__position__level")
    )
    rows = []
    for pk, employee_id, cut_key, predikat, status, received_on, level in candidates:
        if not rules.ledger_cuts_to_add(annual, [cut_key]) or not rules.credit_settled(status, received_on, today):
            continue
        rows.append(
            CreditEntry(
                instansi=instansi,
                employee_id=employee_id,
                source=CreditEntry.Source.EVALUATION,
                evaluation_id=pk,
                level=level,
                predikat=predikat,
                cut_key=cut_key,
                as_of=rules.cut_end(cut_key),
                amount=rules.ledger_credit(predikat, level, cut_key),
            )
        )
    CreditEntry.objects.bulk_create(rows)
    return len(rows)


def _clean_credit(employee: Employee, amount, as_of: dt.date | None) -> tuple[str, Decimal]:
    level = _functional_level(employee)
    if level is None:
        raise ValidationError(
            _("%(name)s tidak menduduki jabatan fungsional; angka kredit tidak dicatat.")
            % {"name": employee.display_name}
        )
    try:
        value = Decimal(str(amount).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"amount": _("Angka kredit harus berupa angka.")}) from None
    if not value.is_finite() or value < 0 or value > MAX_CREDIT or value != value.quantize(Decimal("0.001")):
        raise ValidationError({"amount": _("Angka kredit antara 0 dan 9999,999 dengan paling banyak 3 desimal.")})
    if as_of is None or as_of > local_today(employee.instansi):
        raise ValidationError({"as_of": _("Tanggal angka kredit wajib diisi dan tidak di masa depan.")})
    return level, value


@transaction.atomic
def credit_integrate(*, employee: Employee, by: User, amount, as_of: dt.date | None, note: str = "") -> CreditEntry:
    """Earlier credit (integrasi/konversi, PermenPANRB 1/2023) appended as one ledger row."""
    _require_admin(by, employee.instansi_id)
    level, value = _clean_credit(employee, amount, as_of)
    return CreditEntry.objects.create(
        instansi_id=employee.instansi_id,
        employee=employee,
        source=CreditEntry.Source.IMPORT,
        level=level,
        as_of=as_of,
        amount=value,
        note=_text(note, "note", limit=200),
        created_by=by,
    )


def _parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def _table_rows(content: bytes, filename: str, columns: list[str]) -> list[dict[str, str]]:
    try:
        table = read_table(content, filename)
    except ImportFileError as error:
        raise ValidationError(str(error)) from None
    missing = [c for c in columns if c not in table[0]]
    if missing:
        raise ValidationError(_("Kolom wajib tidak ada: %(cols)s.") % {"cols": ", ".join(missing)})
    return table


def _employees_by_nip(instansi: Instansi, table: list[dict[str, str]]) -> dict[str, Employee]:
    nips = {row.get("NIP", "").replace(" ", "") for row in table}
    return {
        e.nip: e
        for e in Employee.objects.filter(instansi=instansi, nip__in=nips).select_related("position", "instansi")
    }


def _import(instansi: Instansi, table, save_row) -> int:
    """Validates every row first (whole-file), then saves them; an error names its line."""
    employees = _employees_by_nip(instansi, table)
    errors = []
    for line, row in enumerate(table, start=2):
        if any(formula_like(v) for v in row.values()):
            errors.append(_("Baris %(n)s: sel diawali '=', '+', '-' atau '@' tidak diterima.") % {"n": line})
            continue
        employee = employees.get(row.get("NIP", "").replace(" ", ""))
        if employee is None:
            errors.append(_("Baris %(n)s: NIP tidak ditemukan di instansi ini.") % {"n": line})
            continue
        try:
            save_row(employee, row)
        except ValidationError as error:
            errors.append(_("Baris %(n)s: %(e)s") % {"n": line, "e": " ".join(error.messages)})
    if errors:
        raise ValidationError(errors[:50])
    return len(table)


@transaction.atomic
def credit_import(*, instansi: Instansi, by: User, content: bytes, filename: str) -> int:
    """Columns NIP, ANGKA_KREDIT, PER_TANGGAL (YYYY-MM-DD), optional KETERANGAN. Nothing is saved
    when any row is wrong."""
    _require_admin(by, instansi.pk)
    table = _table_rows(content, filename, ["NIP", "ANGKA_KREDIT", "PER_TANGGAL"])

    def save_row(employee, row):
        credit_integrate(
            employee=employee,
            by=by,
            amount=row["ANGKA_KREDIT"],
            as_of=_parse_date(row["PER_TANGGAL"]),
            note=row.get("KETERANGAN", "") or _("Integrasi angka kredit"),
        )

    return _import(instansi, table, save_row)


def _clean_score(score) -> Decimal:
    try:
        value = Decimal(str(score).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"score": _("Skor potensial harus berupa angka.")}) from None
    scale = rules.PotentialScale()
    problem = rules.potential_problem(value, scale) if value.is_finite() else "x"
    if problem or value != value.quantize(Decimal("0.01")):
        raise ValidationError(
            {"score": _("Skor potensial harus antara %(low)s dan %(high)s (dua desimal).") % {"low": 1, "high": 5}}
        )
    return value


@transaction.atomic
def potential_record(*, employee: Employee, by: User, year: int, score, method: str = "") -> PotentialAssessment:
    """The admin records (or corrects) an employee's potential for a year."""
    _require_admin(by, employee.instansi_id)
    value = _clean_score(score)
    if not 2000 <= int(year) <= local_today(employee.instansi).year:
        raise ValidationError({"year": _("Tahun penilaian potensial tidak sah.")})
    assessment, _created = PotentialAssessment.objects.update_or_create(
        employee=employee,
        year=year,
        defaults={
            "instansi_id": employee.instansi_id,
            "score": value,
            "method": _text(method, "method", limit=200),
            "recorded_by": by,
        },
    )
    return assessment


@transaction.atomic
def potential_import(*, instansi: Instansi, by: User, year: int, content: bytes, filename: str) -> int:
    """Columns NIP, SKOR (1–5), optional METODE. Nothing is saved when any row is wrong."""
    _require_admin(by, instansi.pk)
    table = _table_rows(content, filename, ["NIP", "SKOR"])

    def save_row(employee, row):
        potential_record(employee=employee, by=by, year=year, score=row["SKOR"], method=row.get("METODE", ""))

    return _import(instansi, table, save_row)
