"""Reads of the attendance app: the days of a month for many employees in a fixed number of
queries, the employee's calendar, lists for the admin and the supervisor."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet

from kinerja.org.models import Employee, Instansi

from . import rules
from .models import CalendarDay, Correction, DisciplineConfig, Leave, MonthSummary, Record, Sanction, Shift


def _config(instansi: Instansi, year: int) -> DisciplineConfig:
    """The year's rules as a reader sees them, written nowhere (a page or a pimpinan's visit must
    not create rows): the year's own, else an unsaved copy of the latest earlier one, else the
    defaults. ``services.config_for`` stores the copy when an admin edits it."""
    config = DisciplineConfig.objects.filter(instansi=instansi, year__lte=year).order_by("-year").first()
    if config is None:
        return DisciplineConfig(instansi=instansi, year=year)
    if config.year != year:
        config.pk = None
        config.year = year
    return config


def month_outcomes(
    *, instansi: Instansi, days: list[dt.date], employee_ids: list[int] | None = None
) -> dict[int, dict[dt.date, rules.DayOutcome]]:
    """Each employee's outcome of each day of ``days`` (one month): six queries whatever the
    number of employees (config, calendar, shifts, employees, leave, records)."""
    first, last = days[0], days[-1]
    config = _config(instansi, first.year)
    discipline = config.as_rules()
    default_schedule = config.schedule()
    calendar = list(
        CalendarDay.objects.filter(instansi=instansi, date__range=(first, last)).values_list("date", "kind")
    )
    holidays = frozenset(d for d, kind in calendar if kind != CalendarDay.Kind.CEREMONY)
    ceremonies = frozenset(d for d, kind in calendar if kind == CalendarDay.Kind.CEREMONY)
    shifts = {s.unit_id: s for s in Shift.objects.filter(instansi=instansi)}
    shift_schedules = {unit_id: s.schedule() for unit_id, s in shifts.items()}
    employees = Employee.objects.filter(instansi=instansi, is_active=True)
    if employee_ids is not None:
        employees = employees.filter(pk__in=employee_ids)
    employees = list(employees.values_list("pk", "unit_id"))
    ids = [pk for pk, _unit in employees] if employee_ids is not None else None

    leave_of: dict[int, dict[dt.date, str]] = defaultdict(dict)
    leaves = Leave.objects.filter(instansi=instansi, start__lte=last, end__gte=first)
    if ids is not None:
        leaves = leaves.filter(employee_id__in=ids)
    for employee_id, kind, start, end in leaves.values_list("employee_id", "kind", "start", "end"):
        day = max(start, first)
        while day <= min(end, last):
            leave_of[employee_id][day] = kind
            day += dt.timedelta(days=1)

    records_of = records_by_employee(instansi, first, last, ids)
    from .services import local_today

    today = local_today(instansi)
    result: dict[int, dict[dt.date, rules.DayOutcome]] = {}
    no_record = (None, None, False)
    # Most employee-days repeat a handful of combinations (on time, the same few minutes late):
    # the pure rule runs once per combination, keyed by plain values (bench scenario 7).
    cache: dict[tuple, rules.DayOutcome] = {}
    schedules = {id(s): s for s in [default_schedule, *shift_schedules.values()]}
    for employee_id, unit_id in employees:
        schedule = shift_schedules.get(unit_id, default_schedule)
        shift = shifts.get(unit_id)
        off_days = frozenset() if shift is not None and shift.works_on_holidays else holidays
        leave_days = leave_of.get(employee_id, {})
        day_records = records_of.get(employee_id, {})
        per_day = {}
        for day in days:
            check_in, check_out, ceremony = day_records.get(day, no_record)
            key = (
                id(schedule),
                schedule.is_working(day, off_days),
                check_in,
                check_out,
                leave_days.get(day, ""),
                day in ceremonies,
                ceremony,
                day >= today and check_in is None and check_out is None,
            )
            outcome = cache.get(key)
            if outcome is None:
                outcome = cache[key] = rules.day_outcome(
                    working=key[1],
                    schedule=schedules[key[0]],
                    rules=discipline,
                    check_in=check_in,
                    check_out=check_out,
                    leave_kind=key[4],
                    ceremony_day=key[5],
                    ceremony_attended=ceremony,
                    is_future=key[7],
                )
            per_day[day] = outcome
        result[employee_id] = per_day
    return result


def records_by_employee(
    instansi: Instansi, first: dt.date, last: dt.date, ids: list[int] | None, *, source: bool = False
) -> dict:
    """employee id → {date: (check_in, check_out, ceremony[, source])}, read with a plain cursor:
    the ORM's per-value converters cost more than the whole rule on 200,000 rows (bench scenario 7)."""
    table = Record._meta.db_table
    sql = (
        f"SELECT employee_id, date, check_in, check_out, ceremony, source FROM {table} "  # noqa: S608 (fixed names)
        "WHERE instansi_id = %s AND date >= %s AND date <= %s"
    )
    params: list = [instansi.pk, first, last]
    if ids is not None:
        sql += f" AND employee_id IN ({', '.join(['%s'] * len(ids))})" if ids else " AND 1 = 0"
        params += ids
    records_of: dict[int, dict[dt.date, tuple]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(5000):
            for employee_id, date, check_in, check_out, ceremony, origin in chunk:
                values = (_as_time(check_in), _as_time(check_out), bool(ceremony))
                records_of[employee_id][_as_date(date)] = (*values, origin) if source else values
    return records_of


def _as_date(value) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _as_time(value) -> dt.time | None:
    return dt.time.fromisoformat(value) if isinstance(value, str) else value


@dataclass
class CalendarCell:
    date: dt.date
    outcome: rules.DayOutcome | None  # None: a day of the neighbouring month (padding)
    record: Record | None = None
    holiday: str = ""
    correction: Correction | None = None


def employee_month(*, employee: Employee, month: str) -> tuple[list[list[CalendarCell]], rules.MonthTotals]:
    """The employee's month as weeks of seven cells (Monday first), and its totals."""
    days = rules.month_days(month)
    outcomes = month_outcomes(instansi=employee.instansi, days=days, employee_ids=[employee.pk]).get(employee.pk, {})
    records = {r.date: r for r in Record.objects.filter(employee=employee, date__range=(days[0], days[-1]))}
    names = dict(
        CalendarDay.objects.filter(instansi_id=employee.instansi_id, date__range=(days[0], days[-1])).values_list(
            "date", "name"
        )
    )
    corrections = {
        c.date: c
        for c in Correction.objects.filter(employee=employee, date__range=(days[0], days[-1])).order_by("created_at")
    }
    cells = [CalendarCell(None, None) for _ in range(days[0].weekday())]
    for day in days:
        cells.append(CalendarCell(day, outcomes.get(day), records.get(day), names.get(day, ""), corrections.get(day)))
    while len(cells) % 7:
        cells.append(CalendarCell(None, None))
    weeks = [cells[i : i + 7] for i in range(0, len(cells), 7)]
    totals = rules.month_totals(outcomes.values())
    return weeks, totals


def summaries(*, instansi: Instansi, month: str) -> QuerySet[MonthSummary]:
    return (
        MonthSummary.objects.filter(instansi=instansi, month=month)
        .select_related("employee", "employee__unit")
        .order_by("employee__unit__path", "employee__name")
    )


def corrections_for_supervisor(*, supervisor: Employee) -> QuerySet[Correction]:
    return (
        Correction.objects.filter(instansi_id=supervisor.instansi_id, employee__supervisor=supervisor)
        .select_related("employee", "decided_by")
        .order_by("status", "-created_at")
    )


def active_sanction_cuts(*, instansi: Instansi, month_first: dt.date) -> dict[int, list]:
    """employee id → the cuts of the sanctions that cover this month (one query)."""
    cuts: dict[int, list] = defaultdict(list)
    rows = Sanction.objects.filter(instansi=instansi, start__lt=rules.next_month_first(month_first)).values_list(
        "employee_id", "start", "months", "cut_pct"
    )
    for employee_id, start, months, cut in rows:
        if rules.sanction_covers(start, months, month_first):
            cuts[employee_id].append(cut)
    return cuts


def sanctions_list(*, instansi: Instansi) -> QuerySet[Sanction]:
    return Sanction.objects.filter(instansi=instansi).select_related("employee", "employee__unit")


def leaves_list(*, instansi: Instansi) -> QuerySet[Leave]:
    return Leave.objects.filter(instansi=instansi).select_related("employee")
