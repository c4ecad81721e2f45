"""The demo admin clicks "Hitung capaian dan saran rating" and watches the job's bar fill, on a
desk screen and on a phone; the worker is played by the test so the polling is what is seen."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import override_settings
from playwright.sync_api import expect

from conftest import screenshot
from kinerja.demo import seeders
from kinerja.demo.seeders import seed_all
from kinerja.demo.tests.test_first_minutes import open_as, printed_logins
from kinerja.jobs import services
from kinerja.jobs.models import Job

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC), tick=True):
        yield


def evaluate_and_watch(page, name: str) -> None:
    page.goto("/penilaian/")
    page.get_by_role("button", name="Hitung capaian dan saran rating").click()
    page.wait_for_url(re.compile(r"/proses/\d+/$"))
    expect(page.locator("#job-status")).to_have_text("Menunggu")
    expect(page.locator("#job-bar")).to_have_text("0%")
    job = Job.objects.filter(kind=Job.Kind.EVALUATE).order_by("-pk").first()
    services.job_run(job_id=job.pk)  # the db_worker's part
    expect(page.locator("#job-status")).to_have_text("Selesai", timeout=10_000)  # the 2 s poll picks it up
    expect(page.locator("#job-bar")).to_have_text("100%")
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    expect(page.locator("#job-text")).to_contain_text("100% selesai")
    expect(page.locator("#job-message")).to_contain_text("evaluasi baru")
    page.wait_for_timeout(800)  # Bootstrap's width transition, for the screenshot
    screenshot(page, name)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    page.get_by_role("link", name="Lihat hasil").click()
    expect(page).to_have_url(re.compile(r"/penilaian/\?period=\d+&cut="))


def test_the_admin_watches_the_evaluation_bar_reach_100(browser, live_server, monkeypatch):
    # The insight story is not needed here (and on this merge its seeder refuses a second SKP).
    monkeypatch.setattr(seeders, "SEEDERS", [s for s in seeders.SEEDERS if s != "kinerja.insight.demo"])
    seed_all(only=["sorong"], log=lambda *a: None)
    admin = printed_logins()["admin"]
    with override_settings(TASKS=QUEUE_ONLY):
        for phone in (False, True):
            context, page = open_as(browser, live_server, admin, phone=phone)
            evaluate_and_watch(page, "jobs-evaluate-phone" if phone else "jobs-evaluate")
            context.close()
    context, page = open_as(browser, live_server, admin, phone=False)
    page.goto("/proses/")
    expect(page.locator("#job-list tbody tr")).to_have_count(3)  # the demo's own and the two above
    screenshot(page, "jobs-list")
    context.close()
