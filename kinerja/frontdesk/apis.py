"""Queue endpoints for counter software (a desk app, a hardware button box): read a counter's
state and work it with the same access rules, services and messages as the counter page.
Writes need a writer (``auth=WRITERS``: pimpinan is refused before the body is read)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema

from kinerja.api.auth import WRITERS

from . import access, selectors, services
from .models import Service, Ticket

router = Router(tags=["antrian"])


class TicketOut(Schema):
    id: int
    label: str
    service_id: int
    service: str = Field(alias="service.name")
    status: str
    priority: str
    counter_id: int | None
    officer_id: int | None
    taken_at: dt.datetime
    called_at: dt.datetime | None
    served_at: dt.datetime | None
    wait_seconds: int | None
    service_seconds: int | None


class LineOut(Schema):
    service_id: int
    code: str
    name: str
    is_open: bool
    waiting: int


class CounterOut(Schema):
    id: int
    name: str
    unit_id: int
    current: TicketOut | None
    lines: list[LineOut]
    served_today: int


class ServeIn(Schema):
    reference: str = Field("", max_length=40, description="nomor registrasi dokumen yang diserahkan (opsional)")


class TransferIn(Schema):
    service_id: int


class FigureOut(Schema):
    service_id: int
    name: str
    taken: int
    served: int
    waiting: int
    wait_minutes: Decimal | None
    service_minutes: Decimal | None


def _state(counter) -> CounterOut:
    state = selectors.counter_state(counter, timezone.localdate())
    return CounterOut(
        id=counter.pk,
        name=counter.name,
        unit_id=counter.unit_id,
        current=state.current,
        lines=[
            LineOut(service_id=s.pk, code=s.code, name=s.name, is_open=s.is_open, waiting=n) for s, n in state.waiting
        ],
        served_today=state.served_today,
    )


def _ticket(counter, ticket_id: int) -> Ticket:
    ticket = Ticket.objects.filter(pk=ticket_id, unit_id=counter.unit_id).select_related("service").first()
    if ticket is None:
        raise Http404
    return ticket


@router.get("/queue/counters", response=list[CounterOut])
def counter_list(request):
    counters = access.counters_visible_to(request.auth).select_related("unit").order_by("unit__path", "name")[:50]
    return [_state(c) for c in counters]


@router.get("/queue/counters/{int:counter_id}", response=CounterOut)
def counter_get(request, counter_id: int):
    return _state(access.get_counter_for(request.auth, counter_id))


@router.post("/queue/counters/{int:counter_id}/call", response=TicketOut, auth=WRITERS)
def counter_call(request, counter_id: int):
    counter = access.get_counter_for(request.auth, counter_id, write=True)
    return services.ticket_call_next(counter=counter, by=request.auth)


@router.post("/queue/counters/{int:counter_id}/tickets/{int:ticket_id}/recall", response=TicketOut, auth=WRITERS)
def ticket_recall(request, counter_id: int, ticket_id: int):
    counter = access.get_counter_for(request.auth, counter_id, write=True)
    return services.ticket_recall(ticket=_ticket(counter, ticket_id), counter=counter, by=request.auth)


@router.post("/queue/counters/{int:counter_id}/tickets/{int:ticket_id}/skip", response=TicketOut, auth=WRITERS)
def ticket_skip(request, counter_id: int, ticket_id: int):
    counter = access.get_counter_for(request.auth, counter_id, write=True)
    return services.ticket_skip(ticket=_ticket(counter, ticket_id), counter=counter, by=request.auth)


@router.post("/queue/counters/{int:counter_id}/tickets/{int:ticket_id}/requeue", response=TicketOut, auth=WRITERS)
def ticket_requeue(request, counter_id: int, ticket_id: int):
    counter = access.get_counter_for(request.auth, counter_id, write=True)
    return services.ticket_requeue(ticket=_ticket(counter, ticket_id), counter=counter, by=request.auth)


@router.post("/queue/counters/{int:counter_id}/tickets/{int:ticket_id}/serve", response=TicketOut, auth=WRITERS)
def ticket_serve(request, counter_id: int, ticket_id: int, payload: ServeIn):
    counter = access.get_counter_for(request.auth, counter_id, write=True)
    ticket = _ticket(counter, ticket_id)
    return services.ticket_serve(ticket=ticket, counter=counter, by=request.auth, reference=payload.reference)


@router.post("/queue/counters/{int:counter_id}/tickets/{int:ticket_id}/transfer", response=TicketOut, auth=WRITERS)
def ticket_transfer(request, counter_id: int, ticket_id: int, payload: TransferIn):
    counter = access.get_counter_for(request.auth, counter_id, write=True)
    target = Service.objects.filter(pk=payload.service_id, unit_id=counter.unit_id).first()
    if target is None:
        raise Http404
    ticket = _ticket(counter, ticket_id)
    return services.ticket_transfer(ticket=ticket, counter=counter, to_service=target, by=request.auth)


@router.get("/queue/units/{int:unit_id}/figures", response=list[FigureOut])
def unit_figures(request, unit_id: int, day: dt.date | None = None):
    unit = access.get_queue_unit_for(request.auth, unit_id)
    figures = selectors.unit_figures(unit, day or timezone.localdate(), timezone.get_current_timezone())
    return [
        FigureOut(
            service_id=s.pk,
            name=s.name,
            taken=f["taken"],
            served=f["served"],
            waiting=f["waiting"],
            wait_minutes=f["wait"],
            service_minutes=f["service"],
        )
        for s, f in figures.by_service
    ]
