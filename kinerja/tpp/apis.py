"""TPP endpoints: compute and close a month, its lines (the same objects as ``manage.py tpp
--format json``), an employee's own slips. The same access functions and services as the pages."""

from __future__ import annotations

from django.http import Http404
from ninja import Router

from kinerja.api.auth import WRITERS
from kinerja.attendance.apis import instansi_of

from . import access, selectors, services
from .models import TppMonth

router = Router(tags=["tpp"])


def _month(user, instansi_code: str | None, month: str) -> TppMonth:
    target = instansi_of(user, instansi_code)
    access.require_reader(user, target)
    tpp_month = TppMonth.objects.filter(instansi=target, month=month).select_related("instansi").first()
    if tpp_month is None:
        raise Http404
    return tpp_month


@router.post("/tpp/months/{month}/compute", response=dict, auth=WRITERS)
def month_compute(request, month: str, instansi: str | None = None):
    target = instansi_of(request.auth, instansi)
    access.require_admin(request.auth, target)
    tpp_month = services.month_compute(instansi=target, month=month, by=request.auth)
    return {
        "month": tpp_month.month,
        "status": tpp_month.status,
        **selectors.totals(selectors.lines(tpp_month=tpp_month)),
    }


@router.post("/tpp/months/{month}/close", response=dict, auth=WRITERS)
def month_close(request, month: str, instansi: str | None = None):
    tpp_month = _month(request.auth, instansi, month)
    access.require_admin(request.auth, tpp_month.instansi)
    tpp_month = services.month_close(tpp_month=tpp_month, by=request.auth)
    return {"month": tpp_month.month, "status": tpp_month.status}


@router.get("/tpp/months/{month}/lines", response=list[dict])
def month_lines(request, month: str, instansi: str | None = None, unit_id: int | None = None, page: int = 1):
    """One object per line (NIP, base, kinerja %, disiplin %, each deduction, gross, net), 500 a page."""
    tpp_month = _month(request.auth, instansi, month)
    qs = selectors.lines(tpp_month=tpp_month)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    start = (max(page, 1) - 1) * 500
    return [selectors.as_json(line) for line in qs[start : start + 500]]


@router.get("/tpp/slips", response=list[dict])
def my_slips(request):
    if not request.auth.employee_id:
        return []
    return [
        {"month": line.month.month, "status": line.month.status, **selectors.as_json(line)}
        for line in selectors.employee_lines(employee_id=request.auth.employee_id)[:36]
    ]
