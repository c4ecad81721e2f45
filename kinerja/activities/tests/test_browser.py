"""Daily work on a phone: log with evidence, supervisor returns one and accepts one, the
employee corrects and resends, and the indicator's progress bar moves."""

import pytest
from playwright.sync_api import expect

from conftest import approved_skp, log_in, log_out, screenshot
from kinerja.activities.models import Activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_log_verify_return_correct_on_a_phone(phone, cast, period, tmp_path):
    skp = approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    indicator = skp.rhks.get().indicators.get()  # target 100 layanan
    evidence = tmp_path / "daftar-hadir.pdf"
    evidence.write_bytes(PDF)
    page = phone

    log_in(page, cast.employee.nip)
    page.goto("/kegiatan/?rows=2")
    first, second = page.locator("fieldset.entry").nth(0), page.locator("fieldset.entry").nth(1)
    for entry, start, end, text, qty in (
        (first, "08:00", "10:00", "Pelayanan KTP loket 1", "20"),
        (second, "10:30", "12:00", "Pelayanan akta kelahiran", "10"),
    ):
        entry.get_by_label("Mulai").fill(start)
        entry.get_by_label("Selesai").fill(end)
        entry.get_by_label("Uraian kegiatan").fill(text)
        entry.get_by_label("Untuk indikator").select_option(index=1)
        entry.get_by_label("Jumlah keluaran").fill(qty)
        entry.get_by_label("Bukti (berkas)").set_input_files(str(evidence))
    page.get_by_role("button", name="Kirim ke atasan").click()
    expect(page.get_by_text("2 kegiatan dicatat")).to_be_visible()
    expect(page.locator("#progress .realized")).to_have_text("0")
    screenshot(page, "activities-logged-phone")
    log_out(page)

    # The supervisor accepts the first and returns the second.
    log_in(page, cast.supervisor.nip)
    page.goto("/kegiatan/verifikasi/")
    page.get_by_role("checkbox", name="Pilih Pelayanan KTP").check()
    page.get_by_role("button", name="Terima yang dipilih").click()
    expect(page.get_by_text("1 kegiatan diterima")).to_be_visible()
    page.get_by_role("checkbox", name="Pilih Pelayanan akta").check()
    page.get_by_label("Catatan (wajib bila dikembalikan)").fill("Jumlah akta tidak sesuai daftar hadir")
    page.get_by_role("button", name="Kembalikan yang dipilih").click()
    expect(page.get_by_text("1 kegiatan dikembalikan")).to_be_visible()
    screenshot(page, "activities-inbox-phone")
    log_out(page)

    # The employee sees the return, corrects and resends; the bar already shows the accepted 20.
    log_in(page, cast.employee.nip)
    page.goto("/kegiatan/")
    expect(page.locator("#progress .realized")).to_have_text("20")
    expect(page.get_by_text("Jumlah akta tidak sesuai daftar hadir")).to_be_visible()
    page.locator("tr.activity-row[data-status=returned]").get_by_role("link", name="Ubah").click()
    page.get_by_label("Jumlah keluaran").fill("8")
    page.get_by_role("button", name="Simpan dan kirim ulang").click()
    expect(page.locator("#activity-status")).to_have_text("Menunggu verifikasi")
    log_out(page)

    log_in(page, cast.supervisor.nip)
    page.goto("/kegiatan/verifikasi/")
    page.get_by_role("checkbox", name="Pilih Pelayanan akta").check()
    page.get_by_role("button", name="Terima yang dipilih").click()
    log_out(page)

    log_in(page, cast.employee.nip)
    page.goto("/kegiatan/")
    expect(page.locator("#progress .realized")).to_have_text("28")
    # the year's bar (the quarter's thinner bar beside it is named "Triwulan …: Jumlah layanan")
    expect(page.locator("#progress").get_by_role("progressbar", name="Jumlah layanan", exact=True)).to_have_text("28%")
    screenshot(page, "activities-progress-phone")
    assert sorted(Activity.objects.values_list("status", flat=True)) == ["verified", "verified"]
    assert indicator.realizations.get().quantity == 28
