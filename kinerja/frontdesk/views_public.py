"""Public queue pages (no login): the kiosk and the phone page to take a number, the printable
ticket with its QR code, the waiting-room display, and the survey of one visit. Times show in
the instansi's own zone (a public page has no user whose zone the middleware could take)."""

from __future__ import annotations

import io

import segno
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from kinerja.citizen import rules as citizen_rules
from kinerja.citizen import services as citizen_services
from kinerja.citizen import throttle
from kinerja.citizen.forms import SurveyForm, survey_fields
from kinerja.citizen.views import DEVICE_COOKIE, _client, _with_device
from kinerja.org.models import Instansi, Unit

from . import selectors, services
from .models import Ticket

# Tickets per hour: a kiosk shares the hall's IP (and is not limited per device: it gives out
# every number of the hall); one phone takes a few numbers at most.
TAKE_LIMITS = {"ip": 600, "device": 6}


def _local(instansi: Instansi) -> Instansi:
    timezone.activate(instansi.tzinfo)
    return instansi


def _unit(code: str, unit_pk: int) -> Unit:
    unit = (
        Unit.objects.filter(instansi__code=code, pk=unit_pk, is_active=True, queue_services__isnull=False)
        .select_related("instansi")
        .distinct()
        .first()
    )
    if unit is None:
        raise Http404
    _local(unit.instansi)
    return unit


def _ticket(token: str) -> Ticket:
    ticket = (
        Ticket.objects.filter(token=token).select_related("service", "unit", "instansi", "counter", "survey").first()
    )
    if ticket is None:
        raise Http404
    _local(ticket.instansi)
    return ticket


@require_safe
def public_index(request, code: str):
    instansi = Instansi.objects.filter(code=code).first()
    if instansi is None:
        raise Http404
    _local(instansi)
    units = Unit.objects.filter(instansi=instansi, is_active=True, queue_services__isnull=False).distinct()
    return render(request, "frontdesk/public_index.html", {"instansi": instansi, "units": units.order_by("path")})


def _take(request, unit: Unit, source: str, template: str):
    services_ = list(selectors.services_of(unit))
    error = ""
    if request.method == "POST":
        ip, device = _client(request)
        kiosk = source == Ticket.Source.KIOSK
        allowed = throttle.allow("queue-ip", citizen_services.hashed(ip), limit=TAKE_LIMITS["ip"], seconds=3600) and (
            kiosk
            or throttle.allow(
                "queue-device", citizen_services.hashed(device), limit=TAKE_LIMITS["device"], seconds=3600
            )
        )
        service = next((s for s in services_ if str(s.pk) == request.POST.get("service")), None)
        if not kiosk and not request.COOKIES.get(DEVICE_COOKIE):
            # A phone gets its device cookie with the page; a POST without one is a script.
            error = _("Buka ulang halaman ini lalu pilih layanan lagi.")
        elif not allowed:
            error = _("Terlalu banyak nomor dari perangkat ini. Silakan ke petugas.")
        elif service is None:
            error = _("Pilih layanan.")
        else:
            try:
                ticket = services.ticket_take(service=service, priority=request.POST.get("priority", ""), source=source)
            except ValidationError as e:
                error = " ".join(e.messages)
            else:
                url = reverse("frontdesk:ticket", args=[ticket.token])
                return redirect(f"{url}?cetak=1" if source == Ticket.Source.KIOSK else url)
    waiting = selectors.waiting_by_service(unit.pk, services.today_of(unit.instansi))
    context = {
        "instansi": unit.instansi,
        "unit": unit,
        "services": [(s, waiting.get(s.pk, 0)) for s in services_],
        "priorities": Ticket.Priority.choices,
        "error": error,
    }
    response = render(request, template, context, status=400 if error else 200)
    return response if source == Ticket.Source.KIOSK else _with_device(request, response)


def kiosk(request, code: str, unit_pk: int):
    """The touch screen in the hall: big buttons, one per service; the ticket prints."""
    return _take(request, _unit(code, unit_pk), Ticket.Source.KIOSK, "frontdesk/kiosk.html")


def phone(request, code: str, unit_pk: int):
    """Taking a number on one's own phone (from the QR poster at the door)."""
    return _take(request, _unit(code, unit_pk), Ticket.Source.PHONE, "frontdesk/phone.html")


def _ticket_context(request, ticket: Ticket) -> dict:
    return {
        "instansi": ticket.instansi,
        "ticket": ticket,
        "ahead": selectors.people_ahead(ticket),
        "survey_url": request.build_absolute_uri(reverse("frontdesk:survey", args=[ticket.token])),
    }


