"""Queue figures that SKP indicators bind to (``Metric.QUEUE_*`` and ``DOCUMENTS_ON_TIME_PCT``):
per officer where the ticket names one (tickets served, average service time), per service unit
otherwise (average waiting time, documents ready on time). One grouped query per metric asked,
whatever the number of indicators; ``kinerja.citizen.metrics.indicator_values`` hands these
metrics here."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Avg, Count
from django.utils import timezone

from kinerja.skp.models import Metric

from . import rules
from .models import Document, Ticket

METRICS = {
    Metric.QUEUE_SERVED,
    Metric.QUEUE_SERVICE_MINUTES,
    Metric.QUEUE_WAIT_MINUTES,
    Metric.DOCUMENTS_ON_TIME_PCT,
}


def served_by(employee_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[int, dict]:
    """Per officer: tickets served and their average service time (minutes)."""
    rows = (
        Ticket.objects.filter(officer_id__in=list(employee_ids), day__range=(start, end), status=Ticket.Status.SERVED)
        .values("officer_id")
        .annotate(n=Count("pk"), service=Avg("service_seconds"))
        .order_by()
    )
    return {r["officer_id"]: {"served": r["n"], "service_minutes": rules.minutes(r["service"])} for r in rows}


def waiting_by_unit(unit_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[int, Decimal | None]:
    """Per service unit: average minutes from queueing (or a transfer) to the call."""
    rows = (
        Ticket.objects.filter(unit_id__in=list(unit_ids), day__range=(start, end), wait_seconds__isnull=False)
        .values("unit_id")
        .annotate(wait=Avg("wait_seconds"))
        .order_by()
    )
    return {r["unit_id"]: rules.minutes(r["wait"]) for r in rows}


def documents_on_time(unit_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[int, Decimal | None]:
    """Per unit: the share of documents submitted in the range that were ready within target
    (those still inside their target are not counted yet)."""
    today = timezone.localdate()
    flags: dict[int, list] = defaultdict(list)
    rows = Document.objects.filter(unit_id__in=list(unit_ids), submitted_on__range=(start, end)).values_list(
        "unit_id", "submitted_on", "ready_on", "target_days"
    )
    for unit_id, submitted, ready, target in rows:
        flags[unit_id].append(rules.on_time(submitted, ready, target, today))
    return {unit: rules.pct_on_time(values) for unit, values in flags.items()}


def values_in_range(items: list[dict], start: dt.date, end: dt.date) -> dict[int, Decimal]:
    """Realization of queue-bound indicators (items as in citizen.metrics.indicator_values)."""
    wanted = {i["metric"] for i in items}
    unit_of = {i["pk"]: i.get("service_unit_id") or i["unit_id"] for i in items}
    employees = {i["employee_id"] for i in items}
    officers = served_by(employees, start, end) if wanted & {Metric.QUEUE_SERVED, Metric.QUEUE_SERVICE_MINUTES} else {}
    waits = waiting_by_unit(set(unit_of.values()), start, end) if Metric.QUEUE_WAIT_MINUTES in wanted else {}
    docs = documents_on_time(set(unit_of.values()), start, end) if Metric.DOCUMENTS_ON_TIME_PCT in wanted else {}
    values = {}
    for i in items:
        metric, mine = i["metric"], officers.get(i["employee_id"], {})
        if metric == Metric.QUEUE_SERVED:
            value = Decimal(mine.get("served", 0))
        elif metric == Metric.QUEUE_SERVICE_MINUTES:
            value = mine.get("service_minutes")
        elif metric == Metric.QUEUE_WAIT_MINUTES:
            value = waits.get(unit_of[i["pk"]])
        else:
            value = docs.get(unit_of[i["pk"]])
        values[i["pk"]] = value if value is not None else Decimal(0)
    return values
