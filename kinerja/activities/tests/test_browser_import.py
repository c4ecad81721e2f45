"""A week's work from a spreadsheet, as a person does it, on a desktop and on a phone: from the
daily log to the upload page, the template downloaded, a file with one bad row previewed, the file
fixed and submitted, and the same file again adding nothing."""

import pytest
from playwright.sync_api import expect

from conftest import approved_skp, log_in, screenshot
from kinerja.activities.models import Activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "TANGGAL,JAM_MULAI,JAM_SELESAI,DURASI_MENIT,URAIAN,INDIKATOR,JUMLAH\n"
GOOD = HEADER + "2026-11-16,08:00,10:00,,Pelayanan KTP loket 1,1,12\n2026-11-17,,,90,Rapat koordinasi seksi,,\n"
BAD = GOOD + "2026-11-17,13:00,,,Jam selesai lupa diisi,,\n"


@pytest.mark.parametrize("device", ["page", "phone"])
def test_upload_preview_and_submit_a_week(request, device, cast, period, tmp_path):
    approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    page = request.getfixturevalue(device)
    log_in(page, cast.employee.nip)
    page.goto("/kegiatan/")
    page.get_by_role("link", name="Unggah dari spreadsheet").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh templat XLSX").click()
    assert download.value.suggested_filename == "templat-kegiatan-harian.xlsx"

    bad = tmp_path / "minggu-ini.csv"
    bad.write_text(BAD)
    page.get_by_label("File kegiatan (.xlsx atau .csv)").set_input_files(str(bad))
    page.get_by_role("button", name="Unggah dan pratinjau").click()
    expect(page.locator("#import-status")).to_have_text("Ada baris bermasalah")
    first_row = page.locator("#import-rows tbody tr").first
    expect(first_row).to_contain_text("4")
    expect(first_row).to_contain_text("JAM_SELESAI")
    screenshot(page, f"activities-import-errors-{device}")

    good = tmp_path / "minggu-ini-benar.csv"
    good.write_text(GOOD)
    page.get_by_role("link", name="Unggah ulang").click()
    page.get_by_label("File kegiatan (.xlsx atau .csv)").set_input_files(str(good))
    page.get_by_role("button", name="Unggah dan pratinjau").click()
    expect(page.locator("#import-status")).to_have_text("Siap dikirim")
    screenshot(page, f"activities-import-preview-{device}")
    page.get_by_role("button", name="Kirim 2 kegiatan ke atasan").click()
    expect(page.get_by_text("2 kegiatan dikirim ke atasan untuk diverifikasi.")).to_be_visible()
    expect(page.locator("#import-status")).to_have_text("Sudah dikirim")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    screenshot(page, f"activities-import-sent-{device}")

    page.goto("/kegiatan/impor/")
    page.get_by_label("File kegiatan (.xlsx atau .csv)").set_input_files(str(good))
    page.get_by_role("button", name="Unggah dan pratinjau").click()
    expect(page.locator("#nothing-new")).to_be_visible()
    assert Activity.objects.filter(employee=cast.employee).count() == 2
