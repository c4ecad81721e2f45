"""The appraisal flow in a browser: rating on the unit's board with the live curve, finalising,
an objection and its decision, and the PDF with the final predikat."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from conftest import approved_skp, log_in, log_out, screenshot
from kinerja.activities import services as activities
from kinerja.appraisal import services
from kinerja.appraisal.models import Evaluation, Objection
from kinerja.org.tests.factories import EmployeeFactory, PositionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CUT = "2026-Q4"


def test_rate_on_the_board_finalise_object_decide_and_print(page, cast, period, settings):
    settings.APPRAISAL_CURVE_MIN_PEOPLE = 2  # the two-person Bidang is checked on its own curve
    head_user = UserFactory(employee=cast.head)
    colleague = EmployeeFactory(
        unit=cast.bidang, supervisor=cast.supervisor, name="Rekan Bidang", position=PositionFactory(unit=cast.bidang)
    )
    approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    skp = approved_skp(colleague, period, UserFactory(employee=colleague), cast.atasan)
    indicator = skp.rhks.get().indicators.get()  # 25 a quarter: 24 verified → "Sesuai" suggested
    entry = activities.activity_create(
        employee=colleague,
        by=colleague.user,
        day=dt.date(2026, 11, 2),
        description="Layanan imunisasi",
        start_time=dt.time(8),
        end_time=dt.time(12),
        indicator=indicator,
        quantity=24,
    )
    activities.activity_verify(activity=entry, by=cast.atasan)
    services.evaluations_compute(instansi=cast.instansi, period=period, cut_key=CUT)
    services.unit_predicate_set(unit=cast.bidang, period=period, cut_key=CUT, predicate="baik", by=cast.admin)

    # The supervisor opens the unit's board: suggestions and the curve are there.
    log_in(page, cast.supervisor.nip)
    page.get_by_role("link", name=re.compile(r"^Evaluasi kinerja")).click()
    page.get_by_label("Periode penilaian").select_option(label="Triwulan IV 2026")
    page.get_by_role("button", name="Tampilkan").click()
    page.get_by_role("link", name="Bidang P2P").click()
    expect(page.locator("#curve")).to_contain_text("Baik")
    colleague_row = page.locator("tr", has_text="Rekan Bidang")
    staff_row = page.locator("tr", has_text="Staf Bidang")
    expect(colleague_row.locator(".suggested")).to_have_text("Sesuai Ekspektasi")
    expect(staff_row.locator(".suggested")).to_have_text("Di Bawah Ekspektasi")

    # One rating follows the suggestion; the other goes against it and needs a reason.
    colleague_row.get_by_label("Perilaku kerja").select_option(label="Sesuai Ekspektasi")
    colleague_row.get_by_role("button", name="Simpan rating").click()
    expect(page.locator("tr", has_text="Rekan Bidang").locator(".predikat")).to_have_text("Baik")
    expect(page.locator('#curve .curve-count[data-predikat="baik"]')).to_have_text("1 (100%)")
    staff_row.get_by_label("Hasil kerja").select_option(label="Sesuai Ekspektasi")
    staff_row.get_by_label("Perilaku kerja").select_option(label="Di Bawah Ekspektasi")
    staff_row.get_by_role("button", name="Simpan rating").click()
    expect(page.locator("tr", has_text="Staf Bidang")).to_contain_text("tuliskan alasannya")
    staff_row = page.locator("tr", has_text="Staf Bidang")
    staff_row.get_by_label("Alasan bila berbeda dari saran").fill("Pelayanan lapangan belum tercatat di aplikasi.")
    staff_row.get_by_role("button", name="Simpan rating").click()
    expect(page.locator("tr", has_text="Staf Bidang").locator(".predikat")).to_have_text("Kurang/Misconduct")
    expect(page.locator("#curve")).to_contain_text("Distribusi sesuai pola")
    screenshot(page, "appraisal-board")

    # Finalise the staff member's evaluation from its page.
    page.get_by_role("link", name="Staf Bidang").click()
    expect(page.locator("#predikat")).to_have_text("Kurang/Misconduct")
    page.get_by_role("button", name="Tetapkan").click()
    expect(page.get_by_text("Evaluasi ditetapkan.")).to_be_visible()
    log_out(page)

    # The employee objects within 14 days.
    log_in(page, cast.employee.nip)
    page.get_by_role("link", name=re.compile(r"^Evaluasi kinerja")).click()
    page.get_by_label("Periode penilaian").select_option(label="Triwulan IV 2026")
    page.get_by_role("button", name="Tampilkan").click()
    page.get_by_role("link", name="Triwulan IV 2026").click()
    page.get_by_label("Pokok keberatan").select_option("procedure")
    page.get_by_label("Alasan keberatan").fill("Perilaku saya dinilai tanpa dialog kinerja sebelumnya.")
    page.get_by_role("button", name="Ajukan keberatan").click()
    expect(page.get_by_text("Keberatan diajukan kepada atasan pejabat penilai.")).to_be_visible()
    log_out(page)

    # The atasan pejabat penilai decides: behaviour changed to Sesuai, so Baik.
    log_in(page, cast.head.nip)
    page.get_by_role("link", name=re.compile(r"^Evaluasi kinerja")).click()
    page.get_by_role("link", name="Staf Bidang").first.click()
    page.get_by_role("combobox", name="Keputusan").select_option(label="Hasil evaluasi diubah")
    page.get_by_label("Alasan keputusan").fill("Tidak ada catatan pelanggaran; dialog kinerja belum dilakukan.")
    page.get_by_label("Rating hasil kerja baru").select_option(label="Sesuai Ekspektasi")
    page.get_by_label("Rating perilaku kerja baru").select_option(label="Sesuai Ekspektasi")
    page.get_by_role("button", name="Simpan keputusan").click()
    expect(page.locator("#predikat")).to_have_text("Baik")
    screenshot(page, "appraisal-decided")
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh PDF").click()
    text = "".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert "PREDIKAT KINERJA PEGAWAI" in text and "\nBAIK" in text and "Hasil evaluasi diubah" in text
    assert Evaluation.objects.get(employee=cast.employee).status == "decided"
    assert Objection.objects.get().decided_by == head_user
