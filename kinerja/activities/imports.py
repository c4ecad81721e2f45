"""A week's or a month's daily work from a spreadsheet (XLSX or CSV in the template's layout).

Every upload is a dry run first: each row goes through :func:`services.activity_create`, the very
path of a hand entry (period lock, overlaps with the day's other entries and the file's earlier
rows, the 24-hour limit, the indicator of the approved SKP, spending evidence), inside a
transaction that is then rolled back. The preview names each row's problems by row, column and
fix. Submitting runs the same rows again for real, all or nothing.

Each row carries a deterministic client token (uuid5 of the employee and the row's content), the
one a hand entry's form carries against double taps: the same file uploaded twice adds nothing,
and the preview says which rows are already stored.

Cells are read as in the org import (:func:`kinerja.org.imports.read_table`: size and row caps,
a text file named .xlsx refused, formulas read as their text, never computed) and a cell that
starts like a formula is refused.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.org.imports import ImportFileError, read_table
from kinerja.org.models import Employee, Unit
from kinerja.org.rules import formula_like, normalize_nip

from . import services
from .models import Activity, ActivityImport

# Column → required. NIP is required only in an admin's file (an employee's rows are their own).
COLUMNS = {
    "NIP": False,
    "TANGGAL": True,
    "JAM_MULAI": False,
    "JAM_SELESAI": False,
    "DURASI_MENIT": False,
    "URAIAN": True,
    "INDIKATOR": False,
    "JUMLAH": False,
}
# The service's error fields, as the file's columns.
FIELD_COLUMN = {
    "date": "TANGGAL",
    "start_time": "JAM_MULAI",
    "end_time": "JAM_SELESAI",
    "minutes": "DURASI_MENIT",
    "description": "URAIAN",
    "indicator": "INDIKATOR",
    "quantity": "JUMLAH",
    "files": "INDIKATOR",
}
MAX_ROWS = 1000  # a month of a unit's work; a bigger file is split by month or by unit
# Fixed for ever: changing it would make every earlier file new again.
TOKEN_NAMESPACE = uuid.UUID("6f1c5c2e-4b1e-5d0a-9a57-4b696e65726a")


@dataclass
class RowResult:
    row: int  # the spreadsheet's row number (the header is row 1)
    employee: str = ""
    date: str = ""
    time: str = ""
    description: str = ""
    status: str = ""  # new | duplicate | error
    errors: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Entry:
    result: RowResult
    employee: Employee
    arguments: dict
    token: uuid.UUID


@dataclass
class Outcome:
    rows: list[RowResult]
    file_errors: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.file_errors and not any(r.errors for r in self.rows)

    def counts(self) -> dict[str, int]:
        counter = Counter(r.status for r in self.rows)
        return {"new": counter["new"], "duplicate": counter["duplicate"], "error": counter["error"]}

    def as_summary(self) -> dict:
        return {"counts": self.counts(), "file_errors": self.file_errors, "rows": [asdict(r) for r in self.rows]}


# ---------------------------------------------------------------------------------------- cells
def parse_date(text: str) -> dt.date:
    """2026-11-02, 02/11/2026, 02-11-2026 or 02.11.2026; an XLSX date cell reads as the first."""
    text = text.strip().split(" ")[0].split("T")[0]
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_time(text: str) -> dt.time | None:
    """08:00, 8.00, 08:00:00 or an XLSX time cell; empty is no time."""
    text = text.strip()
    if not text:
        return None
    text = text.split(" ")[-1].replace(".", ":")
    parts = text.split(":")
    if len(parts) < 2 or not all(p.isdigit() for p in parts[:2]):
        raise ValueError(text)
    return dt.time(int(parts[0]), int(parts[1]))


def parse_minutes(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or int(text) > 1440:
        raise ValueError(text)
    return int(text)


def parse_quantity(text: str) -> Decimal:
    text = text.strip().replace(",", ".")
    if not text:
        return Decimal(0)
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite() or value < 0:
        raise ValueError(text)
    return value


def row_token(employee_id: int, arguments: dict) -> uuid.UUID:
    """The same row of the same employee gives the same token, whatever file or upload it is in."""
    indicator = arguments["indicator"]
    parts = [
        str(employee_id),
        arguments["day"].isoformat(),
        arguments["start_time"].strftime("%H:%M") if arguments["start_time"] else "",
        arguments["end_time"].strftime("%H:%M") if arguments["end_time"] else "",
        str(arguments["minutes"] or ""),
        " ".join(arguments["description"].split()),
        str(indicator.pk if indicator else ""),
        str(arguments["quantity"].normalize()),
    ]
    return uuid.uuid5(TOKEN_NAMESPACE, "|".join(parts))


def _safe(value: str) -> str:
    """A description written as a bullet ("- Rapat …") is text; any other cell starting like a
    formula is refused by the caller."""
    return value[2:].strip() if value.startswith("- ") else value


# ------------------------------------------------------------------------------------ the rows
class _Indicators:
    """The indicators each employee's entries may serve, per year: read once per (employee, year)."""

    def __init__(self, instansi):
        self.instansi = instansi
        self.periods: dict[int, object] = {}
        self.lists: dict[tuple[int, int], list] = {}

    def period(self, year: int):
        if year not in self.periods:
            self.periods[year] = services.period_for(self.instansi, dt.date(year, 1, 1))
        return self.periods[year]

    def of(self, employee: Employee, year: int) -> list:
        key = (employee.pk, year)
        if key not in self.lists:
            self.lists[key] = list(services.indicators_for(employee, self.period(year)))
        return self.lists[key]

    def find(self, employee: Employee, year: int, text: str):
        """By its number in the template's Indikator sheet, or by its exact text."""
        options = self.of(employee, year)
        if text.isdigit():
            index = int(text) - 1
            return options[index] if 0 <= index < len(options) else None
        wanted = " ".join(text.split()).casefold()
        return next((i for i in options if " ".join(i.text.split()).casefold() == wanted), None)


