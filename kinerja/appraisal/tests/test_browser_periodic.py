"""A quarter measured against its periodic target (issue 12): the employee plans the quarters with
the SKP, works on track, and the quarter's evaluation suggests Sesuai Ekspektasi, not the
"Capaian 6%" of one quarter's work against the whole year."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from conftest import log_in, log_out, screenshot
from kinerja.activities import services as activities
from kinerja.appraisal import services
from kinerja.skp import services as skp_services
from kinerja.skp.models import Indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_quarter_on_track_is_suggested_sesuai(page, browser, live_server, cast, period):
    skp = skp_services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    rhk = skp_services.rhk_save(skp=skp, text="Tertibnya persuratan bidang", kind="utama", own_initiative=True)
    indicator = skp_services.indicator_save(
        rhk=rhk,
        text="Surat keluar diagendakan",
        aspect="kuantitas",
        target="120",
        target_unit="surat",
        direction="higher",
    )

    # The employee plans the quarters with the SKP: a slow first quarter, the rest even.
    log_in(page, cast.employee.nip)
    page.goto(f"/skp/{skp.pk}/")
    expect(page.get_by_label("TW IV")).to_have_value("30")  # 120 a year, split evenly
    page.get_by_label("TW I", exact=True).fill("20")
    page.get_by_label("TW II", exact=True).fill("40")
    page.get_by_role("button", name="Simpan target periodik").click()
    expect(page.get_by_text("Target periodik disimpan.")).to_be_visible()
    expect(page.get_by_label("TW II", exact=True)).to_have_value("40")
    screenshot(page, "skp-periodic-targets")
    page.get_by_label("TW III").fill("99")  # no longer adds up to the year: refused, nothing changes
    page.get_by_role("button", name="Simpan target periodik").click()
    expect(page.get_by_text("harus sama dengan target tahunan")).to_be_visible()
    expect(page.get_by_label("TW III")).to_have_value("30")
    page.get_by_role("button", name="Ajukan ke pejabat penilai").click()
    expect(page.locator("#skp-status")).to_have_text("Diajukan")
    log_out(page)
    skp_services.skp_approve(skp=skp, by=cast.atasan)
    indicator = Indicator.objects.get(pk=indicator.pk)  # as approved, not the draft in memory

    # On track in the fourth quarter: 28 of the quarter's 30 letters, verified.
    for day, quantity in ((dt.date(2026, 10, 6), 15), (dt.date(2026, 11, 10), 13)):
        entry = activities.activity_create(
            employee=cast.employee,
            by=cast.pegawai,
            day=day,
            description="Agenda surat",
            minutes=90,
            indicator=indicator,
            quantity=quantity,
        )
        activities.activity_verify(activity=entry, by=cast.atasan)
    services.evaluations_compute(instansi=cast.instansi, period=period, cut_key="2026-Q4")

    # The pejabat penilai sees the quarter measured against its own target.
    log_in(page, cast.supervisor.nip)
    page.get_by_role("link", name="Evaluasi kinerja").first.click()
    page.get_by_label("Periode penilaian").select_option(label="Triwulan IV 2026")
    page.get_by_role("button", name="Tampilkan").click()
    page.get_by_role("link", name="Bidang P2P").click()
    row = page.locator("tr", has_text="Staf Bidang")
    expect(row.locator(".suggested")).to_have_text("Sesuai Ekspektasi")
    row.get_by_role("link", name="Staf Bidang").click()
    results = page.locator("#h-results").locator("..")
    expect(results).to_contain_text("30 surat")  # the quarter's target
    expect(results).to_contain_text("setahun 120")
    expect(results).to_contain_text("93%")
    expect(page.locator(".suggested")).to_have_text("Sesuai Ekspektasi")
    screenshot(page, "appraisal-periodic-target")
    log_out(page)

    # On a phone, the employee's daily log shows the quarter beside the year.
    phone = browser.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": 390, "height": 844})
    mobile = phone.new_page()
    log_in(mobile, cast.employee.nip)
    mobile.goto("/kegiatan/")
    quarter = mobile.locator(".cut-progress").first
    expect(quarter).to_contain_text("Triwulan IV 2026")
    expect(quarter.locator(".cut-realized")).to_have_text("28")
    expect(quarter.locator(".cut-target")).to_have_text("30")
    expect(quarter.locator(".cut-pct")).to_have_text("93%")
    screenshot(mobile, "activities-progress-quarter-phone")
    phone.close()
