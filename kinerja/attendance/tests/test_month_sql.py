"""The month in SQL (selectors.month_rows) against the reference rule in Python
(selectors.month_outcomes + rules.month_totals), and the set-based import: query counts that stay
flat as rows grow, the upsert, idempotence and the audit time stamp."""

import datetime as dt
import random
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.attendance import imports, rules, selectors, services
from kinerja.attendance.models import (
    AttendanceImport,
    CalendarDay,
    DisciplineConfig,
    Leave,
    MonthSummary,
    Record,
    Shift,
)
from kinerja.org.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

CLOCKS = [None, dt.time(7, 0), dt.time(7, 30), dt.time(7, 31, 59), dt.time(8, 0), dt.time(8, 45), dt.time(9, 31)]
CLOCKS_OUT = [None, dt.time(14, 0), dt.time(15, 29), dt.time(15, 59), dt.time(16, 0), dt.time(17, 30)]


def _random_month(cast, seed: int) -> None:
    """A month with everything the rule distinguishes: bands with odd percentages and a grace,
    a shift unit (working on holidays or not), a holiday, cuti bersama, two ceremonies, leave
    (a record on a leave day too), days without record, half records, a record with neither
    time, and, since today is inside the month, days not yet over."""
    rng = random.Random(seed)
    DisciplineConfig.objects.create(
        instansi=cast.instansi,
        year=2026,
        grace_minutes=rng.choice([0, 5]),
        bands=[[15, "0.25"], [45, "0.75"], [90, "1.125"]] if seed % 2 else [[30, "0.5"], [60, "1"], [90, "1.25"]],
        beyond_pct=Decimal("1.5"),
        absent_pct=Decimal(rng.choice(["3", "4", "2.75"])),
        ceremony_pct=Decimal(rng.choice(["0", "2", "1.33"])),
    )
    Shift.objects.create(
        instansi=cast.instansi,
        unit=cast.other_opd,
        name="Pelayanan",
        start=dt.time(8, 0),
        end=dt.time(14, 0),
        weekdays="123456",
        works_on_holidays=bool(seed % 3),
    )
    for day, kind in ((10, "holiday"), (16, "cuti_bersama"), (17, "ceremony"), (2, "ceremony")):
        CalendarDay.objects.create(instansi=cast.instansi, date=dt.date(2026, 11, day), kind=kind, name="x")
    employees = [cast.employee, cast.supervisor, cast.head, cast.outsider]
    employees += [EmployeeFactory(unit=rng.choice([cast.bidang, cast.other_opd])) for _ in range(6)]
    EmployeeFactory(unit=cast.bidang, is_active=False)  # not counted
    for employee in employees[:4]:
        start = dt.date(2026, 11, rng.randint(1, 25))
        Leave.objects.create(
            instansi=cast.instansi,
            employee=employee,
            kind=rng.choice([k.value for k in rules.LeaveKind]),
            start=start,
            end=start + dt.timedelta(days=rng.randint(0, 6)),
            letter_number="1",
            created_by=cast.admin,
        )
    Leave.objects.create(  # from the month before into this one
        instansi=cast.instansi,
        employee=employees[5],
        kind="tugas_belajar",
        start=dt.date(2026, 10, 20),
        end=dt.date(2026, 11, 4),
        letter_number="2",
        created_by=cast.admin,
    )
    records = []
    for employee in employees:
        for day in rules.month_days("2026-11"):
            roll = rng.random()
            if roll < 0.15:
                continue
            check_in, check_out = rng.choice(CLOCKS), rng.choice(CLOCKS_OUT)
            if roll > 0.98:
                check_in = check_out = None
            records.append(
                Record(
                    instansi=cast.instansi,
                    employee=employee,
                    date=day,
                    check_in=check_in,
                    check_out=check_out,
                    ceremony=rng.random() < 0.7,
                )
            )
    Record.objects.bulk_create(records)


@pytest.mark.parametrize("seed", range(6))
def test_month_in_sql_equals_the_rule_day_by_day(cast, other, seed):
    with time_machine.travel(dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)):
        _random_month(cast, seed)
        _random_month(other, seed + 100)  # another tenant's month never leaks in
        days = rules.month_days("2026-11")
        reference = selectors.month_outcomes(instansi=cast.instansi, days=days)
        rows = selectors.month_rows(instansi=cast.instansi, days=days)
    assert len(rows) == len(reference) == 12  # the cast (six active) and six more
    for row in rows:
        expected = rules.month_totals(reference[row.employee_id].values())
        assert row.totals == expected, row.employee_id
    assert any(row.totals.leave_days for row in rows)
    assert any(row.totals.late_days and row.totals.incomplete_days and row.totals.ceremony_missed for row in rows)