def uploader_scope(by: User, unit: Unit | None):
    """Whose rows a file may hold: an admin's, the instansi's active employees (under ``unit`` when
    one is chosen); anybody else's, only their own."""
    if by.is_instansi_admin:
        people = Employee.objects.filter(instansi_id=by.instansi_id, is_active=True)
        if unit is not None:
            people = people.filter(unit__path__startswith=unit.path)
        return people
    return Employee.objects.filter(pk=by.employee_id, is_active=True)


def _read(by: User, content: bytes, filename: str, unit: Unit | None) -> tuple[list[_Entry], Outcome]:
    try:
        table = read_table(content, filename)
    except ImportFileError as error:
        return [], Outcome(rows=[], file_errors=[str(error)])
    if len(table) > MAX_ROWS:
        return [], Outcome(
            rows=[],
            file_errors=[
                _("File berisi %(n)s baris; batasnya %(max)s baris per unggahan. Pecah per bulan atau per unit.")
                % {"n": len(table), "max": MAX_ROWS}
            ],
        )
    admin = by.is_instansi_admin
    required = dict(COLUMNS, NIP=admin)
    missing = [name for name, needed in required.items() if needed and name not in table[0]]
    if missing:
        return [], Outcome(
            rows=[],
            file_errors=[
                _("Kolom wajib tidak ada: %(cols)s. Unduh templat dari halaman ini dan salin data Anda ke dalamnya.")
                % {"cols": ", ".join(missing)}
            ],
        )
    people = uploader_scope(by, unit).select_related("instansi")
    if admin:
        nips = {normalize_nip(row.get("NIP", "")) for row in table}
        by_nip = {e.nip: e for e in people.filter(nip__in=nips)}
    else:
        me = people.first()
        by_nip = {me.nip: me} if me else {}
    indicators = _Indicators(by.instansi)
    entries, results = [], []
    for index, row in enumerate(table, start=2):
        result = RowResult(row=index, description=_safe(row.get("URAIAN", ""))[:80])
        results.append(result)
        entry = _parse_row(row, result, admin=admin, by_nip=by_nip, indicators=indicators)
        if entry is not None:
            entries.append(entry)
        result.status = "error" if result.errors else "new"
    return entries, Outcome(rows=results)


