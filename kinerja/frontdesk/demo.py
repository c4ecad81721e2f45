"""Demo queue (idempotent): today's queue at the civil registry (Dukcapil: KTP-el, Kartu
Keluarga, akta kelahiran; three counters) and at the story's own seksi of the Dinas Kesehatan,
whose front desk issues the hygiene-sanitation certificate (SLHS) and where the story's pegawai
is on the counter today. Most tickets are served, a few wait, each counter is calling one; some
visits answered their survey, and the last month's documents show the turnaround (most on time,
some late, some in progress)."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from kinerja.citizen import rules as citizen_rules
from kinerja.org import demo as org_demo
from kinerja.org.models import Employee, Instansi, Unit

from . import rules, services
from .models import Document, Service, Ticket, TicketEvent

DUKCAPIL = [("A", "KTP-el", 3), ("B", "Kartu Keluarga", 2), ("C", "Akta kelahiran", 5)]
KESLING = [("S", "Sertifikat Laik Higiene Sanitasi", 14), ("K", "Konsultasi kesehatan lingkungan", None)]


def seed_demo(instansi: Instansi, *, today: dt.date) -> None:
    if Service.objects.filter(instansi=instansi).exists():
        return
    story = org_demo.story(instansi)
    registry = Unit.objects.filter(instansi=instansi, code="DUKCAPIL").first()
    with transaction.atomic():
        if registry is not None:
            staff = list(
                Employee.objects.filter(instansi=instansi, unit__path__startswith=registry.path, is_active=True)
                .exclude(subordinates__isnull=False)
                .order_by("nip")[:3]
            )
            if staff:
                _queue(registry, DUKCAPIL, staff, today, tickets=140, seed=registry.pk)
        if story.pegawai is not None:
            officers = [story.pegawai, *story.colleagues[:1]]
            _queue(story.pegawai.unit, KESLING, officers, today, tickets=24, seed=story.pegawai.pk)


def _queue(unit: Unit, specs, officers: list[Employee], today: dt.date, *, tickets: int, seed: int) -> None:
    rng = random.Random(seed)
    zone = unit.instansi.tzinfo
    made = [
        services.service_save(
            unit=unit,
            name=name,
            code=code,
            opens_at=dt.time(8),
            closes_at=dt.time(15),
            target_days=target,
        )
        for code, name, target in specs
    ]
    counters = [
        services.counter_save(unit=unit, name=f"Loket {i + 1}", services=made if i else made[:2])
        for i in range(len(officers))
    ]
    for counter, officer in zip(counters, officers, strict=True):
        services.shift_set(counter=counter, employees=[officer], day=today)
    _tickets(unit, made, list(zip(counters, officers, strict=True)), today, zone, tickets, rng)
    _surveys(unit, rng)
    _documents(unit, made, officers, today, rng)


def _tickets(unit, made, desks, today, zone, count, rng) -> None:
    """A morning of tickets from 08:00, inserted in bulk with their real times."""
    numbers: dict[str, int] = {}
    rows, events = [], []
    start = dt.datetime.combine(today, dt.time(8), tzinfo=zone)
    busy = {counter.pk: start for counter, _officer in desks}
    for i in range(count):
        service = made[0] if rng.random() < 0.55 else rng.choice(made)
        numbers[service.code] = numbers.get(service.code, 0) + 1
        taken = start + dt.timedelta(minutes=i * 240 / count + rng.uniform(0, 2))
        ticket = Ticket(
            instansi_id=unit.instansi_id,
            unit=unit,
            service=service,
            day=today,
            number=numbers[service.code],
            code=service.code,
            priority=rng.choice(["lansia", "disabilitas", "hamil"]) if rng.random() < 0.1 else "",
            source=Ticket.Source.PHONE if rng.random() < 0.3 else Ticket.Source.KIOSK,
            taken_at=taken,
            queued_at=taken,
        )
        left = count - i
        if left <= 6:  # the last ones still wait
            rows.append(ticket)
            continue
        counter, officer = min(desks, key=lambda d: busy[d[0].pk])
        called = max(taken + dt.timedelta(minutes=rng.uniform(1, 4)), busy[counter.pk])
        duration = dt.timedelta(minutes=rng.uniform(3, 12))
        ticket.counter, ticket.officer = counter, officer
        ticket.called_at = ticket.last_called_at = called
        ticket.wait_seconds = rules.seconds_between(taken, called)
        if left <= 6 + len(desks) and not any(t.counter_id == counter.pk and t.status == "called" for t in rows):
            ticket.status = Ticket.Status.CALLED  # each counter is serving someone now
        elif rng.random() < 0.03:
            ticket.status = Ticket.Status.SKIPPED
        else:
            ticket.status = Ticket.Status.SERVED
            ticket.served_at = called + duration
            ticket.service_seconds = rules.seconds_between(called, ticket.served_at)
        busy[counter.pk] = called + duration
        rows.append(ticket)
    Ticket.objects.bulk_create(rows)
    for t in rows:
        events.append(TicketEvent(ticket=t, kind="taken", service=t.service, at=t.taken_at))
        if t.called_at:
            events.append(TicketEvent(ticket=t, kind="called", service=t.service, counter=t.counter, at=t.called_at))
        if t.status == Ticket.Status.SKIPPED:
            events.append(TicketEvent(ticket=t, kind="skipped", service=t.service, counter=t.counter, at=t.called_at))
        if t.served_at:
            events.append(TicketEvent(ticket=t, kind="served", service=t.service, counter=t.counter, at=t.served_at))
    TicketEvent.objects.bulk_create(events)


def _surveys(unit, rng) -> None:
    """About a third of the served visits answered the survey from their ticket."""
    served = Ticket.objects.filter(unit=unit, status=Ticket.Status.SERVED).select_related("service").order_by("pk")
    for ticket in served:
        if rng.random() > 0.35:
            continue
        answers = {c: rng.choices([2, 3, 4], weights=[1, 5, 3])[0] for c in citizen_rules.ELEMENT_CODES}
        services.ticket_survey_submit(
            ticket=ticket,
            answers=answers,
            token=services.survey_visit_token(ticket),
            device=f"demo-ticket-{ticket.pk}",
            age=rng.randint(18, 70),
        )


def _documents(unit, made, officers, today, rng) -> None:
    """The last month's documents of the services with a target: most ready on time."""
    rows = []
    for service in made:
        if not service.target_days:
            continue
        for n in range(20):
            submitted = today - dt.timedelta(days=rng.randint(0, 30))
            late = rng.random() < 0.15
            ready = submitted + dt.timedelta(
                days=service.target_days + (rng.randint(1, 4) if late else -rng.randint(0, 1))
            )
            rows.append(
                Document(
                    instansi_id=unit.instansi_id,
                    unit=unit,
                    service=service,
                    reference=f"{service.code}-{submitted:%m%d}-{n:03d}",
                    officer=rng.choice(officers),
                    submitted_on=submitted,
                    ready_on=ready if ready <= today else None,
                    target_days=service.target_days,
                )
            )
    Document.objects.bulk_create(rows)
