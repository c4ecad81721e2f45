"""Staff pages of the queue: the officer's home (counters today, own figures), the counter page
(call, recall, skip, transfer, serve), the figures of a unit's day, documents and their
turnaround, and the admin's set-up of services, counters and officers."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kinerja.accounts.access import require_writer
from kinerja.citizen import rules as citizen_rules
from kinerja.core.forms import add_validation_error
from kinerja.org import access as org_access
from kinerja.org.models import Employee, Unit

from . import access, selectors, services
from .forms import CounterForm, DocumentForm, ServiceForm, ShiftForm, TransferForm
from .models import Counter, Service, Ticket

ACTIONS = {
    "recall": services.ticket_recall,
    "skip": services.ticket_skip,
    "requeue": services.ticket_requeue,
}


def _quarter(today: dt.date) -> tuple[dt.date, dt.date]:
    return citizen_rules.cut_range(citizen_rules.last_quarters(today, 1)[0])


@login_required
@require_safe
def home(request):
    user, today = request.user, timezone.localdate()
    mine = Counter.objects.none()
    score = None
    if user.employee_id:
        mine = Counter.objects.filter(shifts__employee_id=user.employee_id, shifts__day=today).select_related("unit")
        score = selectors.officer_score(user.employee_id, *_quarter(today))
    context = {
        "mine": mine,
        "score": score,
        "minimum": citizen_rules.MIN_RESPONDENTS,
        "units": access.queue_units_visible_to(user).select_related("instansi").order_by("path"),
        "counters": access.counters_visible_to(user).select_related("unit").order_by("unit__path", "name"),
        "is_manager": org_access.can_manage(user, user.instansi_id),
    }
    return render(request, "frontdesk/home.html", context)


@login_required
@require_safe
def counter(request, pk: int):
    counter = access.get_counter_for(request.user, pk)
    state = selectors.counter_state(counter, timezone.localdate())
    others = Service.objects.filter(unit_id=counter.unit_id, is_open=True)
    if state.current:
        others = others.exclude(pk=state.current.service_id)
    context = {
        "counter": counter,
        "state": state,
        "transfer_form": TransferForm(services=others),
        "can_work": not request.user.is_pimpinan
        and (org_access.can_manage(request.user, counter.instansi_id) or access.on_shift(request.user, counter)),
    }
    return render(request, "frontdesk/counter.html", context)


@login_required
@require_safe
def counter_lines(request, pk: int):
    """The counter's waiting lines, polled by htmx: new tickets show without a reload."""
    counter = access.get_counter_for(request.user, pk)
    state = selectors.counter_state(counter, timezone.localdate())
    return render(request, "frontdesk/_counter_lines.html", {"counter": counter, "state": state})


@login_required
@require_POST
def counter_action(request, pk: int):
    """One counter action; a refusal shows its reason on the counter page and changes nothing."""
    counter = access.get_counter_for(request.user, pk, write=True)
    action, by = request.POST.get("action", ""), request.user
    ticket = None
    if action != "call":
        ticket = Ticket.objects.filter(pk=request.POST.get("ticket") or 0, unit_id=counter.unit_id).first()
        if ticket is None or action not in {*ACTIONS, "serve", "transfer"}:
            raise Http404
    try:
        if action == "call":
            ticket = services.ticket_call_next(counter=counter, by=by)
            messages.success(request, _("Memanggil %(label)s.") % {"label": ticket.label})
        elif action == "serve":
            reference = request.POST.get("reference", "")
            services.ticket_serve(ticket=ticket, counter=counter, by=by, reference=reference)
            messages.success(request, _("%(label)s selesai dilayani.") % {"label": ticket.label})
        elif action == "transfer":
            target = Service.objects.filter(pk=request.POST.get("to_service") or 0, unit_id=counter.unit_id).first()
            if target is None:
                raise ValidationError(_("Pilih layanan tujuan."))
            services.ticket_transfer(ticket=ticket, counter=counter, to_service=target, by=by)
            messages.success(
                request, _("%(label)s dipindahkan ke %(service)s.") % {"label": ticket.label, "service": target.name}
            )
        else:
            ACTIONS[action](ticket=ticket, counter=counter, by=by)
            messages.success(request, _("Tersimpan: %(label)s.") % {"label": ticket.label})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("frontdesk:counter", pk)


@login_required
@require_safe
def figures(request):
    units = access.queue_units_visible_to(request.user).order_by("path")
    unit = units.filter(pk=request.GET.get("unit") or 0).first() or units.first()
    day = parse_date(request.GET.get("tanggal") or "") or timezone.localdate()
    figures = selectors.unit_figures(unit, day, timezone.get_current_timezone()) if unit else None
    chart = (
        {
            "type": "line",
            "labels": figures.series_labels,
            "datasets": [{"label": _("Orang menunggu"), "data": figures.series}],
        }
        if figures
        else None
    )
    context = {"units": units, "unit": unit, "day": day, "figures": figures, "chart": chart}
    return render(request, "frontdesk/figures.html", context)