def _parse_row(row: dict, result: RowResult, *, admin: bool, by_nip: dict, indicators: _Indicators) -> _Entry | None:
    def error(column: str, message: str) -> None:
        result.errors.append((column, message))

    for column in COLUMNS:
        value = row.get(column, "")
        if formula_like(value) and not value.startswith("- "):
            error(column, _("Sel ini diawali '=', '+', '-' atau '@' seperti rumus. Tulis nilainya sebagai teks biasa."))
    if result.errors:
        return None
    nip = normalize_nip(row.get("NIP", ""))
    if admin and not nip:
        error("NIP", _("Wajib diisi: NIP pegawai yang mengerjakan kegiatan ini."))
        employee = None
    elif nip and nip not in by_nip:
        error(
            "NIP",
            _("Pegawai aktif dengan NIP %(nip)s tidak ada dalam cakupan unggahan ini. Periksa NIP-nya.") % {"nip": nip}
            if admin
            else _("NIP %(nip)s bukan NIP Anda. Kosongkan kolom NIP atau tulis NIP Anda sendiri.") % {"nip": nip},
        )
        employee = None
    else:
        employee = by_nip.get(nip) if nip else next(iter(by_nip.values()), None)
        if employee is None:  # a login without an active employee record
            error("NIP", _("Akun Anda tidak terhubung ke data pegawai aktif. Hubungi admin kepegawaian."))
    if employee is not None:
        result.employee = employee.display_name
    day = None
    try:
        day = parse_date(row.get("TANGGAL", ""))
        result.date = day.isoformat()
    except ValueError:
        error("TANGGAL", _("Tanggal tidak dikenali. Tulis seperti 2026-11-02 atau 02/11/2026."))
    times = {}
    for column in ("JAM_MULAI", "JAM_SELESAI"):
        try:
            times[column] = parse_time(row.get(column, ""))
        except ValueError:
            error(column, _("Jam tidak dikenali. Tulis seperti 08:00 (jam:menit)."))
    try:
        minutes = parse_minutes(row.get("DURASI_MENIT", ""))
    except ValueError:
        minutes = None
        error("DURASI_MENIT", _("Durasi ditulis sebagai bilangan bulat menit (1–1440), misalnya 90."))
    try:
        quantity = parse_quantity(row.get("JUMLAH", ""))
    except ValueError:
        quantity = Decimal(0)
        error("JUMLAH", _("Jumlah keluaran ditulis sebagai angka nol atau lebih, misalnya 3 atau 2,5."))
    if bool(times.get("JAM_MULAI")) != bool(times.get("JAM_SELESAI")) and not minutes:
        column = "JAM_SELESAI" if times.get("JAM_MULAI") else "JAM_MULAI"
        error(column, _("Isi jam mulai dan jam selesai, atau kosongkan keduanya dan isi DURASI_MENIT."))
    indicator = None
    text = row.get("INDIKATOR", "").strip()
    if text and employee is not None and day is not None:
        indicator = indicators.find(employee, day.year, text)
        if indicator is None:
            error(
                "INDIKATOR",
                _(
                    "Indikator %(text)s tidak ada di SKP yang disetujui untuk tahun %(year)s. Tulis nomornya dari "
                    "lembar Indikator pada templat, atau kosongkan untuk tugas lain."
                )
                % {"text": text[:40], "year": day.year},
            )
    if result.errors or employee is None or day is None:
        return None
    start, end = times.get("JAM_MULAI"), times.get("JAM_SELESAI")
    if start and end:
        minutes = None  # times given: the duration follows from them, as on the form
        result.time = f"{start:%H:%M}–{end:%H:%M}"
    elif minutes:
        start = end = None
        result.time = _("%(n)s menit") % {"n": minutes}
    arguments = {
        "day": day,
        "description": _safe(row.get("URAIAN", "")),
        "start_time": start,
        "end_time": end,
        "minutes": minutes,
        "indicator": indicator,
        "quantity": quantity,
        "period": indicators.period(day.year),
    }
    return _Entry(result, employee, arguments, row_token(employee.pk, arguments))


