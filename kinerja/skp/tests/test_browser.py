"""The whole planning flow in a browser, as the employee and the supervisor would click it."""

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from conftest import approved_skp, log_in, log_out, screenshot
from kinerja.org.tests.factories import UserFactory
from kinerja.skp import services
from kinerja.skp.models import Skp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_skp_from_template_returned_fixed_approved_and_printed(page, cast, period):
    approved_skp(cast.supervisor, period, cast.atasan, UserFactory(employee=cast.head), text="Menurunkan kasus DBD")
    services.template_save(
        instansi=cast.instansi,
        name="Pengendalian DBD",
        sector="health",
        source="Pemberantasan sarang nyamuk | Rumah yang diperiksa jentik | kuantitas | 500 | rumah | naik",
    )

    # The employee starts an SKP from the template and links it to the supervisor's RHK.
    log_in(page, cast.employee.nip)
    page.locator("#sidebar").get_by_role("link", name="SKP saya").click()
    page.get_by_label("Mulai dari templat (opsional)").select_option(label="Pengendalian DBD")
    page.get_by_role("button", name="Buat SKP").click()
    expect(page.locator("#skp-status")).to_have_text("Draf")
    expect(page.get_by_text("Rumah yang diperiksa jentik")).to_be_visible()
    rhk = page.locator(".rhk").first
    rhk.get_by_text("Ubah RHK dan kaitannya").click()
    rhk.get_by_label("RHK atasan yang diintervensi").select_option(label="Menurunkan kasus DBD")
    rhk.get_by_role("button", name="Simpan perubahan RHK").click()
    expect(page.get_by_text("Mengintervensi RHK atasan")).to_be_visible()
    page.get_by_role("button", name="Ajukan ke pejabat penilai").click()
    expect(page.locator("#skp-status")).to_have_text("Diajukan")
    screenshot(page, "skp-submitted")
    log_out(page)

    # The supervisor returns it with a comment.
    log_in(page, cast.supervisor.nip)
    page.locator("#sidebar").get_by_role("link", name="SKP bawahan").click()
    page.get_by_role("link", name=cast.employee.display_name).first.click()
    page.get_by_label("Catatan untuk pegawai").fill("Target rumah terlalu rendah, naikkan ke 800.")
    page.get_by_role("button", name="Kembalikan untuk diperbaiki").click()
    expect(page.locator("#skp-status")).to_have_text("Dikembalikan")
    log_out(page)

    # The employee reads the comment, fixes the target and submits again.
    log_in(page, cast.employee.nip)
    page.locator("#sidebar").get_by_role("link", name="SKP saya").click()
    page.get_by_role("link", name="SKP 2026").click()
    expect(page.locator("#skp-history")).to_contain_text("Target rumah terlalu rendah")
    page.get_by_role("button", name="Hapus indikator").click()
    rhk = page.locator(".rhk").first
    rhk.get_by_text("Tambah indikator").click()
    rhk.get_by_label("Indikator", exact=True).fill("Rumah yang diperiksa jentik")
    rhk.get_by_label("Target", exact=True).fill("0")
    rhk.get_by_role("button", name="Simpan indikator").click()
    expect(page.get_by_text("Target harus angka lebih besar dari nol.")).to_be_visible()
    rhk = page.locator(".rhk").first
    rhk.get_by_label("Target", exact=True).fill("800")
    rhk.get_by_label("Satuan", exact=True).fill("rumah")
    rhk.get_by_role("button", name="Simpan indikator").click()
    page.get_by_role("button", name="Ajukan ke pejabat penilai").click()
    expect(page.locator("#skp-status")).to_have_text("Diajukan")
    log_out(page)

    # The supervisor approves; the PDF carries the approved target.
    log_in(page, cast.supervisor.nip)
    page.locator("#sidebar").get_by_role("link", name="SKP bawahan").click()
    page.get_by_role("link", name=cast.employee.display_name).first.click()
    page.get_by_role("button", name="Setujui").click()
    expect(page.locator("#skp-status")).to_have_text("Disetujui")
    screenshot(page, "skp-approved")
    with page.expect_download(timeout=90_000) as download:  # WeasyPrint on a busy machine
        page.get_by_role("link", name="Unduh PDF").click(timeout=90_000)
    text = "".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert "SASARAN KINERJA PEGAWAI" in text and "800 rumah" in text and "Disetujui" in text
    assert cast.supervisor.nip_formatted in text
    assert Skp.objects.get(employee=cast.employee).status == "approved"
