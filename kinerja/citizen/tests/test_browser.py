"""Citizen voice on a phone: a citizen answers the survey of a unit and files a complaint, the unit
assigns it, the employee answers, the citizen follows it by code and rates it, and the employee's
bound indicator moves without any self-report."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from conftest import bound_skp, log_in, log_out, screenshot
from kinerja.citizen import rules, services
from kinerja.citizen.models import SurveyResponse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_survey_complaint_assignment_answer_and_the_bound_indicator(phone, cast, period):
    cache.clear()
    page = phone
    point = services.point_create(unit=cast.bidang, counter="Loket 1")
    skp = bound_skp(cast, period)

    # A citizen scans the poster's QR: the survey of the unit, no login.
    page.goto(reverse("citizen:survey", args=[point.token]))
    expect(page.get_by_text("Bidang P2P · Loket 1")).to_be_visible()
    for index, (_code, label) in enumerate(rules.ELEMENTS):
        page.locator("fieldset", has_text=label).get_by_label("4 · Sangat baik" if index % 2 else "3 · Baik").check()
    page.get_by_label("Usia").fill("41")
    page.get_by_label("Saran dan masukan").fill("Kursi ruang tunggu kurang.")
    screenshot(page, "citizen-survey-phone")
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_text("Terima kasih")).to_be_visible()
    assert SurveyResponse.objects.get().u2 == 4

    # The same citizen files a complaint and gets a tracking code.
    page.goto(reverse("citizen:public_index", args=[cast.instansi.code]))
    page.get_by_role("link", name="Sampaikan pengaduan").click()
    page.get_by_label("Unit layanan").select_option(label="Bidang P2P")
    page.get_by_label("Kategori pengaduan").select_option(label="Antrean dan waktu layanan")
    page.get_by_label("Perihal").fill("Antrean vaksinasi")
    page.get_by_label("Uraian pengaduan").fill("Sudah tiga jam menunggu tanpa nomor antrean.")
    page.get_by_role("button", name="Kirim pengaduan").click()
    code = page.locator("#tracking-code").inner_text()
    expect(page.locator("#complaint-status")).to_have_text("Diterima")
    screenshot(page, "citizen-complaint-phone")

    # The unit's admin assigns it; the employee answers and closes it.
    log_in(page, cast.admin.username)
    page.goto(reverse("citizen:dashboard"))
    page.get_by_role("link", name=code).click()
    page.get_by_label("Tugaskan kepada").select_option(label=cast.employee.display_name)
    page.get_by_role("button", name="Tugaskan").click()
    expect(page.locator("#complaint-status")).to_have_text("Ditangani petugas")
    log_out(page)
    log_in(page, cast.employee.nip)
    page.goto(reverse("citizen:dashboard"))
    page.get_by_role("link", name=code).click()
    page.get_by_label("Tanggapan untuk pelapor").fill("Nomor antrean kini dibagikan di pintu masuk.")
    page.get_by_label("Pengaduan selesai").check()
    page.get_by_role("button", name="Kirim tanggapan").click()
    expect(page.locator("#complaint-status")).to_have_text("Selesai")

    # The bound indicator moved by itself: 1 of 4 complaints handled.
    page.goto(reverse("activities:skp_progress", args=[skp.pk]))
    row = page.locator(".progress-row", has_text="Pengaduan yang diselesaikan")
    expect(row.locator(".realized")).to_have_text("1")
    # the year's bar (the quarter's bar beside it is named "Triwulan …: <indicator>")
    year_bar = row.get_by_role("progressbar", name="Pengaduan yang diselesaikan", exact=True)
    expect(year_bar).to_have_attribute("aria-valuenow", "25")
    log_out(page)

    # The citizen follows the complaint with the code and rates the resolution.
    page.goto(reverse("citizen:track"))
    page.get_by_label("Kode pelacakan").fill(code.lower())
    page.get_by_role("button", name="Lacak").click()
    expect(page.locator("#complaint-status")).to_have_text("Selesai")
    expect(page.get_by_text("Nomor antrean kini dibagikan di pintu masuk.")).to_be_visible()
    page.get_by_label("Nilai penyelesaian").select_option(value="4")
    page.get_by_role("button", name="Kirim nilai").click()
    expect(page.get_by_text("Anda menilai penyelesaiannya 4 dari 4")).to_be_visible()
    screenshot(page, "citizen-track-phone")


def test_a_citizen_files_with_a_photo_and_later_rates_the_resolution(phone, cast, settings, tmp_path):
    """Issue #16 on a phone: the citizen picks a category and the officer, attaches a photo from
    the phone (its GPS is gone once stored), a wrong file is refused with a clear message, the
    unit resolves it, and the citizen rates the resolution once, with the tracking code."""
    import io

    from PIL import Image

    from kinerja.citizen.models import Complaint

    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    page = phone
    services.point_create(unit=cast.bidang, counter="Loket 1")
    image = Image.new("RGB", (1200, 900), "#3c6e91")
    exif = Image.Exif()
    exif[0x8825] = {1: "S", 2: (0.0, 53.0, 0.0), 3: "E", 4: (131.0, 15.0, 0.0)}
    photo_path = tmp_path / "antrean.jpg"
    image.save(photo_path, format="JPEG", exif=exif.tobytes())
    fake_path = tmp_path / "bukan-foto.jpg"
    fake_path.write_bytes(b"MZ\x90\x00 this is a program, not a photo")

    page.goto(reverse("citizen:complaint_new", args=[cast.instansi.code]))
    page.get_by_label("Unit layanan").select_option(label="Bidang P2P")
    page.get_by_label("Kategori pengaduan").select_option(label="Sikap dan perilaku petugas")
    page.get_by_label("Perihal").fill("Petugas loket tidak menjelaskan syarat")
    page.get_by_label("Uraian pengaduan").fill("Saya bolak-balik tiga kali karena syaratnya tidak dijelaskan.")
    page.get_by_label("Petugas yang diadukan (opsional)").select_option(label=cast.employee.display_name)
    page.get_by_label("Foto atau dokumen (opsional)").set_input_files(str(fake_path))
    page.get_by_role("button", name="Kirim pengaduan").click()
    expect(page.get_by_text("Lampiran harus berupa foto (JPG, PNG, WebP) atau dokumen PDF.")).to_be_visible()
    assert not Complaint.objects.exists()

    # The form keeps what was typed; the citizen picks the real photo and sends again.
    expect(page.get_by_label("Perihal")).to_have_value("Petugas loket tidak menjelaskan syarat")
    page.get_by_label("Foto atau dokumen (opsional)").set_input_files(str(photo_path))
    screenshot(page, "citizen-complaint-photo-phone")
    page.get_by_role("button", name="Kirim pengaduan").click()
    code = page.locator("#tracking-code").inner_text()
    expect(page.get_by_text("Kategori: Sikap dan perilaku petugas")).to_be_visible()
    expect(page.get_by_text("Lampiran: antrean.jpg")).to_be_visible()
    complaint = Complaint.objects.get()
    with complaint.attachment.open("rb") as stored:
        assert not Image.open(io.BytesIO(stored.read())).getexif()  # no GPS, no camera data
    assert complaint.officer == cast.employee
    tracking_url = page.url
    expect(page.get_by_text("Setelah pengaduan selesai, Anda dapat menilai")).to_be_visible()

    # The unit resolves it (its head assigns someone else, who answers and closes it).
    services.complaint_assign(complaint=complaint, employee=cast.supervisor, by=cast.admin)
    services.complaint_respond(
        complaint=complaint, by=cast.atasan, text="Daftar syarat kini ditempel di loket.", resolve=True
    )

    # Later, the citizen opens the same link and rates the resolution: once.
    page.goto(tracking_url)
    expect(page.locator("#complaint-status")).to_have_text("Selesai")
    expect(page.get_by_text("Nilai 3 atau 4 berarti tepat")).to_be_visible()
    page.get_by_label("Nilai penyelesaian").select_option(value="3")
    page.get_by_label("Komentar (opsional)").fill("Sudah jelas sekarang.")
    page.get_by_role("button", name="Kirim nilai").click()
    expect(page.locator("#rating-given")).to_contain_text("3 dari 4")
    expect(page.get_by_role("button", name="Kirim nilai")).to_have_count(0)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, width
    screenshot(page, "citizen-complaint-rated-phone")
    assert Complaint.objects.get().rating == 3 and code

    # The officer named sees it on their page; the admin sees the photo and the rating.
    log_in(page, cast.employee.nip)
    page.goto(reverse("citizen:mine"))
    expect(page.get_by_role("link", name=code)).to_be_visible()
    screenshot(page, "citizen-mine-phone")
    log_out(page)
    log_in(page, cast.admin.username)
    page.goto(reverse("citizen:complaint_detail", args=[complaint.pk]))
    expect(page.get_by_role("img", name="Foto dari pelapor")).to_be_visible()
    expect(page.locator("#complaint-rating")).to_contain_text("tepat")
    screenshot(page, "citizen-complaint-detail-phone")
