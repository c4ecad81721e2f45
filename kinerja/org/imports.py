"""Import of units and employees (with their positions) from XLSX or CSV.

The columns follow the national civil-service data exports (SIASN): see ``docs/import.md``.
Every import is a dry run first: the whole file is validated in a handful of set-based queries
and the preview lists each row's action and errors. Nothing is written unless the whole file
is valid; applying re-validates inside one transaction. Rows are matched by NIP (employees) or
unit code (units), so importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from kinerja.core.bulk import update_rows_with_history
from kinerja.core.i18n import Message, to_json
from kinerja.core.i18n import deferred as _  # stored in the batch: read in the reader's language

from . import rules, services
from .models import Employee, ImportBatch, Instansi, Position, Unit

EMPLOYEE_COLUMNS = {
    "NIP": True,
    "NAMA": True,
    "GELAR_DEPAN": False,
    "GELAR_BELAKANG": False,
    "STATUS_PEGAWAI": True,
    "GOL_RUANG": False,
    "UNOR_ID": True,
    "JABATAN_NAMA": True,
    "JENIS_JABATAN": True,
    "JENJANG_JABATAN": False,
    "KELAS_JABATAN": False,
    "NIP_ATASAN": False,
    "EMAIL": False,
}
UNIT_COLUMNS = {"UNOR_ID": True, "NAMA_UNOR": True, "DIATASAN_ID": False, "JENIS_UNOR": False}

STATUS_ALIASES = {
    "PNS": Employee.Status.PNS,
    "CPNS": Employee.Status.CPNS,
    "PPPK": Employee.Status.PPPK,
    "PPPK PARUH WAKTU": Employee.Status.PPPK_PARUH_WAKTU,
    "PPPK_PARUH_WAKTU": Employee.Status.PPPK_PARUH_WAKTU,
}
KIND_ALIASES = {
    "JPT": Position.Kind.JPT,
    "JABATAN PIMPINAN TINGGI": Position.Kind.JPT,
    "ADMINISTRATOR": Position.Kind.ADMINISTRATOR,
    "PENGAWAS": Position.Kind.PENGAWAS,
    "PELAKSANA": Position.Kind.PELAKSANA,
    "FUNGSIONAL": Position.Kind.FUNGSIONAL,
    "JF": Position.Kind.FUNGSIONAL,
    "JFT": Position.Kind.FUNGSIONAL,
}
LEVEL_ALIASES = {label.upper(): value for value, label in Position.Level.choices if value}
UNIT_KIND_ALIASES = {label.upper(): value for value, label in Unit.Kind.choices} | {
    value.upper(): value for value in Unit.Kind.values
}


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message (a ``Message``) is for the user."""


@dataclass
class RowResult:
    row: int  # spreadsheet row number (header is row 1)
    key: str
    label: str
    action: str = ""  # create | update | unchanged
    errors: list[tuple[str, Message]] = field(default_factory=list)


@dataclass
class Preview:
    kind: str
    rows: list[RowResult]
    file_errors: list[Message] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.file_errors and not any(r.errors for r in self.rows)

    def counts(self) -> dict[str, int]:
        counter = Counter(r.action for r in self.rows if not r.errors)
        return {
            "create": counter["create"],
            "update": counter["update"],
            "unchanged": counter["unchanged"],
            "error_rows": sum(1 for r in self.rows if r.errors),
            "total": len(self.rows),
        }

    def as_summary(self) -> dict:
        """As stored on the batch: messages as msgid + parameters (kinerja.core.i18n), shown in
        the reader's language by the ``message`` template filter."""
        return {
            "counts": self.counts(),
            "file_errors": [to_json(e) for e in self.file_errors],
            "rows": [
                {
                    "row": r.row,
                    "key": r.key,
                    "label": r.label,
                    "action": r.action,
                    "errors": [(column, to_json(message)) for column, message in r.errors],
                }
                for r in self.rows
            ],
        }


