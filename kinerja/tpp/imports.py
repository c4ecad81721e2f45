"""Salaries from a spreadsheet (CSV or XLSX): ``NIP, GAJI`` (gaji + tunjangan melekat per month,
in rupiah), one row per employee; other columns (e.g. NAMA) are ignored.

The attendance import's pattern: a dry run first that names every bad row, its column and the
fix; nothing is written unless the whole file is valid; rows are matched by NIP, so the same file
twice changes nothing. Validation is two queries and dictionary lookups; writing is one upsert
(core.bulk.upsert_rows), whatever the number of rows. The SalaryImport keeps the file, who
applied it and when: the audit trail of the bulk change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from kinerja.attendance.imports import MAX_BYTES, MAX_ERRORS_KEPT, ImportFileError, read_rows
from kinerja.core.bulk import upsert_rows
from kinerja.core.uploads import apply_kept, keep_preview
from kinerja.org.models import Employee, Instansi
from kinerja.org.rules import normalize_nip

from .models import Salary, SalaryImport

MAX_SALARY = 1_000_000_000  # a month's salary above a billion rupiah is a typing error
_CENTS = re.compile(r"[.,]0{1,2}$")
_GROUPED = re.compile(r"^\d{1,3}([.,]\d{3})+$")  # 5.250.000 or 5,250,000


@dataclass
class Preview:
    file_errors: list[str] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row, column, message)
    error_count: int = 0
    rows: int = 0
    create: int = 0
    update: int = 0
    unchanged: int = 0

    @property
    def valid(self) -> bool:
        return not self.file_errors and not self.error_count

    def error(self, row: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append((row, column, message))

    def as_summary(self) -> dict:
        return {
            "file_errors": self.file_errors,
            "errors": self.errors,
            "counts": {
                "rows": self.rows,
                "create": self.create,
                "update": self.update,
                "unchanged": self.unchanged,
                "error_rows": self.error_count,
            },
        }


def parse_amount(value: object) -> int:
    """'5.250.000', '5,250,000', 'Rp 5.250.000,00', 5250000 or 5250000.0 → 5250000; raises
    ValueError for anything else (a fraction of a rupiah, text, a negative number)."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError
        number = int(value)
    else:
        text = str(value).strip().upper().removeprefix("RP").replace(" ", "")
        text = _CENTS.sub("", text) if len(text) > 3 else text
        if not (text.isdigit() or _GROUPED.match(text)):
            raise ValueError
        number = int(text.replace(".", "").replace(",", ""))
    if number < 0:
        raise ValueError
    return number


def validate(instansi: Instansi, content: bytes) -> tuple[Preview, dict[int, int]]:
    """The file checked against the instansi: (preview, employee id → amount to write)."""
    preview = Preview()
    try:
        header, data = read_rows(content)
    except ImportFileError as error:
        preview.file_errors.append(str(error))
        return preview, {}
    index = {name: i for i, name in enumerate(header) if name}
    if not {"NIP", "GAJI"} <= set(index):
        preview.file_errors.append(
            _("Kolom tidak dikenali. Gunakan NIP dan GAJI (gaji + tunjangan melekat per bulan, dalam rupiah).")
        )
        return preview, {}
    nip_at, amount_at = index["NIP"], index["GAJI"]
    nips = dict(Employee.objects.filter(instansi=instansi, is_active=True).values_list("nip", "pk"))
    preview.rows = len(data)
    amounts: dict[int, int] = {}
    row_of: dict[int, int] = {}
    for number, row in enumerate(data, start=2):
        raw_nip = str(row[nip_at] if nip_at < len(row) else "")
        nip = normalize_nip(raw_nip)
        employee_id = nips.get(nip)
        if not nip:
            preview.error(number, "NIP", _("Wajib diisi."))
        elif employee_id is None:
            preview.error(
                number,
                "NIP",
                _(
                    "NIP %(nip)s tidak dikenal sebagai pegawai aktif instansi ini; periksa NIP atau impor pegawainya "
                    "dahulu."
                )
                % {"nip": nip},
            )
        elif employee_id in row_of:
            preview.error(
                number, "NIP", _("NIP %(nip)s sudah ada di baris %(row)s.") % {"nip": nip, "row": row_of[employee_id]}
            )
            employee_id = None
        raw_amount = row[amount_at] if amount_at < len(row) else ""
        try:
            amount = parse_amount(raw_amount)
        except ValueError:
            message = (
                _("Gaji tidak boleh negatif.")
                if str(raw_amount).strip().startswith("-")
                else _("Tulis gaji sebagai angka rupiah tanpa sen, mis. 5250000 atau 5.250.000.")
            )
            preview.error(number, "GAJI", message)
            continue
        if amount > MAX_SALARY:
            preview.error(
                number,
                "GAJI",
                _("Gaji Rp %(amount)s per bulan tidak wajar; periksa angkanya.")
                % {"amount": f"{amount:,}".replace(",", ".")},
            )
            continue
        if employee_id is not None:
            amounts[employee_id] = amount
            row_of[employee_id] = number
    if preview.error_count:
        return preview, {}
    current = dict(
        Salary.objects.filter(instansi=instansi, employee_id__in=list(amounts)).values_list("employee_id", "amount")
    )
    changes = {}
    for employee_id, amount in amounts.items():
        if employee_id not in current:
            preview.create += 1
        elif current[employee_id] == amount:
            preview.unchanged += 1
            continue
        else:
            preview.update += 1
        changes[employee_id] = amount
    return preview, changes


def import_preview(*, instansi: Instansi, content: bytes, filename: str, by) -> SalaryImport:
    """Dry run: validates and keeps the file with its preview; writes nothing else."""
    preview, _changes = validate(instansi, content)
    return keep_preview(
        SalaryImport,
        instansi=instansi,
        content=content,
        filename=filename,
        by=by,
        preview=preview,
        max_bytes=MAX_BYTES,
    )


def import_apply(*, batch: SalaryImport) -> Preview:
    """Re-validates the kept file (the employees may have changed since the dry run) and writes
    the new and changed salaries in one statement, in one transaction."""

    def write(instansi: Instansi, changes: dict[int, int], _preview: Preview) -> None:
        upsert_rows(
            Salary,
            [
                {"instansi_id": instansi.pk, "employee_id": employee_id, "amount": amount}
                for employee_id, amount in changes.items()
            ],
            unique=("employee",),
            update=("amount",),
            raw=("instansi_id", "employee_id", "amount"),
        )

    return apply_kept(batch, validate=validate, write=write)
