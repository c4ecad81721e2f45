"""The queue in a browser: a citizen takes a number at the kiosk, the officer calls it at the
counter, the waiting-room display shows it (polling, with a chime), the officer serves it, and
the citizen answers the survey of that visit from the ticket's QR link on a phone; a second
answer is refused. A number is also taken on a phone at 360 px."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from conftest import log_in, screenshot
from kinerja.citizen import rules as citizen_rules
from kinerja.frontdesk import services
from kinerja.frontdesk.models import Ticket, TicketSurvey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_all_day(cast):
    """A queue open around the clock, so the test runs at any hour."""
    unit = cast.opd
    ktp = services.service_save(
        unit=unit,
        name="KTP-el",
        code="A",
        opens_at=dt.time(0),
        closes_at=dt.time(23, 59, 59),
        weekdays="0123456",
        target_days=3,
    )
    akta = services.service_save(
        unit=unit,
        name="Akta kelahiran",
        code="B",
        opens_at=dt.time(0),
        closes_at=dt.time(23, 59, 59),
        weekdays="0123456",
    )
    counter = services.counter_save(unit=unit, name="Loket 1", services=[ktp, akta])
    services.shift_set(counter=counter, employees=[cast.employee], day=services.today_of(cast.instansi))
    return unit, counter


def test_kiosk_counter_display_and_the_survey_of_the_visit(browser, page, phone, cast, live_server):
    cache.clear()
    unit, counter = open_all_day(cast)
    code = cast.instansi.code

    # The waiting-room screen, its sound switched on by a touch.
    screen = page.context.new_page()
    screen.goto(reverse("frontdesk:display", args=[code, unit.pk]))
    expect(screen.get_by_text("Belum ada panggilan hari ini")).to_be_visible()
    screen.get_by_role("button", name="Aktifkan suara").click()
    expect(screen.get_by_role("button", name="Aktifkan suara")).to_have_attribute("aria-pressed", "true")

    # A citizen touches "KTP-el" at the kiosk: the ticket prints with its number and QR code.
    kiosk = page.context.new_page()
    kiosk.goto(reverse("frontdesk:kiosk", args=[code, unit.pk]))
    screenshot(kiosk, "queue-kiosk")
    kiosk.get_by_role("button", name="KTP-el").click()
    expect(kiosk.locator("#ticket-number")).to_have_text("A-001")
    expect(kiosk.get_by_alt_text("Kode QR survei kunjungan ini")).to_be_visible()
    assert kiosk.get_by_alt_text("Kode QR survei kunjungan ini").evaluate("img => img.naturalWidth") > 50
    expect(kiosk.get_by_text("0 orang di depan Anda")).to_be_visible()
    screenshot(kiosk, "queue-ticket")
    ticket = Ticket.objects.get()

    # The officer calls the next number at the counter.
    log_in(page, cast.employee.nip)
    page.goto(reverse("frontdesk:home"))
    page.get_by_role("link", name="Loket 1 · Dinas Kesehatan").first.click()
    page.get_by_role("button", name="Panggil berikutnya").click()
    expect(page.locator("#current-ticket")).to_have_text("A-001")

    # The display shows it without a reload, and chimes.
    expect(screen.locator(".calls .now .number")).to_have_text("A-001", timeout=8000)
    expect(screen.locator(".calls .now .where")).to_have_text("Loket 1")
    expect(screen.locator("body")).to_have_attribute("data-chimed", "2", timeout=5000)  # the touch, then the call
    screenshot(screen, "queue-display")

    # Served, with the KTP-el's registration number.
    page.get_by_label("Nomor registrasi dokumen (opsional)").fill("KTP-2026-0001")
    page.get_by_role("button", name="Selesai dilayani").click()
    expect(page.get_by_text("A-001 selesai dilayani.")).to_be_visible()
    screenshot(page, "queue-counter")

    # The citizen scans the ticket's QR on a phone: the unit's IKM survey for this visit.
    phone.goto(reverse("frontdesk:survey", args=[ticket.token]))
    expect(phone.get_by_text("Dinas Kesehatan · KTP-el · A-001")).to_be_visible()
    for index, (_code, label) in enumerate(citizen_rules.ELEMENTS):
        phone.locator("fieldset", has_text=label).get_by_label("4 · Sangat baik" if index % 2 else "3 · Baik").check()
    screenshot(phone, "queue-survey-phone")
    phone.get_by_role("button", name="Kirim jawaban").click()
    expect(phone.get_by_text("Terima kasih")).to_be_visible()
    link = TicketSurvey.objects.get()
    assert (link.officer, link.service.name) == (cast.employee, "KTP-el")
    phone.goto(reverse("frontdesk:survey", args=[ticket.token]))
    expect(phone.get_by_text("sudah diisi")).to_be_visible()

    # Another citizen takes a number for the akta on their phone (360 px, nothing overflows).
    phone.goto(reverse("frontdesk:phone", args=[code, unit.pk]))
    phone.get_by_label("Lanjut usia").check()
    phone.get_by_role("button", name="Akta kelahiran").click()
    expect(phone.locator("#ticket-number")).to_have_text("B-001")
    expect(phone.get_by_text("Prioritas: Lanjut usia")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "queue-ticket-phone")
