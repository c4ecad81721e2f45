"""Scenario 10: cost against size, in one run on one database (issues #15 and #17).

1. ``evaluate`` of the whole instansi and year at three sizes of the same organisation (10,000
   employees by default; 20, 60 and 240 working days of logs: about 1, 3 and 12 million
   activities), each run alternating with the bare ``GROUP BY`` of scenario 2, median of three.
   Every run rewrites every draft (the stored figures are zeroed first), so no run is the cheap
   "nothing changed" path. A plan that changes with size shows as a ratio that moves.
2. At the largest size: the dashboards and the busiest pages (scenario 3), p50/p95, beside
   ``GET /api/v1/me`` and the dashboards' bare SQL.
3. The busiest supervisor's inbox with 100 and with 50,000 entries waiting (the rest of their
   entries accepted), ANALYZE after each change: p50/p95 and the number of SQL statements.

On a fresh, empty database (it migrates and generates its own data, ANALYZE after loading):

    DATABASE_URL=postgres://…/fresh python bench/scenario_10_sizes.py [--employees 10000]
        [--days 20,60,240] [--repeat 40] [--write]

``--write`` replaces this scenario's section of docs/benchmarks.md (one section per database).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import time

from common import ROOT, emit, percentile, timed
from django.core.management import call_command
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from scenario_2_evaluation import bare_evaluation, evaluate


def _analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def evaluation_at(employees: int, days: int, *, regenerate: bool = True) -> dict:
    from kinerja.activities.models import Activity, ActivityStatusChange, Realization
    from kinerja.activities.scale import build_activities
    from kinerja.appraisal.models import Evaluation
    from kinerja.org.models import Instansi

    start = time.perf_counter()
    instansi = Instansi.objects.filter(code="bench").first()
    if instansi is not None and not regenerate:
        pass  # measured on the logs already there
    elif instansi is None:
        call_command("generate_scale", employees=employees, seed=42, instansi="bench", days=days, stdout=io.StringIO())
    else:  # the same organisation and plans; only the year's logs are made again, longer
        ActivityStatusChange.objects.filter(instansi=instansi).delete()
        Realization.objects.filter(instansi=instansi).delete()
        Activity.objects.filter(instansi=instansi, previous__isnull=False).update(previous=None)
        Activity.objects.filter(instansi=instansi)._raw_delete(Activity.objects.db)
        build_activities(instansi_id=instansi.pk, period=instansi.periods.get(), days=days)
    generated = time.perf_counter() - start
    _analyze()
    evaluate_s, bare_s, peaks = [], [], []
    for _ in range(3):
        Evaluation.objects.update(achievement_pct=0, verified_entries=0)  # every draft is rewritten
        seconds, _process_s, peak = evaluate()
        evaluate_s.append(seconds)
        peaks.append(peak)
        bare_s.append(bare_evaluation())
    median, floor = statistics.median(evaluate_s), statistics.median(bare_s)
    return {
        "days": days,
        "activities": Activity.objects.count(),
        "generate_s": generated,
        "evaluate_s": median,
        "evaluate_runs_s": evaluate_s,
        "bare_s": floor,
        "ratio": median / floor if floor else None,
        "peak_mb": max(peaks),
    }


def inbox_against_queue(repeat: int, sizes=(100, 50_000)) -> dict:
    """The busiest supervisor's waiting tab with ``size`` entries waiting: the same page of 50,
    whatever the length of the queue behind it."""
    from django.db.models import Count
    from django.urls import reverse

    from kinerja.accounts.models import User
    from kinerja.activities.models import Activity
    from kinerja.org.models import Employee

    boss = (
        Employee.objects.filter(instansi__code="bench").annotate(n=Count("subordinates")).order_by("-n", "pk").first()
    )
    user = User.objects.filter(employee=boss).first() or User.objects.create_user(
        f"bench-inbox-{boss.pk}", "x", instansi_id=boss.instansi_id, employee=boss
    )
    client = Client()
    client.force_login(user)
    url = reverse("activities:inbox")
    mine = Activity.objects.filter(instansi_id=boss.instansi_id, verifier=boss)
    out = {"supervisor_entries": mine.count(), "subordinates": boss.n}
    for size in sizes:
        mine.filter(status="submitted").update(status="verified")
        # the most recent entries wait, as a queue left for weeks would
        waiting = list(mine.order_by("-date", "-pk").values_list("pk", flat=True)[:size])
        for chunk in range(0, len(waiting), 5000):
            Activity.objects.filter(pk__in=waiting[chunk : chunk + 5000]).update(status="submitted")
        _analyze()
        assert client.get(url).status_code == 200
        reset_queries()  # the log keeps at most 9,000 statements: a full one counts nothing new
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        samples = timed(lambda: client.get(url), repeat)
        out[str(size)] = {
            "waiting": len(waiting),
            "p50_ms": statistics.median(samples),
            "p95_ms": percentile(samples, 95),
            "queries": len(queries),
        }
    me = Client()
    me.force_login(user)
    baseline = timed(lambda: me.get("/api/v1/me"), repeat)
    out["baseline_p95_ms"] = percentile(baseline, 95)
    return out


def run(employees: int, days: list[int], repeat: int, *, reuse: bool = False) -> dict:
    """The sizes in the order given; the pages and the inbox right after the largest (its
    evaluations are the ones the dashboards read). ``reuse``: the first size's logs are already
    in the database (a run cut short after generating them)."""
    from scenario_3_pages import scenario_pages

    call_command("migrate", verbosity=0)
    out = {
        "vendor": connection.vendor,
        "employees": employees,
        "measured": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "sizes": [],
    }
    for index, size in enumerate(days):
        out["sizes"].append(evaluation_at(employees, size, regenerate=not (reuse and index == 0)))
        if size == max(days):
            out["pages"] = scenario_pages(repeat)
            out["inbox"] = inbox_against_queue(repeat)
    out["sizes"].sort(key=lambda size: size["activities"])
    return out


BEGIN, END = "<!-- scenario-10-sizes-{vendor} -->", "<!-- /scenario-10-sizes-{vendor} -->"


def render(figures: dict, machine: str) -> str:
    vendor = figures["vendor"]
    name = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(vendor, vendor)
    lines = [
        BEGIN.format(vendor=vendor),
        f"## Cost against size ({name}): evaluation, dashboards, inbox (issues #15, #17)",
        "",
        f"Measured {figures['measured']} on {machine} by `python bench/scenario_10_sizes.py --write` on a fresh "
        f"database: {figures['employees']:,} employees, the same organisation with more working days of logs "
        "at each size, ANALYZE after loading. `evaluate` rewrites every draft in each run and alternates with "
        "the bare GROUP BY (median of three each).",
        "",
        "| activities | working days | `evaluate` | bare GROUP BY | ratio | peak memory | generation |",
        "|---|---|---|---|---|---|---|",
    ]
    for size in figures["sizes"]:
        lines.append(
            f"| {size['activities']:,} | {size['days']} | {size['evaluate_s']:.2f} s | {size['bare_s']:.2f} s | "
            f"{size['ratio']:.2f}× | {size['peak_mb']:.0f} MB | {size['generate_s']:.0f} s |"
        )
    pages = figures["pages"]
    largest = figures["sizes"][-1]["activities"]
    lines += [
        "",
        f"Pages at {largest:,} activities (in-process client, {name}); baseline `GET /api/v1/me` p95 "
        f"{pages['baseline_p95_ms']:.1f} ms, the dashboards' bare SQL p95 {pages['dashboard_sql_p95_ms']:.1f} ms:",
        "",
        "| page | p50 | p95 | p95 ÷ baseline | target |",
        "|---|---|---|---|---|",
    ]
    for page, value in pages["pages"].items():
        lines.append(
            f"| {page} | {value['p50_ms']:.1f} ms | {value['p95_ms']:.1f} ms | "
            f"{value['p95_ms'] / pages['baseline_p95_ms']:.1f}× | p95 < 300 ms |"
        )
    inbox = figures["inbox"]
    small, large = inbox["100"], inbox["50000"]
    lines += [
        "",
        f"The busiest supervisor's inbox ({inbox['subordinates']} subordinates, {inbox['supervisor_entries']:,} "
        "entries to them in all), waiting tab, page of 50:",
        "",
        "| entries waiting | p50 | p95 | SQL statements |",
        "|---|---|---|---|",
        f"| {small['waiting']:,} | {small['p50_ms']:.1f} ms | {small['p95_ms']:.1f} ms | {small['queries']} |",
        f"| {large['waiting']:,} | {large['p50_ms']:.1f} ms | {large['p95_ms']:.1f} ms | {large['queries']} |",
        "",
        f"p95 at {large['waiting']:,} ÷ p95 at {small['waiting']:,}: {large['p95_ms'] / small['p95_ms']:.2f}× "
        "(target ≤ 1.5×).",
        END.format(vendor=vendor),
    ]
    return "\n".join(lines) + "\n"


def write(figures: dict) -> None:
    from run import machine

    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text()
    section = render(figures, machine())
    begin, end = BEGIN.format(vendor=figures["vendor"]), END.format(vendor=figures["vendor"])
    if begin in text:
        text = text[: text.index(begin)] + section + text[text.index(end) + len(end) + 1 :]
    else:
        marker = "## How it was measured"
        text = text.replace(marker, section + "\n" + marker, 1)
    path.write_text(text)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=10000)
    parser.add_argument("--days", default="20,60,240")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--write", action="store_true", help="replace this scenario's section of docs/benchmarks.md")
    parser.add_argument("--reuse", action="store_true", help="the first size's logs are already generated")
    args = parser.parse_args()
    result = run(args.employees, [int(d) for d in args.days.split(",")], args.repeat, reuse=args.reuse)
    if args.write:
        write(result)
    emit(result)
