"""What each kind of job does: the same services the command line calls synchronously."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse

from kinerja.core.i18n import deferred as _

from .models import Job
from .services import Outcome, Progress


def evaluate(job: Job, progress: Progress) -> Outcome:
    from kinerja.appraisal.services import evaluations_compute
    from kinerja.skp.models import Period

    period = Period.objects.filter(pk=job.params.get("period_id"), instansi=job.instansi).first()
    if period is None:
        raise ValidationError(_("Periode penilaian tidak ditemukan lagi."))
    result = evaluations_compute(instansi=job.instansi, period=period, cut_key=job.params["cut_key"])
    count = result.get("created", 0) + result.get("updated", 0)
    return Outcome(
        ok=True,
        message=_("Capaian dan saran rating dihitung: %(created)s evaluasi baru, %(updated)s diperbarui.") % result,
        done=count,
        total=count,
        result=result,
    )


def import_apply(job: Job, progress: Progress) -> Outcome:
    from kinerja.org import imports
    from kinerja.org.models import ImportBatch

    batch = ImportBatch.objects.filter(pk=job.params.get("batch_id"), instansi=job.instansi).first()
    if batch is None:
        raise ValidationError(_("Berkas impor tidak ditemukan lagi."))
    progress(0, len(batch.summary.get("rows", [])))
    try:
        preview = imports.import_apply(batch=batch)
    except imports.ImportFileError as error:
        raise ValidationError(error.args[0]) from None
    counts = preview.counts()
    if not preview.valid:
        return Outcome(
            ok=False,
            message=_("Data berubah sejak pratinjau dan file kini tidak valid. Tidak ada yang disimpan."),
            done=0,
            total=counts["total"],
            result=counts,
        )
    return Outcome(
        ok=True,
        message=_("Impor diterapkan: %(c)s dibuat, %(u)s diperbarui, %(n)s tidak berubah.")
        % {"c": counts["create"], "u": counts["update"], "n": counts["unchanged"]},
        done=counts["total"],
        total=counts["total"],
        result=counts,
    )


def tpp_month(job: Job, progress: Progress) -> Outcome:
    from kinerja.tpp.services import month_compute

    tpp_month = month_compute(instansi=job.instansi, month=job.params["month"], by=job.started_by)
    lines = tpp_month.lines.count()
    return Outcome(
        ok=True,
        message=_("TPP bulan %(m)s dihitung untuk %(n)s pegawai.") % {"m": tpp_month.month, "n": lines},
        done=lines,
        total=lines,
        result={"month": tpp_month.month, "employees": lines},
        result_url=reverse("tpp:month", args=[tpp_month.pk]),
    )


RUNNERS = {Job.Kind.EVALUATE: evaluate, Job.Kind.IMPORT: import_apply, Job.Kind.TPP: tpp_month}
