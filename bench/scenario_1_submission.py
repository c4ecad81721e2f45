"""Scenario 1: activity submission under load against a real server.

gunicorn (2 workers) on the benchmark database, wrk with 50 connections: first the cheapest
authenticated endpoint (GET /api/v1/me, the baseline), then authenticated activity submissions
(POST /api/v1/activities) spread over 500 employees and past working days, as fast as the server
answers (saturation), then paced so that the clients offer about 300 requests/s (the target's
load). Prints JSON.

Alone, after scenario 6 (PostgreSQL, wrk installed): ``DATABASE_URL=… python bench/scenario_1_submission.py``.
It does not use common.py: that module's test-only settings would reach the server's environment.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from kinerja.accounts.models import ApiToken, User  # noqa: E402
from kinerja.org.models import Employee  # noqa: E402

DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,'
    .. '"socket_errors":%d,"non_2xx":%d}\\n', summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def tokens_for(instansi_code: str, count: int) -> list[str]:
    employees = list(
        Employee.objects.filter(instansi__code=instansi_code, supervisor__isnull=False).order_by("pk")[:count]
    )
    keys = []
    for employee in employees:
        user = User.objects.filter(employee=employee).first() or User.objects.create(
            username=f"load-{employee.nip}", instansi_id=employee.instansi_id, employee=employee
        )
        keys.append(ApiToken.issue(user, name="load")[1])
    return keys


def paced(script: Path, interval_ms: float) -> Path:
    """The same script with a pause before each request of a connection: 50 connections pausing
    ~160 ms each offer about 300 requests/s (wrk measures latency without the pause)."""
    out = script.with_name("paced-" + script.name)
    out.write_text(script.read_text() + f"\ndelay = function()\n  return {interval_ms:.0f}\nend\n")
    return out


def lua_scripts(keys: list[str], days: list[dt.date], folder: Path) -> tuple[Path, Path]:
    tokens = "{" + ",".join(f'"{k}"' for k in keys) + "}"
    dates = "{" + ",".join(f'"{d.isoformat()}"' for d in days) + "}"
    me = folder / "me.lua"
    me.write_text(
        f"tokens = {tokens}\ncounter = 0\n"
        "request = function()\n  counter = counter + 1\n"
        '  return wrk.format("GET", "/api/v1/me", {["Authorization"] = "Bearer " .. tokens[(counter % #tokens) + 1]})\n'
        "end\n" + DONE
    )
    post = folder / "post.lua"
    post.write_text(
        f"tokens = {tokens}\ndates = {dates}\ncounter = 0\n"
        "request = function()\n  counter = counter + 1\n"
        "  local t = tokens[(counter % #tokens) + 1]\n"
        "  local d = dates[(math.floor(counter / #tokens) % #dates) + 1]\n"
        '  local body = \'{"date":"\' .. d .. \'","description":"Pelayanan loket (uji beban)","minutes":1}\'\n'
        '  return wrk.format("POST", "/api/v1/activities", {["Authorization"] = "Bearer " .. t, '
        '["Content-Type"] = "application/json"}, body)\n'
        "end\n" + DONE
    )
    return me, post


def cpu_seconds(match) -> float:
    """User + system CPU seconds of the processes whose command name ``match`` accepts (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        if match(name, int(entry.name)):
            fields = stat[stat.rindex(")") + 2 :].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def run_wrk(script: Path, seconds: int, connections: int, port: int, server_group: int) -> dict:
    """wrk's figures plus the CPU each request cost the server (gunicorn) and PostgreSQL: on a
    shared machine throughput varies from run to run, CPU time per request much less."""

    def app(name, pid):
        try:
            return os.getpgid(pid) == server_group
        except OSError:
            return False

    def db(name, pid):
        return name.startswith("postgres")

    app_before, db_before = cpu_seconds(app), cpu_seconds(db)
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("JSON "))
    data = json.loads(line[5:])
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    data["app_cpu_ms"] = (cpu_seconds(app) - app_before) * 1000 / max(data["requests"], 1)
    data["db_cpu_ms"] = (cpu_seconds(db) - db_before) * 1000 / max(data["requests"], 1)
    return data


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--rate", type=int, default=300, help="requests/s offered in the paced run")
    parser.add_argument("--instansi", default="bench")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("BENCH-JSON " + json.dumps({"skipped": "wrk is not installed (apt-get install wrk)"}))
        return
    keys = tokens_for(args.instansi, 500)
    today = dt.date.today()
    days = [today - dt.timedelta(days=n) for n in range(1, 200) if (today - dt.timedelta(days=n)).weekday() < 5]
    days = [d for d in days if d.year == today.year]
    port = 8765
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "LOG_LEVEL": "ERROR",
        "CONN_MAX_AGE": "600",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}"]
        + ["--log-level", "error"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        with tempfile.TemporaryDirectory() as tmp:
            me, post = lua_scripts(keys, days, Path(tmp))
            run_wrk(me, 3, args.connections, port, server.pid)  # warm-up: workers connect and import
            baseline = run_wrk(me, args.seconds, args.connections, port, server.pid)
            submission = run_wrk(post, args.seconds, args.connections, port, server.pid)
            # The target read as a service level: latency while clients offer ~300 requests/s,
            # rather than at saturation, where 50 waiting clients queue by construction.
            pause = max(1.0, args.connections / args.rate * 1000 - 10)
            at_rate = run_wrk(paced(post, pause), args.seconds, args.connections, port, server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(
        "BENCH-JSON "
        + json.dumps(
            {
                "baseline": baseline,
                "submission": submission,
                "at_rate": at_rate,
                "rate": args.rate,
                "seconds": args.seconds,
            }
        )
    )


if __name__ == "__main__":
    main()