def test_a_month_without_records_or_working_days(cast):
    with time_machine.travel(dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)):
        rows = selectors.month_rows(instansi=cast.instansi, days=rules.month_days("2026-11"))
        assert {row.totals.deduction_pct for row in rows} == {Decimal("100")}  # absent every working day
        assert {row.totals.working_days for row in rows} == {21}
        DisciplineConfig.objects.create(instansi=cast.instansi, year=2026, weekdays="7")
        CalendarDay.objects.bulk_create(
            CalendarDay(instansi=cast.instansi, date=dt.date(2026, 11, d), kind="holiday", name="x")
            for d in (1, 8, 15, 22, 29)
        )
        rows = selectors.month_rows(instansi=cast.instansi, days=rules.month_days("2026-11"))
    assert {(row.totals.working_days, row.totals.deduction_pct) for row in rows} == {(0, Decimal("0"))}


def _file(employees, days: int, *, check_in: str = "07:25") -> bytes:
    lines = ["NIP,TANGGAL,MASUK,PULANG,APEL"]
    for employee in employees:
        for day in range(2, 2 + days):
            lines.append(f"{employee.nip},2026-11-{day:02d},{check_in},16:05,Y")
    return ("\n".join(lines) + "\n").encode()


def _apply(cast, content: bytes) -> tuple[AttendanceImport, CaptureQueriesContext]:
    batch = imports.import_preview(instansi=cast.instansi, content=content, filename="p.csv", by=cast.admin)
    assert batch.status == AttendanceImport.Status.PREVIEWED, batch.summary
    with CaptureQueriesContext(connection) as queries:
        imports.import_apply(batch=batch)
    return batch, queries


def test_import_apply_and_month_take_the_same_queries_for_ten_times_the_rows(cast):
    employees = [cast.employee, cast.supervisor]
    with time_machine.travel(dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)):
        _batch, small = _apply(cast, _file(employees, 2))
        employees += [EmployeeFactory(unit=cast.bidang) for _ in range(8)]
        _batch, large = _apply(cast, _file(employees, 20, check_in="07:40"))  # updates and creates
        assert Record.objects.filter(instansi=cast.instansi).count() == 200
        with CaptureQueriesContext(connection) as month_small:
            services.month_compute(instansi=cast.instansi, month="2026-11")
        EmployeeFactory.create_batch(20, unit=cast.other_opd)
        with CaptureQueriesContext(connection) as month_large:
            services.month_compute(instansi=cast.instansi, month="2026-11")
    # validate (employees, existing records), one upsert, the batch, the month: whatever the rows
    assert len(large.captured_queries) == len(small.captured_queries) <= 25
    assert len(month_small.captured_queries) == len(month_large.captured_queries) <= 14
    assert (
        MonthSummary.objects.filter(instansi=cast.instansi, month="2026-11").count() == 34
    )  # six of the cast, 8 + 20 more


def test_reimport_touches_only_changed_machine_days_and_stamps_them(cast):
    with time_machine.travel(dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)) as clock:
        _apply(cast, _file([cast.employee, cast.supervisor], 3))
        services.record_enter(
            employee=cast.employee,
            date=dt.date(2026, 11, 3),
            check_in=dt.time(7, 0),
            check_out=dt.time(16, 0),
            reason="Mesin rusak",
            by=cast.admin,
        )
        before = dict(Record.objects.values_list("pk", "updated_at"))
        clock.shift(dt.timedelta(hours=1))
        batch = imports.import_preview(
            instansi=cast.instansi, content=_file([cast.employee, cast.supervisor], 3), filename="p.csv", by=cast.admin
        )
        assert batch.summary["counts"] | {} == {
            "rows": 6,
            "create": 0,
            "update": 0,
            "unchanged": 5,
            "kept_manual": 1,
            "error_rows": 0,
        }
        imports.import_apply(batch=batch)
        assert dict(Record.objects.values_list("pk", "updated_at")) == before  # nothing was written
        clock.shift(dt.timedelta(hours=1))
        _apply(cast, _file([cast.employee, cast.supervisor], 3, check_in="08:10"))
    manual = Record.objects.get(employee=cast.employee, date=dt.date(2026, 11, 3))
    assert (manual.source, manual.check_in) == (Record.Source.MANUAL, dt.time(7, 0))
    changed = Record.objects.exclude(pk=manual.pk)
    assert {r.check_in for r in changed} == {dt.time(8, 10)}
    # the time stamp moves with the change: a closed TPP month sees it (tpp _changed_since_close)
    assert all(r.updated_at > before[r.pk] for r in changed)


def test_a_file_without_the_ceremony_column_keeps_the_stored_ceremony(cast):
    with time_machine.travel(dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)):
        _apply(cast, _file([cast.employee], 1))
        batch, _queries = _apply(
            cast, b"NIP,TANGGAL,MASUK,PULANG\n" + f"{cast.employee.nip},2026-11-02,07:50,16:05\n".encode()
        )
    record = Record.objects.get(employee=cast.employee)
    assert (record.check_in, record.ceremony) == (dt.time(7, 50), True)
    assert batch.summary["counts"]["update"] == 1
