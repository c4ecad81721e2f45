"""Demo: the BKPSDM admin's "Proses latar" page shows the evaluation of the current cut, run the
way the worker runs it."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from kinerja.activities.rules import period_key
from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi
from kinerja.skp.models import Period

from . import services
from .models import Job


def seed_demo(instansi: Instansi, *, today: dt.date) -> None:
    period = Period.objects.filter(instansi=instansi, year=today.year).first()
    admin = org_demo.story(instansi).admin
    if period is None or admin is None or Job.objects.filter(instansi=instansi).exists():
        return
    cut_key = period_key(today, period.cut)
    services.job_run_now(
        kind=Job.Kind.EVALUATE,
        instansi=instansi,
        key=cut_key,
        by=admin,
        params={"period_id": period.pk, "cut_key": cut_key},
        result_url=f"{reverse('appraisal:index')}?period={period.pk}&cut={cut_key}",
    )
