"""Reads of the attendance app: the days of a month for many employees in a fixed number of
queries, the employee's calendar, lists for the admin and the supervisor."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

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


# ----------------------------------------------------------------------- the month, in SQL
@dataclass(frozen=True)
class MonthRow:
    """The totals of one employee's month, as ``rules.month_totals`` gives them."""

    employee_id: int
    totals: rules.MonthTotals


def _pct_scale(values) -> int:
    """The power of ten that makes every configured percentage a whole number (0.5 → 1, 1.25
    → 2): the database sums integers, exactly, on SQLite as on PostgreSQL."""
    places = 0
    for value in values:
        exponent = value.normalize().as_tuple().exponent
        places = max(places, -exponent if isinstance(exponent, int) else 0)
    return min(places, 6)


def _minutes_sql(column: str) -> str:
    """Minutes since midnight of a time column (seconds ignored, as ``rules.minutes_between``)."""
    if connection.vendor == "postgresql":
        return f"(EXTRACT(HOUR FROM {column}) * 60 + EXTRACT(MINUTE FROM {column}))::integer"
    # SQLite keeps a TimeField as text "HH:MM:SS[.ffffff]".
    return f"(CAST(substr({column}, 1, 2) AS INTEGER) * 60 + CAST(substr({column}, 4, 2) AS INTEGER))"


def _band_sql(minutes: str, discipline: rules.DisciplineRules, scaled) -> str:
    """``rules.band_pct`` as a CASE over integer percentages."""
    parts = [f"WHEN {minutes} <= {int(discipline.grace_minutes)} THEN 0"]
    parts += [f"WHEN {minutes} <= {int(band.upto)} THEN {scaled(band.pct)}" for band in discipline.bands]
    return f"CASE {' '.join(parts)} ELSE {scaled(discipline.beyond_pct)} END"


DAYS_TABLE = "attendance_month_days"


@contextmanager
def _days_table(cursor, rows: list[tuple]):
    """A temporary table of (schedule, working day) with its flags and clock, keyed for the
    join with the records: a VALUES list cannot carry an index, and SQLite then scanned it for
    every record (5 s at 10,000 employees instead of 0.5 s)."""
    q = connection.ops.quote_name
    name = f"temp.{q(DAYS_TABLE)}" if connection.vendor == "sqlite" else f"pg_temp.{q(DAYS_TABLE)}"
    cursor.execute(f"DROP TABLE IF EXISTS {name}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {q(DAYS_TABLE)} (grp integer NOT NULL, d date NOT NULL, cer integer NOT NULL, "
        "fut integer NOT NULL, smin integer NOT NULL, emin integer NOT NULL, PRIMARY KEY (grp, d))"
    )
    try:
        if rows:
            cursor.executemany(f"INSERT INTO {q(DAYS_TABLE)} VALUES (%s, %s, %s, %s, %s, %s)", rows)
        yield q(DAYS_TABLE)
    finally:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")