@login_required
def documents(request):
    units = access.queue_units_visible_to(request.user)
    kinds = Service.objects.filter(unit__in=units, target_days__isnull=False).select_related("unit")
    form = DocumentForm(services=kinds)
    if request.method == "POST":
        require_writer(request.user)
        form = DocumentForm(request.POST, services=kinds)
        if form.is_valid():
            try:
                services.document_submit(**form.cleaned_data, officer=request.user.employee)
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, _("Dokumen dicatat; waktu penyelesaian mulai dihitung."))
                return redirect("frontdesk:documents")
    today = timezone.localdate()
    context = {
        "form": form if kinds else None,
        "open": selectors.documents_of(units, open_only=True)[:100],
        "turnaround": selectors.turnaround(units, today - dt.timedelta(days=90), today, today),
        "today": today,
    }
    return render(request, "frontdesk/documents.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def document_ready(request, pk: int):
    document = access.get_document_for(request.user, pk, write=True)
    try:
        services.document_ready(document=document)
        messages.success(request, _("Dokumen %(ref)s siap diambil.") % {"ref": document.reference})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("frontdesk:documents")


# ------------------------------------------------------------------------------ set-up (admin)
def _units(instansi):
    return Unit.objects.filter(instansi=instansi, is_active=True).order_by("path")


@login_required
def setup(request):
    org_access.require_manager(request.user)
    instansi = org_access.instansi_for_request(request, write=True)
    units = _units(instansi)
    service_form = ServiceForm(units=units, initial={"opens_at": "08:00", "closes_at": "15:00", "is_open": True})
    service_form.initial["weekdays"] = list("01234")
    counter_form = CounterForm(units=units, services=Service.objects.filter(instansi=instansi))
    if request.method == "POST":
        require_writer(request.user)
        if request.POST.get("action") == "counter":
            counter_form = CounterForm(request.POST, units=units, services=Service.objects.filter(instansi=instansi))
            form = counter_form
            save = services.counter_save
        else:
            service_form = ServiceForm(request.POST, units=units)
            form = service_form
            save = None
        if form.is_valid():
            try:
                if save is None:
                    services.service_save(**service_form.service_kwargs())
                else:
                    data = form.cleaned_data
                    save(unit=data["unit"], name=data["name"], services=list(data["services"]))
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, _("Tersimpan."))
                return redirect("frontdesk:setup")
    context = {
        "instansi": instansi,
        "services": Service.objects.filter(instansi=instansi).select_related("unit").order_by("unit__path", "code"),
        "counters": Counter.objects.filter(instansi=instansi)
        .select_related("unit")
        .prefetch_related("services")
        .order_by("unit__path", "name"),
        "service_form": service_form,
        "counter_form": counter_form,
    }
    return render(request, "frontdesk/setup.html", context, status=400 if request.method == "POST" else 200)


@login_required
def service_edit(request, pk: int):
    service = access.get_service_for(request.user, pk)
    units = Unit.objects.filter(pk=service.unit_id)
    initial = {
        "unit": service.unit_id,
        "name": service.name,
        "code": service.code,
        "opens_at": service.opens_at,
        "closes_at": service.closes_at,
        "weekdays": list(service.weekdays),
        "is_open": service.is_open,
        "target_days": service.target_days,
    }
    form = ServiceForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_save(**form.service_kwargs(), service=service)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Layanan %(name)s disimpan.") % {"name": service.name})
            return redirect("frontdesk:setup")
    context = {"service": service, "form": form}
    return render(request, "frontdesk/service_edit.html", context, status=400 if request.method == "POST" else 200)


@login_required
def counter_edit(request, pk: int):
    counter = access.get_setup_counter_for(request.user, pk)
    day = parse_date(request.POST.get("day") or request.GET.get("tanggal") or "") or timezone.localdate()
    staff = Employee.objects.filter(
        instansi_id=counter.instansi_id, is_active=True, unit__path__startswith=counter.unit.path
    ).order_by("name")
    current = list(Employee.objects.filter(counter_shifts__counter=counter, counter_shifts__day=day))
    form = ShiftForm(request.POST or None, employees=staff, initial={"day": day, "employees": current})
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            services.shift_set(counter=counter, employees=list(data["employees"]), day=data["day"])
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Petugas %(counter)s disimpan.") % {"counter": counter.name})
            return redirect(f"{request.path}?tanggal={data['day'].isoformat()}")
    context = {"counter": counter, "form": form, "day": day, "current": current}
    return render(request, "frontdesk/counter_edit.html", context, status=400 if request.method == "POST" else 200)
