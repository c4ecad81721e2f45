"""Click-through tests in headless Chromium, as a person would use the pages."""

import pytest
from playwright.sync_api import expect

from conftest import log_in, screenshot
from kinerja.org.models import Employee
from kinerja.org.tests.factories import nip_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_employee_logs_in_with_their_nip_and_sees_their_home(page, cast):
    page.goto("/")
    expect(page).to_have_url("/akun/masuk/?next=/")
    log_in(page, cast.employee.nip_formatted)
    expect(page.get_by_role("heading", name="Selamat datang")).to_be_visible()
    expect(page.get_by_text(cast.employee.nip_formatted)).to_be_visible()
    expect(page.get_by_text("Kepala Bidang")).to_be_visible()  # the direct supervisor
    screenshot(page, "home-pegawai")


def test_repeated_wrong_passwords_show_the_lockout_message(page, cast):
    for _ in range(5):
        log_in(page, cast.employee.nip, "salah-terus", succeed=False)
    expect(page.get_by_text("NIP atau kata sandi salah").or_(page.get_by_text("terkunci"))).to_be_visible()
    log_in(page, cast.employee.nip, succeed=False)  # even the right password is refused now
    expect(page.get_by_role("heading", name="Akun terkunci sementara")).to_be_visible()
    screenshot(page, "lockout")


def test_the_admin_imports_employees_with_a_preview_first(page, cast, tmp_path):
    boss, staff = nip_for(501), nip_for(502)
    good = tmp_path / "pegawai.csv"
    good.write_text(
        "NIP,NAMA,STATUS_PEGAWAI,GOL_RUANG,UNOR_ID,JABATAN_NAMA,JENIS_JABATAN,KELAS_JABATAN,NIP_ATASAN\n"
        f"{boss},Rina Wulandari,PNS,IV/a,{cast.bidang.code},Kepala Seksi Imunisasi,Pengawas,9,{cast.supervisor.nip}\n"
        f"{staff},Yohanes Wanggai,PNS,III/b,{cast.bidang.code},Perawat,Fungsional,8,{boss}\n"
    )
    bad = tmp_path / "salah.csv"
    bad.write_text(good.read_text().replace("IV/a", "IV/z"))
    log_in(page, cast.admin.username)
    page.locator("#sidebar").get_by_role("link", name="Impor data").click()

    page.get_by_label("File (.xlsx atau .csv)").set_input_files(str(bad))
    page.get_by_role("button", name="Unggah dan pratinjau").click()
    expect(page.locator("#import-status")).to_have_text("Tidak valid")
    expect(page.get_by_text("Golongan/ruang IV/z tidak dikenal")).to_be_visible()
    assert not Employee.objects.filter(nip=boss).exists()

    page.get_by_role("link", name="Unggah ulang").click()
    page.get_by_label("File (.xlsx atau .csv)").set_input_files(str(good))
    page.get_by_role("button", name="Unggah dan pratinjau").click()
    expect(page.locator("#import-counts")).to_contain_text("2")
    screenshot(page, "import-preview")
    assert not Employee.objects.filter(nip=boss).exists()  # a preview writes nothing
    page.get_by_role("button", name="Terapkan impor").click()
    expect(page.get_by_text("Impor diterapkan: 2 dibuat")).to_be_visible()
    assert Employee.objects.get(nip=staff).supervisor.nip == boss

    page.locator("#sidebar").get_by_role("link", name="Pegawai", exact=True).click()
    page.get_by_placeholder("Cari nama atau NIP").fill("Yohanes")
    expect(page.get_by_role("link", name="Yohanes Wanggai")).to_be_visible()
    expect(page.get_by_role("link", name="Staf Lain")).to_have_count(0)


def test_the_organisation_tree_leads_to_a_unit_and_its_people(page, cast):
    log_in(page, cast.pimpinan.username)
    page.get_by_role("link", name="Struktur organisasi").click()
    tree = page.get_by_role("tree")
    expect(tree.get_by_role("link", name="Dinas Kesehatan")).to_be_visible()
    screenshot(page, "org-tree")
    tree.get_by_role("link", name="Bidang P2P").click()
    expect(page.get_by_role("heading", name="Bidang P2P")).to_be_visible()
    expect(page.get_by_role("link", name="Staf Bidang")).to_be_visible()
    page.get_by_role("link", name="Staf Bidang").click()
    expect(page.get_by_text(cast.employee.nip_formatted)).to_be_visible()


def test_the_menu_works_on_a_phone(phone, cast):
    log_in(phone, cast.admin.username)
    sidebar = phone.locator("#sidebar")
    expect(sidebar).to_be_hidden()  # off-canvas until asked for
    phone.get_by_role("button", name="Buka menu").click()
    phone.locator("#sidebar.show").wait_for()  # Bootstrap's off-canvas menu has slid in
    for name in ("Pegawai", "Jabatan", "Impor data", "Riwayat perubahan", "Templat SKP", "Wawasan & dasbor"):
        expect(sidebar.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(sidebar.get_by_role("link", name="Verifikasi kegiatan")).to_have_count(0)  # not the admin's work
    screenshot(phone, "menu-phone")
    sidebar.get_by_role("link", name="Pegawai", exact=True).click()
    expect(phone.get_by_role("heading", name="Pegawai")).to_be_visible()
    screenshot(phone, "employees-phone")