# ---------------------------------------------------------------------------------------- reading
def _normalize_header(value: object) -> str:
    return str(value or "").strip().upper().replace(" ", "_").replace("-", "_")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_table(content: bytes, filename: str) -> list[dict[str, str]]:
    """Reads an XLSX or CSV file into rows of {HEADER: text}; raises ImportFileError."""
    if not content:
        raise ImportFileError(_("File kosong."))
    if len(content) > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(
            _("File terlalu besar (%(size)s MB); batasnya %(max)s MB.")
            % {"size": round(len(content) / 1048576, 1), "max": settings.IMPORT_MAX_BYTES // 1048576}
        )
    if filename.lower().endswith(".xlsx") and content[:4] != b"PK\x03\x04":
        raise ImportFileError(
            _(
                "File ini bernama .xlsx tetapi bukan file XLSX yang sah (mungkin teks biasa yang diganti namanya). "
                "Buka di Excel lalu simpan sebagai .xlsx, atau unggah sebagai .csv."
            )
        )
    if content[:4] == b"PK\x03\x04":
        rows = _read_xlsx(content)
    elif content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError(_("Format .xls (Excel 97-2003) tidak didukung. Simpan ulang sebagai .xlsx atau CSV."))
    elif b"\x00" in content[:4096] or content[:5] == b"%PDF-":
        raise ImportFileError(_("Format file tidak dikenali. Unggah file .xlsx atau .csv."))
    else:
        rows = _read_csv(content)
    rows = [row for row in rows if any(cell for cell in row)]
    if not rows:
        raise ImportFileError(_("File tidak berisi data."))
    header = [_normalize_header(h) for h in rows[0]]
    data = rows[1:]
    if not data:
        raise ImportFileError(_("File hanya berisi judul kolom, tanpa baris data."))
    if len(data) > settings.IMPORT_MAX_ROWS:
        raise ImportFileError(
            _("File berisi %(n)s baris; batasnya %(max)s baris per impor.")
            % {"n": len(data), "max": settings.IMPORT_MAX_ROWS}
        )
    duplicates = [h for h, n in Counter(h for h in header if h).items() if n > 1]
    if duplicates:
        raise ImportFileError(_("Kolom ganda: %(cols)s.") % {"cols": ", ".join(duplicates)})
    return [{h: _cell(v) for h, v in zip(header, row, strict=False) if h} for row in data]


def _read_xlsx(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportFileError(_("File .xlsx rusak atau bukan file Excel yang sah.")) from None
    sheet = workbook.worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        rows.append(list(row))
        if len(rows) > settings.IMPORT_MAX_ROWS + 1:
            raise ImportFileError(_("File berisi lebih dari %(max)s baris.") % {"max": settings.IMPORT_MAX_ROWS})
    workbook.close()
    return rows


def _read_csv(content: bytes) -> list[list]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _('File CSV harus berenkode UTF-8. Di Excel pilih "CSV UTF-8 (Comma delimited)" saat menyimpan.')
        ) from None
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:
        raise ImportFileError(_("File CSV tidak dapat dibaca: %(error)s") % {"error": error}) from None


def _check_columns(rows: list[dict[str, str]], columns: dict[str, bool]) -> list[str]:
    present = set(rows[0])
    missing = [name for name, required in columns.items() if required and name not in present]
    if missing:
        return [
            _(
                "Kolom wajib tidak ada: %(cols)s. Tambahkan kolom itu di baris judul; unduh contoh file dari "
                "halaman impor untuk melihat nama kolom yang dikenali."
            )
            % {"cols": ", ".join(missing)}
        ]
    return []


def _check_cells(result: RowResult, row: dict[str, str], columns: dict[str, bool]) -> None:
    for column, value in row.items():
        if column in columns and rules.formula_like(value):
            result.errors.append((column, _("Sel diawali '=', '+', '-' atau '@' (rumus) tidak diterima.")))
        elif column in columns and len(value) > 200:
            result.errors.append((column, _("Isi sel terlalu panjang (maksimal 200 karakter).")))
    for column, required in columns.items():
        if required and not row.get(column):
            result.errors.append((column, _("Wajib diisi.")))


# ------------------------------------------------------------------------------------ employees
@dataclass
class _EmployeeRow:
    result: RowResult
    fields: dict
    unit_code: str
    position_key: tuple[str, str]
    position_fields: dict
    supervisor_nip: str


def _validate_employees(instansi: Instansi, table: list[dict[str, str]]) -> tuple[Preview, list[_EmployeeRow]]:
    preview = Preview(ImportBatch.Kind.EMPLOYEES, [], _check_columns(table, EMPLOYEE_COLUMNS))
    if preview.file_errors:
        return preview, []
    # Three queries load everything the checks need.
    units = {u.code: u for u in Unit.objects.filter(instansi=instansi)}
    existing = {e.nip: e for e in Employee.objects.filter(instansi=instansi)}
    positions = {(p.unit_id, p.name): p for p in Position.objects.filter(instansi=instansi)}
    supervisors_of = dict(Employee.objects.filter(instansi=instansi).values_list("nip", "supervisor__nip"))

    parsed_rows: list[_EmployeeRow] = []
    nip_rows = Counter(rules.normalize_nip(row.get("NIP", "")) for row in table)
    for index, row in enumerate(table, start=2):
        nip = rules.normalize_nip(row.get("NIP", ""))
        result = RowResult(index, nip, row.get("NAMA", ""))
        _check_cells(result, row, EMPLOYEE_COLUMNS)
        status = STATUS_ALIASES.get(row.get("STATUS_PEGAWAI", "").upper())
        if row.get("STATUS_PEGAWAI") and status is None:
            result.errors.append(("STATUS_PEGAWAI", _("Status harus PNS, CPNS, PPPK atau PPPK Paruh Waktu.")))
        status = status or Employee.Status.PNS
        kind = (
            rules.NipKind.PPPK
            if status in {Employee.Status.PPPK, Employee.Status.PPPK_PARUH_WAKTU}
            else rules.NipKind.PNS
        )
        parsed = None
        if nip:
            try:
                parsed = rules.parse_nip(nip, kind=kind)
            except rules.NipError as error:
                result.errors.append(("NIP", Message(error.message, params=error.params)))
            if nip_rows[nip] > 1:
                result.errors.append(("NIP", _("NIP %(nip)s muncul lebih dari sekali dalam file.") % {"nip": nip}))
        rank = ""
        if row.get("GOL_RUANG"):
            rank = rules.normalize_rank(row["GOL_RUANG"]) or ""
            if not rank or (rank in rules.PPPK_RANKS) != (kind == rules.NipKind.PPPK):
                result.errors.append(("GOL_RUANG", _("Golongan/ruang %(v)s tidak dikenal.") % {"v": row["GOL_RUANG"]}))
        unit_code = row.get("UNOR_ID", "")
        unit = units.get(unit_code)
        if unit_code and unit is None:
            result.errors.append(("UNOR_ID", _("Unit kerja dengan kode %(code)s tidak ada.") % {"code": unit_code}))
        position_kind = KIND_ALIASES.get(row.get("JENIS_JABATAN", "").upper())
        if row.get("JENIS_JABATAN") and position_kind is None:
            result.errors.append(
                ("JENIS_JABATAN", _("Jenis jabatan harus JPT, Administrator, Pengawas, Pelaksana atau Fungsional."))
            )
        level = ""
        if row.get("JENJANG_JABATAN"):
            level = LEVEL_ALIASES.get(row["JENJANG_JABATAN"].upper(), "")
            if not level:
                result.errors.append(("JENJANG_JABATAN", _("Jenjang jabatan tidak dikenal.")))
        grade = None
        if row.get("KELAS_JABATAN"):
            try:
                grade = int(row["KELAS_JABATAN"])
                if not 1 <= grade <= 17:
                    raise ValueError
            except ValueError:
                result.errors.append(("KELAS_JABATAN", _("Kelas jabatan harus bilangan bulat 1 sampai 17.")))
                grade = None
        supervisor_nip = rules.normalize_nip(row.get("NIP_ATASAN", ""))
        if supervisor_nip:
            if supervisor_nip == nip:
                result.errors.append(("NIP_ATASAN", _("Pegawai tidak dapat menjadi atasan dirinya sendiri.")))
            elif supervisor_nip not in nip_rows and supervisor_nip not in existing:
                result.errors.append(
                    (
                        "NIP_ATASAN",
                        _("Atasan dengan NIP %(nip)s tidak ada di file maupun di data.") % {"nip": supervisor_nip},
                    )
                )
        email = row.get("EMAIL", "")
        if email and ("@" not in email or " " in email):
            result.errors.append(("EMAIL", _("Alamat surel tidak sah.")))
        fields = {
            "name": row.get("NAMA", ""),
            "front_title": row.get("GELAR_DEPAN", ""),
            "back_title": row.get("GELAR_BELAKANG", ""),
            "status": status,
            "rank": rank,
            "email": email,
        }
        if parsed is not None:
            fields.update(birth_date=parsed.birth_date, gender=parsed.gender.value, cpns_start=parsed.cpns_start)
        parsed_rows.append(
            _EmployeeRow(
                result,
                fields,
                unit_code,
                (unit_code, row.get("JABATAN_NAMA", "")),
                {"kind": position_kind, "level": level, "grade": grade},
                supervisor_nip,
            )
        )
        preview.rows.append(result)

    # Supervisor cycles, over the hierarchy as it would be after the import.
    edges = {nip: sup for nip, sup in supervisors_of.items()}
    for item in parsed_rows:
        edges[item.result.key] = item.supervisor_nip or None
    cycle = rules.find_cycle(edges, [item.result.key for item in parsed_rows])
    if cycle:
        in_cycle = set(cycle)
        for item in parsed_rows:
            if item.result.key in in_cycle:
                item.result.errors.append(
                    ("NIP_ATASAN", _("Hubungan atasan membentuk lingkaran: %(chain)s.") % {"chain": " → ".join(cycle)})
                )

    # Decide create / update / unchanged for the valid rows.
    for item in parsed_rows:
        if item.result.errors:
            continue
        current = existing.get(item.result.key)
        if current is None:
            item.result.action = "create"
            continue
        unit = units[item.unit_code]
        position = positions.get((unit.pk, item.position_key[1]))
        same = (
            all(getattr(current, name) == value for name, value in item.fields.items())
            and current.unit_id == unit.pk
            and position is not None
            and current.position_id == position.pk
            and all(getattr(position, k) == v for k, v in item.position_fields.items())
            and (supervisors_of.get(item.result.key) or "") == item.supervisor_nip
            and current.is_active
        )
        item.result.action = "unchanged" if same else "update"
    return preview, parsed_rows


@transaction.atomic
def _apply_employees(instansi: Instansi, rows: list[_EmployeeRow]) -> None:
    units = {u.code: u for u in Unit.objects.filter(instansi=instansi)}
    positions = {(p.unit_id, p.name): p for p in Position.objects.filter(instansi=instansi)}
    # 1. Positions: create the missing ones, update kind/level/grade of the others.
    new_positions, changed_positions = {}, {}
    for item in rows:
        unit = units[item.unit_code]
        key = (unit.pk, item.position_key[1])
        position = positions.get(key) or new_positions.get(key)
        if position is None:
            new_positions[key] = Position(instansi=instansi, unit=unit, name=key[1], **item.position_fields)
        elif any(getattr(position, k) != v for k, v in item.position_fields.items()) and position.pk:
            for k, v in item.position_fields.items():
                setattr(position, k, v)
            changed_positions[key] = position
    if new_positions:
        bulk_create_with_history(list(new_positions.values()), Position, batch_size=500)
    if changed_positions:
        update_rows_with_history(Position, list(changed_positions.values()), ["kind", "level", "grade"])
    positions = {(p.unit_id, p.name): p for p in Position.objects.filter(instansi=instansi)}

    # 2. Employees without supervisors first (supervisors may be rows of the same file).
    existing = {e.nip: e for e in Employee.objects.filter(instansi=instansi)}
    to_create, to_update = [], []
    for item in rows:
        if item.result.action == "unchanged":
            continue
        unit = units[item.unit_code]
        values = dict(item.fields, unit=unit, position=positions[(unit.pk, item.position_key[1])], is_active=True)
        employee = existing.get(item.result.key)
        if employee is None:
            to_create.append(Employee(instansi=instansi, nip=item.result.key, **values))
        else:
            for k, v in values.items():
                setattr(employee, k, v)
            to_update.append(employee)
    if to_create:
        bulk_create_with_history(to_create, Employee, batch_size=500)
    update_fields = [*rows[0].fields.keys(), "unit", "position", "is_active"] if rows else []
    if to_update:
        update_rows_with_history(Employee, to_update, update_fields)

    # 3. Supervisors, now that every NIP has an id.
    ids = dict(Employee.objects.filter(instansi=instansi).values_list("nip", "pk"))
    by_nip = {e.nip: e for e in Employee.objects.filter(instansi=instansi, nip__in=[r.result.key for r in rows])}
    changed = []
    for item in rows:
        employee = by_nip[item.result.key]
        supervisor_id = ids.get(item.supervisor_nip) if item.supervisor_nip else None
        if employee.supervisor_id != supervisor_id:
            employee.supervisor_id = supervisor_id
            changed.append(employee)
    if changed:
        update_rows_with_history(Employee, changed, ["supervisor"])


# ---------------------------------------------------------------------------------------- units
def _validate_units(instansi: Instansi, table: list[dict[str, str]]) -> Preview:
    preview = Preview(ImportBatch.Kind.UNITS, [], _check_columns(table, UNIT_COLUMNS))
    if preview.file_errors:
        return preview
    existing = {u.code: u for u in Unit.objects.filter(instansi=instansi).select_related("parent")}
    codes = Counter(row.get("UNOR_ID", "") for row in table)
    edges: dict[str, str | None] = {code: (u.parent.code if u.parent else None) for code, u in existing.items()}
    for index, row in enumerate(table, start=2):
        code = row.get("UNOR_ID", "")
        result = RowResult(index, code, row.get("NAMA_UNOR", ""))
        _check_cells(result, row, UNIT_COLUMNS)
        if code and codes[code] > 1:
            result.errors.append(("UNOR_ID", _("Kode unit %(code)s muncul lebih dari sekali.") % {"code": code}))
        parent = row.get("DIATASAN_ID", "")
        if parent and parent not in codes and parent not in existing:
            result.errors.append(("DIATASAN_ID", _("Unit induk %(code)s tidak ada.") % {"code": parent}))
        if parent and parent == code:
            result.errors.append(("DIATASAN_ID", _("Unit tidak dapat menjadi induk dirinya sendiri.")))
        kind = row.get("JENIS_UNOR", "")
        if kind and kind.upper() not in UNIT_KIND_ALIASES:
            result.errors.append(("JENIS_UNOR", _("Jenis unit %(v)s tidak dikenal.") % {"v": kind}))
        edges[code] = parent or None
        current = existing.get(code)
        if current is None:
            result.action = "create"
        else:
            same = (
                current.name == row.get("NAMA_UNOR", "")
                and (current.parent.code if current.parent else "") == parent
                and (not kind or current.kind == UNIT_KIND_ALIASES[kind.upper()])
            )
            result.action = "unchanged" if same else "update"
        preview.rows.append(result)
    cycle = rules.find_cycle(edges, [r.key for r in preview.rows])
    if cycle:
        for result in preview.rows:
            if result.key in cycle:
                result.errors.append(
                    ("DIATASAN_ID", _("Hubungan induk membentuk lingkaran: %(chain)s.") % {"chain": " → ".join(cycle)})
                )
    return preview


@transaction.atomic
def _apply_units(instansi: Instansi, table: list[dict[str, str]], preview: Preview) -> None:
    by_code = {row["UNOR_ID"]: row for row in table}
    actions = {r.key: r.action for r in preview.rows}
    existing = {u.code: u for u in Unit.objects.filter(instansi=instansi)}
    pending = [code for code in by_code if actions[code] != "unchanged"]
    # Parents before children: repeat passes until every pending unit's parent exists.
    while pending:
        progressed, later = False, []
        for code in pending:
            row = by_code[code]
            parent_code = row.get("DIATASAN_ID", "")
            if parent_code and parent_code not in existing:
                later.append(code)
                continue
            parent = existing.get(parent_code) if parent_code else None
            kind = UNIT_KIND_ALIASES.get(row.get("JENIS_UNOR", "").upper(), Unit.Kind.LAINNYA)
            if code in existing:
                fields = {"name": row["NAMA_UNOR"], "parent": parent}
                if row.get("JENIS_UNOR"):
                    fields["kind"] = kind
                existing[code] = services.unit_update(unit=existing[code], **fields)
            else:
                existing[code] = services.unit_create(
                    instansi=instansi, code=code, name=row["NAMA_UNOR"], kind=kind, parent=parent
                )
            progressed = True
        if not progressed:  # cannot happen after validation; guard against an endless loop
            raise ImportFileError(_("Hubungan induk unit tidak dapat diselesaikan."))
        pending = later


# ---------------------------------------------------------------------------------- entry points
def preview_file(*, instansi: Instansi, kind: str, content: bytes, filename: str) -> Preview:
    try:
        table = read_table(content, filename)
    except ImportFileError as error:
        return Preview(kind, [], [error.args[0]])
    if kind == ImportBatch.Kind.UNITS:
        return _validate_units(instansi, table)
    return _validate_employees(instansi, table)[0]


def import_preview(*, instansi: Instansi, kind: str, content: bytes, filename: str, by) -> ImportBatch:
    """Dry run: validates the file and keeps it with its preview. Writes nothing else."""
    preview = preview_file(
        instansi=instansi, kind=kind, content=content[: settings.IMPORT_MAX_BYTES + 1], filename=filename
    )
    return ImportBatch.objects.create(
        instansi=instansi,
        kind=kind,
        filename=filename[:200],
        content=content if len(content) <= settings.IMPORT_MAX_BYTES else b"",
        status=ImportBatch.Status.PREVIEWED if preview.valid else ImportBatch.Status.INVALID,
        summary=preview.as_summary(),
        created_by=by,
    )


def import_apply(*, batch: ImportBatch) -> Preview:
    """Re-validates the kept file and, if still valid, writes it in one transaction."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    if batch.status != ImportBatch.Status.PREVIEWED:
        raise ValidationError(
            _("Impor ini tidak dapat diterapkan (status: %(s)s).") % {"s": ImportBatch.Status(batch.status).label}
        )
    content = bytes(batch.content)
    table = read_table(content, batch.filename)
    with transaction.atomic():
        if batch.kind == ImportBatch.Kind.UNITS:
            preview = _validate_units(batch.instansi, table)
            if preview.valid:
                _apply_units(batch.instansi, table, preview)
        else:
            preview, rows = _validate_employees(batch.instansi, table)
            if preview.valid:
                _apply_employees(batch.instansi, rows)
        batch.summary = preview.as_summary()
        if preview.valid:
            batch.status = ImportBatch.Status.APPLIED
            batch.applied_at = timezone.now()
        else:
            batch.status = ImportBatch.Status.INVALID
        batch.save(update_fields=["summary", "status", "applied_at", "updated_at"])
    return preview
