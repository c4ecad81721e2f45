"""The first five minutes after `make run`, per role, starting from the logins it prints: each
person's home says what to do, and the first thing they do works."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from conftest import screenshot
from kinerja.demo.seeders import seed_all
from kinerja.org import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def printed_logins() -> dict[str, str]:
    """The role → username (or URL) lines `print_demo_logins` shows for Kota Sorong."""
    out = io.StringIO()
    call_command("print_demo_logins", stdout=out)
    block = out.getvalue().split("Pemerintah Kota Sorong", 1)[1].split("\n\n", 1)[0]
    return {m[1]: m[2] for m in re.finditer(r"^\s+(\w+)\s+(\S+)", block, re.M)}


def open_as(browser, live_server, username: str | None, *, phone: bool):
    size = {"width": 390, "height": 844} if phone else {"width": 1366, "height": 900}
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport=size, is_mobile=phone, has_touch=phone
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    if username:
        page.goto("/akun/masuk/")
        page.get_by_label("NIP").fill(username)
        page.get_by_label("Kata sandi").fill(demo.DEMO_PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(lambda u: "/akun/masuk/" not in u)
    return context, page


def test_each_role_starts_from_the_printed_logins(browser, live_server):
    seed_all(only=["sorong"], log=lambda *a: None)
    logins = printed_logins()
    assert {"pegawai", "atasan", "kabid", "kadis", "pimpinan", "admin", "warga"} <= set(logins)

    # The pegawai, on a phone: the home leads with logging today's work.
    context, page = open_as(browser, live_server, logins["pegawai"], phone=True)
    expect(page.get_by_text("Belum ada kegiatan yang dicatat hari ini.")).to_be_visible()
    expect(page.get_by_text("1 kegiatan Anda dikembalikan atasan")).to_be_visible()
    expect(page.get_by_text(re.compile("menunggu tanda terima Anda"))).to_be_visible()
    page.get_by_role("link", name="Catat kegiatan hari ini").click()
    entry = page.locator("fieldset.entry").first
    entry.get_by_label("Mulai").fill("07:30")
    entry.get_by_label("Selesai").fill("09:00")
    entry.get_by_label("Uraian kegiatan").fill("Penyuluhan gizi balita di posyandu")
    page.get_by_role("button", name="Kirim ke atasan").click()
    expect(page.get_by_text("1 kegiatan dicatat")).to_be_visible()
    page.goto("/")
    expect(page.get_by_text(re.compile(r"1 kegiatan tercatat hari ini \(90 menit\)"))).to_be_visible()
    screenshot(page, "first-minutes-pegawai-phone")
    page.get_by_role("link", name=re.compile("dikembalikan atasan")).click()
    expect(page.locator("tr.activity-row[data-status=returned]")).to_have_count(1)
    expect(page.locator("tr.activity-row[data-status=submitted]")).to_have_count(0)
    context.close()

    # The atasan, at 1366 px: the sidebar holds, the to-do leads to the inbox, one click accepts all.
    context, page = open_as(browser, live_server, logins["atasan"], phone=False)
    assert page.locator("header.topbar").bounding_box()["height"] < 70  # no wrapping header
    page.get_by_role("link", name=re.compile("kegiatan bawahan menunggu verifikasi Anda")).click()
    page.get_by_role("checkbox", name="Pilih semua").check()
    page.get_by_role("button", name="Terima yang dipilih").click()
    expect(page.get_by_text(re.compile(r"\d+ kegiatan diterima"))).to_be_visible()
    screenshot(page, "first-minutes-atasan")
    context.close()

    # The kabid: an objection waits for their decision.
    context, page = open_as(browser, live_server, logins["kabid"], phone=False)
    page.get_by_role("link", name=re.compile("keberatan menunggu keputusan Anda")).click()
    expect(page.locator("#h-obj")).to_be_visible()
    context.close()

    # The Sekda reads the whole instansi; the admin starts from what to fix.
    context, page = open_as(browser, live_server, logins["pimpinan"], phone=False)
    expect(page.get_by_text(re.compile("Ringkasan pegawai instansi"))).to_be_visible()
    page.locator("#sidebar").get_by_role("link", name=re.compile("^Evaluasi kinerja")).click()
    expect(page).to_have_url(re.compile("/penilaian/"))
    context.close()
    context, page = open_as(browser, live_server, logins["admin"], phone=False)
    expect(page.get_by_text("Yang perlu dibereskan admin kepegawaian")).to_be_visible()
    page.locator("#sidebar").get_by_role("link", name="Impor data").click()
    expect(page).to_have_url(re.compile("/organisasi/impor/"))
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_text("Anda telah keluar")).to_be_visible()
    context.close()

    # A citizen opens the printed start page on a phone and switches to English.
    context, page = open_as(browser, live_server, None, phone=True)
    page.goto(logins["warga"].replace("http://127.0.0.1:8000", ""))
    page.get_by_role("link", name=re.compile("Poli Umum")).click()
    expect(page.get_by_text("Persyaratan")).to_be_visible()
    page.get_by_label("Bahasa").select_option("en")
    page.get_by_role("button", name="Ganti").click()
    expect(page.get_by_text("Requirements")).to_be_visible()
    context.close()
