"""The offline log on a phone (docs/offline.md): with the network cut the page still opens (the
service worker keeps it), entries and a photo wait on the phone, and once the network is back
every entry arrives exactly once; the server's refusals and conflicts are shown to fix."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from conftest import approved_skp, log_in, screenshot
from kinerja.activities import services
from kinerja.activities.models import Activity, Evidence
from kinerja.skp.models import Period

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def photo(path, size=(2400, 1800)):
    """A camera-sized photo: the phone makes it at most 1,600 px before keeping it."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 120, 200)).save(buffer, "JPEG", quality=95)
    path.write_bytes(buffer.getvalue())
    return str(path)


def open_offline_log(page):
    """Opens the log and waits until its service worker controls the page (it keeps the page)."""
    page.goto("/kegiatan/luring/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def add(page, *, description, start=None, end=None, minutes=None, indicator=False, quantity=None, photo=None):
    form = page.locator("#offline-form")
    if start:
        form.get_by_label("Mulai").fill(start)
        form.get_by_label("Selesai").fill(end)
    if minutes:
        form.get_by_label("atau durasi (menit)").fill(str(minutes))
    form.get_by_label("Uraian kegiatan").fill(description)
    if indicator:
        form.get_by_label("Untuk indikator").select_option(index=1)
        form.get_by_label("Jumlah keluaran").fill(quantity)
    if photo:
        form.get_by_label("Foto bukti (opsional)").set_input_files(photo)
        expect(page.locator("#of-photo-preview")).to_be_visible()  # resized and previewed on the phone
    form.get_by_role("button", name="Simpan di ponsel").click()
    expect(form.get_by_label("Uraian kegiatan")).to_have_value("")


def test_entries_made_offline_arrive_exactly_once_when_the_network_returns(phone, cast, period, tmp_path):
    approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    page = phone
    errors = []  # a CSP violation is a console error
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, cast.employee.nip)
    open_offline_log(page)

    page.context.set_offline(True)
    response = page.reload()
    assert response.from_service_worker  # the page itself came from the phone, not the network
    expect(page.locator("#net-status")).to_have_text("Luring: catatan disimpan di ponsel")
    # Another page asked for offline answers with the log, and says so.
    page.goto("/skp/")
    expect(page.get_by_role("heading", name="Catatan luring")).to_be_visible()
    expect(page.locator("#sync-notice")).to_contain_text("tidak tersedia tanpa sambungan")
    add(
        page,
        description="Pemeriksaan jentik RW 03",
        start="08:00",
        end="09:30",
        indicator=True,
        quantity="12",
        photo=photo(tmp_path / "jentik.jpg"),
    )
    add(page, description="Penyuluhan PSN di posyandu", minutes=60)
    expect(page.locator('#outbox-summary [data-count="pending"]')).to_have_text("2")
    expect(page.locator("#list-pending .photo-thumb")).to_have_count(1)
    assert Activity.objects.count() == 0
    screenshot(page, "offline-log-waiting-phone")

    page.context.set_offline(False)  # the 'online' event sends what waits
    expect(page.locator('#outbox-summary [data-count="sent"]')).to_have_text("2")
    expect(page.locator('#outbox-summary [data-count="pending"]')).to_have_text("0")
    expect(page.locator("#net-status")).to_have_text("Tersambung")
    screenshot(page, "offline-log-sent-phone")
    rows = sorted(Activity.objects.values_list("description", "minutes", "quantity"))
    assert [(d, m, int(q)) for d, m, q in rows] == [
        ("Pemeriksaan jentik RW 03", 90, 12),
        ("Penyuluhan PSN di posyandu", 60, 0),
    ]
    evidence = Evidence.objects.get()
    assert evidence.activity.description == "Pemeriksaan jentik RW 03" and evidence.content_type == "image/jpeg"
    with evidence.file.open("rb") as stored:
        assert max(Image.open(stored).size) == 1600  # resized on the phone

    # Everything sent again (as after an answer lost on a weak link): still one entry each.
    page.evaluate(
        """async () => {
        const db = await idb.openDB("kinerja-offline", 1);
        for (const record of await db.getAll("outbox")) { record.state = "pending"; await db.put("outbox", record); }
    }"""
    )
    page.get_by_role("button", name="Kirim sekarang").click()
    expect(page.locator('#outbox-summary [data-count="sent"]')).to_have_text("2")
    assert Activity.objects.count() == 2 and Evidence.objects.count() == 1
    assert errors == []


