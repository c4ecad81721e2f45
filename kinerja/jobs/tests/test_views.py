"""The job pages, the polled fragment, tenant isolation, and the three buttons that start jobs."""

import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from conftest import approved_skp
from kinerja.appraisal.models import Evaluation
from kinerja.jobs import services
from kinerja.jobs.models import Job
from kinerja.org.models import Employee, ImportBatch
from kinerja.org.tests.test_imports import csv_bytes, good_rows
from kinerja.tpp import services as tpp_services
from kinerja.tpp.models import TppLine, TppMonth

pytestmark = pytest.mark.django_db
CUT = "2026-Q4"
QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def make_job(cast, key="2026-11", **fields) -> Job:
    return Job.objects.create(instansi=cast.instansi, kind=Job.Kind.TPP, key=key, started_by=cast.admin, **fields)


def test_the_job_page_and_its_fragment_poll_until_finished(client, cast):
    job = make_job(cast, status=Job.Status.RUNNING, done=30, total=120)
    client.force_login(cast.admin)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page and 'aria-valuenow="25"' in page and "25% selesai (30 dari 120)" in page
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, done=120, message="TPP bulan 2026-11 dihitung.")
    fragment = client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in fragment and 'aria-valuenow="100"' in fragment and "dihitung" in fragment
    assert "<html" not in fragment


def test_a_failed_job_shows_its_message(client, cast):
    job = make_job(cast, status=Job.Status.FAILED, message="Proses gagal karena kesalahan sistem.")
    client.force_login(cast.admin)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Gagal" in page and "kesalahan sistem" in page and "alert-danger" in page and "hx-trigger" not in page


def test_another_tenant_and_other_roles_do_not_see_jobs(client, cast, other):
    job = make_job(cast)
    urls = [reverse("jobs:detail", args=[job.pk]), reverse("jobs:progress", args=[job.pk])]
    client.force_login(other.admin)
    for url in urls:
        assert client.get(url).status_code == 404
    assert "2026-11" not in client.get(reverse("jobs:list")).content.decode()
    for user in (cast.pegawai, cast.atasan, cast.pimpinan):
        client.force_login(user)
        for url in [*urls, reverse("jobs:list")]:
            assert client.get(url).status_code in (403, 404)


def test_the_superadmin_sees_any_job(client, cast, superadmin):
    job = make_job(cast)
    client.force_login(superadmin)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200


def test_the_list_costs_the_same_whatever_the_number_of_jobs(client, cast, django_assert_max_num_queries):
    client.force_login(cast.admin)
    make_job(cast, key="2026-10", status=Job.Status.DONE)
    client.get(reverse("jobs:list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("jobs:list"))
    for month in range(1, 10):
        make_job(cast, key=f"2026-0{month}", status=Job.Status.DONE)
    with django_assert_max_num_queries(len(few)):
        page = client.get(reverse("jobs:list")).content.decode()
    assert page.count("Perhitungan TPP bulanan") == 10


def test_the_evaluate_button_starts_a_job_that_ends_done(client, cast, period):
    approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    client.force_login(cast.admin)
    response = client.post(reverse("appraisal:compute", args=[period.pk, CUT]))
    job = Job.objects.get()
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert (job.kind, job.status, job.started_by) == (Job.Kind.EVALUATE, Job.Status.DONE, cast.admin)
    assert Evaluation.objects.filter(cut_key=CUT).count() == 1
    assert f"period={period.pk}" in client.get(response.url).content.decode()  # "Lihat hasil" goes back


@override_settings(TASKS=QUEUE_ONLY)
def test_a_second_click_while_queued_shows_the_same_job(client, cast, period):
    client.force_login(cast.admin)
    first = client.post(reverse("appraisal:compute", args=[period.pk, CUT])).url
    second = client.post(reverse("appraisal:compute", args=[period.pk, CUT])).url
    assert first == second and Job.objects.get().status == Job.Status.QUEUED
    page = client.get(first).content.decode()
    assert "Menunggu" in page and "every 2s" in page


def test_the_import_apply_button_starts_a_job_and_the_dry_run_stays_synchronous(client, cast):
    client.force_login(cast.admin)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("pegawai.csv", csv_bytes(*good_rows(cast)), content_type="text/csv")
    response = client.post(reverse("org:import_upload"), {"kind": "employees", "file": upload})
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.PREVIEWED and not Job.objects.exists()
    before = Employee.objects.count()
    response = client.post(reverse("org:import_apply", args=[batch.pk]))
    job = Job.objects.get(kind=Job.Kind.IMPORT)
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert (job.status, job.done, job.total) == (Job.Status.DONE, 2, 2)
    assert Employee.objects.count() == before + 2
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    # Applied once: a second click says so and starts nothing.
    response = client.post(reverse("org:import_apply", args=[batch.pk]), follow=True)
    assert "tidak dapat diterapkan" in response.content.decode() and Job.objects.count() == 1
    client.force_login(cast.pegawai)
    assert client.post(reverse("org:import_apply", args=[batch.pk])).status_code in (403, 404)


@pytest.fixture
def tpp_ready(cast):
    with time_machine.travel(dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)):
        setting = tpp_services.setting_for(instansi=cast.instansi, year=2026)
        tpp_services.setting_update(setting=setting, class_amounts={"14": 33_225_000, "9": 13_320_000})
        yield


def test_the_tpp_compute_and_recompute_buttons_start_jobs(client, cast, tpp_ready):
    client.force_login(cast.admin)
    response = client.post(reverse("tpp:compute"), {"month": "2026-11"})
    job = Job.objects.get()
    assert response.url == reverse("jobs:detail", args=[job.pk]) and job.status == Job.Status.DONE
    tpp_month = TppMonth.objects.get(instansi=cast.instansi, month="2026-11")
    lines = TppLine.objects.filter(month=tpp_month).count()
    assert lines and (job.done, job.total) == (lines, lines)
    assert job.result_url == reverse("tpp:month", args=[tpp_month.pk])
    response = client.post(reverse("tpp:recompute", args=[tpp_month.pk]))
    assert Job.objects.count() == 2 and Job.objects.first().status == Job.Status.DONE
    client.post(reverse("tpp:close", args=[tpp_month.pk]))
    response = client.post(reverse("tpp:recompute", args=[tpp_month.pk]), follow=True)
    assert "sudah ditutup" in response.content.decode() and Job.objects.count() == 2
    client.force_login(cast.pimpinan)
    assert client.post(reverse("tpp:compute"), {"month": "2026-10"}).status_code == 403
    assert Job.objects.count() == 2


def test_the_menu_offers_the_jobs_page_to_the_admin_only(client, cast):
    client.force_login(cast.admin)
    assert reverse("jobs:list") in client.get(reverse("jobs:list")).content.decode()
    client.force_login(cast.pegawai)
    assert reverse("jobs:list") not in client.get("/").content.decode()


def test_recorded_progress_is_clamped(cast):
    job = make_job(cast, status=Job.Status.RUNNING)
    services.job_progress(job=job, done=9, total=4)
    job.refresh_from_db()
    assert (job.done, job.total) == (4, 4)
