"""Demo daily work for the story's bidang: the last two working weeks, and a few days of the
previous quarter so its appraisal has something to rate.

Older entries are accepted by the supervisor, the last three working days wait for verification,
and one of the pegawai's entries was returned with a comment, so the pegawai, the atasan and the
notifications all have something to act on. Today is left empty: "log today's work" is the
pegawai's first step."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from kinerja.accounts.models import User
from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi

from . import services
from .models import Activity

TASKS = [
    ("Pelayanan pasien di poli umum Puskesmas", 1, "6"),
    ("Rekap laporan imunisasi harian dan unggah ke aplikasi", 0, "1"),
    ("Kunjungan posyandu dan pencatatan balita", 1, "12"),
    ("Rapat koordinasi seksi", None, "0"),
    ("Penyusunan laporan mingguan pencegahan penyakit", 0, "1"),
]
SLOTS = [(dt.time(8, 0), dt.time(10, 0)), (dt.time(10, 30), dt.time(12, 0)), (dt.time(13, 0), dt.time(15, 30))]
RETURN_COMMENT = "Lampirkan daftar hadir posyandu dan sebutkan jumlah balita yang ditimbang."


def _working_days(before: dt.date, count: int) -> list[dt.date]:
    days, day = [], before
    while len(days) < count:
        day -= dt.timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return sorted(days)


def seed_demo(instansi: Instansi, *, today: dt.date) -> None:
    story = org_demo.story(instansi)
    if story.pegawai is None or Activity.objects.filter(employee=story.pegawai).exists():
        return
    with transaction.atomic():
        _seed(instansi, story, today)


def _seed(instansi: Instansi, story, today: dt.date) -> None:
    users = {u.employee_id: u for u in User.objects.filter(instansi=instansi, employee__isnull=False)}
    recent = _working_days(today, 10)
    quarter_start = dt.date(today.year, ((today.month - 1) // 3) * 3 + 1, 1)
    earlier = _working_days(quarter_start, 4) if quarter_start.year == today.year else []
    waiting_from = recent[-3]
    for employee in [story.pegawai, *story.colleagues]:
        owner, verifier = users.get(employee.pk), users.get(employee.supervisor_id)
        if owner is None or verifier is None:
            continue
        period = services.period_for(instansi, today)
        indicators = list(services.indicators_for(employee, period).order_by("rhk__order", "pk"))
        for day_index, day in enumerate(earlier + recent):
            for slot, (start, end) in enumerate(SLOTS[: 2 + day_index % 2]):
                text, which, qty = TASKS[(day_index + slot) % len(TASKS)]
                indicator = indicators[which] if indicators and which is not None else None
                activity = services.activity_create(
                    employee=employee,
                    by=owner,
                    day=day,
                    description=text,
                    start_time=start,
                    end_time=end,
                    indicator=indicator,
                    quantity=qty if indicator else 0,
                )
                if day >= waiting_from:
                    if employee == story.pegawai and day == waiting_from and slot == 0:
                        services.activity_return(activity=activity, by=verifier, comment=RETURN_COMMENT)
                    continue
                services.activity_verify(activity=activity, by=verifier)
