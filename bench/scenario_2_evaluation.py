"""Scenario 2: ``manage.py evaluate`` for the whole instansi and year.

Alone, on data from scenario 6: ``DATABASE_URL=… python bench/scenario_2_evaluation.py``
"""

from __future__ import annotations

import statistics
import sys
import time

from common import ROOT, emit
from django.db import connection

BARE_EVALUATION_SQL = (
    "SELECT indicator_id, period_key, SUM(quantity), COUNT(*) FROM activities_activity "
    "WHERE instansi_id = (SELECT id FROM org_instansi WHERE code = 'bench') AND status = 'verified' "
    "AND indicator_id IS NOT NULL GROUP BY indicator_id, period_key"
)


def evaluate() -> tuple[float, float, float]:
    """``manage.py evaluate`` for the whole instansi and year in a child process: the time it
    reports itself (without Python and Django start-up, "… dalam 1.2 s"), the process's wall time
    and its peak memory ("memori puncak: 250 MB")."""
    import subprocess

    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "manage.py", "evaluate", "--instansi", "bench", "--period", "2026", "-v", "2"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    seconds = float(done.stdout.rsplit("dalam", 1)[1].split()[0])
    peak_mb = float(done.stdout.rsplit("memori puncak:", 1)[1].split()[0])
    return seconds, time.perf_counter() - start, peak_mb


def bare_evaluation() -> float:
    """Seconds of the hand-written SQL aggregation of the same realization figures."""
    with connection.cursor() as cursor:
        start = time.perf_counter()
        cursor.execute(BARE_EVALUATION_SQL)
        cursor.fetchall()
        return time.perf_counter() - start


def scenario_evaluation() -> dict:
    """`manage.py evaluate` for the whole instansi and year in a child process (wall time and its
    peak memory), first run and a re-run with every draft changed (the admin's "Hitung" button in
    the last days of a period); baseline: one hand-written SQL aggregation of the same realization
    figures (median of three)."""
    from kinerja.appraisal.models import Evaluation

    elapsed, process_s, peak_mb = evaluate()
    Evaluation.objects.update(achievement_pct=0, verified_entries=0)  # every draft must be rewritten
    rerun, _process, rerun_peak_mb = evaluate()
    peak_mb = max(peak_mb, rerun_peak_mb)
    baselines = [bare_evaluation() for _ in range(3)]
    return {
        "seconds": elapsed,
        "rerun_s": rerun,
        "process_s": process_s,
        "peak_mb": peak_mb,
        "baseline_s": statistics.median(baselines),
        "evaluations": Evaluation.objects.count(),
    }


if __name__ == "__main__":
    emit(scenario_evaluation())