def month_rows(*, instansi: Instansi, days: list[dt.date]) -> list[MonthRow]:
    """Every active employee's month totals, as ``rules.day_outcome`` and ``rules.month_totals``
    give them, aggregated by the database: ten statements whatever the number of employees
    (config, calendar, shifts; the temporary table of working days made, filled and dropped;
    employees, the leave days, the records' totals per employee).
    ``month_outcomes`` stays the reference for one employee's calendar; a test holds both to
    the same result on random months.

    The working days of each schedule (the office week, or a unit's shift with or without the
    holidays) are a few hundred (schedule, day) pairs computed here and put in a keyed temporary
    table.
    The records are scanned once and summed per employee in SQL (a day on leave is never
    counted as worked); the days without a record then follow by subtraction: working days −
    leave − worked − days not yet over = absent. Nothing is done per employee-day in Python."""
    from .services import local_today

    first, last = days[0], days[-1]
    config = _config(instansi, first.year)
    discipline = config.as_rules()
    calendar = list(
        CalendarDay.objects.filter(instansi=instansi, date__range=(first, last)).values_list("date", "kind")
    )
    holidays = frozenset(d for d, kind in calendar if kind != CalendarDay.Kind.CEREMONY)
    ceremonies = frozenset(d for d, kind in calendar if kind == CalendarDay.Kind.CEREMONY)
    today = local_today(instansi)
    schedules = {0: (config.schedule(), holidays)}
    for shift in Shift.objects.filter(instansi=instansi):
        schedules[shift.pk] = (shift.schedule(), frozenset() if shift.works_on_holidays else holidays)

    pcts = [band.pct for band in discipline.bands]
    pcts += [discipline.beyond_pct, discipline.absent_pct, discipline.ceremony_pct]
    scale = _pct_scale(pcts)

    def scaled(value) -> int:
        return int(value.scaleb(scale))

    day_rows = []
    working: dict[int, int] = {}  # schedule → working days of the month
    future: dict[int, int] = {}  # schedule → working days not yet over (today included)
    for group, (schedule, off_days) in schedules.items():
        start = schedule.start.hour * 60 + schedule.start.minute
        end = schedule.end.hour * 60 + schedule.end.minute
        for day in days:
            if schedule.is_working(day, off_days):
                day_rows.append((group, day, int(day in ceremonies), int(day >= today), start, end))
                working[group] = working.get(group, 0) + 1
                future[group] = future.get(group, 0) + int(day >= today)
    q = connection.ops.quote_name
    employee, record, leave, shift = (q(model._meta.db_table) for model in (Employee, Record, Leave, Shift))
    start_col, end_col = q("start"), q("end")  # "end" is a reserved word
    group_of = f"""
          FROM {employee} e
          LEFT JOIN {shift} s ON s.unit_id = e.unit_id AND s.instansi_id = e.instansi_id
    """
    with connection.cursor() as cursor, _days_table(cursor, day_rows) as days_table:
        cursor.execute(
            f"SELECT e.id, COALESCE(s.id, 0) {group_of} WHERE e.instansi_id = %s AND e.is_active",  # noqa: S608
            [instansi.pk],
        )
        employees = cursor.fetchall()

        # The days on leave (few rows): per employee and working day the kind of the leave that
        # starts first, as month_outcomes.
        cursor.execute(
            f"""SELECT l.employee_id, d.d, d.fut, l.kind, l.{start_col}, l.id
              FROM {leave} l
              JOIN {employee} e ON e.id = l.employee_id AND e.instansi_id = l.instansi_id AND e.is_active
              LEFT JOIN {shift} s ON s.unit_id = e.unit_id AND s.instansi_id = e.instansi_id
              JOIN {days_table} d ON d.grp = COALESCE(s.id, 0) AND d.d >= l.{start_col} AND d.d <= l.{end_col}
             WHERE l.instansi_id = %s AND l.{start_col} <= %s AND l.{end_col} >= %s""",  # noqa: S608
            [instansi.pk, last, first],
        )
        leave_days: dict[tuple[int, object], tuple] = {}
        for employee_id, day, fut, kind, starts, pk in cursor.fetchall():
            key = (employee_id, day)
            if key not in leave_days or (starts, pk) < leave_days[key][2:]:
                leave_days[key] = (kind, fut, starts, pk)
        leave_of: dict[int, dict[str, int]] = defaultdict(dict)
        leave_future: dict[int, int] = defaultdict(int)
        for (employee_id, _day), (kind, fut, _starts, _pk) in leave_days.items():
            leave_of[employee_id][kind] = leave_of[employee_id].get(kind, 0) + 1
            leave_future[employee_id] += int(fut)

        # The records of working days not on leave, scored and summed per employee.
        cin, cout = _minutes_sql("r.check_in"), _minutes_sql("r.check_out")
        beyond = scaled(discipline.beyond_pct)
        cursor.execute(
            # Each step is materialised: inlined, SQLite evaluated the clock arithmetic once per
            # mention (some sixty times a row; 6 s instead of 1 s at 10,000 employees).
            f"""WITH x AS MATERIALIZED (
                SELECT r.employee_id AS employee_id, d.fut AS fut,
                       CASE WHEN d.cer = 1 AND NOT r.ceremony THEN 1 ELSE 0 END AS missed,
                       CASE WHEN r.check_in IS NULL THEN NULL
                            WHEN {cin} > d.smin THEN {cin} - d.smin ELSE 0 END AS late,
                       CASE WHEN r.check_out IS NULL THEN NULL
                            WHEN d.emin > {cout} THEN d.emin - {cout} ELSE 0 END AS early
                  FROM {record} r
                  JOIN {employee} e ON e.id = r.employee_id AND e.is_active
                  LEFT JOIN {shift} s ON s.unit_id = e.unit_id AND s.instansi_id = e.instansi_id
                  JOIN {days_table} d ON d.grp = COALESCE(s.id, 0) AND d.d = r.date
                 WHERE r.instansi_id = %s AND r.date >= %s AND r.date <= %s
                   AND (r.check_in IS NOT NULL OR r.check_out IS NOT NULL)
                   AND NOT EXISTS (
                       SELECT 1 FROM {leave} l
                        WHERE l.employee_id = r.employee_id AND l.{start_col} <= r.date AND l.{end_col} >= r.date)
            ), y AS MATERIALIZED (
                SELECT employee_id, fut, late, early, missed,
                       CASE WHEN late IS NULL OR early IS NULL THEN 0 ELSE 1 END AS complete,
                       CASE WHEN late IS NULL THEN {beyond} ELSE {_band_sql("late", discipline, scaled)} END
                     + CASE WHEN early IS NULL THEN {beyond} ELSE {_band_sql("early", discipline, scaled)} END
                       AS bands
                  FROM x
            )
            SELECT employee_id, COUNT(*), SUM(fut),
                   SUM(CASE WHEN complete = 1 AND bands = 0 THEN 1 ELSE 0 END),
                   SUM(CASE WHEN complete = 1 AND bands > 0 THEN 1 ELSE 0 END),
                   SUM(1 - complete),
                   SUM(missed), SUM(COALESCE(late, 0)), SUM(COALESCE(early, 0)),
                   SUM(bands + missed * {scaled(discipline.ceremony_pct)})
              FROM y
             GROUP BY employee_id""",  # noqa: S608 (table names and integers only; values are parameters)
            [instansi.pk, first, last],
        )
        worked = {row[0]: row[1:] for row in cursor.fetchall()}

    nothing = (0, 0, 0, 0, 0, 0, 0, 0, 0)
    absent_points = scaled(discipline.absent_pct)
    result = []
    for employee_id, group in employees:
        count, count_future, present, late, incomplete, missed, late_min, early_min, points = worked.get(
            employee_id, nothing
        )
        on_leave = leave_of.get(employee_id, {})
        leave_total = sum(on_leave.values())
        days_working = working.get(group, 0)
        not_yet = future.get(group, 0) - leave_future.get(employee_id, 0) - int(count_future or 0)
        absent = days_working - leave_total - int(count) - not_yet
        points = int(points or 0) + absent * absent_points
        deduction = Decimal(points).scaleb(-scale) if points else rules.ZERO
        if days_working and absent == days_working:
            deduction = rules.HUNDRED  # as rules.month_totals: absent the whole month
        totals = rules.MonthTotals(
            working_days=days_working,
            present_days=int(present or 0),
            late_days=int(late or 0),
            incomplete_days=int(incomplete or 0),
            absent_days=absent,
            leave_days=dict(on_leave),
            ceremony_missed=int(missed or 0),
            late_minutes=int(late_min or 0),
            early_minutes=int(early_min or 0),
            deduction_pct=min(deduction, rules.HUNDRED),
        )
        result.append(MonthRow(employee_id, totals))
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
