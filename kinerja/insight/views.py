"""Dashboards under /wawasan/: thin views (access → selector → render). Every figure's table
downloads as CSV or XLSX with ?unduh=<key>&format=csv|xlsx from the page that shows it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from kinerja.core.routers import reads_from_replica
from kinerja.org import access as org_access

from . import access, selectors
from .tables import download


def _level(request, instansi, unit=None) -> selectors.Level | None:
    period = access.get_period(request.user, instansi, request.GET.get("periode"))
    if period is None:
        return None
    keys = selectors.appraisal_rules.cut_keys(period.year, period.cut)
    cut_key = request.GET.get("cut")
    cut_key = cut_key if cut_key in keys else selectors.default_cut(period)
    return selectors.Level(instansi=instansi, period=period, cut_key=cut_key, unit=unit)


def _page(request, template: str, level, tables, filename: str, **context):
    """Renders the page, or one of its tables as a download when ?unduh= names it."""
    wanted = request.GET.get("unduh")
    if wanted:
        table = next((t for t in tables if t.key == wanted), None)
        if table is None:
            raise Http404
        return download(table, request.GET.get("format", "csv"), filename)
    cuts = []
    if level is not None:
        keys = selectors.appraisal_rules.cut_keys(level.period.year, level.period.cut)
        cuts = [(k, selectors.cut_label(k)) for k in keys]
    return render(request, template, {"level": level, "tables": tables, "cuts": cuts, **context})


@login_required
@reads_from_replica
def dashboard(request):
    """The instansi for pimpinan and BKPSDM; a unit head's own unit; anyone else's own page."""
    user = request.user
    if not org_access.sees_whole_instansi(user):
        headed = org_access.headed_units(user).order_by("path").first()
        if headed is not None:
            return redirect("insight:unit", headed.pk)
        if user.employee_id:
            return redirect("insight:person", user.employee_id)
        raise PermissionDenied
    instansi = org_access.instansi_for_request(request)
    level = _level(request, instansi)
    tables = []
    if level is not None:
        unit_url = reverse("insight:unit", args=[0])
        tables = [
            selectors.iku_table(level),
            selectors.trend_table(level),
            *selectors.unit_tables(level, unit_url),
            selectors.citizen_table(level),
        ]
    return _page(
        request,
        "insight/dashboard.html",
        level,
        tables,
        f"wawasan-{instansi.code}",
        instansi=instansi,
        can_manage=org_access.can_manage(user, instansi.pk),
    )


@login_required
@reads_from_replica
def unit(request, pk: int):
    unit = access.get_unit_for(request.user, pk)
    level = _level(request, unit.instansi, unit)
    tables, people, waiting = [], [], []
    if level is not None:
        tables = [
            selectors.trend_table(level),
            *selectors.unit_tables(level, reverse("insight:unit", args=[0])),
            selectors.iku_table(level),
            selectors.citizen_table(level),
        ]
        people = selectors.unit_people(level)
        waiting = selectors.waiting_for_whom(level)
    ancestors = selectors.Unit.objects.filter(
        instansi=unit.instansi, path__in=[unit.path[: i + selectors.SEGMENT] for i in range(0, len(unit.path) - 1, 7)]
    ).order_by("path")
    context = {"unit": unit, "people": people, "waiting": waiting, "ancestors": ancestors}
    return _page(request, "insight/unit.html", level, tables, f"wawasan-{unit.code}", **context)


@login_required
def mine(request):
    if not request.user.employee_id:
        raise Http404
    return redirect("insight:person", request.user.employee_id)


@login_required
@reads_from_replica
def person(request, pk: int):
    employee = access.get_person_for(request.user, pk)
    period = access.get_period(request.user, employee.instansi, request.GET.get("periode"))
    tables, chains, skp = [], [], None
    if period is not None:
        tables = selectors.person_tables(employee, period)
        skp = selectors.current_skp(employee, period)
        chains = selectors.goal_chains(skp)
    context = {"employee": employee, "period": period, "chains": chains, "skp": skp}
    return _page(request, "insight/person.html", None, tables, f"wawasan-{employee.nip}", **context)


@login_required
@reads_from_replica
def cycle(request):
    instansi = org_access.instansi_for_request(request)
    access.require_bkpsdm(request.user, instansi)
    level = _level(request, instansi)
    tables = selectors.cycle_tables(level) if level else []
    return _page(request, "insight/cycle.html", level, tables, f"siklus-{instansi.code}", instansi=instansi)
