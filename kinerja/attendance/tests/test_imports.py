"""Machine import: dry run, row errors that name row/column/fix, idempotent re-import, both layouts."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from kinerja.attendance import imports, services
from kinerja.attendance.models import AttendanceImport, MonthSummary, Record
from kinerja.core.i18n import render

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)):
        yield


def upload(cast, text: str) -> AttendanceImport:
    return imports.import_preview(instansi=cast.instansi, content=text.encode(), filename="x.csv", by=cast.admin)


def test_days_layout_dry_run_then_apply_then_same_file_changes_nothing(cast):
    nip = cast.employee.nip
    text = f"NIP,TANGGAL,MASUK,PULANG,APEL\n{nip},2026-11-02,07:20,16:05,Y\n{nip},03/11/2026,08:10,16:00,N\n"
    batch = upload(cast, text)
    assert batch.status == "previewed" and batch.summary["counts"]["create"] == 2
    assert not Record.objects.exists()  # a dry run writes nothing
    imports.import_apply(batch=batch)
    assert Record.objects.filter(employee=cast.employee).count() == 2
    assert MonthSummary.objects.filter(employee=cast.employee, month="2026-11").exists()
    before = list(Record.objects.values_list("pk", "check_in", "check_out", "ceremony", "updated_at"))
    again = upload(cast, text)
    assert again.summary["counts"] == {
        "rows": 2,
        "create": 0,
        "update": 0,
        "unchanged": 2,
        "kept_manual": 0,
        "error_rows": 0,
    }
    imports.import_apply(batch=again)
    assert list(Record.objects.values_list("pk", "check_in", "check_out", "ceremony", "updated_at")) == before


def test_scans_layout_takes_first_and_last_scan(cast):
    nip = cast.employee.nip
    batch = upload(cast, f"NIP,WAKTU\n{nip},2026-11-02 07:25\n{nip},2026-11-02 12:01\n{nip},2026-11-02 16:10:30\n")
    imports.import_apply(batch=batch)
    record = Record.objects.get()
    assert (record.check_in, record.check_out) == (dt.time(7, 25), dt.time(16, 10, 30))


def test_bad_rows_are_named_and_nothing_is_written(cast, other):
    nip = cast.employee.nip
    text = (
        "NIP,TANGGAL,MASUK,PULANG\n"
        "199999999999999999,2026-11-02,07:00,16:00\n"  # unknown NIP
        f"{other.employee.nip},2026-11-02,07:00,16:00\n"  # another instansi's employee
        f"{nip},2026-11-02,25:10,16:00\n"  # outside the day
        f"{nip},2026-11-03,16:00,07:00\n"  # out before in
        f"{nip},2026-12-24,07:00,16:00\n"  # not yet happened
        f"{nip},2026-11-04,07:00,16:00\n"
    )
    batch = upload(cast, text)
    assert batch.status == "invalid"
    errors = {(row, column) for row, column, _message in batch.summary["errors"]}
    assert errors == {(2, "NIP"), (3, "NIP"), (4, "MASUK"), (5, "PULANG"), (6, "TANGGAL")}
    assert any("00:00–23:59" in render(message) for _r, _c, message in batch.summary["errors"])
    with pytest.raises(ValidationError):
        imports.import_apply(batch=batch)
    assert not Record.objects.exists()


@pytest.mark.parametrize(
    "text",
    ["", "A,B\n1,2\n", "NIP,WAKTU\n", "%PDF-1.4 binary"],
)
def test_unreadable_files_get_a_file_error(cast, text):
    batch = upload(cast, text)
    assert batch.status == "invalid" and batch.summary["file_errors"]


def test_a_manual_record_is_not_overwritten_by_the_machine(cast):
    services.record_enter(
        employee=cast.employee,
        date=dt.date(2026, 11, 2),
        check_in=dt.time(7, 0),
        check_out=dt.time(16, 0),
        reason="Mesin rusak",
        by=cast.admin,
    )
    batch = upload(cast, f"NIP,TANGGAL,MASUK,PULANG\n{cast.employee.nip},2026-11-02,09:00,16:00\n")
    assert batch.summary["counts"]["kept_manual"] == 1
    imports.import_apply(batch=batch)
    assert Record.objects.get().check_in == dt.time(7, 0)


def test_xlsx_with_real_datetimes(cast):
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["NIP", "WAKTU"])
    sheet.append([cast.employee.nip, dt.datetime(2026, 11, 2, 7, 29)])
    sheet.append([cast.employee.nip, dt.datetime(2026, 11, 2, 16, 1)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    batch = imports.import_preview(instansi=cast.instansi, content=buffer.getvalue(), filename="m.xlsx", by=cast.admin)
    assert batch.status == "previewed", batch.summary
    imports.import_apply(batch=batch)
    assert Record.objects.get().check_out == dt.time(16, 1)


def test_errors_are_stored_untranslated_and_read_in_english(client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation

    from kinerja.accounts.models import ApiToken

    content = b"NIP,TANGGAL,MASUK,PULANG\r\n,2026-11-02,07:00,16:00\r\n"
    with translation.override("id"):
        batch = imports.import_preview(instansi=cast.instansi, content=content, filename="x.csv", by=cast.admin)
    assert [tuple(e) for e in batch.summary["errors"]] == [(2, "NIP", {"m": "Wajib diisi."})]
    client.force_login(cast.admin)
    page = client.get(f"/kehadiran/impor/{batch.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Required." in page and "Wajib diisi." not in page
    _token, key = ApiToken.issue(cast.admin)
    response = client.post(
        "/api/v1/attendance/imports",
        {"file": SimpleUploadedFile("x.csv", content)},
        HTTP_AUTHORIZATION=f"Bearer {key}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.json()["summary"]["errors"] == [[2, "NIP", "Required."]]


def test_unknown_columns_point_to_the_sample_not_a_repository_file(cast):
    batch = imports.import_preview(instansi=cast.instansi, content=b"A,B\r\n1,2\r\n", filename="x.csv", by=cast.admin)
    (message,) = [render(e) for e in batch.summary["file_errors"]]
    assert "docs/" not in message and "contoh file" in message
