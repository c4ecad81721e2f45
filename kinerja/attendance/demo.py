"""Demo attendance: October and November 2026 for every employee of a demo instansi, with the
calendar, a shift unit, leave, one sanction and correction requests (idempotent)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.core.files.base import ContentFile

from kinerja.accounts.models import User
from kinerja.core.bulk import insert_rows
from kinerja.org.demo import story, user_of
from kinerja.org.models import Employee, Instansi, Unit

from . import rules, services
from .models import CalendarDay, Correction, Leave, Record, Sanction, Shift

MONTHS = ("2026-10", "2026-11")
CALENDAR = [
    (dt.date(2026, 10, 1), CalendarDay.Kind.CEREMONY, "Upacara Hari Kesaktian Pancasila"),
    (dt.date(2026, 10, 28), CalendarDay.Kind.CEREMONY, "Upacara Hari Sumpah Pemuda"),
    (dt.date(2026, 11, 10), CalendarDay.Kind.CEREMONY, "Upacara Hari Pahlawan"),
    (dt.date(2026, 11, 17), CalendarDay.Kind.CEREMONY, "Upacara Hari Kesadaran Nasional"),
    (dt.date(2026, 12, 24), CalendarDay.Kind.CUTI_BERSAMA, "Cuti bersama Hari Raya Natal"),
    (dt.date(2026, 12, 25), CalendarDay.Kind.HOLIDAY, "Hari Raya Natal"),
]


def seed_demo(instansi: Instansi, *, today: dt.date) -> None:
    admin = User.objects.filter(instansi=instansi, role=User.Role.ADMIN).order_by("username").first()
    if admin is None or Record.objects.filter(instansi=instansi, date__month=11, date__year=2026).exists():
        return
    services.config_for(instansi=instansi, year=2026)
    for date, kind, name in CALENDAR:
        services.calendar_day_set(instansi=instansi, date=date, kind=kind, name=name)
    puskesmas = Unit.objects.filter(instansi=instansi, kind=Unit.Kind.UPTD).order_by("code").first()
    if puskesmas is not None and not Shift.objects.filter(unit=puskesmas).exists():
        services.shift_set(
            instansi=instansi,
            unit=puskesmas,
            name="Pelayanan puskesmas",
            start=dt.time(7, 0),
            end=dt.time(14, 0),
            weekdays="123456",
        )
    rng = random.Random(f"attendance-{instansi.code}")
    employees = list(
        Employee.objects.filter(instansi=instansi, is_active=True).order_by("nip").values_list("pk", "unit_id")
    )
    shifts = {s.unit_id: s.schedule() for s in Shift.objects.filter(instansi=instansi)}
    office = services.config_for(instansi=instansi, year=2026).schedule()
    holidays = frozenset(
        CalendarDay.objects.filter(instansi=instansi)
        .exclude(kind=CalendarDay.Kind.CEREMONY)
        .values_list("date", flat=True)
    )
    # Leave first, so those days carry no machine record.
    on_leave: set[tuple[int, dt.date]] = set()
    for pk, _unit in rng.sample(employees, k=max(1, len(employees) // 12)):
        kind = rng.choice([rules.LeaveKind.DINAS_LUAR, rules.LeaveKind.CUTI_TAHUNAN, rules.LeaveKind.CUTI_SAKIT])
        start = dt.date(2026, 11, rng.randint(2, 20))
        end = start + dt.timedelta(days=rng.randint(0, 3))
        employee = Employee.objects.get(pk=pk)
        services.leave_create(
            employee=employee,
            kind=kind,
            start=start,
            end=end,
            letter_number=f"800/{rng.randint(100, 999)}/BKPSDM/2026",
            by=admin,
        )
        on_leave.update((pk, start + dt.timedelta(days=i)) for i in range((end - start).days + 1))
    rows = []
    for month in MONTHS:
        for day in rules.month_days(month):
            for pk, unit_id in employees:
                schedule = shifts.get(unit_id, office)
                if not schedule.is_working(day, holidays) or (pk, day) in on_leave or day >= today:
                    continue
                roll = rng.random()
                if roll < 0.02:
                    continue  # absent without a record
                start = dt.datetime.combine(day, schedule.start)
                end = dt.datetime.combine(day, schedule.end)
                check_in = start - dt.timedelta(minutes=rng.randint(0, 35))
                if roll > 0.90:
                    check_in = start + dt.timedelta(minutes=rng.choice([7, 18, 42, 75, 110]))
                check_out = end + dt.timedelta(minutes=rng.randint(0, 40))
                if 0.02 <= roll < 0.04:
                    check_out = None
                rows.append(
                    {
                        "instansi_id": instansi.pk,
                        "employee_id": pk,
                        "date": day,
                        "check_in": check_in.time(),
                        "check_out": check_out.time() if check_out else None,
                        "ceremony": roll < 0.97,
                        "source": Record.Source.MACHINE,
                    }
                )
    insert_rows(Record, rows)
    _story(instansi, admin, rng)
    for month in MONTHS:
        services.month_compute(instansi=instansi, month=month)


def _story(instansi: Instansi, admin: User, rng: random.Random) -> None:
    """The demo logins' own story: the pegawai forgot to scan out on 5 November (a request waits
    for the atasan) and was late on 12 November with a letter (approved); one sanction."""
    employee = story(instansi).pegawai
    if employee is None:
        return
    Record.objects.update_or_create(
        employee=employee,
        date=dt.date(2026, 11, 5),
        defaults={"instansi": instansi, "check_in": dt.time(7, 21), "check_out": None, "source": Record.Source.MACHINE},
    )
    Record.objects.update_or_create(
        employee=employee,
        date=dt.date(2026, 11, 12),
        defaults={
            "instansi": instansi,
            "check_in": dt.time(9, 2),
            "check_out": dt.time(16, 10),
            "source": Record.Source.MACHINE,
        },
    )
    evidence = ContentFile(b"%PDF-1.4\n% surat tugas rapat koordinasi\n", name="surat-tugas.pdf")
    Correction.objects.get_or_create(
        instansi=instansi,
        employee=employee,
        date=dt.date(2026, 11, 5),
        defaults={
            "check_out": dt.time(16, 15),
            "reason": "Mesin presensi mati saat jam pulang (listrik padam).",
            "evidence": evidence,
        },
    )
    if supervisor := user_of(employee.supervisor):
        late = Correction.objects.create(
            instansi=instansi,
            employee=employee,
            date=dt.date(2026, 11, 12),
            check_in=dt.time(7, 25),
            reason="Rapat koordinasi di kantor camat pagi hari, surat tugas terlampir.",
            evidence=ContentFile(b"%PDF-1.4\n% surat tugas\n", name="surat-tugas-12.pdf"),
        )
        services.correction_decide(correction=late, approve=True, reason="Sesuai surat tugas.", by=supervisor)
    other = Employee.objects.filter(instansi=instansi, is_active=True).exclude(pk=employee.pk).order_by("-nip").first()
    if other is not None and not Sanction.objects.filter(instansi=instansi).exists():
        services.sanction_create(
            employee=other,
            kind="potongan_tunjangan_6",
            decree_number=f"800/{rng.randint(10, 99)}/BKPSDM/2026",
            decree_date=dt.date(2026, 9, 21),
            start=dt.date(2026, 10, 1),
            months=6,
            cut_pct=Decimal("25"),
            by=admin,
        )
    Leave.objects.filter(employee=employee).delete()  # the pegawai's own month stays about the two days above
