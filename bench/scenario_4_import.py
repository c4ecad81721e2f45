"""Scenario 4: XLSX import of N employees (dry run, applied, re-imported with every row changed).

Alone, after scenario 6: ``DATABASE_URL=… python bench/scenario_4_import.py --employees 10000``
"""

from __future__ import annotations

import argparse
import io
import time

from common import emit
from django.conf import settings


def scenario_import(employees: int) -> dict:
    """XLSX import of N employees (dry run, then real); baseline: only reading the workbook."""
    from openpyxl import load_workbook

    from kinerja.accounts.models import User
    from kinerja.org import imports
    from kinerja.org.models import Employee, ImportBatch, Instansi

    source = Instansi.objects.get(code="bench")
    target = Instansi.objects.create(code="bench-import", name="Bench import", kind="kota", province="-")
    # The target gets the same unit codes, so the file's UNOR_ID resolve.
    from kinerja.org.demo import _create_units

    specs = [
        (u.code, u.name, u.kind, u.parent.code if u.parent else None) for u in source.units.select_related("parent")
    ]
    _create_units(target, specs)
    rows = Employee.objects.filter(instansi=source).select_related("unit", "position", "supervisor")[:employees]
    content = _employee_workbook(rows, imports.EMPLOYEE_COLUMNS)
    # The monthly sync after a wave of graduations: every employee's degree changed.
    changed = _employee_workbook(rows, imports.EMPLOYEE_COLUMNS, back_title="M.Si.")
    settings.IMPORT_MAX_BYTES = max(settings.IMPORT_MAX_BYTES, len(content) + 1, len(changed) + 1)
    settings.IMPORT_MAX_ROWS = max(settings.IMPORT_MAX_ROWS, employees)
    by = User.objects.create_user("bench-importer", "x", instansi=target, role=User.Role.ADMIN)

    start = time.perf_counter()
    list(load_workbook(io.BytesIO(content), read_only=True).worksheets[0].iter_rows(values_only=True))
    baseline = time.perf_counter() - start
    start = time.perf_counter()
    batch = imports.import_preview(
        instansi=target, kind=ImportBatch.Kind.EMPLOYEES, content=content, filename="b.xlsx", by=by
    )
    dry = time.perf_counter() - start
    assert batch.status == ImportBatch.Status.PREVIEWED, (
        batch.summary["file_errors"] or [r for r in batch.summary["rows"] if r["errors"]][:3]
    )
    start = time.perf_counter()
    imports.import_apply(batch=batch)
    real = time.perf_counter() - start
    assert Employee.objects.filter(instansi=target).count() == len(rows)
    start = time.perf_counter()
    batch = imports.import_preview(
        instansi=target, kind=ImportBatch.Kind.EMPLOYEES, content=changed, filename="c.xlsx", by=by
    )
    imports.import_apply(batch=batch)
    again = time.perf_counter() - start
    assert Employee.objects.filter(instansi=target, back_title="M.Si.").count() == len(rows)
    return {
        "rows": len(rows),
        "bytes": len(content),
        "dry_run_s": dry,
        "apply_s": real,
        "reimport_s": again,
        "baseline_read_s": baseline,
    }


def _employee_workbook(rows, columns, back_title: str | None = None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(columns))
    for e in rows:
        sheet.append(
            [
                e.nip,
                e.name,
                e.front_title,
                back_title or e.back_title,
                e.get_status_display(),
                e.rank,
                e.unit.code,
                e.position.name,
                e.position.get_kind_display().split(" ")[0] if e.position.kind != "jpt" else "JPT",
                "",
                e.position.grade,
                e.supervisor.nip if e.supervisor else "",
                "",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=10000)
    emit(scenario_import(parser.parse_args().employees))
