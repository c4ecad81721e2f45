"""Demo daily work for the story's bidang: the last two working weeks, and a few days of the
previous quarter so its appraisal has something to rate.

Older entries are accepted by the supervisor, the last three working days wait for verification,
and one of the pegawai's entries was returned with a comment, so the pegawai, the atasan and the
notifications all have something to act on. Today is left empty: "log today's work" is the
pegawai's first step."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from kinerja.accounts.models import User
from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi
from kinerja.skp.models import Indicator, PeriodicTarget
from kinerja.skp.rules import SkpStatus

from . import rules, services
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
    if story.pegawai is not None and not Activity.objects.filter(employee=story.pegawai).exists():
        with transaction.atomic():
            _seed(instansi, story, today)
    seed_heads_quarter(instansi, today=today)
    seed_spreadsheet(instansi, story, today=today)


def seed_spreadsheet(instansi: Instansi, story, *, today: dt.date) -> None:
    """The pegawai's uploaded spreadsheet, previewed and not yet submitted: the late-afternoon
    work of the last three working days (after the slots above, so nothing overlaps)."""
    from . import imports
    from .models import ActivityImport

    owner = org_demo.user_of(story.pegawai)
    if owner is None or ActivityImport.objects.filter(created_by=owner).exists():
        return
    rows = ["TANGGAL,JAM_MULAI,JAM_SELESAI,DURASI_MENIT,URAIAN,INDIKATOR,JUMLAH"]
    for day in _working_days(today, 3):
        rows.append(f"{day.isoformat()},16:00,16:45,,Menyusun catatan harian surveilans penyakit,,")
    imports.import_preview(by=owner, content="\r\n".join(rows).encode(), filename="kegiatan-minggu-ini.csv")


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


HEADS = 4  # heads of bidang per instansi who log work


@transaction.atomic
def seed_heads_quarter(instansi: Instansi, *, today: dt.date) -> int:
    """The heads of bidang log the current cut's work on their SKPs (a mix of aspects) and their
    supervisors accept it, with quality scores where an indicator asks for them, so the quarter's
    evaluation shows on-track figures. Returns the number of entries made (0 when already done)."""
    rng = random.Random(instansi.pk)
    indicators = (
        Indicator.objects.filter(
            instansi_id=instansi.pk,
            rhk__skp__status=SkpStatus.APPROVED,
            rhk__skp__period__year=today.year,
            rhk__skp__employee__unit__depth=1,
            metric="",
            target__isnull=False,
        )
        .select_related("rhk__skp__employee__instansi", "rhk__skp__period")
        .order_by("rhk__skp__employee__unit__path", "pk")
    )
    if Activity.objects.filter(indicator__in=indicators).exists():
        return 0
    users = {u.employee_id: u for u in User.objects.filter(instansi=instansi, employee__isnull=False)}
    made, employees = 0, []
    for indicator in indicators:
        employee = indicator.rhk.skp.employee
        if employee.pk not in employees:
            if len(employees) == HEADS:
                break
            employees.append(employee.pk)
        owner, verifier = users.get(employee.pk), users.get(employee.supervisor_id)
        if owner is None or verifier is None:
            continue
        period = indicator.rhk.skp.period
        key = rules.period_key(today, period.cut)
        planned = PeriodicTarget.objects.filter(indicator=indicator, period_key=key).values_list("target", flat=True)
        target = next(iter(planned), indicator.target)
        for n, (quantity, quality, link) in enumerate(_entries(indicator, target, rng)):
            day = today - dt.timedelta(days=3 + 9 * n)
            while day.weekday() >= 5:
                day -= dt.timedelta(days=1)
            if rules.period_key(day, period.cut) != key:
                break
            entry = services.activity_create(
                employee=employee,
                by=owner,
                day=day,
                description=f"{indicator.text} ({day:%d/%m})",
                minutes=rng.choice([60, 90, 120, 180]),
                indicator=indicator,
                quantity=quantity,
                links=[link] if link else None,
            )
            services.activity_verify(activity=entry, by=verifier, quality=quality)
            made += 1
    return made


def _entries(indicator: Indicator, target: Decimal, rng: random.Random):
    """(quantity, quality score, evidence link) of a few entries that land close to the target."""
    link = "https://drive.example.go.id/bukti/{}".format
    if indicator.aspect == "kualitas":
        return [(1, rng.randint(80, 95), None) for _ in range(3)]
    if indicator.aspect == "waktu":
        return [(Decimal(max(1, int(target) + rng.choice([-1, 0, 0, 1]))), None, None) for _ in range(4)]
    if indicator.aspect == "biaya":
        part = (target * Decimal("0.3")).quantize(Decimal(1))
        return [(part, None, link(n)) for n in range(3)]  # 90% of the quarter's budget, each with its SPJ
    if indicator.target_unit.strip() == "%":
        return [(Decimal(rng.randint(92, 100)), None, None)]
    share = max(Decimal(1), (target * Decimal("0.95") / 3).quantize(Decimal(1)))
    return [(share, None, None) for _ in range(3)]
