"""A supervisor on a phone sees the unread badge when an SKP is submitted, opens it from the
list (which marks it read), then turns e-mail off for comments."""

import pytest
from playwright.sync_api import expect

from conftest import log_in, screenshot
from kinerja.notifications.models import Preference
from kinerja.skp import services as skp_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone390(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def open_menu(page):
    page.get_by_role("button", name="Buka menu").click()
    page.locator("#sidebar.show").wait_for()


def test_a_submitted_skp_reaches_the_supervisor_on_a_phone(phone390, cast, period):
    skp = skp_services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    rhk = skp_services.rhk_save(skp=skp, text="Layanan imunisasi", kind="utama", own_initiative=True)
    skp_services.indicator_save(
        rhk=rhk, text="Jumlah balita", aspect="kuantitas", target="100", target_unit="anak", direction="higher"
    )
    skp_services.skp_submit(skp=skp, by=cast.pegawai)
    page = phone390

    log_in(page, cast.supervisor.nip)
    expect(page.get_by_role("button", name="Buka menu")).to_contain_text("1")  # the unread badge
    open_menu(page)
    link = page.locator("#sidebar").get_by_role("link", name="Notifikasi")
    expect(link).to_have_text("Notifikasi 1 menunggu")
    link.click()
    expect(page.get_by_text("menunggu persetujuan Anda")).to_be_visible()
    screenshot(page, "notifications-list-phone")
    page.get_by_role("button", name="Buka", exact=True).click()
    page.wait_for_url(f"**/skp/{skp.pk}/")
    open_menu(page)
    expect(page.locator("#sidebar").get_by_role("link", name="Notifikasi")).to_have_text("Notifikasi")  # no badge
    page.get_by_role("button", name="Tutup").click()

    page.goto("/notifikasi/")
    page.get_by_role("link", name="Atur notifikasi").click()
    page.get_by_label("Komentar baru: surel").uncheck()
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Pilihan notifikasi disimpan.")).to_be_visible()
    expect(page.get_by_label("Komentar baru: surel")).not_to_be_checked()
    screenshot(page, "notifications-preferences-phone")
    assert list(Preference.objects.values_list("kind", "in_app", "email")) == [("comment", True, False)]
