"""Scenario 7: the TPP month of a whole instansi: a month of machine attendance imported (dry run,
applied, the same file again), then ``manage.py tpp`` in a child process (wall time and peak
memory); baseline: one hand-written SQL aggregation of the same month's records per employee
joined with their position class (median of three).

Alone, on data from scenario 6: ``DATABASE_URL=… python bench/scenario_7_tpp.py``; on a fresh,
empty database with its own data (migrate, ``generate_scale --no-plans``, ANALYZE):
``DATABASE_URL=… python bench/scenario_7_tpp.py --setup 10000`` (``bench/run.py --tpp-sizes``).

Baselines: the import beside a bare load of the same rows (the CSV read by the csv module, the
tuples sent by ``executemany`` on SQLite and ``COPY`` on PostgreSQL) into a scratch table with the
same indexes; the TPP month beside one SQL aggregation of the month's records per employee.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import time

from common import ROOT, emit
from django.db import connection, transaction

MONTH = "2026-11"


def _attendance_csv(instansi) -> bytes:
    """One row per employee and working day (the "days" layout of docs/attendance.md): on time
    mostly, some late, a few without check-out, some days absent."""
    from kinerja.attendance import rules
    from kinerja.org.models import Employee

    lines = ["NIP,TANGGAL,MASUK,PULANG,APEL"]
    days = [d for d in rules.month_days(MONTH) if d.weekday() < 5]
    for index, nip in enumerate(
        Employee.objects.filter(instansi=instansi, is_active=True).values_list("nip", flat=True)
    ):
        for number, day in enumerate(days):
            roll = (index * 31 + number * 7) % 100
            if roll < 2:
                continue
            check_in = f"07:2{roll % 10}" if roll < 90 else f"08:{roll % 60:02d}"
            check_out = "" if roll in (50, 51) else f"16:0{roll % 10}"
            lines.append(f"{nip},{day.isoformat()},{check_in},{check_out},{'Y' if roll < 97 else 'N'}")
    return ("\n".join(lines) + "\n").encode()


def scenario_tpp(instansi_code: str = "bench") -> dict:
    from kinerja.accounts.models import User
    from kinerja.attendance import imports
    from kinerja.attendance.models import AttendanceImport
    from kinerja.org.models import Instansi
    from kinerja.tpp import services
    from kinerja.tpp.models import TppLine

    instansi = Instansi.objects.get(code=instansi_code)
    setting = services.setting_for(instansi=instansi, year=2026)
    services.setting_update(
        setting=setting, class_amounts={str(k): 1_500_000 + 650_000 * k for k in range(1, 18)}, no_report_pct=100
    )
    by = User.objects.filter(instansi=instansi, role=User.Role.ADMIN).first() or User.objects.create_user(
        f"bench-tpp-{instansi_code}", "x", instansi=instansi, role=User.Role.ADMIN
    )
    content = _attendance_csv(instansi)
    start = time.perf_counter()
    batch = imports.import_preview(instansi=instansi, content=content, filename="presensi.csv", by=by)
    dry = time.perf_counter() - start
    assert batch.status == AttendanceImport.Status.PREVIEWED, (
        batch.summary["file_errors"] or batch.summary["errors"][:3]
    )
    start = time.perf_counter()
    imports.import_apply(batch=batch)
    applied = time.perf_counter() - start
    start = time.perf_counter()
    again = imports.import_preview(instansi=instansi, content=content, filename="presensi.csv", by=by)
    imports.import_apply(batch=again)
    reimport = time.perf_counter() - start
    assert again.summary["counts"]["create"] == 0 and again.summary["counts"]["update"] == 0
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # statistics of the freshly loaded month before the TPP (not timed)

    import_baseline = _import_baseline(content)

    def tpp() -> tuple[float, float, float]:
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "manage.py", "tpp", "--instansi", instansi_code, "--month", MONTH, "-v", "2"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        seconds = float(done.stdout.rsplit("dalam", 1)[1].split()[0])
        peak_mb = float(done.stdout.rsplit("memori puncak:", 1)[1].split()[0])
        return seconds, time.perf_counter() - start, peak_mb

    seconds, process_s, peak_mb = tpp()
    rerun, _process, rerun_peak = tpp()  # a draft month recomputed
    first, last = dt.date(2026, 11, 1), dt.date(2026, 11, 30)
    baselines = []
    with connection.cursor() as cursor:
        for _ in range(3):
            start = time.perf_counter()
            cursor.execute(
                "SELECT e.id, p.grade, COUNT(r.id), SUM(CASE WHEN r.check_in > %s THEN 1 ELSE 0 END) "
                "FROM org_employee e LEFT JOIN org_position p ON p.id = e.position_id "
                "LEFT JOIN attendance_record r ON r.employee_id = e.id AND r.date BETWEEN %s AND %s "
                "WHERE e.instansi_id = %s AND e.is_active GROUP BY e.id, p.grade",
                ["07:30:00", first, last, instansi.pk],
            )
            cursor.fetchall()
            baselines.append(time.perf_counter() - start)
    return {
        "rows": content.count(b"\n") - 1,
        "import_baseline_s": import_baseline,
        "import_dry_run_s": dry,
        "import_apply_s": applied,
        "reimport_s": reimport,
        "seconds": seconds,
        "rerun_s": rerun,
        "process_s": process_s,
        "peak_mb": max(peak_mb, rerun_peak),
        "baseline_s": statistics.median(baselines),
        "lines": TppLine.objects.filter(instansi=instansi, month__month=MONTH).count(),
    }


def _import_baseline(content: bytes) -> float:
    """The floor of an import: read the CSV with the csv module, look the NIPs up in one dict,
    and load the tuples into a scratch copy of attendance_record with the same indexes."""
    import csv
    import io

    from kinerja.org.models import Employee

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_record")
        cursor.execute(
            "CREATE TABLE bench_record (id integer PRIMARY KEY, instansi_id integer NOT NULL, "
            "employee_id integer NOT NULL, date date NOT NULL, check_in time NULL, check_out time NULL, "
            "ceremony boolean NOT NULL)"
        )
        cursor.execute("CREATE UNIQUE INDEX bench_record_day ON bench_record (employee_id, date)")
        cursor.execute("CREATE INDEX bench_record_month ON bench_record (instansi_id, date)")
        start = time.perf_counter()
        nips = dict(Employee.objects.values_list("nip", "pk"))
        rows = [
            (n, 1, nips[nip], day, check_in or None, check_out or None, apel == "Y")
            for n, (nip, day, check_in, check_out, apel) in enumerate(
                list(csv.reader(io.StringIO(content.decode())))[1:], start=1
            )
        ]
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with cursor.cursor.copy("COPY bench_record FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany("INSERT INTO bench_record VALUES (%s, %s, %s, %s, %s, %s, %s)", rows)
        elapsed = time.perf_counter() - start
        cursor.execute("DROP TABLE bench_record")
    return elapsed


def setup(employees: int) -> dict:
    """A fresh database for this scenario alone: migrated, N employees, statistics gathered."""
    import io

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("generate_scale", employees=employees, seed=42, instansi="bench", no_plans=True, stdout=io.StringIO())
    generated = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"employees": employees, "generate_s": generated}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--instansi", default="bench")
    parser.add_argument("--setup", type=int, help="migrate and generate this many employees first")
    args = parser.parse_args()
    figures = setup(args.setup) if args.setup else {}
    figures.update(scenario_tpp(args.instansi))
    emit(figures)
