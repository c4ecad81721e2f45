"""Runs the benchmark scenarios against one database and prints the figures as JSON.

Called by ``bench/run.py`` once per database (``DATABASE_URL`` set by the caller, on a fresh
database). Each scenario measures Kinerja's code path *and* a baseline in the same run.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("TESTING", "1")
os.environ.setdefault("AXES_ENABLED", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def scenario_generation(employees: int, days: int) -> dict:
    """Rows per second of generate_scale; baseline: a bare executemany of as many narrow rows."""
    start = time.perf_counter()
    call_command("generate_scale", employees=employees, seed=42, instansi="bench", days=days, stdout=io.StringIO())
    elapsed = time.perf_counter() - start
    from kinerja.activities.models import Activity
    from kinerja.org.models import Employee, Unit
    from kinerja.skp.models import BehaviourExpectation, Indicator, Rhk, Skp

    rows = sum(m.objects.count() for m in (Employee, Unit, Skp, Rhk, Indicator, BehaviourExpectation, Activity))
    # The baseline's rate on up to 500,000 rows: a list of 12 million tuples took 2 GB, which the
    # `evaluate` child process then inherited and was counted for.
    sample = min(rows, 500_000)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_baseline (id integer PRIMARY KEY, name varchar(100), n integer)")
        start = time.perf_counter()
        cursor.executemany(
            "INSERT INTO bench_baseline (id, name, n) VALUES (%s, %s, %s)", [(i, f"row {i}", i) for i in range(sample)]
        )
        baseline = time.perf_counter() - start
        cursor.execute("DROP TABLE bench_baseline")
    return {
        "seconds": elapsed,
        "rows": rows,
        "activities": Activity.objects.count(),
        "rows_per_s": rows / elapsed,
        "baseline_rows_per_s": sample / baseline,
    }


def scenario_pages(repeat: int) -> dict:
    """p50/p95 of the busiest pages on the generated data (in-process client, no network)."""
    from django.db.models import Count

    from kinerja.accounts.models import User
    from kinerja.appraisal.models import Evaluation
    from kinerja.org.models import Employee, Instansi, Unit
    from kinerja.skp.models import Skp

    instansi = Instansi.objects.get(code="bench")
    admin_employee = Employee.objects.filter(instansi=instansi, unit__depth=2).order_by("nip").first()
    admin = User.objects.create_user(
        "bench-admin", "x", instansi=instansi, employee=admin_employee, role=User.Role.ADMIN
    )
    head = Employee.objects.filter(instansi=instansi, unit__depth=1).order_by("nip").first()
    atasan = User.objects.create_user("bench-atasan", "x", instansi=instansi, employee=head)
    leader = User.objects.create_user("bench-pimpinan", "x", instansi=instansi, role=User.Role.PIMPINAN)
    skp = Skp.objects.filter(employee=admin_employee).first()
    unit = Unit.objects.filter(instansi=instansi, depth=0).order_by("path").first()
    # The unit dashboard at its heaviest: the OPD with the most evaluations in its subtree.
    period = instansi.periods.get()
    per_opd = Counter()
    tops = {u.path: u for u in Unit.objects.filter(instansi=instansi, depth=0)}
    for path, n in (
        Evaluation.objects.filter(period=period, cut_key="2026").values_list("unit__path").annotate(n=Count("pk"))
    ):
        per_opd[next(top for top in tops if path.startswith(top))] += n
    largest_path, board_size = per_opd.most_common(1)[0]
    largest = tops[largest_path]
    client_admin, client_atasan, client_leader = Client(), Client(), Client()
    client_admin.force_login(admin)
    client_atasan.force_login(atasan)
    client_leader.force_login(leader)
    pages = {
        "employee list (admin, page 50)": (client_admin, reverse("org:employee_list") + "?page=50"),
        "employee search (admin)": (client_admin, reverse("org:employee_list") + "?q=Siti"),
        "organisation tree (1,000+ units)": (client_admin, reverse("org:unit_tree")),
        "unit detail (OPD)": (client_admin, reverse("org:unit_detail", args=[unit.pk])),
        "SKP detail": (client_admin, reverse("skp:detail", args=[skp.pk])),
        "supervisor SKP home": (client_atasan, reverse("skp:home")),
        "admin home (facts)": (client_admin, reverse("core:home")),
        "supervisor activity inbox": (client_atasan, reverse("activities:inbox")),
        "employee activity log + progress": (client_admin, reverse("activities:home")),
        "instansi dashboard (head of region home)": (client_leader, reverse("core:home")),
        "appraisal overview (1,000+ units with counts)": (
            client_admin,
            reverse("appraisal:index") + "?cut=2026",
        ),
        f"unit dashboard (appraisal board, {board_size:,} evaluations)": (
            client_admin,
            reverse("appraisal:board", args=[period.pk, "2026", largest.pk]),
        ),
        "citizen-voice dashboard (IKM, complaints)": (client_admin, reverse("citizen:dashboard")),
    }
    baseline = timed(lambda: client_admin.get("/api/v1/me"), repeat)
    results = {}
    for name, (client, url) in pages.items():
        assert client.get(url).status_code == 200, url
        samples = timed(lambda c=client, u=url: c.get(u), repeat)
        results[name] = {"p50_ms": statistics.median(samples), "p95_ms": percentile(samples, 95)}
    return {
        "pages": results,
        "baseline_p95_ms": percentile(baseline, 95),
        "baseline_p50_ms": statistics.median(baseline),
    }


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


def scenario_documents(count: int) -> dict:
    """SKP PDFs per second; baseline: rendering the same HTML without the PDF step."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from kinerja.skp import selectors
    from kinerja.skp.models import Skp

    ids = list(Skp.objects.filter(instansi__code="bench").order_by("pk").values_list("pk", flat=True)[:count])

    def html_for(pk):
        skp = selectors.skp_detail(pk)
        return render_to_string("skp/document.html", {"skp": skp, "behaviours": selectors.behaviour_rows(skp)})

    HTML(string=html_for(ids[0])).write_pdf()  # warm-up: fonts are loaded once per process
    start = time.perf_counter()
    for pk in ids:
        html_for(pk)
    html_s = time.perf_counter() - start
    start = time.perf_counter()
    for pk in ids:
        HTML(string=html_for(pk)).write_pdf()
    pdf_s = time.perf_counter() - start
    # Peak resident memory of the benchmark process so far (tracemalloc would distort the timing).
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"documents": len(ids), "pdf_per_s": len(ids) / pdf_s, "html_per_s": len(ids) / html_s, "peak_mb": peak_mb}


