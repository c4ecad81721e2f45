"""Reads for the queue's pages: a few grouped queries each, whatever the length of the day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet, Sum

from kinerja.citizen import rules as citizen_rules
from kinerja.citizen.models import SurveyResponse
from kinerja.org.models import Unit

from . import rules
from .models import Counter, Document, Service, Ticket

DISPLAY_ROWS = 6


def services_of(unit: Unit) -> QuerySet[Service]:
    return Service.objects.filter(unit=unit).order_by("position", "code")


def waiting_by_service(unit_id: int, day: dt.date) -> dict[int, int]:
    """Tickets waiting per service (one grouped query on the index frontdesk_ticket_unit_day)."""
    rows = (
        Ticket.objects.filter(unit_id=unit_id, day=day, status=Ticket.Status.WAITING)
        .values("service_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["service_id"]: r["n"] for r in rows}


def display_calls(unit_id: int, day: dt.date, limit: int = DISPLAY_ROWS) -> list[Ticket]:
    """The latest calls of the day (recalls too), newest first, for the waiting-room screen."""
    return list(
        Ticket.objects.filter(unit_id=unit_id, day=day, last_called_at__isnull=False)
        .exclude(status=Ticket.Status.SKIPPED)
        .select_related("counter", "service")
        .order_by("-last_called_at", "-pk")[:limit]
    )


def people_ahead(ticket: Ticket) -> int:
    """Waiting tickets called before this one by the ordering rule (priority first, then arrival)."""
    if ticket.status != Ticket.Status.WAITING:
        return 0
    same_class_earlier = Q(taken_at__lt=ticket.taken_at) & (Q(priority="") if not ticket.priority else ~Q(priority=""))
    ahead = same_class_earlier | (~Q(priority="") if not ticket.priority else Q(pk__in=[]))
    return Ticket.objects.filter(
        ahead, service_id=ticket.service_id, day=ticket.day, status=Ticket.Status.WAITING
    ).count()


@dataclass
class CounterState:
    current: Ticket | None
    waiting: list[tuple[Service, int]]
    recent: list[Ticket]
    served_today: int


def counter_state(counter: Counter, day: dt.date) -> CounterState:
    """What a counter's officer needs: the ticket being served, the lines, the last tickets."""
    services = list(counter.services.all())
    counts = waiting_by_service(counter.unit_id, day)
    mine = Ticket.objects.filter(counter=counter, day=day).select_related("service", "officer")
    current = mine.filter(status=Ticket.Status.CALLED).first()
    recent = list(mine.exclude(status=Ticket.Status.CALLED).order_by("-last_called_at", "-pk")[:8])
    served = mine.filter(status=Ticket.Status.SERVED).count()
    return CounterState(current, [(s, counts.get(s.pk, 0)) for s in services], recent, served)


def _grouped(tickets: QuerySet[Ticket], field: str) -> dict:
    rows = (
        tickets.values(field)
        .annotate(
            taken=Count("pk"),
            served=Count("pk", filter=Q(status=Ticket.Status.SERVED)),
            waiting=Count("pk", filter=Q(status=Ticket.Status.WAITING)),
            wait=Avg("wait_seconds"),
            service=Avg("service_seconds"),
        )
        .order_by()
    )
    return {
        r[field]: {
            "taken": r["taken"],
            "served": r["served"],
            "waiting": r["waiting"],
            "wait": rules.minutes(r["wait"]),
            "service": rules.minutes(r["service"]),
        }
        for r in rows
    }


@dataclass
class Figures:
    by_service: list[tuple[Service, dict]]
    by_counter: list[tuple[Counter, dict]]
    by_officer: list[tuple[str, dict]]
    series_labels: list[str]
    series: list[int]
    total: dict


