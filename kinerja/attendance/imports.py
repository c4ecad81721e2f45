"""Import of machine attendance (fingerprint / face recognition exports) from CSV or XLSX.

Two layouts, recognised by their columns (docs/attendance.md):
- scans: ``NIP, WAKTU`` — one row per scan ("2026-11-02 07:25"); the earliest scan of a day is
  the check-in, the latest the check-out (a single scan before noon is a check-in only);
- days: ``NIP, TANGGAL, MASUK, PULANG`` — one row per employee and day.
Both may carry ``APEL`` (Y/N: attended the morning ceremony).

As with the org import: a dry run first, every error names its row, column and the fix; nothing
is written unless the whole file is valid; rows are matched by (NIP, date), so the same file
twice changes nothing. Records entered by hand or by an approved correction are never
overwritten by a machine file. Validation is a handful of queries and dictionary lookups;
writing is one upsert (core.bulk.upsert_rows) and the month summary is aggregated by the database
(services.month_compute), so a month of 10,000 employees is seconds (docs/benchmarks.md).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.utils import timezone

from kinerja.core.bulk import upsert_rows
from kinerja.core.i18n import Message, concat, to_json
from kinerja.core.i18n import deferred as _  # stored in the batch: read in the reader's language
from kinerja.core.uploads import apply_kept, keep_preview
from kinerja.org.models import Employee, Instansi
from kinerja.org.rules import formula_like, normalize_nip

from . import rules
from .models import AttendanceImport, Record

MAX_BYTES = getattr(settings, "ATTENDANCE_IMPORT_MAX_BYTES", 40 * 1024 * 1024)
MAX_ROWS = getattr(settings, "ATTENDANCE_IMPORT_MAX_ROWS", 700_000)
MAX_ERRORS_KEPT = 500
TRUE_WORDS = {"Y", "YA", "1", "TRUE", "HADIR", "V"}
FALSE_WORDS = {"N", "T", "TIDAK", "0", "FALSE", ""}


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class Preview:
    layout: str = ""
    file_errors: list[Message] = field(default_factory=list)
    errors: list[tuple[int, str, Message]] = field(default_factory=list)  # (row, column, message)
    error_count: int = 0
    rows: int = 0
    create: int = 0
    update: int = 0
    unchanged: int = 0
    kept_manual: int = 0
    months: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.file_errors and not self.error_count

    def error(self, row: int, column: str, message: Message) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append((row, column, message))

    def as_summary(self) -> dict:
        return {
            "layout": self.layout,
            # Messages as msgid + parameters, shown in the reader's language (kinerja.core.i18n).
            "file_errors": [to_json(e) for e in self.file_errors],
            "errors": [(row, column, to_json(message)) for row, column, message in self.errors],
            "counts": {
                "rows": self.rows,
                "create": self.create,
                "update": self.update,
                "unchanged": self.unchanged,
                "kept_manual": self.kept_manual,
                "error_rows": self.error_count,
            },
            "months": self.months,
        }


# ------------------------------------------------------------------------------------ reading
def _cell(value: object) -> object:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, (dt.datetime, dt.date, dt.time)) else ("" if value is None else str(value))


def read_rows(content: bytes) -> tuple[list[str], list[list]]:
    if not content:
        raise ImportFileError(_("File kosong."))
    if len(content) > MAX_BYTES:
        raise ImportFileError(_("File terlalu besar; batasnya %(max)s MB.") % {"max": MAX_BYTES // 1048576})
    if content[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError):
            raise ImportFileError(_("File .xlsx rusak atau bukan file Excel yang sah.")) from None
        rows = [[_cell(v) for v in row] for row in workbook.worksheets[0].iter_rows(values_only=True)]
        workbook.close()
    elif b"\x00" in content[:4096] or content[:5] == b"%PDF-":
        raise ImportFileError(_("Format file tidak dikenali. Unggah file .xlsx atau .csv."))
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFileError(_('File CSV harus berenkode UTF-8 (di Excel: "CSV UTF-8").')) from None
        sample = text[:4096]
        delimiter = ";" if sample.count(";") > sample.count(",") else ("\t" if "\t" in sample else ",")
        rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    rows = [row for row in rows if any(c not in ("", None) for c in row)]
    if len(rows) < 2:
        raise ImportFileError(_("File tidak berisi baris data di bawah judul kolom."))
    if len(rows) - 1 > MAX_ROWS:
        raise ImportFileError(_("File berisi lebih dari %(max)s baris; pecah per bulan.") % {"max": MAX_ROWS})
    header = [str(h or "").strip().upper().replace(" ", "_").replace("-", "_") for h in rows[0]]
    return header, rows[1:]


# A month's file repeats the same NIPs, dates and clock times thousands of times: the parsers
# below are memoised per import (bench scenario 7), results and errors alike.
def _memo(parse):
    cache: dict = {}

    def parsed(value):
        if not isinstance(value, str):
            return parse(value)
        hit = cache.get(value)
        if hit is None:
            try:
                hit = cache[value] = (parse(value), None)
            except (ValueError, rules.AttendanceError) as error:
                hit = cache[value] = (None, error)
        if hit[1] is not None:
            raise hit[1]
        return hit[0]

    return parsed


def _parse_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError


def _parse_time(value: object) -> dt.time | None:
    if value in ("", None):
        return None
    if isinstance(value, dt.datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(microsecond=0)
    return rules.parse_clock(str(value))


def _parse_timestamp(value: object) -> tuple[dt.date, dt.time]:
    if isinstance(value, dt.datetime):
        return value.date(), value.time().replace(microsecond=0)
    text = str(value).strip().replace("T", " ")
    if " " not in text:
        raise ValueError
    date_text, time_text = text.split(" ", 1)
    return _parse_date(date_text), rules.parse_clock(time_text.strip())


# --------------------------------------------------------------------------------- validation
@dataclass
class _Day:
    employee_id: int
    date: dt.date
    check_in: dt.time | None
    check_out: dt.time | None
    ceremony: bool | None
    row: int
    action: str = ""


def validate(instansi: Instansi, content: bytes) -> tuple[Preview, list[_Day]]:
    preview = Preview()
    try:
        header, data = read_rows(content)
    except ImportFileError as error:
        preview.file_errors.append(error.args[0])
        return preview, []
    columns = set(header)
    if {"NIP", "WAKTU"} <= columns:
        preview.layout = "scans"
    elif {"NIP", "TANGGAL", "MASUK", "PULANG"} <= columns:
        preview.layout = "days"
    else:
        preview.file_errors.append(
            _(
                "Kolom tidak dikenali. Gunakan NIP, WAKTU (satu baris per pindaian) atau NIP, TANGGAL, MASUK, "
                "PULANG (satu baris per hari); APEL boleh ditambahkan. Unduh contoh file dari halaman impor."
            )
        )
        return preview, []
    index = {name: i for i, name in enumerate(header) if name}
    has_apel = "APEL" in index
    nips = dict(Employee.objects.filter(instansi=instansi, is_active=True).values_list("nip", "pk"))
    today = timezone.localdate(timezone=instansi.tzinfo)
    preview.rows = len(data)

    # A short row (trailing cells left empty) is padded once, and cells are read by position:
    # a lookup by name per cell cost more than parsing it at 200,000 rows.
    width = len(header)
    nip_at, apel_at, waktu_at, tanggal_at, masuk_at, pulang_at = (
        index.get(name, width) for name in ("NIP", "APEL", "WAKTU", "TANGGAL", "MASUK", "PULANG")
    )
    padding = [""] * (width + 1)

    parse_date, parse_time, parse_timestamp, clean_nip = (
        _memo(_parse_date),
        _memo(_parse_time),
        _memo(_parse_timestamp),
        _memo(normalize_nip),
    )
    days: dict[tuple[int, dt.date], _Day] = {}
    scans: dict[tuple[int, dt.date], list[dt.time]] = defaultdict(list)
    scan_rows: dict[tuple[int, dt.date], int] = {}
    for number, row in enumerate(data, start=2):
        ok = True
        if len(row) <= width:
            row = row + padding[: width + 1 - len(row)]
        raw_nip = str(row[nip_at])
        nip = clean_nip(raw_nip)
        if formula_like(raw_nip):
            preview.error(number, "NIP", _("Sel diawali '=', '+', '-' atau '@' (rumus) tidak diterima."))
            continue
        employee_id = nips.get(nip)
        if not nip:
            preview.error(number, "NIP", _("Wajib diisi."))
            ok = False
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
            ok = False
        ceremony = None
        if has_apel:
            word = str(row[apel_at]).strip().upper()
            if word in TRUE_WORDS:
                ceremony = True
            elif word in FALSE_WORDS:
                ceremony = False
            else:
                preview.error(number, "APEL", _("Isi Y (ikut apel) atau N (tidak), atau kosongkan."))
                ok = False
        if preview.layout == "scans":
            try:
                date, time = parse_timestamp(row[waktu_at])
            except (ValueError, rules.AttendanceError) as error:
                fix = _("Tulis TTTT-BB-HH JJ:MM, mis. 2026-11-02 07:25.")
                preview.error(
                    number,
                    "WAKTU",
                    concat(Message(str(error)), fix) if isinstance(error, rules.AttendanceError) else fix,
                )
                continue
            if date > today:
                preview.error(number, "WAKTU", _("Tanggal %(d)s belum terjadi.") % {"d": date.isoformat()})
                continue
            if ok:
                key = (employee_id, date)
                scans[key].append(time)
                scan_rows.setdefault(key, number)
                if ceremony is not None:
                    day = days.get(key)
                    days[key] = _Day(employee_id, date, None, None, ceremony or bool(day and day.ceremony), number)
            continue
        # days layout
        try:
            date = parse_date(row[tanggal_at])
        except ValueError:
            preview.error(number, "TANGGAL", _("Tulis tanggal TTTT-BB-HH atau HH/BB/TTTT, mis. 2026-11-02."))
            continue
        if date > today:
            preview.error(number, "TANGGAL", _("Tanggal %(d)s belum terjadi.") % {"d": date.isoformat()})
            ok = False
        times = []
        for column, at in (("MASUK", masuk_at), ("PULANG", pulang_at)):
            try:
                times.append(parse_time(row[at]))
            except rules.AttendanceError as error:
                fix = _("Tulis JJ:MM, mis. 07:30, atau kosongkan.")
                preview.error(number, column, concat(Message(str(error)), fix))
                times.append(None)
                ok = False
        check_in, check_out = times
        if check_in and check_out and check_out <= check_in:
            preview.error(number, "PULANG", _("Jam pulang harus setelah jam masuk."))
            ok = False
        if ok and check_in is None and check_out is None:
            preview.error(number, "MASUK", _("Isi jam masuk atau jam pulang; baris tanpa keduanya tidak berarti."))
            ok = False
        if ok:
            key = (employee_id, date)
            if key in days:
                preview.error(
                    number,
                    "TANGGAL",
                    _("NIP %(nip)s tanggal %(d)s sudah ada di baris %(row)s.")
                    % {"nip": nip, "d": date.isoformat(), "row": days[key].row},
                )
                continue
            days[key] = _Day(employee_id, date, check_in, check_out, ceremony, number)
    for key, times in scans.items():
        check_in, check_out = rules.split_scans(times)
        ceremony = days[key].ceremony if key in days else None
        days[key] = _Day(key[0], key[1], check_in, check_out, ceremony, scan_rows[key])
    if preview.error_count:
        return preview, []
    _decide_actions(instansi, preview, days)
    return preview, list(days.values())


def _decide_actions(instansi: Instansi, preview: Preview, days: dict[tuple[int, dt.date], _Day]) -> None:
    if not days:
        return
    dates = {key[1] for key in days}
    preview.months = [f"{y}-{m:02d}" for y, m in sorted({(d.year, d.month) for d in dates})]
    existing = _existing_records(instansi, min(dates), max(dates))
    iso = {d: d.isoformat() for d in dates}
    text = functools.cache(lambda t: None if t is None else t.isoformat())
    for key, day in days.items():
        current = existing.get((key[0], iso[key[1]]))
        if current is None:
            day.action = "create"
            preview.create += 1
        elif current[3] != Record.Source.MACHINE:
            day.action = "kept"
            preview.kept_manual += 1
        else:
            stored_ceremony = bool(current[2])
            if day.ceremony is None:  # the file says nothing of the ceremony: the stored value stays
                day.ceremony = stored_ceremony
            if (current[0], current[1], stored_ceremony) == (text(day.check_in), text(day.check_out), day.ceremony):
                day.action = "unchanged"
                preview.unchanged += 1
            else:
                day.action = "update"
                preview.update += 1


def _existing_records(instansi: Instansi, first: dt.date, last: dt.date) -> dict[tuple[int, str], tuple]:
    """(employee id, "YYYY-MM-DD") → ("HH:MM:SS" or None, the same for check-out, ceremony,
    source) of the stored records in the file's dates: one query, read as text, which both
    databases give in ISO form and which needs no per-value conversion (SQLite's date and time
    converters cost more than the comparison itself on 200,000 rows)."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT employee_id, CAST({q('date')} AS TEXT), CAST(check_in AS TEXT), CAST(check_out AS TEXT), "
            f"ceremony, source FROM {q(Record._meta.db_table)} "  # noqa: S608 (fixed names)
            f"WHERE instansi_id = %s AND {q('date')} >= %s AND {q('date')} <= %s",
            [instansi.pk, first, last],
        )
        return {(row[0], row[1]): row[2:] for row in cursor.fetchall()}


