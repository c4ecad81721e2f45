"""Starting a background job, and the worker's side: running it and recording its progress.

The job row is what the admin watches; the django-tasks result only carries it to the worker.
A job's work runs in one transaction, so a failure leaves the data as it was."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from kinerja.core.i18n import Message, concat
from kinerja.core.i18n import deferred as _
from kinerja.org.models import Instansi

from . import rules
from .models import Job

logger = logging.getLogger(__name__)

# A runner (kinerja.jobs.runners) gets the job and a progress callback and returns an Outcome.
Progress = Callable[[int, int], None]


class Outcome:
    """How a runner ended; ``message`` is a ``kinerja.core.i18n.Message`` (read in the reader's
    language), or plain text."""

    def __init__(self, *, ok: bool, message: Message | str, done: int = 0, total: int = 0, result=None, result_url=""):
        self.ok, self.message, self.done, self.total = ok, message, done, total
        self.result, self.result_url = result or {}, result_url


def job_start(*, kind: str, instansi: Instansi, key: str, by, params: dict | None = None, result_url: str = "") -> Job:
    """Queues a job, or returns the one already queued or running for the same kind and target."""
    if kind not in Job.Kind.values:
        raise ValidationError(_("Jenis proses tidak dikenal."))
    active = Job.objects.filter(instansi=instansi, kind=kind, key=key, status__in=rules.ACTIVE)
    existing = active.first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            job = Job.objects.create(
                instansi=instansi, kind=kind, key=key[:100], params=params or {}, started_by=by, result_url=result_url
            )
    except IntegrityError:  # another request queued the same job a moment ago
        return active.get()
    from .tasks import run_job

    try:
        task_result = run_job.enqueue(job.pk)
    except Exception:
        logger.exception("Could not enqueue job %s", job.pk)
        _finish(job.pk, status=rules.FAILED, message=_("Proses tidak dapat dimasukkan ke antrean. Coba lagi nanti."))
    else:
        Job.objects.filter(pk=job.pk).update(task_id=str(task_result.id)[:64])
    job.refresh_from_db()
    return job


def job_run_now(*, kind: str, instansi: Instansi, key: str, by, params: dict | None = None, result_url="") -> Job:
    """Records and runs a job in this process, without the queue (the demo seed; a worker-less
    shell). Same path as the worker, so the job page shows it like any other."""
    job = Job.objects.create(
        instansi=instansi, kind=kind, key=key[:100], params=params or {}, started_by=by, result_url=result_url
    )
    job_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def job_progress(*, job: Job, done: int, total: int) -> None:
    """Records how far a running job is (seen by the page only outside the job's transaction)."""
    job.done, job.total = rules.clamp_progress(done, total)
    Job.objects.filter(pk=job.pk).update(done=job.done, total=job.total, updated_at=timezone.now())


def _finish(job_id: int, *, status: str, message: Message | str, **fields) -> None:
    if isinstance(message, Message):
        data, message = message.to_json(), message.in_language(settings.LANGUAGE_CODE)
    else:
        data, message = {}, str(message)
    Job.objects.filter(pk=job_id).update(
        status=status,
        message=message[:500],
        message_data=data,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
        **fields,
    )


def _error_message(error: ValidationError) -> Message:
    """A ValidationError's messages, kept untranslated where they were raised as messages."""
    parts = []
    for item in error.error_list:
        message = item.message
        if not isinstance(message, Message):
            message = Message(str(message) % item.params if item.params else str(message))
        parts.append(message)
    return parts[0] if len(parts) == 1 else concat(*parts)


def job_run(*, job_id: int) -> str | None:
    """The worker's side: runs a queued job once and records how it ended. Never raises for the
    job's own errors: the admin reads them on the job page; the traceback goes to the log."""
    from .runners import RUNNERS

    claimed = Job.objects.filter(pk=job_id, status=rules.QUEUED).update(
        status=rules.RUNNING, started_at=timezone.now(), updated_at=timezone.now()
    )
    if not claimed:
        return None
    job = Job.objects.select_related("instansi", "started_by").get(pk=job_id)
    try:
        with transaction.atomic():
            outcome = RUNNERS[job.kind](job, lambda done, total: job_progress(job=job, done=done, total=total))
    except ValidationError as error:
        _finish(job.pk, status=rules.FAILED, message=_error_message(error))
        return rules.FAILED
    except Exception:
        logger.exception("Background job %s (%s %s) failed", job.pk, job.kind, job.key)
        _finish(
            job.pk,
            status=rules.FAILED,
            message=_(
                "Proses gagal karena kesalahan sistem. Tidak ada data yang diubah. Coba lagi; bila gagal lagi, "
                "hubungi pengelola aplikasi."
            ),
        )
        return rules.FAILED
    done, total = rules.clamp_progress(outcome.done, outcome.total)
    _finish(
        job.pk,
        status=rules.DONE if outcome.ok else rules.FAILED,
        message=outcome.message,
        done=done,
        total=total,
        result=outcome.result,
        result_url=outcome.result_url or job.result_url,
    )
    return rules.DONE if outcome.ok else rules.FAILED