def unit_figures(unit: Unit, day: dt.date, zone) -> Figures:
    """Waiting and service times per service, counter and officer for one day, tickets served
    per officer, and the queue length every half hour (6 queries)."""
    tickets = Ticket.objects.filter(unit=unit, day=day)
    services = list(services_of(unit))
    counters = list(Counter.objects.filter(unit=unit).order_by("name"))
    per_service = _grouped(tickets, "service_id")
    per_counter = _grouped(tickets.filter(counter__isnull=False), "counter_id")
    per_officer = _grouped(tickets.filter(officer__isnull=False), "officer__name")
    total = _grouped(tickets, "unit_id").get(unit.pk, {})
    opens = min((s.opens_at for s in services), default=dt.time(8, 0))
    closes = max((s.closes_at for s in services), default=dt.time(16, 0))
    times = rules.sample_times(day, opens, closes, zone)
    lengths = queue_lengths(tickets, times)
    empty = {"taken": 0, "served": 0, "waiting": 0, "wait": None, "service": None}
    return Figures(
        [(s, per_service.get(s.pk, empty)) for s in services],
        [(c, per_counter[c.pk]) for c in counters if c.pk in per_counter],
        sorted(per_officer.items()),
        [t.strftime("%H:%M") for t in times],
        lengths,
        total or empty,
    )


def queue_lengths(tickets: QuerySet[Ticket], times: list[dt.datetime]) -> list[int]:
    """People waiting at each instant (``rules.queue_length``'s definition), counted in the
    database: one row of conditional counts, however many tickets the day has."""
    if not times:
        return []
    counts = tickets.aggregate(
        **{
            f"t{i}": Count("pk", filter=Q(taken_at__lte=t) & (Q(called_at__isnull=True) | Q(called_at__gt=t)))
            for i, t in enumerate(times)
        }
    )
    return [counts[f"t{i}"] for i in range(len(times))]


@dataclass
class OfficerScore:
    served: int
    service_minutes: object
    ikm: citizen_rules.Ikm | None


def officer_score(employee_id: int, start: dt.date, end: dt.date) -> OfficerScore:
    """An officer's own figures: tickets served, average service time and the IKM of the visits
    they served (flagged answers left out, as in the unit's index). Two queries."""
    served = Ticket.objects.filter(
        officer_id=employee_id, day__range=(start, end), status=Ticket.Status.SERVED
    ).aggregate(n=Count("pk"), service=Avg("service_seconds"))
    sums = SurveyResponse.objects.filter(
        ticket_link__officer_id=employee_id, submitted_on__range=(start, end), is_flagged=False
    ).aggregate(n=Count("pk"), **{code: Sum(code) for code in citizen_rules.ELEMENT_CODES})
    ikm = citizen_rules.ikm_from_sums(sums["n"], sums) if sums["n"] else None
    return OfficerScore(served["n"], rules.minutes(served["service"]), ikm)


def documents_of(units: QuerySet[Unit], *, open_only: bool = False) -> QuerySet[Document]:
    documents = Document.objects.filter(unit__in=units).select_related("service", "unit", "officer")
    if open_only:
        documents = documents.filter(ready_on__isnull=True)
    return documents.order_by("ready_on", "-submitted_on", "-pk")


def turnaround(units: QuerySet[Unit], start: dt.date, end: dt.date, today: dt.date) -> list[dict]:
    """Per document type: submitted, ready, on time, late, share on time (%)."""
    rows = Document.objects.filter(unit__in=units, submitted_on__range=(start, end)).values_list(
        "service_id", "service__name", "service__unit__name", "target_days", "submitted_on", "ready_on"
    )
    by_service: dict[int, dict] = {}
    for service_id, name, unit_name, target, submitted, ready in rows:
        entry = by_service.setdefault(
            service_id,
            {"name": name, "unit": unit_name, "target": target, "submitted": 0, "ready": 0, "flags": []},
        )
        entry["submitted"] += 1
        entry["ready"] += ready is not None
        entry["flags"].append(rules.on_time(submitted, ready, target, today))
    for entry in by_service.values():
        flags = entry.pop("flags")
        entry["on_time"] = sum(1 for f in flags if f)
        entry["late"] = sum(1 for f in flags if f is False)
        entry["pct"] = rules.pct_on_time(flags)
    return sorted(by_service.values(), key=lambda e: (e["unit"], e["name"]))
