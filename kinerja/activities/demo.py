"""Demo daily work: the heads of bidang log the current quarter's work on their approved SKPs and
their supervisors accept it (with quality scores where an indicator asks for them), so progress
bars, the inbox and the quarter's evaluation show believable, on-track figures. Idempotent."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from kinerja.accounts.models import User
from kinerja.org.models import Instansi
from kinerja.skp.models import Indicator, PeriodicTarget
from kinerja.skp.rules import SkpStatus

from . import rules, services
from .models import Activity

HEADS = 4  # heads of bidang per instansi who log work


@transaction.atomic
def seed_demo(instansi: Instansi, *, today: dt.date) -> int:
    """Logs and verifies the current cut's work; returns the number of entries made."""
    if Activity.objects.filter(instansi_id=instansi.pk).exists():
        return 0
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
