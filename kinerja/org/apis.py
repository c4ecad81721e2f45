"""Organisation endpoints: the same access functions, services and selectors as the pages."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from kinerja.api.auth import WRITERS
from kinerja.api.pagination import PageNumberPagination

from . import access, rules, selectors, services
from .models import Employee, Position, Unit

router = Router(tags=["organisasi"])


class InstansiOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    province: str
    timezone: str


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    depth: int
    head_position_id: int | None


class UnitIn(Schema):
    code: str = Field(..., min_length=1, max_length=40)
    name: str = Field(..., min_length=1, max_length=200)
    kind: str = Unit.Kind.LAINNYA
    parent_id: int | None = None


class PositionOut(Schema):
    id: int
    name: str
    kind: str
    level: str
    grade: int | None
    unit_id: int


class EmployeeOut(Schema):
    id: int
    nip: str
    name: str
    display_name: str
    front_title: str
    back_title: str
    status: str
    rank: str
    unit_id: int
    position_id: int | None
    supervisor_id: int | None
    birth_date: dt.date
    gender: str
    cpns_start: dt.date | None
    is_active: bool


class EmployeeIn(Schema):
    nip: str = Field(..., max_length=30)
    name: str = Field(..., min_length=1, max_length=150)
    front_title: str = ""
    back_title: str = ""
    status: str = Employee.Status.PNS
    rank: str = ""
    unit_id: int
    position_id: int | None = None
    supervisor_nip: str | None = None
    email: str = ""


class EmployeePatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=150)
    front_title: str | None = None
    back_title: str | None = None
    status: str | None = None
    rank: str | None = None
    unit_id: int | None = None
    position_id: int | None = None
    supervisor_nip: str | None = None
    email: str | None = None
    is_active: bool | None = None


def _target_instansi(request, code: str | None):
    if code:
        return access.get_instansi_for(request.auth, code)
    if request.auth.instansi_id:
        return request.auth.instansi
    raise ValidationError({"instansi": _("Sebutkan kode instansi.")})


@router.get("/instansi", response=list[InstansiOut])
def instansi_list(request):
    return access.instansi_visible_to(request.auth).order_by("name")


@router.get("/units", response=list[UnitOut])
@paginate(PageNumberPagination, page_size=100)
def unit_list(request, instansi: str | None = None):
    target = _target_instansi(request, instansi)
    return access.units_visible_to(request.auth).filter(instansi=target).order_by("path")


@router.get("/units/{unit_id}", response=UnitOut)
def unit_get(request, unit_id: int):
    return access.get_unit_for(request.auth, unit_id)


@router.post("/units", response={201: UnitOut}, auth=WRITERS)
def unit_create(request, payload: UnitIn, instansi: str | None = None):
    target = _target_instansi(request, instansi)
    access.require_manager(request.auth, target.pk)
    parent = access.get_unit_for(request.auth, payload.parent_id) if payload.parent_id else None
    if payload.kind not in Unit.Kind.values:
        raise ValidationError({"kind": _("Jenis unit tidak dikenal.")})
    unit = services.unit_create(instansi=target, code=payload.code, name=payload.name, kind=payload.kind, parent=parent)
    return Status(201, unit)


@router.get("/positions", response=list[PositionOut])
@paginate(PageNumberPagination, page_size=100)
def position_list(request, instansi: str | None = None, unit_id: int | None = None):
    target = _target_instansi(request, instansi)
    qs = access.positions_visible_to(request.auth).filter(instansi=target).order_by("unit__path", "name")
    return qs.filter(unit_id=unit_id) if unit_id else qs


@router.get("/employees", response=list[EmployeeOut])
@paginate(PageNumberPagination, page_size=50)
def employee_list(request, instansi: str | None = None, q: str = "", unit_id: int | None = None, active: str = "1"):
    target = _target_instansi(request, instansi)
    unit = access.get_unit_for(request.auth, unit_id) if unit_id else None
    visible = access.employees_visible_to(request.auth).filter(instansi=target)
    return selectors.employee_list(visible, search=q[:100], unit=unit, active=active)


@router.get("/employees/{employee_id}", response=EmployeeOut)
def employee_get(request, employee_id: int):
    return access.get_employee_for(request.auth, employee_id)


def _resolve_refs(request, instansi, data: dict) -> dict:
    """Turns ids and NIPs of the payload into objects the user may see, or 422."""
    if data.get("unit_id") is not None:
        data["unit"] = access.units_visible_to(request.auth).filter(instansi=instansi, pk=data.pop("unit_id")).first()
        if data["unit"] is None:
            raise ValidationError({"unit_id": _("Unit kerja tidak ditemukan.")})
    if "position_id" in data:
        position_id = data.pop("position_id")
        data["position"] = (
            Position.objects.filter(instansi=instansi, pk=position_id).first() if position_id is not None else None
        )
        if position_id is not None and data["position"] is None:
            raise ValidationError({"position_id": _("Jabatan tidak ditemukan.")})
    if "supervisor_nip" in data:
        nip = rules.normalize_nip(data.pop("supervisor_nip") or "")
        data["supervisor"] = Employee.objects.filter(instansi=instansi, nip=nip).first() if nip else None
        if nip and data["supervisor"] is None:
            raise ValidationError({"supervisor_nip": _("Tidak ada pegawai dengan NIP %(nip)s.") % {"nip": nip}})
    if data.get("status") is not None and data["status"] not in Employee.Status.values:
        raise ValidationError({"status": _("Status kepegawaian tidak dikenal.")})
    return data


@router.post("/employees", response={201: EmployeeOut}, auth=WRITERS)
def employee_create(request, payload: EmployeeIn, instansi: str | None = None):
    target = _target_instansi(request, instansi)
    access.require_manager(request.auth, target.pk)
    data = _resolve_refs(request, target, payload.dict())
    return Status(201, services.employee_save(instansi=target, **data))


@router.patch("/employees/{employee_id}", response=EmployeeOut, auth=WRITERS)
def employee_update(request, employee_id: int, payload: EmployeePatch):
    employee = access.get_employee_for(request.auth, employee_id, write=True)
    data = _resolve_refs(request, employee.instansi, payload.dict(exclude_unset=True))
    active = data.pop("is_active", None)
    if data:
        employee = services.employee_save(instansi=employee.instansi, employee=employee, **data)
    if active is not None and active != employee.is_active:
        employee = services.employee_set_active(employee=employee, active=active)
    return employee


@router.get("/employees/{employee_id}/nip", response=dict)
def employee_nip(request, employee_id: int):
    """The parsed parts of an employee's NIP."""
    employee = access.get_employee_for(request.auth, employee_id)
    try:
        parsed = rules.parse_nip(employee.nip, kind=employee.nip_kind)
    except rules.NipError as error:
        raise Http404 from error
    return {
        "formatted": parsed.formatted,
        "birth_date": parsed.birth_date.isoformat(),
        "gender": parsed.gender.value,
        "cpns_start": parsed.cpns_start.isoformat() if parsed.cpns_start else None,
        "sequence": parsed.sequence,
    }