def test_a_refused_entry_is_shown_with_the_reason_fixed_and_sent_again(phone, cast, period, tmp_path):
    page = phone
    log_in(page, cast.employee.nip)
    open_offline_log(page)
    not_an_image = tmp_path / "foto.jpg"
    not_an_image.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    page.context.set_offline(True)
    add(page, description="Rekap kunjungan lapangan", minutes=45)
    page.locator("#offline-form").get_by_label("Foto bukti (opsional)").set_input_files(str(not_an_image))
    add(page, description="Foto kegiatan yang salah berkas", minutes=30)
    # Meanwhile the admin closes the year: the first entry is refused when it arrives.
    Period.objects.filter(pk=period.pk).update(is_closed=True)
    page.context.set_offline(False)

    refused = page.locator("#list-refused .outbox-item")
    expect(refused).to_have_count(2)
    expect(refused.filter(has_text="Rekap kunjungan")).to_contain_text("sudah ditutup")
    expect(refused.filter(has_text="Foto kegiatan")).to_contain_text("bukan gambar")
    screenshot(page, "offline-log-refused-phone")
    assert Activity.objects.count() == 0

    # The year opens again; the person fixes both and they are sent.
    Period.objects.filter(pk=period.pk).update(is_closed=False)
    refused.filter(has_text="Foto kegiatan").get_by_role("button", name="Hapus foto").click()
    expect(refused.filter(has_text="Foto kegiatan").locator(".photo-thumb")).to_have_count(0)
    refused.filter(has_text="Rekap kunjungan").get_by_role("button", name="Perbaiki").click()
    page.locator("#offline-form").get_by_label("Uraian kegiatan").fill("Rekap kunjungan lapangan (diperbaiki)")
    page.locator("#offline-form").get_by_role("button", name="Simpan di ponsel").click()
    expect(page.locator('#outbox-summary [data-count="sent"]')).to_have_text("1")
    refused.filter(has_text="Foto kegiatan").get_by_role("button", name="Kirim ulang").click()
    expect(page.locator('#outbox-summary [data-count="sent"]')).to_have_text("2")
    expect(page.locator('#outbox-summary [data-count="refused"]')).to_have_text("0")
    assert sorted(Activity.objects.values_list("description", flat=True)) == [
        "Foto kegiatan yang salah berkas",
        "Rekap kunjungan lapangan (diperbaiki)",
    ]


def test_an_entry_changed_on_two_devices_is_resolved_visibly(phone, cast, period):
    activity = services.activity_create(
        employee=cast.employee,
        by=cast.pegawai,
        day=period.closes_on.replace(month=11, day=20),
        description="Rapat koordinasi",
        minutes=60,
    )
    page = phone
    log_in(page, cast.employee.nip)
    open_offline_log(page)
    page.context.set_offline(True)
    page.locator("#list-recent .outbox-item", has_text="Rapat koordinasi").get_by_role("button", name="Ubah").click()
    page.locator("#offline-form").get_by_label("Uraian kegiatan").fill("Rapat koordinasi lintas sektor (ponsel)")
    page.locator("#offline-form").get_by_role("button", name="Simpan di ponsel").click()
    # The same entry corrected on the office computer while the phone had no signal.
    services.activity_update(activity=activity, by=cast.pegawai, expected_version=1, description="Rapat (laptop)")
    page.context.set_offline(False)

    conflict = page.locator("#list-conflict .outbox-item")
    expect(conflict).to_have_count(1)
    expect(conflict).to_contain_text("Rapat koordinasi lintas sektor (ponsel)")
    expect(conflict).to_contain_text("Rapat (laptop)")
    screenshot(page, "offline-log-conflict-phone")
    assert Activity.objects.get().description == "Rapat (laptop)"  # nothing overwritten silently
    conflict.get_by_role("button", name="Pakai versi saya").click()
    expect(page.locator('#outbox-summary [data-count="sent"]')).to_have_text("1")
    stored = Activity.objects.get()
    assert stored.description == "Rapat koordinasi lintas sektor (ponsel)" and stored.version == 3
