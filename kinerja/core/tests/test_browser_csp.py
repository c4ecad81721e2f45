"""Pages under the enforced Content-Security-Policy: what the templates used to do with inline
handlers (filters that submit themselves, "select all", the language switch) still works, and
the browser reports no violation (each one is a console error) on the main pages, the public
pages and the API documentation."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import PASSWORD, approved_skp, log_in, screenshot
from kinerja.activities import services as activity_services
from kinerja.citizen import services as citizen_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_console(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_behaviour_moved_out_of_inline_handlers_works_under_the_policy(page, cast, period):
    errors = watch_console(page)
    skp = approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    indicator = skp.rhks.get().indicators.get()
    for text in ("Pelayanan KTP", "Rapat koordinasi"):
        activity_services.activity_create(
            employee=cast.employee,
            by=cast.pegawai,
            day=dt.date(2026, 11, 30),
            description=text,
            minutes=60,
            indicator=indicator,
            quantity=1,
        )

    log_in(page, cast.supervisor.nip)
    page.goto(reverse("activities:inbox"))
    # "Pilih semua" ticks every row (was onclick=).
    page.get_by_role("checkbox", name="Pilih semua").check()
    expect(page.locator("input.pick:checked")).to_have_count(2)
    # The status filter submits itself (was onchange=).
    page.locator("#f-status").select_option("verified")
    page.wait_for_url("**status=verified**")
    expect(page.get_by_text("Tidak ada kegiatan.")).to_be_visible()
    # The language switch in the menu submits itself (was onchange=).
    page.get_by_label("Bahasa").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator("select[name=language]").select_option("id")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.goto(reverse("appraisal:index"))
    screenshot(page, "csp-appraisal")
    assert errors == []


def test_public_pages_and_the_api_docs_load_without_a_violation(page, cast):
    errors = watch_console(page)
    point = citizen_services.point_create(unit=cast.bidang, counter="Loket 1")
    page.goto(reverse("citizen:survey", args=[point.token]))
    # The inline stylesheet applied (by its nonce): the header is the dark blue band.
    assert page.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor") == "rgb(11, 61, 110)"
    page.goto(reverse("citizen:track"))
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"

    log_in(page, cast.admin.username)
    page.goto("/api/v1/docs")
    expect(page.locator("#swagger-ui .title").first).to_contain_text("Kinerja API", timeout=30_000)  # a 1.5 MB bundle
    assert errors == []


def test_the_django_admin_works_under_the_policy(page, superadmin):
    errors = watch_console(page)
    page.goto("/django-admin/login/")
    page.locator("#id_username").fill("superadmin")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.goto("/django-admin/accounts/user/")
    expect(page.locator("#result_list")).to_be_visible()
    page.locator("#action-toggle").check()  # the admin's own script ticks every row
    expect(page.locator("input.action-select:checked")).to_have_count(1)
    assert errors == []
