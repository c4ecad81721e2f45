"""The dashboards and the calibration meeting in a browser, as their users click through them:
the Sekda drills down from the instansi to one person's evidence; BKPSDM, on a phone, computes
the fairness review, opens a calibration meeting, changes a rating with its reason and downloads
the minutes."""

import re

import pytest
from playwright.sync_api import expect

from conftest import log_in, screenshot
from kinerja.appraisal.models import Evaluation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _charts_drawn(page) -> int:
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('canvas[data-chart]')).filter(c => Chart.getChart(c)).length"
    )


def test_the_sekda_drills_down_from_the_instansi_to_the_evidence(page, cast, story):
    log_in(page, cast.pimpinan.username)
    page.goto("/wawasan/")  # the menu groups it (navigation is another page's test)
    page.get_by_label("Periode penilaian").select_option(label="Triwulan IV 2026")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.get_by_role("heading", name="Capaian IKU terhadap target (%)")).to_be_visible()
    assert _charts_drawn(page) >= 4
    with page.expect_download() as download:
        page.locator('[data-png-for="chart-iku"]').click()
    assert download.value.suggested_filename == "iku.png"
    screenshot(page, "insight-dashboard")
    figure = page.locator("section", has=page.get_by_role("heading", name="Capaian rata-rata per unit (%)"))
    figure.get_by_text("Tabel data").click()
    figure.get_by_role("link", name="Dinas Kesehatan").click()
    expect(page.get_by_role("heading", name="Dinas Kesehatan", level=1)).to_be_visible()
    page.locator("section", has=page.get_by_role("heading", name="Capaian rata-rata per unit (%)")).get_by_text(
        "Tabel data"
    ).click()
    page.get_by_role("link", name="Bidang P2P").first.click()
    expect(page.get_by_role("heading", name="Bidang P2P", level=1)).to_be_visible()
    waiting = page.locator("section", has=page.get_by_role("heading", name="Pekerjaan yang menunggu verifikasi"))
    expect(waiting).to_contain_text("Kepala Bidang")
    page.get_by_role("link", name="Staf Bidang").click()
    expect(page.get_by_role("heading", name="Staf Bidang", level=1)).to_be_visible()
    page.get_by_role("link", name="Capaian dan bukti per indikator").click()
    expect(page).to_have_url(re.compile(f"/kegiatan/capaian/{story['skp'].pk}/$"))


def test_a_calibration_meeting_on_a_phone(phone, cast, story, settings):
    settings.INSIGHT_FAIRNESS = {"min_rated": 1, "leniency_gap": 1, "leniency_share": 0.5}
    page = phone
    log_in(page, cast.admin.username)
    page.goto("/wawasan/keadilan/?cut=2026-Q4")
    page.get_by_role("button", name="Hitung ulang keadilan penilai").click()
    expect(page.locator("table")).to_contain_text("Memberi 1 dari 1 pegawai Di Atas Ekspektasi")
    page.get_by_role("link", name="Rapat kalibrasi").click()
    page.get_by_label("Unit").select_option(label="Dinas Kesehatan")
    page.get_by_role("button", name="Buka rapat kalibrasi").click()
    expect(page.get_by_role("heading", name="Rapat kalibrasi · Dinas Kesehatan")).to_be_visible()
    case = page.locator(f"#kasus-{story['evaluation'].pk}")
    expect(case).to_contain_text("ditandai")
    case.get_by_text("Putuskan").click()
    case.get_by_label("Keputusan").select_option(label="Diubah")
    case.get_by_label("Rating hasil kerja baru").select_option(label="Sesuai Ekspektasi")
    case.get_by_label("Alasan").fill("Bukti 40 dari target 100; kedekatan bukan alasan.")
    case.get_by_role("button", name="Catat keputusan").click()
    expect(page.get_by_role("alert")).to_contain_text("Keputusan untuk Staf Bidang dicatat")
    page.get_by_label("Peserta rapat").fill("Sekda, Kepala BKPSDM, Kepala Dinas Kesehatan")
    page.get_by_role("button", name="Selesaikan rapat").click()
    expect(page.get_by_role("alert")).to_contain_text("Rapat kalibrasi selesai")
    screenshot(page, "insight-calibration-phone")
    with page.expect_download() as download:
        page.get_by_role("link", name="Notulen (PDF)").click()
    assert open(download.value.path(), "rb").read(4) == b"%PDF"
    evaluation = Evaluation.objects.get(pk=story["evaluation"].pk)
    assert evaluation.results_rating == "sesuai" and evaluation.predikat == "baik"
