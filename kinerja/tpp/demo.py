"""Demo TPP: the 2026 configuration of a kabupaten, salaries by golongan, October computed and
closed, November computed as a draft (with the adjustment of the correction approved since)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kinerja.accounts.models import User
from kinerja.org.models import Employee, Instansi

from . import imports, services
from .models import Salary, TppMonth

# A kabupaten pays far less than a province (DOMAIN.md §4: Jatim kelas 9 is 13,320,000).
CLASS_AMOUNTS = {
    1: 1_800_000,
    2: 2_050_000,
    3: 2_300_000,
    4: 2_600_000,
    5: 2_900_000,
    6: 3_300_000,
    7: 3_800_000,
    8: 4_400_000,
    9: 5_100_000,
    10: 5_900_000,
    11: 6_800_000,
    12: 7_900_000,
    13: 9_200_000,
    14: 11_500_000,
    15: 14_000_000,
    16: 17_000_000,
    17: 20_000_000,
}
SALARY_BY_GROUP = {"IV": 6_200_000, "III": 4_600_000, "II": 3_500_000, "I": 2_600_000}


def seed_demo(instansi: Instansi, *, today: dt.date) -> None:
    admin = User.objects.filter(instansi=instansi, role=User.Role.ADMIN).order_by("username").first()
    if admin is None or TppMonth.objects.filter(instansi=instansi).exists():
        return
    setting = services.setting_for(instansi=instansi, year=2026)
    services.setting_update(
        setting=setting,
        class_amounts={str(k): v for k, v in CLASS_AMOUNTS.items()},
        weight_kinerja=Decimal("60"),
        weight_disiplin=Decimal("40"),
        kinerja_source="periodic",
        # Until the year's appraisals are final, this Perkada pays the kinerja part in full.
        no_report_pct=Decimal("100"),
    )
    # The salaries came as one file from the finance office's payroll (the salary import).
    existing = set(Salary.objects.filter(instansi=instansi).values_list("employee_id", flat=True))
    lines = ["NIP;NAMA;GAJI"]
    for pk, nip, name, rank in Employee.objects.filter(instansi=instansi, is_active=True).values_list(
        "pk", "nip", "name", "rank"
    ):
        if pk not in existing:
            amount = SALARY_BY_GROUP.get(rank.split("/")[0], 3_900_000)
            lines.append(f"{nip};{name.replace(';', ' ')};{amount:,}".replace(",", "."))
    if len(lines) > 1:
        batch = imports.import_preview(
            instansi=instansi, content="\n".join(lines).encode(), filename="gaji-simpeg-2026.csv", by=admin
        )
        if batch.status == batch.Status.PREVIEWED:
            imports.import_apply(batch=batch)
    october = services.month_compute(instansi=instansi, month="2026-10", by=admin)
    services.month_close(tpp_month=october, by=admin)
    _late_october_correction(instansi)
    services.month_compute(instansi=instansi, month="2026-11", by=admin)


def _late_october_correction(instansi: Instansi) -> None:
    """After October was paid, a supervisor approved a correction for an October day: November
    then carries the adjustment row."""
    from kinerja.attendance.models import Record

    record = (
        Record.objects.filter(instansi=instansi, date__year=2026, date__month=10, check_out__isnull=True)
        .order_by("employee__nip", "date")
        .first()
    )
    if record is not None:
        record.check_out = dt.time(16, 20)
        record.source = Record.Source.CORRECTION
        record.reason = "Koreksi disetujui setelah TPP Oktober dibayar: mesin presensi error."
        record.save()
