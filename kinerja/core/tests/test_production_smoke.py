"""The production smoke test: a browser against a server deployed as the README says.

``deploy/smoke.sh`` (run by ``.ci/run``) deploys a clean checkout with ``DEBUG=0`` on PostgreSQL,
starts gunicorn and then runs this file with the server's address in ``KINERJA_SMOKE_URL``. In the
normal suite there is no such server and these tests are skipped.

Whatever the pages do, every response (pages, static files, evidence) must succeed and the
browser's console must stay free of errors: a missing static file, a script the
Content-Security-Policy refuses or a 500 fails the test.
"""

import os
import re

import pytest
from playwright.sync_api import expect

from conftest import screenshot

URL = os.environ.get("KINERJA_SMOKE_URL", "")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not URL, reason="needs a deployed server: run deploy/smoke.sh"),
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Watch:
    """Everything that went wrong in one browser context: failed responses and console errors."""

    def __init__(self, context):
        self.failures: list[str] = []
        self.static: list[str] = []
        context.on("response", self.response)
        context.on("console", lambda msg: msg.type == "error" and self.failures.append(f"console: {msg.text}"))
        context.on("weberror", lambda error: self.failures.append(f"page error: {error.error}"))

    def response(self, response):
        if "/static/" in response.url:
            self.static.append(response.url)
        if response.status >= 400:
            self.failures.append(f"{response.status} {response.request.method} {response.url}")


@pytest.fixture
def smoke(browser):
    def open_context(width: int = 1280, height: int = 900, **options):
        context = browser.new_context(
            base_url=URL, locale="id-ID", viewport={"width": width, "height": height}, **options
        )
        context.set_default_timeout(15_000)
        watch = Watch(context)
        contexts.append((context, watch))
        return context.new_page(), watch

    contexts = []
    yield open_context
    for context, _ in contexts:
        context.close()


def log_in(page, username: str, password: str) -> None:
    page.goto("/akun/masuk/")
    page.get_by_label("NIP").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)


def assert_assets_loaded(page, watch) -> None:
    """Bootstrap's stylesheet and script and htmx ran, from hashed (cacheable) static names."""
    assert page.evaluate("typeof bootstrap !== 'undefined' && typeof htmx !== 'undefined'")
    # Bootstrap's stylesheet is applied: the navbar is a flex container.
    assert page.evaluate("getComputedStyle(document.querySelector('.navbar')).display") == "flex"
    names = [url.rsplit("/", 1)[1] for url in watch.static]
    assert names and all(re.search(r"\.[0-9a-f]{12}\.(css|js)$", name) for name in names), names


def test_an_employee_logs_work_and_opens_the_dashboard(smoke, tmp_path):
    nip, password = os.environ["KINERJA_SMOKE_NIP"], os.environ["KINERJA_SMOKE_PASSWORD"]
    page, watch = smoke()
    response = page.goto("/akun/masuk/")
    headers = response.headers
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"

    log_in(page, nip, password)
    page.goto("/kegiatan/")
    entry = page.locator("fieldset.entry").first
    entry.get_by_label("Mulai").fill("08:00")
    entry.get_by_label("Selesai").fill("09:30")
    entry.get_by_label("Uraian kegiatan").fill("Uji asap produksi: rapat koordinasi pelayanan")
    entry.get_by_label("Untuk indikator").select_option(index=1)
    entry.get_by_label("Jumlah keluaran").fill("1")
    evidence = tmp_path / "notulen.pdf"
    evidence.write_bytes(PDF)
    entry.get_by_label("Bukti (berkas)").set_input_files(str(evidence))
    page.get_by_role("button", name="Kirim ke atasan").click()
    expect(page.get_by_text("1 kegiatan dicatat")).to_be_visible()

    # The stored evidence comes back from the server (media written under the deployment's var dir).
    page.get_by_role("link", name=re.compile("Uji asap produksi")).first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="notulen.pdf").click()
    assert open(download.value.path(), "rb").read() == PDF

    page.goto("/")
    expect(page.get_by_role("heading", name=re.compile("Selamat datang"))).to_be_visible()
    assert_assets_loaded(page, watch)
    screenshot(page, "smoke-dashboard")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/kegiatan/")
    expect(page.get_by_role("link", name=re.compile("Uji asap produksi")).first).to_be_visible()
    screenshot(page, "smoke-activities-phone")
    assert watch.failures == []


def test_the_superuser_the_recipe_creates_can_log_in(smoke):
    page, watch = smoke(390, 844, is_mobile=True, has_touch=True)
    log_in(page, os.environ["KINERJA_SMOKE_ADMIN"], os.environ["KINERJA_SMOKE_ADMIN_PASSWORD"])
    expect(page.get_by_role("heading", name=re.compile("Selamat datang"))).to_be_visible()
    expect(page.get_by_text("Instansi dalam sistem")).to_be_visible()
    assert_assets_loaded(page, watch)
    screenshot(page, "smoke-superuser-phone")
    assert watch.failures == []
