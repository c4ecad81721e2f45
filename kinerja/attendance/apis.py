"""Attendance endpoints: imports, the month summary, an employee's days, entries by hand, leave,
sanctions and corrections. The same access functions, services and selectors as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from kinerja.api.auth import WRITERS
from kinerja.api.pagination import PageNumberPagination
from kinerja.core.i18n import render
from kinerja.org import access as org_access
from kinerja.org.models import Employee

from . import access, imports, rules, selectors, services
from .models import Correction

router = Router(tags=["kehadiran"])


def instansi_of(user, code: str | None):
    """The instansi an API call works on: ?instansi=code (superadmin) or the user's own."""
    if code:
        return org_access.get_instansi_for(user, code)
    if not user.instansi_id:
        raise Http404
    return user.instansi


def employee_by_nip(instansi, nip: str) -> Employee:
    employee = Employee.objects.filter(instansi=instansi, nip=nip, is_active=True).select_related("instansi").first()
    if employee is None:
        raise Http404
    return employee


class ImportOut(Schema):
    id: int
    status: str
    summary: dict

    @staticmethod
    def resolve_summary(obj) -> dict:
        """Errors in the requester's language (stored untranslated: kinerja.core.i18n)."""
        summary = dict(obj.summary)
        summary["file_errors"] = [render(e) for e in summary.get("file_errors", [])]
        summary["errors"] = [(row, column, render(m)) for row, column, m in summary.get("errors", [])]
        return summary


class SummaryOut(Schema):
    employee_id: int
    nip: str = Field(..., alias="employee.nip")
    month: str
    working_days: int
    present_days: int
    late_days: int
    incomplete_days: int
    absent_days: int
    leave_days: int
    ceremony_missed: int
    deduction_pct: Decimal


class DayOut(Schema):
    date: dt.date
    status: str
    late_minutes: int
    early_minutes: int
    deduction_pct: Decimal
    leave_kind: str


class RecordIn(Schema):
    nip: str
    date: dt.date
    check_in: dt.time | None = None
    check_out: dt.time | None = None
    ceremony: bool = False
    reason: str = Field(..., max_length=2000)


class RecordOut(Schema):
    id: int
    employee_id: int
    date: dt.date
    check_in: dt.time | None
    check_out: dt.time | None
    source: str
    reason: str


class LeaveIn(Schema):
    nip: str
    kind: str = Field(..., pattern="^(cuti_tahunan|cuti_sakit|cuti_lain|dinas_luar|tugas_belajar)$")
    start: dt.date
    end: dt.date
    letter_number: str = Field(..., max_length=100)
    note: str = Field("", max_length=200)


class LeaveOut(Schema):
    id: int
    employee_id: int
    kind: str
    start: dt.date
    end: dt.date
    letter_number: str


class SanctionIn(Schema):
    nip: str
    kind: str
    decree_number: str = Field("", max_length=100)
    decree_date: dt.date | None = None
    start: dt.date
    months: int = Field(..., ge=1, le=36)
    cut_pct: Decimal = Field(..., ge=0, le=100)
    note: str = Field("", max_length=200)


class SanctionOut(Schema):
    id: int
    employee_id: int
    level: str
    kind: str
    decree_number: str
    decree_date: dt.date
    start: dt.date
    months: int
    cut_pct: Decimal


class CorrectionDecisionIn(Schema):
    approve: bool
    reason: str = Field("", max_length=2000)


class CorrectionOut(Schema):
    id: int
    employee_id: int
    date: dt.date
    status: str
    decision_reason: str


@router.post("/attendance/imports", response={201: ImportOut}, auth=WRITERS)
def import_upload(request, file: File[UploadedFile], instansi: str | None = None):
    target = instansi_of(request.auth, instansi)
    access.require_admin(request.auth, target)
    batch = imports.import_preview(instansi=target, content=file.read(), filename=file.name or "", by=request.auth)
    return Status(201, batch)


@router.post("/attendance/imports/{int:import_id}/apply", response=ImportOut, auth=WRITERS)
def import_apply(request, import_id: int):
    batch = access.get_import_for(request.auth, import_id)
    imports.import_apply(batch=batch)
    batch.refresh_from_db()
    return batch