@require_safe
def ticket(request, token: str):
    """The ticket: big number, the people ahead, and the QR code of this visit's survey. With
    ?cetak=1 (from the kiosk) it prints on the thermal printer and returns to the kiosk."""
    ticket = _ticket(token)
    context = _ticket_context(request, ticket)
    context["print"] = request.GET.get("cetak") == "1"
    context["kiosk_url"] = reverse("frontdesk:kiosk", args=[ticket.instansi.code, ticket.unit_id])
    return render(request, "frontdesk/ticket.html", context)


@require_safe
def ticket_status(request, token: str):
    """The phone's ticket status, polled by htmx."""
    ticket = _ticket(token)
    return render(request, "frontdesk/_ticket_status.html", _ticket_context(request, ticket))


@require_safe
def ticket_qr(request, token: str):
    ticket = _ticket(token)
    url = request.build_absolute_uri(reverse("frontdesk:survey", args=[ticket.token]))
    # A standalone SVG document (with its namespace: svg_inline's fragment is no image on its own).
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, dark="#000", xmldecl=False)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@require_safe
def display(request, code: str, unit_pk: int):
    """The waiting-room screen: called numbers, updated by polling, with a chime (static JS)."""
    unit = _unit(code, unit_pk)
    context = {"instansi": unit.instansi, "unit": unit, **_display_context(unit)}
    return render(request, "frontdesk/display.html", context)


def _display_context(unit: Unit) -> dict:
    day = services.today_of(unit.instansi)
    calls = selectors.display_calls(unit.pk, day)
    waiting = selectors.waiting_by_service(unit.pk, day)
    return {
        "calls": calls,
        "latest": f"{calls[0].pk}:{calls[0].last_called_at.timestamp():.0f}" if calls else "",
        "lines": [(s, waiting.get(s.pk, 0)) for s in selectors.services_of(unit)],
    }


@require_safe
def display_calls(request, code: str, unit_pk: int):
    unit = _unit(code, unit_pk)
    return render(request, "frontdesk/_display_calls.html", {"unit": unit, **_display_context(unit)})


def survey(request, token: str):
    """The unit's IKM survey for one visit: the answer carries the ticket's officer and service,
    and a ticket answers once."""
    ticket = _ticket(token)
    instansi = ticket.instansi
    problem = services.survey_problem(ticket, services.today_of(instansi))
    if problem:
        return render(request, "frontdesk/public_message.html", {"instansi": instansi, "message": problem})
    errors: dict = {}
    if request.method == "POST":
        ip, device = _client(request)
        hashed = citizen_services.hashed
        if not throttle.submission_allowed("survey", ip_hash=hashed(ip), device_hash=hashed(device)):
            message = _("Terlalu banyak kiriman dari jaringan ini. Coba lagi dalam satu jam.")
            context = {"instansi": instansi, "message": message}
            return render(request, "frontdesk/public_message.html", context, status=429)
        try:
            services.ticket_survey_submit(
                ticket=ticket, device=device, ip=ip, **survey_fields(request.POST, with_service=False)
            )
        except citizen_services.Honeypot:
            pass
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        if not errors:
            message = _(
                "Terima kasih. Jawaban Anda untuk kunjungan %(label)s membantu memperbaiki layanan %(unit)s."
            ) % {
                "label": ticket.label,
                "unit": ticket.unit.name,
            }
            context = {"instansi": instansi, "message": message, "thanks": True}
            return render(request, "frontdesk/public_message.html", context)
    try:
        visit = services.survey_visit_token(ticket)
    except ValidationError as error:
        return render(request, "frontdesk/public_message.html", {"instansi": instansi, "message": error.messages[0]})
    form = SurveyForm(request.POST or None, initial={"token": visit, "service": ticket.service.name})
    context = {
        "instansi": instansi,
        "point": f"{ticket.unit.name} · {ticket.service.name} · {ticket.label}",
        "form": form,
        "errors": errors,
        "general_errors": errors.get("__all__", []),
        "elements": [(c, _(label), str(form.data.get(c, ""))) for c, label in citizen_rules.ELEMENTS],
        "scale": [(n, pgettext(citizen_rules.SURVEY, label)) for n, label in citizen_rules.SCALE_LABELS.items()],
    }
    response = render(request, "citizen/survey.html", context, status=400 if errors else 200)
    return _with_device(request, response)