# -------------------------------------------------------------------------------- entry points
def import_preview(*, instansi: Instansi, content: bytes, filename: str, by) -> AttendanceImport:
    """Dry run: validates and keeps the file with its preview; writes nothing else."""
    preview, _days = validate(instansi, content)
    return keep_preview(
        AttendanceImport,
        instansi=instansi,
        content=content,
        filename=filename,
        by=by,
        preview=preview,
        max_bytes=MAX_BYTES,
    )


def import_apply(*, batch: AttendanceImport) -> Preview:
    """Re-validates the kept file and writes it in one transaction, then recomputes the months
    it touched (in the same transaction)."""
    from .services import month_compute

    def write(instansi: Instansi, days: list[_Day], preview: Preview) -> None:
        _write(instansi, days)
        for month in preview.months:
            month_compute(instansi=instansi, month=month)

    return apply_kept(batch, validate=validate, write=write)


def _write(instansi: Instansi, days: list[_Day]) -> None:
    """One ``INSERT … ON CONFLICT (employee, date) DO UPDATE`` for the new and the changed days
    (core.bulk.upsert_rows); unchanged days are not sent. A record entered by hand or by an
    approved correction is never overwritten, even if it was written after the validation
    (the update applies only where the stored source is still "machine"). No history row per
    record: the AttendanceImport itself is the audit trail (the file as uploaded, who, when,
    and the counts), and every record says where it came from (source)."""
    adapt = functools.cache(connection.ops.adapt_timefield_value)  # a month repeats a few hundred clock times
    rows = [
        {
            "instansi_id": instansi.pk,
            "employee_id": day.employee_id,
            "date": day.date,
            "check_in": None if day.check_in is None else adapt(day.check_in),
            "check_out": None if day.check_out is None else adapt(day.check_out),
            "ceremony": bool(day.ceremony),
            "source": Record.Source.MACHINE.value,
        }
        for day in days
        if day.action in ("create", "update")
    ]
    upsert_rows(
        Record,
        rows,
        unique=("employee", "date"),
        update=("check_in", "check_out", "ceremony"),
        raw=("instansi_id", "employee_id", "date", "check_in", "check_out", "ceremony", "source"),
        only_if=("source", Record.Source.MACHINE.value),
    )
