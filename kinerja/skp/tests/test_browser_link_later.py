"""An employee planned before their supervisor: once the supervisor's SKP is approved, they link
the waiting RHK from their phone and the SKP stays approved."""

import pytest
from playwright.sync_api import expect

from conftest import approved_skp, log_in, screenshot
from kinerja.org.tests.factories import UserFactory
from kinerja.skp import services
from kinerja.skp.models import Rhk, Skp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_linking_a_waiting_rhk_on_a_phone(phone, cast, period):
    skp = services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    rhk = services.rhk_save(skp=skp, text="Sampel air diperiksa", kind="utama", awaiting_parent=True)
    services.indicator_save(
        rhk=rhk, text="Sampel", aspect="kuantitas", target="40", target_unit="sampel", direction="higher"
    )
    services.skp_submit(skp=skp, by=cast.pegawai)
    services.skp_approve(skp=skp, by=cast.atasan)
    approved_skp(cast.supervisor, period, cast.atasan, UserFactory(employee=cast.head), text="Kualitas air terjaga")
    log_in(phone, cast.employee.nip)
    phone.goto(f"/skp/{skp.pk}/")
    expect(phone.get_by_text("Menunggu RHK atasan")).to_be_visible()
    phone.get_by_label("Kaitkan dengan RHK atasan (SKP tetap disetujui)").select_option(label="Kualitas air terjaga")
    screenshot(phone, "skp-link-later-phone")
    phone.get_by_role("button", name="Kaitkan", exact=True).click()
    expect(phone.get_by_text("RHK dikaitkan dengan RHK atasan; SKP tetap disetujui.")).to_be_visible()
    expect(phone.get_by_text("Mengintervensi RHK atasan:")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert Rhk.objects.get(pk=rhk.pk).parent.text == "Kualitas air terjaga"
    assert Skp.objects.get(pk=skp.pk).status == "approved"
