"""Salaries in bulk in a browser: the admin goes from the TPP settings to the salary import,
uploads a file with a mistake, reads the row error, uploads the corrected file and applies it;
then, on a phone, opens the applied import from the list."""

import pytest
from playwright.sync_api import expect

from conftest import log_in, screenshot
from kinerja.tpp.models import Salary

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _file(rows) -> dict:
    text = "NIP,NAMA,GAJI\n" + "".join(f"{nip},x,{amount}\n" for nip, amount in rows)
    return {"name": "gaji-2026.csv", "mimeType": "text/csv", "buffer": text.encode()}


def test_salaries_from_a_file(page, phone, cast):
    log_in(page, cast.admin.username)
    page.goto("/tpp/pengaturan/")
    page.get_by_role("link", name="impor gaji dari file .xlsx / .csv").click()
    page.get_by_label("File gaji").set_input_files(_file([(cast.employee.nip, "5.250.000"), (cast.head.nip, "-1")]))
    page.get_by_role("button", name="Unggah dan pratinjau").click()
    expect(page.locator("#import-status")).to_have_text("Tidak valid")
    expect(page.locator("#import-errors")).to_contain_text("Gaji tidak boleh negatif.")
    assert not Salary.objects.exists()
    page.get_by_role("link", name="Unggah ulang").click()
    page.get_by_label("File gaji").set_input_files(
        _file([(cast.employee.nip, "5.250.000"), (cast.head.nip, "12.000.000")])
    )
    page.get_by_role("button", name="Unggah dan pratinjau").click()
    expect(page.locator("#import-status")).to_have_text("Pratinjau")
    expect(page.locator("#import-counts")).to_contain_text("gaji baru")
    screenshot(page, "tpp-salary-import-preview")
    page.get_by_role("button", name="Terapkan impor").click()
    expect(page.locator("#import-status")).to_have_text("Diterapkan")
    assert dict(Salary.objects.values_list("employee_id", "amount")) == {
        cast.employee.pk: 5_250_000,
        cast.head.pk: 12_000_000,
    }

    log_in(phone, cast.admin.username)
    phone.goto("/tpp/pengaturan/gaji/impor/")
    phone.get_by_role("link", name="gaji-2026.csv").first.click()
    expect(phone.locator("#import-status")).to_have_text("Diterapkan")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    screenshot(phone, "tpp-salary-import-phone")
