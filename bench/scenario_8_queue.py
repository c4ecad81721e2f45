"""Scenario 8: a counter day of the service queue (antrian) at two sizes: every ticket taken
through ``ticket_take``, called and served at four counters through ``ticket_call_next`` and
``ticket_serve``, then the figures page of that day (p50/p95, in-process client). Each beside a
bare-SQL baseline doing the same work in the same run: per ticket one MAX + one INSERT (taking),
one SELECT … LIMIT 1 + two UPDATEs (calling and serving), and the per-service GROUP BY the page
shows (figures).

Alone, on a fresh database (it builds its own small instansi):
``DATABASE_URL=… python bench/scenario_8_queue.py [--sizes 500 2000] [--repeat 20] [--write]``
``--write`` puts the table in docs/benchmarks.md between the queue markers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import statistics
import time

from common import ROOT, emit, percentile, timed
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

MARKERS = "<!-- scenario 8: queue, {} -->", "<!-- /scenario 8, {} -->"  # one section per database


def _world(tag: str):
    from kinerja.accounts.models import User
    from kinerja.frontdesk import services
    from kinerja.org.models import Employee, Instansi, Unit

    instansi = Instansi.objects.create(code=f"antrian-{tag}", name=f"Bench antrian {tag}", kind="kabupaten")
    unit = Unit.objects.create(instansi=instansi, code=f"DUKCAPIL-{tag}", name="Dukcapil")
    officers = [
        Employee.objects.create(
            instansi=instansi,
            unit=unit,
            nip=f"19800101200501{tag[-1]}{i:03d}"[:18],
            name=f"Petugas {i}",
            birth_date=dt.date(1980, 1, 1),
            gender="L",
        )
        for i in range(4)
    ]
    users = [
        User.objects.create_user(f"bench-loket-{tag}-{i}", "x", instansi=instansi, employee=e)
        for i, e in enumerate(officers)
    ]
    admin = User.objects.create_user(f"bench-queue-admin-{tag}", "x", instansi=instansi, role=User.Role.ADMIN)
    specs = [("A", "KTP-el", 3), ("B", "Kartu Keluarga", 2), ("C", "Akta kelahiran", 5)]
    made = [
        services.service_save(
            unit=unit,
            name=name,
            code=code,
            opens_at=dt.time(0),
            closes_at=dt.time(23, 59, 59),
            weekdays="0123456",
            target_days=target,
        )
        for code, name, target in specs
    ]
    counters = [services.counter_save(unit=unit, name=f"Loket {i + 1}", services=made) for i in range(4)]
    today = services.today_of(instansi)
    for counter, officer in zip(counters, officers, strict=True):
        services.shift_set(counter=counter, employees=[officer], day=today)
    return unit, made, list(zip(counters, users, strict=True)), admin, today


def _baseline(unit_id: int, service_ids: list[int], size: int) -> dict:
    """The same day in bare SQL on a copy of the ticket table's columns (no ORM, no rules)."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_queue_ticket")
        cursor.execute(
            "CREATE TABLE bench_queue_ticket (id integer PRIMARY KEY, unit_id integer, service_id integer,"
            " day date, number integer, status varchar(8), taken_at timestamp, called_at timestamp,"
            " served_at timestamp, counter_id integer, wait_seconds integer, service_seconds integer)"
        )
        cursor.execute("CREATE INDEX bench_queue_ticket_unit_day ON bench_queue_ticket (unit_id, day, status)")
    day = dt.date(2026, 12, 1)
    start = time.perf_counter()
    for i in range(size):
        service = service_ids[i % len(service_ids)]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT MAX(number) FROM bench_queue_ticket WHERE unit_id = %s AND day = %s AND service_id = %s",
                [unit_id, day, service],
            )
            last = cursor.fetchone()[0] or 0
            cursor.execute(
                "INSERT INTO bench_queue_ticket (id, unit_id, service_id, day, number, status, taken_at)"
                " VALUES (%s, %s, %s, %s, %s, 'waiting', %s)",
                [i + 1, unit_id, service, day, last + 1, dt.datetime.now()],
            )
    take_s = time.perf_counter() - start
    start = time.perf_counter()
    for i in range(size):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM bench_queue_ticket WHERE unit_id = %s AND day = %s AND status = 'waiting'"
                " ORDER BY taken_at, id LIMIT 1",
                [unit_id, day],
            )
            pk = cursor.fetchone()[0]
            cursor.execute(
                "UPDATE bench_queue_ticket SET status = 'called', called_at = %s, counter_id = %s, wait_seconds = 60"
                " WHERE id = %s",
                [dt.datetime.now(), i % 4, pk],
            )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE bench_queue_ticket SET status = 'served', served_at = %s, service_seconds = 300 WHERE id = %s",
                [dt.datetime.now(), pk],
            )
    call_s = time.perf_counter() - start

    def aggregate():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT service_id, COUNT(*), AVG(wait_seconds), AVG(service_seconds) FROM bench_queue_ticket"
                " WHERE unit_id = %s AND day = %s GROUP BY service_id",
                [unit_id, day],
            )
            cursor.fetchall()

    ms = timed(aggregate, 20)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_queue_ticket")
    return {
        "take_ms": take_s * 1000 / size,
        "call_serve_ms": call_s * 1000 / size,
        "figures_p95_ms": percentile(ms, 95),
    }