@router.post("/attendance/months/{month}/compute", response=dict, auth=WRITERS)
def month_compute(request, month: str, instansi: str | None = None):
    target = instansi_of(request.auth, instansi)
    access.require_admin(request.auth, target)
    return {"month": month, "employees": services.month_compute(instansi=target, month=month)}


@router.get("/attendance/months/{month}", response=list[SummaryOut])
@paginate(PageNumberPagination, page_size=200)
def month_summaries(request, month: str, instansi: str | None = None):
    target = instansi_of(request.auth, instansi)
    access.require_reader(request.auth, target)
    return selectors.summaries(instansi=target, month=month)


@router.get("/attendance/employees/{int:employee_id}/days", response=list[DayOut])
def employee_days(request, employee_id: int, month: str):
    employee = access.get_employee_month_for(request.auth, employee_id)
    try:
        days = rules.month_days(month)
    except rules.AttendanceError as error:
        raise ValidationError({"month": _(str(error))}) from None
    outcomes = selectors.month_outcomes(instansi=employee.instansi, days=days, employee_ids=[employee.pk])
    return [
        {
            "date": day,
            "status": o.status.value,
            "late_minutes": o.late_minutes,
            "early_minutes": o.early_minutes,
            "deduction_pct": o.deduction_pct,
            "leave_kind": o.leave_kind,
        }
        for day, o in outcomes.get(employee.pk, {}).items()
    ]


@router.post("/attendance/records", response={201: RecordOut}, auth=WRITERS)
def record_enter(request, payload: RecordIn, instansi: str | None = None):
    target = instansi_of(request.auth, instansi)
    access.require_admin(request.auth, target)
    employee = employee_by_nip(target, payload.nip)
    data = payload.dict(exclude={"nip"})
    return Status(201, services.record_enter(employee=employee, by=request.auth, **data))


@router.get("/attendance/leaves", response=list[LeaveOut])
@paginate(PageNumberPagination, page_size=100)
def leave_list(request, instansi: str | None = None):
    target = instansi_of(request.auth, instansi)
    access.require_admin(request.auth, target)
    return selectors.leaves_list(instansi=target)


@router.post("/attendance/leaves", response={201: LeaveOut}, auth=WRITERS)
def leave_create(request, payload: LeaveIn, instansi: str | None = None):
    target = instansi_of(request.auth, instansi)
    access.require_admin(request.auth, target)
    employee = employee_by_nip(target, payload.nip)
    return Status(201, services.leave_create(employee=employee, by=request.auth, **payload.dict(exclude={"nip"})))


@router.get("/attendance/sanctions", response=list[SanctionOut])
@paginate(PageNumberPagination, page_size=100)
def sanction_list(request, instansi: str | None = None):
    target = instansi_of(request.auth, instansi)
    access.require_admin(request.auth, target)
    return selectors.sanctions_list(instansi=target)


@router.post("/attendance/sanctions", response={201: SanctionOut}, auth=WRITERS)
def sanction_create(request, payload: SanctionIn, instansi: str | None = None):
    target = instansi_of(request.auth, instansi)
    access.require_admin(request.auth, target)
    employee = employee_by_nip(target, payload.nip)
    return Status(201, services.sanction_create(employee=employee, by=request.auth, **payload.dict(exclude={"nip"})))


@router.get("/attendance/corrections", response=list[CorrectionOut])
def correction_list(request):
    if not request.auth.employee_id:
        return []
    mine = Correction.objects.filter(employee_id=request.auth.employee_id)
    return list(selectors.corrections_for_supervisor(supervisor=request.auth.employee)[:200]) + list(mine[:50])


@router.post("/attendance/corrections/{int:correction_id}/decision", response=CorrectionOut, auth=WRITERS)
def correction_decide(request, correction_id: int, payload: CorrectionDecisionIn):
    correction = access.get_correction_for(request.auth, correction_id, decide=True)
    return services.correction_decide(
        correction=correction, approve=payload.approve, reason=payload.reason, by=request.auth
    )
