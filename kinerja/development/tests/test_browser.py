"""One employee through the development loop in a browser: a Butuh Perbaikan predikat, the
supervisor's coaching plan and session, a course proposed, approved, completed with a
certificate and verified, then the next period's evaluation re-measures the plan."""

import pytest
from playwright.sync_api import expect

from conftest import log_in, log_out, screenshot
from kinerja.development import services_training
from kinerja.development.models import CoachingPlan, Enrolment

from .helpers import final_evaluation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_from_butuh_perbaikan_through_coaching_and_a_course_to_the_next_evaluation(page, cast, period, media):
    final_evaluation(cast, period, "2026-Q3", "butuh_perbaikan")
    services_training.course_save(
        instansi=cast.instansi, by=cast.admin, title="Analisis Data Layanan", area="teknis", jp=16, provider="BPSDM"
    )

    # The supervisor finds the predikat on the to-do list and writes the coaching plan.
    log_in(page, cast.supervisor.nip)
    page.locator("#sidebar").get_by_role("link", name="Pengembangan kompetensi").click()
    expect(page.locator("#todo")).to_contain_text("Staf Bidang")
    page.get_by_role("link", name="Buat rencana bimbingan").click()
    page.get_by_label("Penyebab").fill("Target layanan tidak tercapai karena jadwal lapangan bentrok.")
    page.get_by_label("Tindakan yang disepakati").fill("Pendampingan mingguan dan pelatihan analisis data.")
    page.get_by_label("Target baru atau yang disesuaikan").fill("40 layanan per triwulan.")
    page.get_by_label("Batas waktu").fill("2026-12-31")
    page.get_by_role("button", name="Simpan rencana bimbingan").click()
    expect(page.get_by_text("Rencana bimbingan kinerja dibuat.")).to_be_visible()
    page.get_by_label("Catatan sesi").fill("Meninjau jadwal kunjungan lapangan.")
    page.get_by_label("Yang disepakati").fill("Dua kunjungan per minggu dicatat di aplikasi.")
    page.get_by_role("button", name="Simpan sesi").click()
    expect(page.get_by_text("belum diterima pegawai")).to_be_visible()
    log_out(page)

    # The employee acknowledges the session and proposes the course.
    log_in(page, cast.employee.nip)
    page.locator("#sidebar").get_by_role("link", name="Pengembangan kompetensi").click()
    page.locator("#h-coach").locator("..").get_by_role("link").first.click()
    page.get_by_role("button", name="Saya menerima catatan sesi ini").click()
    expect(page.get_by_text("Anda menyatakan menerima catatan sesi.")).to_be_visible()
    page.locator("#sidebar").get_by_role("link", name="Pengembangan kompetensi").click()
    page.get_by_role("link", name="Usulkan pelatihan").click()
    page.get_by_label("Pelatihan").select_option(label="Analisis Data Layanan · 16 JP")
    page.get_by_label("Alasan/kebutuhan").fill("Indikator layanan di bawah target.")
    page.get_by_role("button", name="Kirim usulan").click()
    expect(page.locator("#status")).to_have_text("Diusulkan")
    log_out(page)

    # The admin approves it.
    log_in(page, cast.admin.username)
    page.goto("/pengembangan/persetujuan/")
    page.get_by_role("button", name="Setujui").click()
    expect(page.get_by_text("Usulan disetujui.")).to_be_visible()
    log_out(page)

    # The employee reports completion with a certificate; more hours than the course is refused.
    log_in(page, cast.employee.nip)
    page.goto(f"/pengembangan/pelatihan/{Enrolment.objects.get().pk}/")
    page.get_by_label("Tanggal mulai").fill("2026-10-05")
    page.get_by_label("Tanggal selesai").fill("2026-10-07")
    page.get_by_label("JP diperoleh").fill("24")
    page.get_by_label("Sertifikat (PDF, gambar, atau dokumen)").set_input_files(
        {"name": "sertifikat.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Laporkan selesai").click()
    expect(page.get_by_text("Jumlah JP melebihi JP pelatihan (16 JP).")).to_be_visible()
    page.get_by_label("JP diperoleh").fill("16")
    page.get_by_label("Sertifikat (PDF, gambar, atau dokumen)").set_input_files(
        {"name": "sertifikat.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Laporkan selesai").click()
    expect(page.locator("#status")).to_have_text("Selesai, menunggu verifikasi")
    log_out(page)

    # The admin verifies; the next quarter's evaluation is finalised; the admin refreshes.
    log_in(page, cast.admin.username)
    page.goto(f"/pengembangan/pelatihan/{Enrolment.objects.get().pk}/")
    page.get_by_role("button", name="Verifikasi").click()
    expect(page.locator("#status")).to_have_text("Terverifikasi")
    final_evaluation(cast, period, "2026-Q4", "baik")
    page.locator("#sidebar").get_by_role("link", name="Pengembangan kompetensi").click()
    page.get_by_role("button", name="Perbarui dari evaluasi terbaru").click()
    expect(page.get_by_text("1 rencana bimbingan diukur ulang")).to_be_visible()
    log_out(page)

    # The employee sees 16 JP and the plan measured as improved by the Q4 evaluation.
    log_in(page, cast.employee.nip)
    page.locator("#sidebar").get_by_role("link", name="Pengembangan kompetensi").click()
    expect(page.locator("#my-jp")).to_have_text("16")
    expect(page.locator("#h-coach").locator("..")).to_contain_text("Membaik")
    screenshot(page, "development-home-employee")
    page.locator("#h-coach").locator("..").get_by_role("link").first.click()
    expect(page.locator("#outcome")).to_contain_text("Membaik")
    screenshot(page, "development-coaching")
    plan = CoachingPlan.objects.get()
    assert (plan.outcome, plan.next_evaluation.cut_key) == ("improved", "2026-Q4")
    assert plan.sessions.get().acknowledged_at is not None


def test_the_employee_page_on_a_phone(browser, live_server, cast, period, media):
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    final_evaluation(cast, period, "2026-Q3", "butuh_perbaikan")
    log_in(phone, cast.supervisor.nip)
    phone.goto("/pengembangan/")
    expect(phone.locator("#todo")).to_contain_text("Staf Bidang")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    screenshot(phone, "development-home-phone")
    phone.goto(f"/pengembangan/idp/{cast.employee.pk}/?year=2026")
    expect(phone.get_by_text("Indikator di bawah target")).to_be_visible()
    screenshot(phone, "development-idp-phone")
    context.close()