def scenario_queue(sizes: list[int], repeat: int) -> dict:
    from kinerja.frontdesk import services
    from kinerja.frontdesk.models import Ticket

    out = {}
    for size in sizes:
        unit, made, desks, admin, today = _world(str(size))
        start = time.perf_counter()
        for i in range(size):
            services.ticket_take(service=made[i % 3], priority="lansia" if i % 10 == 0 else "")
        take_s = time.perf_counter() - start
        start = time.perf_counter()
        for i in range(size):
            counter, user = desks[i % len(desks)]
            ticket = services.ticket_call_next(counter=counter, by=user)
            services.ticket_serve(ticket=ticket, counter=counter, by=user)
        call_s = time.perf_counter() - start
        assert Ticket.objects.filter(unit=unit, status="served").count() == size
        client = Client()
        client.force_login(admin)
        url = reverse("frontdesk:figures") + f"?unit={unit.pk}&tanggal={today.isoformat()}"
        assert client.get(url).status_code == 200
        page_ms = timed(lambda url=url, client=client: client.get(url), repeat)
        base = _baseline(unit.pk, [s.pk for s in made], size)
        out[size] = {
            "take_ms": take_s * 1000 / size,
            "call_serve_ms": call_s * 1000 / size,
            "figures_p50_ms": statistics.median(page_ms),
            "figures_p95_ms": percentile(page_ms, 95),
            "baseline": base,
        }
    return out


def render(vendor: str, figures: dict) -> list[str]:
    lines = [
        f"### Queue, a counter day ({vendor})",
        "",
        "| tickets | figure | Kinerja | bare SQL | ratio |",
        "|---|---|---|---|---|",
    ]
    for size, f in figures.items():
        b = f["baseline"]
        lines += [
            f"| {int(size):,} | take a number (per ticket) | {f['take_ms']:.2f} ms | {b['take_ms']:.2f} ms | "
            f"{f['take_ms'] / b['take_ms']:.1f}× |",
            f"| {int(size):,} | call next + serve (per ticket) | {f['call_serve_ms']:.2f} ms | "
            f"{b['call_serve_ms']:.2f} ms | {f['call_serve_ms'] / b['call_serve_ms']:.1f}× |",
            f"| {int(size):,} | figures page p50 / p95 | {f['figures_p50_ms']:.1f} / {f['figures_p95_ms']:.1f} ms | "
            f"{b['figures_p95_ms']:.1f} ms (the GROUP BY alone) | {f['figures_p95_ms'] / b['figures_p95_ms']:.1f}× |",
        ]
    return [*lines, ""]


def write(section: list[str], vendor: str) -> None:
    """Replaces (or appends) this scenario's section of docs/benchmarks.md for one database."""
    start, end = (marker.format(vendor) for marker in MARKERS)
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    block = "\n".join([start, *section, end])
    if start in text:
        text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _m: block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    figures = scenario_queue(args.sizes, args.repeat)
    section = render(connection.vendor, figures)
    print("\n".join(section))
    emit({"vendor": connection.vendor, "queue": figures})
    if args.write:
        write(section, connection.vendor)


if __name__ == "__main__":
    main()
