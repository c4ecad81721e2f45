"""The appraisal index's unit hierarchy as the admin uses it, on a desktop and on a phone:
open a dinas, search a seksi, filter the units still being rated; no horizontal scroll."""

import pytest
from playwright.sync_api import expect

from conftest import approved_skp, log_in, screenshot
from kinerja.appraisal import services
from kinerja.org.tests.factories import UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CUT = "2026-Q4"


@pytest.fixture
def story(cast, period):
    UnitFactory(instansi=cast.instansi, parent=cast.bidang, code="SEKSI-IMUN", name="Seksi Imunisasi Dasar")
    for i in range(14):
        UnitFactory(instansi=cast.instansi, parent=cast.other_opd, code=f"SD-{i}", name=f"SD Negeri {i + 1} Muara Tebo")
    approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    services.evaluations_compute(instansi=cast.instansi, period=period, cut_key=CUT)
    return period


def walk(page, cast, period, name):
    log_in(page, cast.admin.username)
    page.goto(f"/penilaian/?period={period.pk}&cut={CUT}")
    board = page.locator("#unit-board")
    # Collapsed at first: the dinas are listed, their units are not shown yet.
    expect(board.get_by_role("link", name="Dinas Kesehatan")).to_be_visible()
    expect(board.get_by_role("link", name="Bidang P2P")).to_be_hidden()
    board.locator("summary", has_text="Unit di bawah Dinas Kesehatan").click()
    expect(board.get_by_role("link", name="Bidang P2P")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    screenshot(page, f"{name}-tree")

    page.get_by_label("Nama unit").fill("imunisasi")
    page.get_by_role("button", name="Cari").click()
    expect(board.get_by_role("link", name="Seksi Imunisasi Dasar")).to_be_visible()
    expect(board.get_by_role("link", name="SD Negeri 1 Muara Tebo")).to_have_count(0)

    page.goto(f"/penilaian/?period={period.pk}&cut={CUT}")
    page.get_by_label("Tampilkan").select_option(label="Ada evaluasi yang masih dinilai")
    expect(board.get_by_text("1 masih dinilai").first).to_be_visible()
    expect(board.get_by_role("link", name="Dinas Pendidikan")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    screenshot(page, f"{name}-filtered")


def test_the_admin_finds_a_unit_on_a_desktop(page, cast, story):
    walk(page, cast, story, "appraisal-index")


def test_the_admin_finds_a_unit_on_a_phone(phone, cast, story):
    walk(phone, cast, story, "appraisal-index-phone")


def test_the_admin_downloads_the_filtered_employee_list(page, cast):
    log_in(page, cast.admin.username)
    page.goto("/organisasi/pegawai/?status=pns")
    with page.expect_download() as download:
        page.locator("#employee-export").get_by_role("link", name="Unduh Excel").click()
    assert download.value.suggested_filename.startswith("pegawai-tebo-")
    assert download.value.suggested_filename.endswith(".xlsx")
    screenshot(page, "employee-list-export")
