"""The month in a browser, from the machine file to the signed payment list: the admin imports
November, the employee (on a phone) reads their calendar and asks for a correction, the
supervisor approves it, the admin computes the TPP, downloads the unit's list and closes the month."""

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import expect

from conftest import log_in, screenshot
from kinerja.attendance.models import Correction, Record
from kinerja.tpp import services
from kinerja.tpp.models import TppLine, TppMonth

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC), tick=True):
        yield


def november_csv(nip: str) -> bytes:
    lines = ["NIP,TANGGAL,MASUK,PULANG,APEL"]
    for day in range(1, 31):
        date = dt.date(2026, 11, day)
        if date.weekday() < 5 and day != 9:  # 9 November: no record (the correction below)
            lines.append(f"{nip},{date.isoformat()},{'08:05' if day == 3 else '07:20'},16:02,Y")
    return ("\n".join(lines) + "\n").encode()


def test_from_import_to_the_payment_list(page, browser, live_server, cast):
    setting = services.setting_for(instansi=cast.instansi, year=2026)
    services.setting_update(setting=setting, class_amounts={"9": 13_320_000, "14": 33_225_000})
    cast.employee.position.grade = 9
    cast.employee.position.save()

    # 1. The admin imports the machine file: a dry run first, then applied.
    log_in(page, cast.admin.username)
    page.goto("/kehadiran/impor/")
    page.get_by_label("File presensi").set_input_files(
        {"name": "presensi-nov.csv", "mimeType": "text/csv", "buffer": november_csv(cast.employee.nip)}
    )
    page.get_by_role("button", name="Unggah dan pratinjau").click()
    expect(page.locator("#import-status")).to_have_text("Pratinjau")
    expect(page.locator("#import-counts")).to_contain_text("20")
    assert not Record.objects.exists()
    screenshot(page, "attendance-import-preview")
    page.get_by_role("button", name="Terapkan impor").click()
    expect(page.locator("#import-status")).to_have_text("Diterapkan")
    assert Record.objects.filter(employee=cast.employee).count() == 20
    page.context.clear_cookies()  # the next person logs in on the same browser

    # 2. The employee, on a phone, reads the month and asks for a correction of 9 November.
    phone = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    ).new_page()
    phone.set_default_timeout(10_000)
    log_in(phone, cast.employee.nip)
    phone.goto("/kehadiran/saya/?bulan=2026-11")
    calendar = phone.locator("#attendance-calendar")
    expect(calendar).to_contain_text("Alpa")
    expect(calendar).to_contain_text("Telat")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    screenshot(phone, "attendance-calendar-phone")
    phone.locator("#day-details").get_by_role("link", name="minta koreksi").first.click()
    expect(phone.get_by_label("Tanggal")).to_have_value("2026-11-03")  # the first day with a deduction
    phone.get_by_label("Tanggal").fill("2026-11-09")
    phone.get_by_label("Jam masuk yang benar").fill("07:25")
    phone.get_by_label("Jam pulang yang benar").fill("16:00")
    phone.get_by_label("Alasan").fill("Rapat di kantor camat, surat tugas terlampir.")
    phone.get_by_label("Bukti").set_input_files(
        {"name": "surat-tugas.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% surat tugas\n"}
    )
    phone.get_by_role("button", name="Kirim ke atasan").click()
    expect(phone.locator(".alert-success")).to_contain_text("dikirim ke atasan")
    phone.context.close()

    # 3. The supervisor approves it.
    log_in(page, cast.supervisor.nip)
    page.goto("/kehadiran/koreksi/")
    page.locator("#to-decide").get_by_role("button", name="Setujui").click()
    expect(page.locator(".alert-success")).to_contain_text("Keputusan koreksi disimpan")
    assert Correction.objects.get().status == "approved"
    page.context.clear_cookies()  # the next person logs in on the same browser

    # 4. The admin computes November, reads the line, downloads the unit's list and closes the month.
    log_in(page, cast.admin.username)
    page.goto("/tpp/")
    page.get_by_label("Bulan").fill("2026-11")
    page.get_by_role("button", name="Hitung TPP").click()
    # The month is computed in the background: the job page shows it done and links the result.
    page.get_by_role("link", name="Lihat hasil").click()
    expect(page.locator("#month-status")).to_have_text("Draf")
    row = page.locator("#tpp-lines tr", has_text="Staf Bidang")
    expect(row).to_contain_text("13.320.000")
    line = TppLine.objects.get(employee=cast.employee)
    assert line.inputs["deduction_pct"] == "1.00"  # only the 35 minutes of 3 November remain
    screenshot(page, "tpp-month")
    with page.expect_download(timeout=90_000) as download:  # WeasyPrint on a busy machine
        page.locator("#unit-lists tr", has_text="Bidang P2P").get_by_role("link", name="PDF").click(timeout=90_000)
    assert download.value.suggested_filename.endswith(".pdf")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Tutup dan kunci bulan ini").click()
    expect(page.locator("#month-status")).to_have_text("Ditutup")
    assert TppMonth.objects.get().is_closed
    page.get_by_role("link", name="Staf Bidang").click()
    expect(page.locator("#slip-net")).to_be_visible()
    screenshot(page, "tpp-slip")
