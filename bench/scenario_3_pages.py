"""Scenario 3: p50/p95 of the busiest pages and the dashboards on the generated data.

Alone, after scenarios 6 and 2: ``DATABASE_URL=… python bench/scenario_3_pages.py --repeat 40``
"""

from __future__ import annotations

import argparse
import statistics
from collections import Counter

from common import emit, percentile, timed
from django.test import Client
from django.urls import reverse


def _user(username: str, password: str, **fields):
    """The benchmark's login (made again by a re-run on the same data: kept as it is)."""
    from kinerja.accounts.models import User

    return User.objects.filter(username=username).first() or User.objects.create_user(username, password, **fields)


def scenario_pages(repeat: int) -> dict:
    """p50/p95 of the busiest pages on the generated data (in-process client, no network)."""
    from django.db.models import Count

    from kinerja.accounts.models import User
    from kinerja.appraisal.models import Evaluation
    from kinerja.org.models import Employee, Instansi, Unit
    from kinerja.skp.models import Skp

    instansi = Instansi.objects.get(code="bench")
    admin_employee = Employee.objects.filter(instansi=instansi, unit__depth=2).order_by("nip").first()
    admin = _user("bench-admin", "x", instansi=instansi, employee=admin_employee, role=User.Role.ADMIN)
    head = Employee.objects.filter(instansi=instansi, unit__depth=1).order_by("nip").first()
    atasan = _user("bench-atasan", "x", instansi=instansi, employee=head)
    leader = _user("bench-pimpinan", "x", instansi=instansi, role=User.Role.PIMPINAN)
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
    # The busiest supervisor (most subordinates) and one of their staff: the daily-work pages at
    # their heaviest (a year of entries to verify and to page through).
    boss = Employee.objects.filter(instansi=instansi).annotate(n=Count("subordinates")).order_by("-n", "pk").first()
    staff = Employee.objects.filter(supervisor=boss).order_by("pk").first()
    boss_user = _user("bench-boss", "x", instansi=instansi, employee=boss)
    staff_user = _user("bench-staff", "x", instansi=instansi, employee=staff)
    staff_skp = Skp.objects.get(employee=staff)
    client_admin, client_atasan, client_leader, client_boss, client_staff = (Client() for _ in range(5))
    client_admin.force_login(admin)
    client_atasan.force_login(atasan)
    client_leader.force_login(leader)
    client_boss.force_login(boss_user)
    client_staff.force_login(staff_user)
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
        f"busiest supervisor's inbox ({boss.n} subordinates, waiting)": (client_boss, reverse("activities:inbox")),
        "busiest supervisor's inbox (accepted, page 20)": (
            client_boss,
            reverse("activities:inbox") + "?status=verified&page=20",
        ),
        "employee activity log, page 40": (client_staff, reverse("activities:home") + "?page=40"),
        "SKP progress and feedback (supervisor)": (
            client_boss,
            reverse("activities:skp_progress", args=[staff_skp.pk]),
        ),
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
        "insight: instansi dashboard (pimpinan)": (client_leader, reverse("insight:dashboard") + "?cut=2026"),
        f"insight: OPD drill-down ({board_size:,} evaluations)": (
            client_leader,
            reverse("insight:unit", args=[largest.pk]) + "?cut=2026",
        ),
        "insight: cycle progress and data quality (admin)": (client_admin, reverse("insight:cycle") + "?cut=2026"),
        "insight: busiest supervisor's person page": (client_boss, reverse("insight:person", args=[boss.pk])),
        "insight: fairness review list": (client_admin, reverse("insight:fairness") + "?cut=2026"),
    }
    baseline = timed(lambda: client_admin.get("/api/v1/me"), repeat)
    # The dashboards' bare-SQL floor: one GROUP BY over the year's evaluations per OPD prefix.
    from django.db import connection

    def bare_dashboard_sql():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT SUBSTR(u.path, 1, 7), COUNT(*), AVG(e.achievement_pct) FROM appraisal_evaluation e "
                "JOIN org_unit u ON u.id = e.unit_id WHERE e.period_id = %s AND e.cut_key = %s "
                "GROUP BY SUBSTR(u.path, 1, 7)",
                [period.pk, "2026"],
            )
            cursor.fetchall()

    dashboard_floor = timed(bare_dashboard_sql, repeat)
    results = {}
    for name, (client, url) in pages.items():
        assert client.get(url).status_code == 200, url
        samples = timed(lambda c=client, u=url: c.get(u), repeat)
        results[name] = {"p50_ms": statistics.median(samples), "p95_ms": percentile(samples, 95)}
    return {
        "pages": results,
        "baseline_p95_ms": percentile(baseline, 95),
        "baseline_p50_ms": statistics.median(baseline),
        "dashboard_sql_p95_ms": percentile(dashboard_floor, 95),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=40)
    emit(scenario_pages(parser.parse_args().repeat))
