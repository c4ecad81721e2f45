"""Synthetic plans for benchmarks: a year, goals, and an approved SKP for every employee.

Written with ``bulk_create`` level by level down the supervisor tree (every RHK intervenes
the supervisor's first RHK), so 10,000 employees take seconds.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from kinerja.org.models import Employee, Instansi, Position

from . import rules
from .models import BehaviourExpectation, Indicator, KeyIndicator, OrgGoal, Period, PeriodicTarget, Rhk, Skp


@transaction.atomic
def build_plans(*, instansi: Instansi, seed: int, year: int = 2026) -> dict[str, int]:
    rng = random.Random(seed)
    period = Period.objects.create(
        instansi=instansi,
        year=year,
        cut=Period.Cut.MONTHLY,
        planning_deadline=dt.date(year, 1, 31),
        closes_on=dt.date(year + 1, 1, 31),
    )
    goals = OrgGoal.objects.bulk_create(
        OrgGoal(instansi=instansi, period=period, code=f"SS{i}", title=f"Sasaran strategis {i}") for i in range(1, 4)
    )
    KeyIndicator.objects.bulk_create(
        KeyIndicator(instansi=instansi, goal=g, name=f"IKU {g.code}", target=Decimal(90), target_unit="%")
        for g in goals
    )
    rows = list(
        Employee.objects.filter(instansi=instansi, is_active=True).values_list(
            "pk", "supervisor_id", "position__kind", "position__name", "unit__name", "rank"
        )
    )
    supervisor_of = {pk: sup for pk, sup, *_rest in rows}

    def level(pk: int) -> int:
        depth, node = 0, supervisor_of.get(pk)
        while node is not None and depth < 50:
            depth, node = depth + 1, supervisor_of.get(node)
        return depth

    now = timezone.now()
    by_level: dict[int, list[tuple]] = {}
    for row in rows:
        by_level.setdefault(level(row[0]), []).append(row)
    first_rhk: dict[int, int] = {}  # employee id -> id of their first RHK
    counts = {"skp": 0, "rhk": 0, "indicator": 0}
    for depth in sorted(by_level):
        skps = [
            Skp(
                instansi=instansi,
                period=period,
                employee_id=pk,
                status=rules.SkpStatus.APPROVED,
                evaluator_id=sup,
                evaluator_supervisor_id=supervisor_of.get(sup) if sup else None,
                is_jpt=kind == Position.Kind.JPT,
                position_name=pname or "",
                unit_name=uname,
                rank=rank,
                submitted_at=now,
                approved_at=now,
            )
            for pk, sup, kind, pname, uname, rank in by_level[depth]
        ]
        Skp.objects.bulk_create(skps, batch_size=2000)
        rhks = []
        for skp in skps:
            for n in range(2):
                parent = first_rhk.get(skp.evaluator_id) if skp.evaluator_id else None
                rhks.append(
                    Rhk(
                        instansi=instansi,
                        skp=skp,
                        order=n + 1,
                        text=f"Hasil kerja {n + 1}",
                        parent_id=parent if n == 0 else None,
                        goal=goals[n] if skp.is_jpt else None,
                        own_initiative=n == 1 and not skp.is_jpt,
                    )
                )
        Rhk.objects.bulk_create(rhks, batch_size=2000)
        for rhk in rhks:
            if rhk.order == 1:
                first_rhk[rhk.skp.employee_id] = rhk.pk
        indicators = Indicator.objects.bulk_create(
            (
                Indicator(
                    instansi=instansi,
                    rhk=rhk,
                    text=f"Keluaran {rhk.order}",
                    target=Decimal(rng.randint(10, 500)),
                    target_unit="dokumen",
                )
                for rhk in rhks
            ),
            batch_size=2000,
        )
        # Their periodic targets (rencana aksi): the even split of each year's target per month.
        keys = rules.cut_period_keys(year, period.cut)
        PeriodicTarget.objects.bulk_create(
            (
                PeriodicTarget(instansi=instansi, indicator=indicator, period_key=key, target=target)
                for indicator in indicators
                for key, target in zip(keys, rules.split_even(indicator.target, len(keys)), strict=True)
            ),
            batch_size=5000,
        )
        BehaviourExpectation.objects.bulk_create(
            (BehaviourExpectation(skp=skp, value=code) for skp in skps for code in rules.BERAKHLAK_CODES),
            batch_size=5000,
        )
        counts["skp"] += len(skps)
        counts["rhk"] += len(rhks)
        counts["indicator"] += len(rhks)
    return counts
