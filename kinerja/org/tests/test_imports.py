"""Import from XLSX/CSV: dry run, whole-file validity, idempotence and every kind of bad file."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from kinerja.core.i18n import render
from kinerja.org import imports
from kinerja.org.models import Employee, ImportBatch, Position, Unit
from kinerja.org.tests.factories import nip_for

pytestmark = pytest.mark.django_db

HEADER = "NIP,NAMA,GELAR_DEPAN,GELAR_BELAKANG,STATUS_PEGAWAI,GOL_RUANG,UNOR_ID," + (
    "JABATAN_NAMA,JENIS_JABATAN,KELAS_JABATAN,NIP_ATASAN"
)


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode()


def good_rows(cast) -> list[str]:
    boss, staff = (
        nip_for(501),
        nip_for(
            502,
        ),
    )
    return [
        f"{boss},Rina Wulandari,dr.,M.Kes.,PNS,IV/a,{cast.bidang.code},Kepala Seksi Imunisasi,Pengawas,9,"
        f"{cast.supervisor.nip}",
        f"{staff},Yohanes Wanggai,,S.Kep.,PNS,III/b,{cast.bidang.code},Perawat Ahli Pertama,Fungsional,8,{boss}",
    ]


def run(cast, content: bytes, kind=ImportBatch.Kind.EMPLOYEES, filename="pegawai.csv"):
    batch = imports.import_preview(instansi=cast.instansi, kind=kind, content=content, filename=filename, by=cast.admin)
    return batch


def test_a_valid_file_is_previewed_without_writing_anything(cast):
    before = Employee.objects.count()
    batch = run(cast, csv_bytes(*good_rows(cast)))
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert batch.summary["counts"]["create"] == 2
    assert Employee.objects.count() == before


def test_applying_creates_employees_positions_and_supervisors(cast):
    batch = run(cast, csv_bytes(*good_rows(cast)))
    preview = imports.import_apply(batch=batch)
    assert preview.valid
    boss = Employee.objects.get(nip=nip_for(501))
    staff = Employee.objects.get(nip=nip_for(502))
    assert staff.supervisor == boss and boss.supervisor == cast.supervisor
    assert staff.position.name == "Perawat Ahli Pertama" and staff.position.kind == Position.Kind.FUNGSIONAL
    assert boss.display_name == "dr. Rina Wulandari, M.Kes."
    assert staff.history.exists()  # imports leave history too


def test_reimporting_the_same_file_changes_nothing(cast):
    content = csv_bytes(*good_rows(cast))
    imports.import_apply(batch=run(cast, content))
    history_rows = Employee.history.count()
    second = run(cast, content)
    assert second.summary["counts"] == {"create": 0, "update": 0, "unchanged": 2, "error_rows": 0, "total": 2}
    imports.import_apply(batch=second)
    assert Employee.history.count() == history_rows


def test_a_changed_row_is_an_update_matched_by_nip(cast):
    rows = good_rows(cast)
    imports.import_apply(batch=run(cast, csv_bytes(*rows)))
    rows[1] = rows[1].replace("III/b", "III/c")
    batch = run(cast, csv_bytes(*rows))
    assert batch.summary["counts"]["update"] == 1
    history_rows = Employee.history.count()
    imports.import_apply(batch=batch)
    staff = Employee.objects.get(nip=nip_for(502))
    assert staff.rank == "III/c"
    # One historical record for the changed row, holding the new value.
    assert Employee.history.count() == history_rows + 1
    assert staff.history.latest("history_date").rank == "III/c"
    assert staff.history.latest("history_date").history_type == "~"


def test_xlsx_files_are_read_like_csv(cast):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    for row in good_rows(cast):
        sheet.append(row.split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    batch = run(cast, buffer.getvalue(), filename="pegawai.xlsx")
    assert batch.status == ImportBatch.Status.PREVIEWED, batch.summary


def test_semicolon_csv_from_indonesian_excel_is_understood(cast):
    rows = [r.replace(",", ";") for r in good_rows(cast)]
    assert run(cast, csv_bytes(*rows, header=HEADER.replace(",", ";"))).status == ImportBatch.Status.PREVIEWED


def errors_of(batch) -> list[str]:
    """The stored messages as an Indonesian reader sees them."""
    return [render(e) for e in batch.summary["file_errors"]] + [
        f"{c}: {render(m)}" for r in batch.summary["rows"] for c, m in r["errors"]
    ]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "kosong"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls"),
        (b"%PDF-1.7 whatever", "tidak dikenali"),
        (b"PK\x03\x04 not really a zip", "rusak"),
        ("NIP,NAMA\r\n1980,Budi Gunawan\r\n".encode("utf-16"), "tidak dikenali"),
        ("NIP,NAMA\r\n1980,Bud\xed\r\n".encode("latin-1"), "UTF-8"),
        (HEADER.encode(), "tanpa baris data"),
        (b"NIP,NAMA\r\n1,2\r\n", "Kolom wajib tidak ada"),
    ],
)
def test_bad_files_get_a_clear_error(cast, content, fragment):
    batch = run(cast, content)
    assert batch.status == ImportBatch.Status.INVALID
    assert any(fragment in e for e in errors_of(batch)), errors_of(batch)


def test_a_huge_file_is_refused(cast, settings):
    settings.IMPORT_MAX_BYTES = 1000
    batch = run(cast, csv_bytes(*good_rows(cast) * 20))
    assert any("terlalu besar" in e for e in errors_of(batch))


def test_too_many_rows_are_refused(cast, settings):
    settings.IMPORT_MAX_ROWS = 1
    assert any("batasnya 1 baris" in e for e in errors_of(run(cast, csv_bytes(*good_rows(cast)))))


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda rows: [rows[0].replace("Rina Wulandari", '=HYPERLINK("http://x")'), rows[1]], "rumus"),
        (lambda rows: [rows[0], rows[0]], "lebih dari sekali"),
        (lambda rows: [rows[0].replace("-P2P", "-TIDAKADA"), rows[1]], "tidak ada"),
        (lambda rows: [rows[0].replace("IV/a", "Z/z"), rows[1]], "Golongan"),
        (lambda rows: [rows[0].replace("Pengawas", "Kepala"), rows[1]], "Jenis jabatan"),
        (lambda rows: [rows[0].replace(",9,", ",42,"), rows[1]], "1 sampai 17"),
        (lambda rows: [rows[0][:8] + "99" + rows[0][10:], rows[1]], "NIP"),
        (lambda rows: [rows[0], rows[1].replace(",PNS,", ",HONORER,")], "Status"),
    ],
)
def test_bad_rows_are_reported_with_row_and_column_and_block_the_whole_file(cast, mutate, fragment):
    batch = run(cast, csv_bytes(*mutate(good_rows(cast))))
    assert batch.status == ImportBatch.Status.INVALID
    assert any(fragment in e for e in errors_of(batch)), errors_of(batch)
    assert all(r["row"] >= 2 for r in batch.summary["rows"])


def test_a_supervisor_cycle_in_the_file_is_refused(cast):
    a, b = nip_for(601), nip_for(602)
    rows = [
        f"{a},Satu,,,PNS,III/a,{cast.bidang.code},Staf A,Pelaksana,5,{b}",
        f"{b},Dua,,,PNS,III/a,{cast.bidang.code},Staf B,Pelaksana,5,{a}",
    ]
    batch = run(cast, csv_bytes(*rows))
    assert any("lingkaran" in e for e in errors_of(batch))


def test_a_cycle_through_existing_data_is_refused(cast):
    # The file makes the head report to the staff member, who reports (via supervisor) to the head.
    head = cast.head
    row = f"{head.nip},{head.name},,,PNS,IV/a,{cast.opd.code},Kepala Dinas Kesehatan,JPT,14,{cast.employee.nip}"
    batch = run(cast, csv_bytes(row))
    assert any("lingkaran" in e for e in errors_of(batch))


def test_an_invalid_file_cannot_be_applied(cast):
    batch = run(cast, csv_bytes(good_rows(cast)[0], good_rows(cast)[0]))
    with pytest.raises(ValidationError):
        imports.import_apply(batch=batch)
    assert not Employee.objects.filter(nip=nip_for(501)).exists()


def test_units_import_builds_the_tree_parents_first(cast):
    content = csv_bytes(
        "DUKCAPIL-B1-S1,Seksi Identitas Penduduk,DUKCAPIL-B1,subbagian",
        "DUKCAPIL-B1,Bidang Pendaftaran Penduduk,DUKCAPIL,bagian",
        "DUKCAPIL,Dinas Kependudukan dan Pencatatan Sipil,,dinas",
        header="UNOR_ID,NAMA_UNOR,DIATASAN_ID,JENIS_UNOR",
    )
    batch = run(cast, content, kind=ImportBatch.Kind.UNITS)
    assert batch.status == ImportBatch.Status.PREVIEWED, batch.summary
    imports.import_apply(batch=batch)
    seksi = Unit.objects.get(instansi=cast.instansi, code="DUKCAPIL-B1-S1")
    assert seksi.depth == 2 and seksi.parent.parent.code == "DUKCAPIL"
    again = run(cast, content, kind=ImportBatch.Kind.UNITS)
    assert again.summary["counts"]["unchanged"] == 3


def test_units_import_refuses_cycles_and_unknown_parents(cast):
    content = csv_bytes(
        "A,Unit A,B,", "B,Unit B,A,", "C,Unit C,ZZZ,", header="UNOR_ID,NAMA_UNOR,DIATASAN_ID,JENIS_UNOR"
    )
    errors = errors_of(run(cast, content, kind=ImportBatch.Kind.UNITS))
    assert any("lingkaran" in e for e in errors) and any("ZZZ" in e for e in errors)


def test_the_documented_sample_files_import_cleanly(cast):
    from django.conf import settings

    samples = settings.BASE_DIR / "docs" / "samples"
    units = run(cast, (samples / "units.csv").read_bytes(), kind=ImportBatch.Kind.UNITS, filename="units.csv")
    assert imports.import_apply(batch=units).valid
    employees = run(cast, (samples / "employees.csv").read_bytes())
    assert employees.status == ImportBatch.Status.PREVIEWED, errors_of(employees)
    assert imports.import_apply(batch=employees).valid
    assert Employee.objects.get(nip="199202022022212001").rank == "VII"


def test_a_text_file_named_xlsx_is_not_a_real_xlsx_file():
    from kinerja.org.imports import ImportFileError, read_table

    with pytest.raises(ImportFileError) as error:
        read_table(b"NIP,NAMA\n199001012015031001,Budi\n", "pegawai.xlsx")
    assert "bukan file XLSX yang sah" in str(error.value)


def test_missing_columns_do_not_point_to_a_repository_file():
    from kinerja.org.imports import _check_columns

    (message,) = _check_columns([{"NAMA": "x"}], {"NIP": True, "NAMA": True})
    message = str(message)
    assert "NIP" in message and "docs/" not in message and "unduh contoh" in message


@pytest.mark.parametrize("kind", ["units", "employees"])
def test_the_downloadable_template_has_example_rows_and_column_help(client, cast, kind):
    from openpyxl import load_workbook

    client.force_login(cast.admin)
    response = client.get(f"/organisasi/impor/templat/{kind}.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    rows = imports.read_table(response.content, f"templat-{kind}.xlsx")
    assert len(rows) == 2 and all(any(row.values()) for row in rows)
    columns = imports.UNIT_COLUMNS if kind == "units" else imports.EMPLOYEE_COLUMNS
    guide = load_workbook(io.BytesIO(response.content)).worksheets[1]
    explained = {row[0] for row in guide.iter_rows(min_row=2, values_only=True) if row and row[0]}
    assert set(columns) <= explained
    client.force_login(cast.pegawai)
    assert client.get(f"/organisasi/impor/templat/{kind}.xlsx").status_code == 403


def test_the_template_writes_its_cells_through_the_injection_guard(client, cast, monkeypatch):
    """The template holds no stored text today; an example that starts like a formula still
    leaves as text (every cell goes through kinerja.core.exports)."""
    from openpyxl import load_workbook

    from kinerja.org import import_template

    original = import_template._help

    def with_a_formula():
        help_ = original()
        meaning, _first, second = help_["NAMA"]
        return {**help_, "NAMA": (meaning, '=HYPERLINK("http://x","y")', second)}

    monkeypatch.setattr(import_template, "_help", with_a_formula)
    client.force_login(cast.admin)
    response = client.get("/organisasi/impor/templat/employees.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not any(c.data_type == "f" for c in cells)
    assert '\'=HYPERLINK("http://x","y")' in [c.value for c in cells]


def test_stored_errors_read_in_the_readers_language(client, cast):
    """Errors are stored untranslated (msgid + parameters): the same batch reads in Indonesian
    and in English, whatever language the upload was made in."""
    from django.utils import translation

    with translation.override("en"):
        batch = run(cast, csv_bytes(f"{nip_for(503)},Ani,,,PNS,III/a,NOPE,Staf,Pelaksana,,"))
    stored = [m for r in batch.summary["rows"] for _c, m in r["errors"]]
    assert {"m": "Unit kerja dengan kode %(code)s tidak ada.", "p": {"code": "NOPE"}} in stored
    client.force_login(cast.admin)
    english = client.get(f"/organisasi/impor/{batch.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "There is no unit with code NOPE." in english
    indonesian = client.get(f"/organisasi/impor/{batch.pk}/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Unit kerja dengan kode NOPE tidak ada." in indonesian


def test_a_file_error_and_an_old_plain_text_error_both_show(client, cast):
    batch = run(cast, b"")
    assert batch.summary["file_errors"] == [{"m": "File kosong."}]
    batch.summary["file_errors"].append("Teks lama dari sebelum pesan tersimpan.")
    batch.save()
    client.force_login(cast.admin)
    page = client.get(f"/organisasi/impor/{batch.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Teks lama dari sebelum pesan tersimpan." in page and "File kosong." not in page