def _messages(error: ValidationError) -> list[tuple[str, str]]:
    if not hasattr(error, "error_dict"):
        return [("", message) for message in error.messages]
    found = []
    for name, messages in error.message_dict.items():
        column = "" if name == NON_FIELD_ERRORS else FIELD_COLUMN.get(name, "")
        for message in messages:
            if name == "files":
                message = f"{message} " + _("Catat belanja lewat formulir kegiatan agar kuitansinya dapat dilampirkan.")
            found.append((column, message))
    return found


def _submit(entries: list[_Entry], by: User) -> None:
    """Runs every parsed row through the hand entry's service; marks duplicates and errors."""
    stored = set(
        Activity.objects.filter(
            employee_id__in={e.employee.pk for e in entries}, client_token__in=[e.token for e in entries]
        ).values_list("employee_id", "client_token")
    )
    seen: dict[tuple[int, uuid.UUID], int] = {}
    for entry in entries:
        key = (entry.employee.pk, entry.token)
        if key in stored:
            entry.result.status = "duplicate"
            continue
        if key in seen:
            entry.result.status = "error"
            entry.result.errors.append(
                (
                    "",
                    _("Baris ini sama persis dengan baris %(row)s. Hapus salah satunya atau bedakan uraiannya.")
                    % {"row": seen[key]},
                )
            )
            continue
        seen[key] = entry.result.row
        try:
            services.activity_create(employee=entry.employee, by=by, client_token=entry.token, **entry.arguments)
        except ValidationError as error:
            entry.result.status = "error"
            entry.result.errors.extend(_messages(error))


def run(*, by: User, content: bytes, filename: str, unit: Unit | None, dry_run: bool) -> Outcome:
    """Reads and checks the file, then stores its rows (or, for the preview, only tries to): all
    rows or none. Whatever happens, the outcome lists every row."""
    entries, outcome = _read(by, content, filename, unit)
    if outcome.file_errors:
        return outcome
    with transaction.atomic():
        _submit(entries, by)
        if dry_run or not outcome.valid:
            transaction.set_rollback(True)
    if not outcome.rows:
        outcome.file_errors.append(_("File tidak berisi baris kegiatan."))
    return outcome


# --------------------------------------------------------------------------------------- batches
def import_preview(*, by: User, content: bytes, filename: str, unit: Unit | None = None) -> ActivityImport:
    """The dry run of an uploaded file, kept with the file for submitting."""
    outcome = run(by=by, content=content, filename=filename, unit=unit, dry_run=True)
    return ActivityImport.objects.create(
        instansi_id=by.instansi_id,
        created_by=by,
        unit=unit,
        filename=(filename or "kegiatan")[:200],
        content=content,
        status=ActivityImport.Status.PREVIEWED if outcome.valid else ActivityImport.Status.INVALID,
        summary=outcome.as_summary(),
    )


@transaction.atomic
def import_apply(*, batch: ActivityImport, by: User) -> Outcome:
    """Submits a previewed file as one batch. Something changed since the preview (an entry typed
    by hand in between, the period closed): nothing is stored and the preview shows why."""
    batch = ActivityImport.objects.select_for_update(of=("self",)).select_related("unit").get(pk=batch.pk)
    if batch.status != ActivityImport.Status.PREVIEWED:
        raise ValidationError(_("File ini sudah dikirim atau masih bermasalah; unggah ulang bila perlu."))
    outcome = run(by=by, content=bytes(batch.content), filename=batch.filename, unit=batch.unit, dry_run=False)
    batch.summary = outcome.as_summary()
    if outcome.valid:
        batch.status, batch.applied_at = ActivityImport.Status.APPLIED, timezone.now()
    else:
        batch.status = ActivityImport.Status.INVALID
    batch.save(update_fields=["summary", "status", "applied_at"])
    return outcome
