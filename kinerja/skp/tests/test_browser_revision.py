"""An employee revises an approved SKP on a phone: picks the category, writes the reason, and
lands on the new draft that says why it exists."""

import pytest
from playwright.sync_api import expect

from conftest import approved_skp, log_in, screenshot
from kinerja.skp.models import Skp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_mid_year_revision_on_a_phone(browser, live_server, cast, period):
    skp = approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        log_in(page, cast.employee.nip)
        page.goto(f"/skp/{skp.pk}/")
        page.get_by_role("link", name="Ajukan revisi (perubahan di tengah tahun)").click()
        page.get_by_role("button", name="Buat revisi").click()  # nothing chosen yet
        expect(page.locator(".invalid-feedback, .errorlist, .text-danger").first).to_be_visible()
        page.get_by_label("Kategori alasan").select_option(label="Reorganisasi")
        page.get_by_label("Alasan revisi").fill("Bidang P2P digabung dengan Bidang Kesehatan Masyarakat.")
        screenshot(page, "skp-revise-phone")
        page.get_by_role("button", name="Buat revisi").click()
        expect(page.get_by_text("Revisi 2 dibuat sebagai draf.")).to_be_visible()
        expect(page.get_by_text("Reorganisasi", exact=True)).to_be_visible()
        new = Skp.objects.get(revision=2)
        assert (new.revision_category, new.previous_id) == ("reorganisation", skp.pk)
        page.wait_for_url(f"**/skp/{new.pk}/")
    finally:
        context.close()