def scenario_evaluation_documents(count: int) -> dict:
    """Evaluation PDFs per second (after `evaluate` has run); baseline: the same HTML only."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from kinerja.appraisal import selectors
    from kinerja.appraisal.models import Evaluation

    evaluations = list(
        Evaluation.objects.filter(instansi__code="bench")
        .select_related(
            "employee", "employee__position", "evaluator", "evaluator_supervisor", "period", "instansi", "skp"
        )
        .order_by("pk")[:count]
    )

    def html_for(evaluation):
        context = {
            "evaluation": evaluation,
            "rows": selectors.indicator_rows(evaluation),
            "behaviours": selectors.behaviour_rows(evaluation),
            "objection": None,
            "follow_up": selectors.follow_up(evaluation),
        }
        return render_to_string("appraisal/document.html", context)

    start = time.perf_counter()
    for evaluation in evaluations:
        html_for(evaluation)
    html_s = time.perf_counter() - start
    start = time.perf_counter()
    for evaluation in evaluations:
        HTML(string=html_for(evaluation)).write_pdf()
    pdf_s = time.perf_counter() - start
    return {
        "documents": len(evaluations),
        "pdf_per_s": len(evaluations) / pdf_s,
        "html_per_s": len(evaluations) / html_s,
    }


def scenario_evaluation() -> dict:
    """`manage.py evaluate` for the whole instansi and year in a child process (wall time and its
    peak memory), first run and a re-run with every draft changed (the admin's "Hitung" button in
    the last days of a period); baseline: one hand-written SQL aggregation of the same realization
    figures (median of three)."""
    import subprocess

    from kinerja.appraisal.models import Evaluation

    def evaluate() -> tuple[float, float]:
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "manage.py", "evaluate", "--instansi", "bench", "--period", "2026", "-v", "2"],
            cwd=Path(__file__).resolve().parent.parent,
            check=True,
            capture_output=True,
            text=True,
        )
        # The command reports its own time (without Python and Django start-up), "… dalam 1.2 s",
        # and its peak memory, "memori puncak: 250 MB".
        seconds = float(done.stdout.rsplit("dalam", 1)[1].split()[0])
        peak_mb = float(done.stdout.rsplit("memori puncak:", 1)[1].split()[0])
        return seconds, time.perf_counter() - start, peak_mb

    elapsed, process_s, peak_mb = evaluate()
    Evaluation.objects.update(achievement_pct=0, verified_entries=0)  # every draft must be rewritten
    rerun, _process, rerun_peak_mb = evaluate()
    peak_mb = max(peak_mb, rerun_peak_mb)
    baselines = []
    with connection.cursor() as cursor:
        for _ in range(3):
            start = time.perf_counter()
            cursor.execute(
                "SELECT indicator_id, period_key, SUM(quantity), COUNT(*) FROM activities_activity "
                "WHERE instansi_id = (SELECT id FROM org_instansi WHERE code = 'bench') AND status = 'verified' "
                "AND indicator_id IS NOT NULL GROUP BY indicator_id, period_key"
            )
            cursor.fetchall()
            baselines.append(time.perf_counter() - start)
    return {
        "seconds": elapsed,
        "rerun_s": rerun,
        "process_s": process_s,
        "peak_mb": peak_mb,
        "baseline_s": statistics.median(baselines),
        "evaluations": Evaluation.objects.count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--days", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    out = {"vendor": connection.vendor}
    out["generation"] = scenario_generation(args.employees, args.days)
    out["evaluation"] = scenario_evaluation()  # first: the dashboards below read its evaluations
    out["pages"] = scenario_pages(args.repeat)
    out["import"] = scenario_import(args.employees)
    out["documents"] = scenario_documents(args.documents)
    out["evaluation_documents"] = scenario_evaluation_documents(args.documents)
    print("BENCH-JSON " + json.dumps(out))


if __name__ == "__main__":
    main()
