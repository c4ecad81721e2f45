"""Starting jobs, running them on the worker's side, deduplication and failures."""

import logging

import pytest
from django.test import override_settings

from conftest import approved_skp
from kinerja.appraisal.models import Evaluation
from kinerja.jobs import rules, runners, services
from kinerja.jobs.models import Job
from kinerja.jobs.services import Outcome
from kinerja.org.models import Unit

pytestmark = pytest.mark.django_db
CUT = "2026-Q4"
QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def start_evaluation(cast, period):
    return services.job_start(
        kind=Job.Kind.EVALUATE,
        instansi=cast.instansi,
        key=CUT,
        by=cast.admin,
        params={"period_id": period.pk, "cut_key": CUT},
        result_url="/penilaian/",
    )


def test_a_started_job_runs_to_done_with_the_service_counts(cast, period):
    approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    job = start_evaluation(cast, period)
    assert job.status == Job.Status.DONE and job.task_id
    assert (job.done, job.total, job.percent) == (1, 1, 100)
    assert job.result["created"] == 1 and job.result["updated"] == 0
    assert "1 evaluasi baru" in job.message
    assert job.started_at and job.finished_at and job.started_at <= job.finished_at
    assert Evaluation.objects.filter(cut_key=CUT).count() == 1


@override_settings(TASKS=QUEUE_ONLY)
def test_queued_then_running_then_done_and_a_second_start_shows_the_first(cast, period):
    approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    job = start_evaluation(cast, period)
    assert job.status == Job.Status.QUEUED and job.percent == 0 and job.task_id
    again = start_evaluation(cast, period)
    assert again.pk == job.pk and Job.objects.count() == 1
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    assert start_evaluation(cast, period).pk == job.pk
    Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED)
    assert services.job_run(job_id=job.pk) == rules.DONE
    assert services.job_run(job_id=job.pk) is None  # a job runs once
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.percent == 100
    # Once finished, the same button starts a new job.
    assert start_evaluation(cast, period).pk != job.pk


def test_an_unexpected_error_is_logged_shown_plainly_and_changes_nothing(cast, period, monkeypatch, caplog):
    def broken(job, progress):
        Unit.objects.filter(instansi=job.instansi).update(name="RUSAK")
        progress(1, 2)
        raise RuntimeError("secret internals")

    monkeypatch.setitem(runners.RUNNERS, Job.Kind.EVALUATE, broken)
    names = sorted(Unit.objects.values_list("name", flat=True))
    with caplog.at_level(logging.ERROR, logger="kinerja.jobs.services"):
        job = start_evaluation(cast, period)
    assert job.status == Job.Status.FAILED
    assert "kesalahan sistem" in job.message and "secret" not in job.message
    assert "secret internals" in caplog.text  # the traceback is in the log
    assert sorted(Unit.objects.values_list("name", flat=True)) == names


def test_a_refused_job_keeps_the_services_message(cast, period, monkeypatch):
    from kinerja.tpp import services as tpp_services

    tpp_month = tpp_services.month_compute(instansi=cast.instansi, month="2026-11")
    tpp_services.month_close(tpp_month=tpp_month, by=cast.admin)
    job = services.job_start(
        kind=Job.Kind.TPP, instansi=cast.instansi, key="2026-11", by=cast.admin, params={"month": "2026-11"}
    )
    assert job.status == Job.Status.FAILED and "sudah ditutup" in job.message


def test_an_outcome_that_is_not_ok_fails_the_job(cast, period, monkeypatch):
    monkeypatch.setitem(
        runners.RUNNERS, Job.Kind.EVALUATE, lambda job, progress: Outcome(ok=False, message="Tidak valid.", total=3)
    )
    job = start_evaluation(cast, period)
    assert (job.status, job.message, job.done, job.total) == (Job.Status.FAILED, "Tidak valid.", 0, 3)


def test_an_unknown_kind_is_refused(cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.job_start(kind="nope", instansi=cast.instansi, key="x", by=cast.admin)
    assert not Job.objects.exists()


def test_the_demo_records_one_finished_evaluation_job_and_is_idempotent(cast, period, monkeypatch):
    import datetime as dt
    from types import SimpleNamespace

    from kinerja.jobs import demo

    monkeypatch.setattr(demo.org_demo, "story", lambda instansi: SimpleNamespace(admin=cast.admin))
    approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    demo.seed_demo(cast.instansi, today=dt.date(2026, 12, 1))
    demo.seed_demo(cast.instansi, today=dt.date(2026, 12, 1))
    job = Job.objects.get()
    assert (job.kind, job.key, job.status, job.started_by) == (Job.Kind.EVALUATE, CUT, Job.Status.DONE, cast.admin)
    assert Evaluation.objects.filter(cut_key=CUT).count() == 1


def test_the_outcome_is_stored_untranslated_and_read_in_english(cast, period):
    from django.utils import translation

    approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    with translation.override("en"):
        job = start_evaluation(cast, period)
    assert "1 evaluasi baru" in job.message  # the record, in the site's language
    assert job.message_data["m"].startswith("Capaian dan saran rating dihitung")
    with translation.override("en"):
        assert "1 evaluasi baru" not in job.display_message
    with translation.override("id"):
        assert "1 evaluasi baru" in job.display_message


def test_a_refused_job_keeps_the_untranslated_message(cast, period, monkeypatch):
    from django.core.exceptions import ValidationError

    from kinerja.core.i18n import deferred

    def refuse(job, progress):
        raise ValidationError(deferred("Periode %(y)s sudah ditutup.") % {"y": 2026})

    monkeypatch.setitem(runners.RUNNERS, Job.Kind.EVALUATE, refuse)
    job = start_evaluation(cast, period)
    assert job.message == "Periode 2026 sudah ditutup." and job.message_data == {
        "m": "Periode %(y)s sudah ditutup.",
        "p": {"y": 2026},
    }
