"""Scenario 7: the TPP month of a whole instansi: a month of machine attendance imported (dry run,
applied, the same file again), then ``manage.py tpp`` in a child process (wall time and peak
memory); baseline: one hand-written SQL aggregation of the same month's records per employee
joined with their position class (median of three).

Alone, on data from scenario 6: ``DATABASE_URL=… python bench/scenario_7_tpp.py``
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import time

from common import ROOT, emit
from django.db import connection

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


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--instansi", default="bench")
    emit(scenario_tpp(parser.parse_args().instansi))
