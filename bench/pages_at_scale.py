"""Measures the daily-work pages on an existing large dataset (e.g. after
`generate_scale --employees 10000 --days 240`, about 12 million activities).

    DATABASE_URL=postgres://… python bench/pages_at_scale.py --instansi skala
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("TESTING", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]


def main() -> None:
    from kinerja.accounts.models import User
    from kinerja.activities.models import Activity
    from kinerja.org.models import Employee
    from kinerja.skp.models import Skp

    parser = argparse.ArgumentParser()
    parser.add_argument("--instansi", default="skala")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    total = Activity.objects.filter(instansi__code=args.instansi).count()
    # The busiest supervisor: the one with the most subordinates.
    boss = (
        Employee.objects.filter(instansi__code=args.instansi)
        .annotate(n=Count("subordinates"))
        .order_by("-n", "pk")
        .first()
    )
    staff = Employee.objects.filter(supervisor=boss).order_by("pk").first()
    users = {}
    for e in (boss, staff):
        users[e.pk] = User.objects.filter(employee=e).first() or User.objects.create(
            username=f"scale-{e.nip}", instansi_id=e.instansi_id, employee=e
        )
    skp = Skp.objects.get(employee=staff)
    pages = {
        "supervisor inbox (waiting)": (boss, reverse("activities:inbox")),
        "supervisor inbox (accepted, page 20)": (boss, reverse("activities:inbox") + "?status=verified&page=20"),
        "employee log + progress": (staff, reverse("activities:home")),
        "employee log, page 40": (staff, reverse("activities:home") + "?page=40"),
        "SKP progress and feedback": (boss, reverse("activities:skp_progress", args=[skp.pk])),
    }
    print(f"{total:,} activities; supervisor with {boss.n} subordinates")
    for name, (employee, url) in pages.items():
        client = Client()
        client.force_login(users[employee.pk])
        assert client.get(url).status_code == 200, url
        samples = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
        samples.sort()
        p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
        print(f"| {name} | p50 {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms |")


if __name__ == "__main__":
    main()
