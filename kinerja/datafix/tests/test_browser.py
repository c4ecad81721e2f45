"""'My data is wrong', as people do it: the employee reports from the home page, the admin opens
the queue from the to-do line and fixes it, the employee reads the notification; then a second
report refused with a reason. Desktop for the admin, phone width for the employee."""

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, log_in, log_out, screenshot
from kinerja.org.models import Employee

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_employee_reports_admin_fixes_employee_is_told(phone, page, cast):
    cast.admin.set_password(PASSWORD)
    cast.admin.save()
    log_in(phone, cast.employee.nip)
    phone.get_by_role("link", name="Data saya salah? Laporkan ke admin").click()
    phone.get_by_label("Data yang salah").select_option("supervisor")
    phone.get_by_label("Seharusnya").fill("Kepala Dinas Kesehatan langsung, sejak SK Oktober")
    phone.get_by_label("NIP atasan yang benar (bila tahu)").fill(cast.head.nip)
    phone.get_by_role("button", name="Kirim laporan").click()
    expect(phone.get_by_text("Laporan terkirim ke admin kepegawaian")).to_be_visible()
    expect(phone.locator("#my-reports")).to_contain_text("Menunggu admin")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "datafix-reported-phone")

    log_in(page, cast.admin.username)
    page.get_by_role("link", name="1 laporan data pegawai yang salah menunggu perbaikan Anda").click()
    page.get_by_role("link", name="Staf Bidang — Atasan langsung").click()
    expect(page.get_by_label("NIP atasan langsung yang benar")).to_have_value(cast.head.nip)
    screenshot(page, "datafix-decide-desktop")
    page.get_by_role("button", name="Simpan perbaikan").click()
    expect(page.get_by_text("Data pegawai diperbaiki")).to_be_visible()
    assert Employee.objects.get(pk=cast.employee.pk).supervisor == cast.head

    phone.goto("/notifikasi/")
    expect(phone.get_by_text("Laporan data Anda (Atasan langsung) sudah ditindaklanjuti")).to_be_visible()
    phone.goto("/laporan-data/")
    expect(phone.locator("#my-reports")).to_contain_text("Sudah diperbaiki")

    # A second report, refused with a reason the employee reads.
    phone.get_by_label("Data yang salah").select_option("unit")
    phone.get_by_label("Seharusnya").fill("Dinas Pendidikan")
    phone.get_by_role("button", name="Kirim laporan").click()
    page.goto("/laporan-data/antrean/")
    page.get_by_role("link", name="Staf Bidang — Unit kerja").click()
    page.get_by_label("Alasan penolakan").fill("SK mutasi belum kami terima; kirimkan salinannya.")
    page.get_by_role("button", name="Tolak dengan alasan").click()
    expect(page.get_by_text("Laporan ditolak")).to_be_visible()
    phone.goto("/laporan-data/")
    expect(phone.locator("#my-reports")).to_contain_text("SK mutasi belum kami terima")
    screenshot(phone, "datafix-refused-phone")
    log_out(phone)
