"""TPP endpoints: compute and close a month, its lines (the same objects as ``manage.py tpp
--format json``), an employee's own slips, and salaries (one at a time or a payroll file: dry run,
then apply). The same access functions and services as the pages."""

from __future__ import annotations

from django.db.models import F
from django.http import Http404
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from kinerja.api.auth import WRITERS
from kinerja.api.pagination import PageNumberPagination
from kinerja.attendance.apis import ImportOut, employee_by_nip, instansi_of

from . import access, imports, selectors, services
from .models import Salary, TppMonth

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


# ------------------------------------------------------------------------------------ salaries
class SalaryIn(Schema):
    amount: int


class SalaryOut(Schema):
    nip: str
    name: str
    amount: int


@router.get("/tpp/salaries", response=list[SalaryOut])
@paginate(PageNumberPagination)
def salary_list(request, instansi: str | None = None, nip: str | None = None):
    """The monthly salaries the TPP month reads (BPJS and PPh 21 columns), by NIP."""
    target = instansi_of(request.auth, instansi)
    access.require_admin(request.auth, target)
    rows = Salary.objects.filter(instansi=target, employee__is_active=True)
    if nip:
        rows = rows.filter(employee__nip=nip)
    return rows.order_by("employee__nip").values("amount", nip=F("employee__nip"), name=F("employee__name"))


@router.post("/tpp/salaries/imports", response={201: ImportOut}, auth=WRITERS)
def salary_import_upload(request, file: File[UploadedFile], instansi: str | None = None):
    """Dry run of a payroll file (NIP, GAJI; CSV or XLSX): nothing changes until it is applied."""
    target = instansi_of(request.auth, instansi)
    access.require_admin(request.auth, target)
    batch = imports.import_preview(instansi=target, content=file.read(), filename=file.name or "", by=request.auth)
    return Status(201, batch)


@router.get("/tpp/salaries/imports/{int:import_id}", response=ImportOut)
def salary_import_detail(request, import_id: int):
    return access.get_salary_import_for(request.auth, import_id)


@router.post("/tpp/salaries/imports/{int:import_id}/apply", response=ImportOut, auth=WRITERS)
def salary_import_apply(request, import_id: int):
    batch = access.get_salary_import_for(request.auth, import_id)
    imports.import_apply(batch=batch)
    batch.refresh_from_db()
    return batch


# After the imports: /tpp/salaries/{nip} would otherwise take the word "imports" for a NIP.
@router.put("/tpp/salaries/{nip}", response=SalaryOut, auth=WRITERS)
def salary_put(request, nip: str, payload: SalaryIn, instansi: str | None = None):
    target = instansi_of(request.auth, instansi)
    access.require_admin(request.auth, target)
    employee = employee_by_nip(target, nip)
    row = services.salary_set(employee=employee, amount=payload.amount)
    return {"nip": employee.nip, "name": employee.name, "amount": row.amount}
