"""Queue writes: each validated, in a transaction, all or nothing. A refused action raises
ValidationError with an Indonesian message and changes nothing."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.citizen import rules as citizen_rules
from kinerja.citizen import services as citizen_services
from kinerja.citizen.models import SurveyPoint
from kinerja.org.models import Employee, Unit

from . import rules
from .models import Counter, Document, Service, Shift, Ticket, TicketEvent, TicketSurvey

SURVEY_DAYS = 7  # a ticket's survey stays open a week after the visit


def local_now(instansi) -> dt.datetime:
    return timezone.now().astimezone(instansi.tzinfo)


def today_of(instansi) -> dt.date:
    return rules.service_day(timezone.now(), instansi.tzinfo)


# ------------------------------------------------------------------------------ set-up (admin)
@transaction.atomic
def service_save(
    *,
    unit: Unit,
    name: str,
    code: str,
    opens_at: dt.time,
    closes_at: dt.time,
    weekdays: str = rules.WEEKDAYS,
    is_open: bool = True,
    target_days: int | None = None,
    service: Service | None = None,
) -> Service:
    """Adds a service to a unit, or changes one (its letter is unique in the unit)."""
    errors: dict[str, str] = {}
    name, code = (name or "").strip()[:100], (code or "").strip().upper()
    if not name:
        errors["name"] = _("Nama layanan wajib diisi.")
    if not (code.isalpha() and code.isascii() and 1 <= len(code) <= 3):
        errors["code"] = _("Huruf tiket: 1 sampai 3 huruf, mis. A.")
    weekdays = "".join(sorted(set(weekdays or "")))
    problem = rules.hours_problem(opens_at, closes_at, weekdays)
    if problem:
        field, message = problem
        errors[field] = _(message)
    if target_days is not None and not 1 <= target_days <= 365:
        errors["target_days"] = _("Target dokumen antara 1 dan 365 hari.")
    clash = Service.objects.filter(unit=unit, code=code).exclude(pk=getattr(service, "pk", None))
    if code and "code" not in errors and clash.exists():
        errors["code"] = _("Huruf tiket %(code)s sudah dipakai layanan lain di unit ini.") % {"code": code}
    if errors:
        raise ValidationError(errors)
    service = service or Service(instansi_id=unit.instansi_id, unit=unit)
    service.name, service.code, service.opens_at, service.closes_at = name, code, opens_at, closes_at
    service.weekdays, service.is_open, service.target_days = weekdays, is_open, target_days
    service.save()
    return service


@transaction.atomic
def service_switch(*, service: Service, is_open: bool) -> Service:
    """The open/closed switch (a power cut, the blanko ran out…): tickets already taken stay."""
    service.is_open = is_open
    service.save(update_fields=["is_open", "updated_at"])
    return service


@transaction.atomic
def counter_save(*, unit: Unit, name: str, services: list[Service], counter: Counter | None = None) -> Counter:
    name = (name or "").strip()[:60]
    errors = {}
    if not name:
        errors["name"] = _("Nama loket wajib diisi.")
    elif Counter.objects.filter(unit=unit, name=name).exclude(pk=getattr(counter, "pk", None)).exists():
        errors["name"] = _("Loket %(name)s sudah ada di unit ini.") % {"name": name}
    if not services:
        errors["services"] = _("Pilih paling sedikit satu layanan yang dipanggil loket ini.")
    elif any(s.unit_id != unit.pk for s in services):
        errors["services"] = _("Layanan harus dari unit yang sama.")
    if errors:
        raise ValidationError(errors)
    counter = counter or Counter(instansi_id=unit.instansi_id, unit=unit)
    counter.name = name
    counter.save()
    counter.services.set(services)
    return counter


@transaction.atomic
def shift_set(*, counter: Counter, employees: list[Employee], day: dt.date) -> list[Shift]:
    """The officers on a counter for a day (replaces that day's list)."""
    if any(e.instansi_id != counter.instansi_id or not e.is_active for e in employees):
        raise ValidationError({"employees": _("Pilih pegawai aktif dari instansi ini.")})
    Shift.objects.filter(counter=counter, day=day).exclude(employee__in=employees).delete()
    have = set(Shift.objects.filter(counter=counter, day=day).values_list("employee_id", flat=True))
    Shift.objects.bulk_create(
        [
            Shift(instansi_id=counter.instansi_id, counter=counter, employee=e, day=day)
            for e in employees
            if e.pk not in have
        ]
    )
    return list(Shift.objects.filter(counter=counter, day=day))


# ------------------------------------------------------------------------------ tickets
def _closed_message(service: Service, local: dt.datetime) -> str | None:
    reason = rules.closed_reason(
        switched_on=service.is_open,
        weekdays=service.weekdays,
        opens=service.opens_at,
        closes=service.closes_at,
        local=local,
    )
    if reason is None:
        return None
    return _(reason) % {
        "service": service.name,
        "opens": time_format(service.opens_at, "H:i"),
        "closes": time_format(service.closes_at, "H:i"),
    }


def ticket_take(*, service: Service, priority: str = "", source: str = Ticket.Source.KIOSK) -> Ticket:
    """A number for a service, today's next one in the instansi's own day. Refused when the
    service is switched off or outside its hours."""
    if priority not in Ticket.Priority.values:
        raise ValidationError({"priority": _("Pilihan prioritas tidak dikenal.")})
    if source not in Ticket.Source.values:
        raise ValidationError(_("Sumber tiket tidak dikenal."))
    for _attempt in range(5):
        try:
            with transaction.atomic():
                locked = Service.objects.select_for_update().select_related("instansi").get(pk=service.pk)
                now = timezone.now()
                local = now.astimezone(locked.instansi.tzinfo)
                message = _closed_message(locked, local)
                if message:
                    raise ValidationError(message)
                day = local.date()
                last = Ticket.objects.filter(unit_id=locked.unit_id, day=day, code=locked.code).aggregate(
                    n=Max("number")
                )["n"]
                ticket = Ticket.objects.create(
                    instansi_id=locked.instansi_id,
                    unit_id=locked.unit_id,
                    service=locked,
                    day=day,
                    number=rules.next_number(last),
                    code=locked.code,
                    priority=priority,
                    source=source,
                    taken_at=now,
                    queued_at=now,
                )
                TicketEvent.objects.create(ticket=ticket, kind=TicketEvent.Kind.TAKEN, service=locked, at=now)
                return ticket
        except IntegrityError:  # two kiosks drew the same number at once: draw again
            continue
    raise ValidationError(_("Nomor antrian belum dapat diambil. Coba lagi."))


def officer_on(counter: Counter, user: User, day: dt.date) -> Employee | None:
    """The user as the officer of this counter today, when on its shift."""
    if user.employee_id and Shift.objects.filter(counter=counter, employee_id=user.employee_id, day=day).exists():
        return user.employee
    return None


def _event(ticket: Ticket, kind: str, *, counter: Counter | None, by: User | None, at: dt.datetime) -> None:
    TicketEvent.objects.create(ticket=ticket, kind=kind, service_id=ticket.service_id, counter=counter, by=by, at=at)


@transaction.atomic
def ticket_call_next(*, counter: Counter, by: User) -> Ticket:
    """Calls the next ticket of the counter's services (priority rules in rules.next_ticket)."""
    counter = Counter.objects.select_for_update().select_related("instansi").get(pk=counter.pk)
    day = today_of(counter.instansi)
    current = Ticket.objects.filter(counter=counter, day=day, status=Ticket.Status.CALLED).first()
    if current is not None:
        raise ValidationError(
            _("Selesaikan, lewati atau pindahkan tiket %(label)s lebih dulu.") % {"label": current.label}
        )
    service_ids = list(counter.services.filter(is_open=True).values_list("pk", flat=True))
    waiting = Ticket.objects.filter(
        unit_id=counter.unit_id, day=day, status=Ticket.Status.WAITING, service__in=service_ids
    )
    recent = (
        Ticket.objects.filter(unit_id=counter.unit_id, day=day, service__in=service_ids, last_called_at__isnull=False)
        .order_by("-last_called_at")
        .values_list("priority", flat=True)[: rules.PRIORITY_STREAK]
    )
    streak = rules.priority_streak([bool(p) for p in recent])
    officer = officer_on(counter, by, day)
    for _attempt in range(5):
        # Only the head of each line can be next: two indexed rows, not the whole queue.
        heads = [
            waiting.exclude(priority="").order_by("taken_at", "pk").values("pk", "priority", "taken_at").first(),
            waiting.filter(priority="").order_by("taken_at", "pk").values("pk", "priority", "taken_at").first(),
        ]
        chosen = rules.next_ticket(
            [rules.Waiting(h["pk"], bool(h["priority"]), h["taken_at"]) for h in heads if h], streak=streak
        )
        if chosen is None:
            raise ValidationError(_("Tidak ada antrian yang menunggu untuk loket ini."))
        ticket = Ticket.objects.select_related("service").get(pk=chosen.pk)
        now = timezone.now()
        # Another counter may have called it a moment ago: the update only takes a waiting ticket.
        taken = Ticket.objects.filter(pk=ticket.pk, status=Ticket.Status.WAITING).update(
            status=Ticket.Status.CALLED,
            counter=counter,
            officer=officer,
            called_at=now,
            last_called_at=now,
            wait_seconds=rules.seconds_between(ticket.queued_at, now),
        )
        if taken:
            ticket.refresh_from_db()
            _event(ticket, TicketEvent.Kind.CALLED, counter=counter, by=by, at=now)
            return ticket
    raise ValidationError(_("Antrian sedang sibuk. Coba panggil lagi."))


def _locked_at_counter(ticket: Ticket, counter: Counter, action: str) -> Ticket:
    # Only the ticket row is locked (its counter is an outer join, which PostgreSQL cannot lock).
    ticket = Ticket.objects.select_for_update(of=("self",)).select_related("service", "counter").get(pk=ticket.pk)
    if ticket.unit_id != counter.unit_id:
        raise ValidationError(_("Tiket ini bukan antrian unit loket ini."))
    if ticket.counter_id is not None and ticket.counter_id != counter.pk:
        raise ValidationError(
            _("Tiket %(label)s dipanggil di %(counter)s, bukan di loket ini.")
            % {"label": ticket.label, "counter": ticket.counter.name}
        )
    problem = rules.action_problem(action, ticket.status)
    if problem:
        raise ValidationError(_(problem) % {"label": ticket.label})
    return ticket


@transaction.atomic
def ticket_recall(*, ticket: Ticket, counter: Counter, by: User) -> Ticket:
    """Calls the same number again (the display chimes again)."""
    ticket = _locked_at_counter(ticket, counter, "recall")
    now = timezone.now()
    ticket.last_called_at = now
    ticket.save(update_fields=["last_called_at"])
    _event(ticket, TicketEvent.Kind.RECALLED, counter=counter, by=by, at=now)
    return ticket


@transaction.atomic
def ticket_skip(*, ticket: Ticket, counter: Counter, by: User) -> Ticket:
    """The citizen did not come: the ticket leaves the line (it may be put back later)."""
    ticket = _locked_at_counter(ticket, counter, "skip")
    ticket.status = Ticket.Status.SKIPPED
    ticket.save(update_fields=["status"])
    _event(ticket, TicketEvent.Kind.SKIPPED, counter=counter, by=by, at=timezone.now())
    return ticket


@transaction.atomic
def ticket_requeue(*, ticket: Ticket, counter: Counter, by: User) -> Ticket:
    """A skipped citizen came back: the ticket waits again in its place (by the time taken)."""
    ticket = _locked_at_counter(ticket, counter, "requeue")
    now = timezone.now()
    ticket.status, ticket.counter, ticket.officer = Ticket.Status.WAITING, None, None
    ticket.called_at = ticket.last_called_at = ticket.wait_seconds = None
    ticket.queued_at = now
    ticket.save()
    _event(ticket, TicketEvent.Kind.REQUEUED, counter=counter, by=by, at=now)
    return ticket


@transaction.atomic
def ticket_serve(*, ticket: Ticket, counter: Counter, by: User, reference: str = "") -> Ticket:
    """The visit is done: the service time stops. Serving twice is refused. ``reference``: the
    registration number of a document handed in (its turnaround clock starts)."""
    ticket = _locked_at_counter(ticket, counter, "serve")
    now = timezone.now()
    ticket.status, ticket.served_at = Ticket.Status.SERVED, now
    ticket.service_seconds = rules.seconds_between(ticket.called_at, now)
    ticket.save(update_fields=["status", "served_at", "service_seconds"])
    _event(ticket, TicketEvent.Kind.SERVED, counter=counter, by=by, at=now)
    if (reference or "").strip():
        document_submit(service=ticket.service, reference=reference, officer=ticket.officer, ticket=ticket)
    return ticket


@transaction.atomic
def ticket_transfer(*, ticket: Ticket, counter: Counter, to_service: Service, by: User) -> Ticket:
    """Sends the citizen to another service of the unit: the ticket waits there in its place
    (its time taken), keeping its number."""
    ticket = _locked_at_counter(ticket, counter, "transfer")
    problem = rules.transfer_problem(
        from_service=ticket.service_id,
        to_service=to_service.pk,
        same_unit=to_service.unit_id == ticket.unit_id,
        to_open=to_service.is_open,
    )
    if problem:
        raise ValidationError({"to_service": _(problem)})
    now = timezone.now()
    _event(ticket, TicketEvent.Kind.TRANSFERRED, counter=counter, by=by, at=now)
    ticket.service = to_service
    ticket.status, ticket.counter, ticket.officer = Ticket.Status.WAITING, None, None
    ticket.called_at = ticket.last_called_at = ticket.wait_seconds = None
    ticket.queued_at = now
    ticket.transfers += 1
    ticket.save()
    return ticket


# ------------------------------------------------------------------------------ survey of a visit
def survey_problem(ticket: Ticket, today: dt.date) -> str | None:
    """Why this ticket's survey cannot be answered now (None: it can)."""
    if hasattr(ticket, "survey"):
        return _("Survei untuk kunjungan %(label)s sudah diisi. Terima kasih.") % {"label": ticket.label}
    if ticket.status != Ticket.Status.SERVED:
        return _("Survei dapat diisi setelah Anda selesai dilayani.")
    if (today - ticket.day).days > SURVEY_DAYS:
        return _("Survei untuk kunjungan ini sudah ditutup (lebih dari %(days)s hari).") % {"days": SURVEY_DAYS}
    return None


def survey_point_for(unit: Unit) -> SurveyPoint:
    """The unit's own IKM survey: its active point (the one without a counter first); one is made
    when the unit has none yet. A unit that closed all its points takes no answer."""
    point = SurveyPoint.objects.filter(unit=unit).order_by("-is_active", "counter").first()
    if point is None:  # two first visitors at once: the unique (unit, counter) keeps one point
        point, _created = SurveyPoint.objects.get_or_create(
            unit=unit, counter="", defaults={"instansi_id": unit.instansi_id}
        )
    if not point.is_active:
        raise ValidationError(_("Survei untuk layanan ini sedang ditutup."))
    return point


@transaction.atomic
def ticket_survey_submit(
    *, ticket: Ticket, answers: dict, token: str, device: str = "", ip: str = "", honeypot: str = "", **profile
) -> TicketSurvey:
    """Stores the visit's IKM answer in the unit's survey (citizen) and links it to the ticket,
    with its officer, counter and service. A second answer for the ticket is refused."""
    ticket = Ticket.objects.select_for_update().select_related("service", "instansi").get(pk=ticket.pk)
    problem = survey_problem(ticket, today_of(ticket.instansi))
    if problem:
        raise ValidationError(problem)
    point = survey_point_for(ticket.unit)
    profile.setdefault("service", ticket.service.name)
    response = citizen_services.survey_submit(
        point=point, answers=answers, token=token, device=device, ip=ip, honeypot=honeypot, **profile
    )
    try:
        with transaction.atomic():
            return TicketSurvey.objects.create(
                ticket=ticket,
                response=response,
                instansi_id=ticket.instansi_id,
                unit_id=ticket.unit_id,
                service_id=ticket.service_id,
                counter_id=ticket.counter_id,
                officer_id=ticket.officer_id,
            )
    except IntegrityError:  # answered at the same moment on another device: the outer block rolls back
        raise ValidationError(
            _("Survei untuk kunjungan %(label)s sudah diisi. Terima kasih.") % {"label": ticket.label}
        ) from None


def survey_visit_token(ticket: Ticket) -> str:
    return citizen_services.visit_token(survey_point_for(ticket.unit))


# ------------------------------------------------------------------------------ documents
@transaction.atomic
def document_submit(
    *, service: Service, reference: str, officer: Employee | None = None, ticket: Ticket | None = None
) -> Document:
    """A document handed in for a service with a turnaround target; the clock starts today
    (the instansi's day)."""
    reference = citizen_rules.clean_text(reference or "")[:40]
    errors = {}
    if service.target_days is None:
        errors["service"] = _("Layanan %(service)s tidak memiliki target penyelesaian dokumen.") % {
            "service": service.name
        }
    if not reference:
        errors["reference"] = _("Nomor registrasi wajib diisi.")
    elif Document.objects.filter(unit_id=service.unit_id, reference=reference).exists():
        errors["reference"] = _("Nomor registrasi %(ref)s sudah tercatat.") % {"ref": reference}
    if ticket is not None and (ticket.unit_id != service.unit_id or Document.objects.filter(ticket=ticket).exists()):
        errors["ticket"] = _("Tiket ini sudah mencatat dokumen atau bukan dari unit ini.")
    if errors:
        raise ValidationError(errors)
    return Document.objects.create(
        instansi_id=service.instansi_id,
        unit_id=service.unit_id,
        service=service,
        ticket=ticket,
        reference=reference,
        officer=officer,
        submitted_on=today_of(service.instansi),
        target_days=service.target_days,
    )


@transaction.atomic
def document_ready(*, document: Document) -> Document:
    document = Document.objects.select_for_update().select_related("instansi").get(pk=document.pk)
    if document.ready_on is not None:
        raise ValidationError(_("Dokumen %(ref)s sudah ditandai selesai.") % {"ref": document.reference})
    document.ready_on = today_of(document.instansi)
    document.save(update_fields=["ready_on", "updated_at"])
    return document
