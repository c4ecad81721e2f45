"""The demo, orchestrated: five real regions, each telling the same story in the current year.

The organisation of each region is built first (``kinerja.org.demo``); then every app adds its
part of the story, in the order of ``SEEDERS``. A seeder is a module exposing

    seed_demo(instansi, *, today) -> None

that is idempotent (a second run changes nothing) and finds the story's people through
``kinerja.org.demo.story(instansi)``. An app adds its demo data with one line here.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi

# Order matters: plans before the work logged against them, work before its appraisal.
SEEDERS = [
    "kinerja.skp.demo",
    "kinerja.activities.demo",
    "kinerja.appraisal.demo",
    "kinerja.citizen.demo",
    "kinerja.frontdesk.demo",
    "kinerja.attendance.demo",
    "kinerja.tpp.demo",
    "kinerja.recognition.demo",
    "kinerja.development.demo",
    "kinerja.insight.demo",
    "kinerja.datafix.demo",
    "kinerja.jobs.demo",
]


def today_in(instansi: Instansi) -> dt.date:
    """The tenant's local date: the story is always told around the real today."""
    return timezone.localdate(timezone=instansi.tzinfo)


def seeders() -> list[Callable]:
    return [importlib.import_module(name).seed_demo for name in SEEDERS]


def seed_all(
    *, employees: int = 220, only: list[str] | None = None, today: dt.date | None = None, log=print
) -> list[Instansi]:
    """Builds (or completes) every demo region. Each region is one transaction."""
    done = []
    for index, (code, name, kind, province, tz, kecamatan) in enumerate(org_demo.REGIONS):
        if only and code not in only:
            continue
        with transaction.atomic():
            instansi, built = org_demo.seed_organisation(
                code=code,
                name=name,
                kind=kind,
                province=province,
                tz=tz,
                kecamatan=kecamatan,
                employees=employees,
                index=index,
            )
            if built is not None:
                log(f"{name}: {built.units} unit, {built.employees} pegawai")
            day = today or today_in(instansi)
            for seed in seeders():
                seed(instansi, today=day)
        done.append(instansi)
    if not User.objects.filter(username="superadmin").exists():
        User.objects.create_superuser("superadmin", org_demo.DEMO_PASSWORD, full_name="Superadmin Kinerja")
    return done
