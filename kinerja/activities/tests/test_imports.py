"""Daily work from a spreadsheet: the preview is a dry run through the hand entry's rules, the
submission one batch, and the same file twice adds nothing."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from conftest import approved_skp
from kinerja.activities import import_template, imports, services
from kinerja.activities.models import Activity, ActivityImport

pytestmark = pytest.mark.django_db

HEADER = "TANGGAL,JAM_MULAI,JAM_SELESAI,DURASI_MENIT,URAIAN,INDIKATOR,JUMLAH\r\n"
WEEK = (
    HEADER + "2026-11-16,08:00,10:00,,Pelayanan KTP di loket,1,12\r\n"
    "17/11/2026,,,90,Rapat koordinasi seksi,,\r\n"
    "2026-11-18,13:00,15.30,,- Rekap laporan mingguan,Jumlah layanan,2\r\n"
)


@pytest.fixture
def skp(cast, period):
    return approved_skp(cast.employee, period, cast.pegawai, cast.atasan)


def preview(user, text: str, name: str = "minggu.csv", unit=None) -> ActivityImport:
    return imports.import_preview(by=user, content=text.encode(), filename=name, unit=unit)


def errors_of(batch) -> dict[int, list[tuple[str, str]]]:
    return {r["row"]: [tuple(e) for e in r["errors"]] for r in batch.summary["rows"] if r["errors"]}


def test_a_week_is_previewed_without_storing_then_submitted_as_one_batch(cast, skp):
    batch = preview(cast.pegawai, WEEK)
    assert batch.status == "previewed", batch.summary
    assert batch.summary["counts"] == {"new": 3, "duplicate": 0, "error": 0}
    assert not Activity.objects.exists()  # the preview stored nothing
    outcome = imports.import_apply(batch=batch, by=cast.pegawai)
    assert outcome.valid
    stored = list(Activity.objects.order_by("date"))
    assert [a.minutes for a in stored] == [120, 90, 150]
    assert stored[0].indicator.text == stored[2].indicator.text == "Jumlah layanan"
    assert stored[2].description == "Rekap laporan mingguan"  # a bullet is text, not a formula
    assert all(a.client_token and a.status == "submitted" and a.verifier == cast.supervisor for a in stored)
    batch.refresh_from_db()
    assert batch.status == "applied" and batch.applied_at


def test_the_same_file_twice_adds_nothing_and_says_so(cast, skp):
    imports.import_apply(batch=preview(cast.pegawai, WEEK), by=cast.pegawai)
    again = preview(cast.pegawai, WEEK, name="lagi.csv")
    assert again.summary["counts"] == {"new": 0, "duplicate": 3, "error": 0}
    imports.import_apply(batch=again, by=cast.pegawai)
    assert Activity.objects.count() == 3
    # One row more in the same file: only that row is new.
    grown = preview(cast.pegawai, WEEK + "2026-11-19,,,30,Apel pagi,,\r\n")
    assert grown.summary["counts"] == {"new": 1, "duplicate": 3, "error": 0}


def test_row_errors_name_the_row_the_column_and_the_fix(cast, skp):
    text = (
        HEADER + "2026-13-01,08:00,09:00,,Tanggal salah,,\r\n"  # 2
        "2026-11-16,08:00,,,Jam selesai kosong,,\r\n"  # 3
        "2026-11-16,08:00,10:00,,Pagi,,\r\n"  # 4
        "2026-11-16,09:00,11:00,,Tumpang tindih dengan baris 4,,\r\n"  # 5
        "2030-01-02,08:00,09:00,,Masa depan,,\r\n"  # 6
        "2026-11-17,08:00,09:00,,Indikator asing,9,1\r\n"  # 7
        '2026-11-17,10:00,11:00,,"=HYPERLINK(""http://x"")",,\r\n'  # 8
        "2026-11-17,11:00,12:00,,Jumlah minus,,-3\r\n"  # 9
        "2026-11-17,,,abc,Durasi huruf,,\r\n"  # 10
        "2026-11-18,,,30,Sama,,\r\n"  # 11
        "2026-11-18,,,30,Sama,,\r\n"  # 12
    )
    batch = preview(cast.pegawai, text)
    assert batch.status == "invalid"
    found = errors_of(batch)
    assert found[2][0][0] == "TANGGAL" and "2026-11-02" in found[2][0][1]
    assert found[3][0][0] == "JAM_SELESAI"
    assert 4 not in found
    assert found[5][0][0] == "JAM_MULAI" and "08:00–10:00" in found[5][0][1]
    assert found[6][0][0] == "TANGGAL" and "akan datang" in found[6][0][1]
    assert found[7][0][0] == "INDIKATOR" and "lembar Indikator" in found[7][0][1]
    assert found[8][0][0] == "URAIAN" and "rumus" in found[8][0][1]
    assert found[9][0][0] == "JUMLAH"
    assert found[10][0][0] == "DURASI_MENIT"
    assert 11 not in found and "baris 11" in found[12][0][1]
    assert not Activity.objects.exists()
    with pytest.raises(Exception, match="sudah dikirim atau masih bermasalah"):
        imports.import_apply(batch=batch, by=cast.pegawai)
    assert not Activity.objects.exists()


def test_errors_are_in_the_users_language(cast, skp):
    from django.utils import translation

    with translation.override("en"):
        batch = preview(cast.pegawai, HEADER + "kemarin,08:00,09:00,,Rapat,,\r\n")
    assert "Write it like 2026-11-02" in errors_of(batch)[2][0][1]


def test_a_closed_period_and_spending_without_evidence_are_refused_as_by_hand(cast, period):
    from kinerja.skp import services as skp_services

    skp = skp_services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    rhk = skp_services.rhk_save(skp=skp, text="Belanja", kind="utama", own_initiative=True)
    skp_services.indicator_save(
        rhk=rhk, text="Belanja ATK", aspect="biaya", target="100", target_unit="rupiah", direction="lower"
    )
    skp_services.skp_submit(skp=skp, by=cast.pegawai)
    skp_services.skp_approve(skp=skp, by=cast.atasan)
    batch = preview(cast.pegawai, HEADER + "2026-11-16,08:00,09:00,,Beli kertas,1,50000\r\n")
    assert "formulir" in errors_of(batch)[2][0][1]
    period.is_closed = True
    period.save()
    batch = preview(cast.pegawai, HEADER + "2026-11-16,08:00,09:00,,Rapat,,\r\n")
    assert "ditutup" in errors_of(batch)[2][0][1]


def test_what_changed_after_the_preview_stops_the_whole_batch(cast, skp):
    batch = preview(cast.pegawai, WEEK)
    services.activity_create(
        employee=cast.employee,
        by=cast.pegawai,
        day=dt.date(2026, 11, 18),
        description="Dicatat lewat formulir",
        start_time=dt.time(14),
        end_time=dt.time(16),
    )
    outcome = imports.import_apply(batch=batch, by=cast.pegawai)
    assert not outcome.valid
    assert Activity.objects.count() == 1  # nothing of the file
    batch.refresh_from_db()
    assert batch.status == "invalid" and errors_of(batch)[4][0][0] == "JAM_MULAI"


@pytest.mark.parametrize(
    "content,name,message",
    [
        (b"TANGGAL,URAIAN\r\n2026-11-16,Rapat\r\n", "teks.xlsx", "bukan file XLSX yang sah"),
        (b"%PDF-1.4 xx", "a.csv", "Format file tidak dikenali"),
        (b"TANGGAL,URAIAN\r\n", "a.csv", "hanya berisi judul"),
        (b"TANGGAL,JAM\r\n2026-11-16,08:00\r\n", "a.csv", "URAIAN"),
        (b"", "a.csv", "kosong"),
    ],
)
def test_unreadable_files_are_refused_whole(cast, content, name, message):
    batch = imports.import_preview(by=cast.pegawai, content=content, filename=name)
    assert batch.status == "invalid"
    assert message in " ".join(batch.summary["file_errors"])


def test_the_downloaded_template_uploads_as_it_is(cast, skp):
    content = import_template.build(employee=cast.employee, admin=False, today=dt.date(2026, 11, 25))
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Data", "Petunjuk", "Indikator"]
    assert workbook["Indikator"]["B2"].value == "Jumlah layanan"
    batch = imports.import_preview(by=cast.pegawai, content=content, filename="templat.xlsx")
    assert batch.summary["counts"] == {"new": 2, "duplicate": 0, "error": 0}, batch.summary


def test_a_formula_in_an_xlsx_cell_is_refused_not_computed(cast, skp):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["TANGGAL", "DURASI_MENIT", "URAIAN"])
    workbook.active.append(["2026-11-16", "=10*6", "Rapat"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    batch = imports.import_preview(by=cast.pegawai, content=buffer.getvalue(), filename="a.xlsx")
    assert errors_of(batch)[2][0][0] == "DURASI_MENIT"


def test_an_employee_uploads_only_their_own_work(cast, skp):
    batch = preview(cast.pegawai, "NIP," + HEADER + f"{cast.outsider.nip},2026-11-16,,,30,Rapat,,\r\n")
    assert errors_of(batch)[2][0][0] == "NIP"
    batch = preview(cast.pegawai, "NIP," + HEADER + f"{cast.employee.nip},2026-11-16,,,30,Rapat,,\r\n")
    assert batch.status == "previewed"


def test_an_admin_uploads_for_a_unit_by_nip(cast, other, skp):
    text = (
        "NIP," + HEADER + f"{cast.employee.nip},2026-11-16,,,30,Rapat,Jumlah layanan,1\r\n"
        f"{cast.outsider.nip},2026-11-16,,,30,Rapat,,\r\n"
        f"{other.employee.nip},2026-11-16,,,30,Rapat,,\r\n"
        ",2026-11-16,,,30,Tanpa NIP,,\r\n"
    )
    batch = preview(cast.admin, text, unit=cast.bidang)
    found = errors_of(batch)
    assert 2 not in found
    assert found[3][0][0] == found[4][0][0] == found[5][0][0] == "NIP"  # other unit, other instansi, none
    batch = preview(cast.admin, "NIP," + HEADER + f"{cast.employee.nip},2026-11-16,,,30,Rapat,1,1\r\n")
    imports.import_apply(batch=batch, by=cast.admin)
    assert Activity.objects.get().employee == cast.employee


@given(st.text(max_size=30))
def test_any_cell_text_gives_a_value_or_a_value_error(text):
    for parse in (imports.parse_date, imports.parse_time, imports.parse_minutes, imports.parse_quantity):
        try:
            parse(text)
        except ValueError:
            pass


# ------------------------------------------------------------------------------------------ pages
def test_the_pages_upload_preview_and_submit(client, cast, skp):
    client.force_login(cast.pegawai)
    assert client.get(reverse("activities:import_upload")).status_code == 200
    template = client.get(reverse("activities:import_template"))
    assert template.status_code == 200 and template.content.startswith(b"PK")
    response = client.post(
        reverse("activities:import_upload"), {"file": SimpleUploadedFile("minggu.csv", WEEK.encode())}
    )
    batch = ActivityImport.objects.get()
    assert response.url == reverse("activities:import_preview", args=[batch.pk])
    page = client.get(response.url).content.decode()
    assert "Kirim 3 kegiatan ke atasan" in page
    response = client.post(reverse("activities:import_apply", args=[batch.pk]), follow=True)
    assert "3 kegiatan dikirim ke atasan" in response.content.decode()
    assert Activity.objects.count() == 3


def test_nobody_else_sees_an_upload_and_pimpinan_uploads_nothing(client, cast, other, skp):
    batch = preview(cast.pegawai, WEEK)
    for user in (cast.atasan, cast.admin, cast.pimpinan, other.admin, other.pegawai):
        client.force_login(user)
        assert client.get(reverse("activities:import_preview", args=[batch.pk])).status_code == 404
        assert client.post(reverse("activities:import_apply", args=[batch.pk])).status_code in (403, 404)
    client.force_login(cast.pimpinan)
    assert client.get(reverse("activities:import_upload")).status_code == 403
    assert client.get(reverse("activities:import_template")).status_code == 403
    assert not Activity.objects.exists()


def test_the_upload_page_lists_recent_uploads_in_fixed_queries(client, cast, skp, django_assert_max_num_queries):
    for _n in range(5):
        preview(cast.pegawai, WEEK)
    client.force_login(cast.pegawai)
    # session, user, menu counts, the uploads, plus the middleware's zone and the layout's reads
    with django_assert_max_num_queries(8):
        assert client.get(reverse("activities:import_upload")).status_code == 200
