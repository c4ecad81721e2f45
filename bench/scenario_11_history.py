"""Scenario 11: ``manage.py import_history`` of past activities (issue #15, docs/import-history.md).

On a fresh, empty database: migrate, ``generate_scale --no-plans`` (employees with supervisors),
ANALYZE; then a JSON Lines file of a past year's activities (each employee ``--per-employee``
entries, decided by their supervisor, a few returned, a few still waiting) is imported in a
child process: the dry run, the import, and the same file again (which must add nothing).
Baselines in the same run: reading and parsing the file alone (``json.loads`` per line), and a
bare load of the same rows into a scratch table with the activity table's unique key (``COPY``
on PostgreSQL, ``executemany`` on SQLite).

    DATABASE_URL=… python bench/scenario_11_history.py --employees 10000 --per-employee 100
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid

from common import ROOT, emit
from django.core.management import call_command
from django.db import connection

YEAR = 2025


def write_file(path: str, per_employee: int) -> int:
    """One line per past entry: working days of 2025 in turn, 09:00 submissions decided the next
    morning; every 20th returned with a comment, every 50th still waiting."""
    from kinerja.org.models import Employee

    days = [d for d in (dt.date(YEAR, 1, 1) + dt.timedelta(n) for n in range(365)) if d.weekday() < 5]
    people = Employee.objects.filter(instansi__code="bench", supervisor__isnull=False).values_list(
        "nip", "supervisor__nip"
    )
    lines = 0
    with open(path, "w", encoding="utf-8") as out:
        for index, (nip, boss) in enumerate(people.iterator(chunk_size=5000)):
            for n in range(per_employee):
                day = days[(index + n * 2) % len(days)]
                roll = (index + n) % 100
                line = {
                    "type": "activity",
                    "id": f"lama-{index}-{n}",
                    "nip": nip,
                    "date": day.isoformat(),
                    "minutes": 30 + roll % 6 * 30,
                    "description": f"Kegiatan {n} dari sistem lama",
                    "quantity": 1,
                    "submitted_at": f"{day.isoformat()}T09:00:00+07:00",
                }
                if roll % 50 == 49:
                    line["decision"] = "submitted"
                else:
                    line["decision"] = "returned" if roll % 20 == 19 else "verified"
                    line["decided_at"] = f"{(day + dt.timedelta(1)).isoformat()}T08:30:00+07:00"
                    line["verifier_nip"] = boss
                    if line["decision"] == "returned":
                        line["comment"] = "Lengkapi bukti"
                out.write(json.dumps(line) + "\n")
                lines += 1
    return lines


def _import(path: str, *extra: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "import_history", path, "--instansi", "bench", *extra],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return time.perf_counter() - start


def _parse_only(path: str) -> float:
    start = time.perf_counter()
    with open(path, encoding="utf-8") as source:
        for line in source:
            json.loads(line)
    return time.perf_counter() - start


def _bare_load(path: str) -> float:
    """The same rows, parsed and loaded bare into a scratch table with a unique key like the
    activity table's (employee, client token, date)."""
    rows = []
    with open(path, encoding="utf-8") as source:
        for line in source:
            value = json.loads(line)
            rows.append(
                (value["nip"], str(uuid.uuid5(uuid.NAMESPACE_URL, value["id"])), value["date"], value["minutes"])
            )
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_history (nip varchar(18), token varchar(36), d date, minutes integer, "
            "UNIQUE (nip, token, d))"
        )
        if connection.vendor == "postgresql":
            with cursor.cursor.copy("COPY bench_history (nip, token, d, minutes) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany("INSERT INTO bench_history VALUES (%s, %s, %s, %s)", rows)
        elapsed = time.perf_counter() - start
        cursor.execute("DROP TABLE bench_history")
    return elapsed


def run(employees: int, per_employee: int) -> dict:
    from kinerja.activities.models import Activity

    call_command("migrate", verbosity=0)
    call_command(
        "generate_scale", employees=employees, seed=42, instansi="bench", no_plans=True, stdout=open(os.devnull, "w")
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, "riwayat.jsonl")
        lines = write_file(path, per_employee)
        dry = _import(path, "--dry-run")
        applied = _import(path)
        imported = Activity.objects.filter(instansi__code="bench").count()
        again = _import(path)
        assert Activity.objects.filter(instansi__code="bench").count() == imported, "the same file added rows"
        parse = _parse_only(path)
        bare = _bare_load(path)
    return {
        "vendor": connection.vendor,
        "measured": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "employees": employees,
        "lines": lines,
        "imported": imported,
        "dry_run_s": dry,
        "import_s": applied,
        "again_s": again,
        "parse_s": parse,
        "bare_load_s": bare,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=10000)
    parser.add_argument("--per-employee", type=int, default=100)
    args = parser.parse_args()
    emit(run(args.employees, args.per_employee))
