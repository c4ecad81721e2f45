"""Recognition in a browser: the admin reads the ranking and why, nominates the first, the
committee awards it, the certificate downloads, and a citizen checks it on a phone."""

import pytest
from playwright.sync_api import expect

from conftest import approved_skp, log_in, screenshot
from kinerja.appraisal import services as appraisal_services
from kinerja.appraisal.models import Evaluation
from kinerja.recognition.models import Award

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CUT = "2026-Q4"


def test_rank_nominate_award_certificate_and_verify(page, phone, cast, period):
    approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    appraisal_services.evaluations_compute(instansi=cast.instansi, period=period, cut_key=CUT)
    Evaluation.objects.filter(employee=cast.employee).update(
        status="final", predikat="sangat_baik", achievement_pct=118
    )

    log_in(page, cast.admin.username)
    page.goto("/penghargaan/")
    row = page.locator("#ranking tbody tr").first
    expect(row).to_contain_text("Staf Bidang")
    expect(row).to_contain_text("Urutan terakhir")
    row.get_by_label("Alasan usulan").fill("Capaian imunisasi 118%")
    row.get_by_role("button", name="Usulkan").click()
    expect(page.locator("#awards")).to_contain_text("Diusulkan")
    page.get_by_label("Pertimbangan tim penilai").first.fill("Peringkat pertama, tanpa hukuman disiplin")
    page.get_by_role("button", name="Tetapkan", exact=True).click()
    expect(page.locator("#awards")).to_contain_text("Ditetapkan")
    screenshot(page, "recognition-awards")
    with page.expect_download(timeout=90_000) as download:
        page.get_by_role("link", name="Unduh sertifikat (PDF)").click(timeout=90_000)
    assert download.value.suggested_filename.startswith("sertifikat-")

    award = Award.objects.get()
    phone.goto(f"/penghargaan/verifikasi/{award.code}/")
    expect(phone.locator("#verify-result")).to_contain_text("Sah.")
    phone.goto("/penghargaan/verifikasi/bukan-kode-asli/")
    expect(phone.locator("#verify-result")).to_contain_text("Tidak sah.")
    screenshot(phone, "recognition-verify-phone")
