"""State changes for organisation and people (STYLE.md §2: services, atomic, validated)."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from kinerja.accounts.models import User

from . import rules
from .models import Employee, Instansi, Position, Unit

PATH_WIDTH = 6  # zero-padded id width in Unit.path; 6 digits covers a million units


def _path_segment(pk: int) -> str:
    return f"{pk:0{PATH_WIDTH}d}/"


@transaction.atomic
def unit_create(*, instansi: Instansi, code: str, name: str, kind: str, parent: Unit | None = None) -> Unit:
    if parent is not None and parent.instansi_id != instansi.pk:
        raise ValidationError({"parent": _("Unit induk harus dari instansi yang sama.")})
    if Unit.objects.filter(instansi=instansi, code=code).exists():
        raise ValidationError({"code": _("Kode unit %(code)s sudah dipakai.") % {"code": code}})
    unit = Unit(instansi=instansi, code=code, name=name, kind=kind, parent=parent)
    unit.full_clean(exclude=["path", "depth"])
    unit.save()
    unit.path = (parent.path if parent else "") + _path_segment(unit.pk)
    unit.depth = parent.depth + 1 if parent else 0
    unit.save(update_fields=["path", "depth"])
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, **fields: Any) -> Unit:
    """Updates a unit; moving it under another parent rewrites its subtree's paths in one UPDATE."""
    new_parent = fields.pop("parent", unit.parent)
    head = fields.get("head_position")
    if head is not None and head.unit_id != unit.pk:
        raise ValidationError({"head_position": _("Jabatan kepala harus jabatan di unit ini.")})
    for name, value in fields.items():
        setattr(unit, name, value)
    if (new_parent.pk if new_parent else None) != unit.parent_id:
        if new_parent is not None:
            if new_parent.instansi_id != unit.instansi_id:
                raise ValidationError({"parent": _("Unit induk harus dari instansi yang sama.")})
            if new_parent.path.startswith(unit.path):
                raise ValidationError({"parent": _("Unit tidak dapat dipindah ke bawah dirinya sendiri.")})
        old_path, old_depth = unit.path, unit.depth
        new_path = (new_parent.path if new_parent else "") + _path_segment(unit.pk)
        new_depth = new_parent.depth + 1 if new_parent else 0
        Unit.objects.filter(instansi_id=unit.instansi_id, path__startswith=old_path).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
            depth=F("depth") - old_depth + new_depth,
        )
        unit.parent, unit.path, unit.depth = new_parent, new_path, new_depth
    unit.full_clean(exclude=["path", "depth"])
    unit.save()
    return unit


@transaction.atomic
def position_save(*, instansi: Instansi, position: Position | None = None, **fields: Any) -> Position:
    position = position or Position(instansi=instansi)
    for name, value in fields.items():
        setattr(position, name, value)
    if position.unit.instansi_id != instansi.pk:
        raise ValidationError({"unit": _("Unit kerja harus dari instansi yang sama.")})
    position.full_clean()
    position.save()
    return position


def nip_error_message(error: rules.NipError) -> str:
    return _(error.message) % error.params if error.params else _(error.message)


def supervisor_creates_cycle(*, employee_pk: int | None, supervisor: Employee | None) -> bool:
    """True when ``supervisor`` reports, directly or not, to the employee itself."""
    if employee_pk is None or supervisor is None:
        return False
    node_id: int | None = supervisor.pk
    seen: set[int] = set()
    while node_id is not None and node_id not in seen:
        if node_id == employee_pk:
            return True
        seen.add(node_id)
        node_id = Employee.objects.filter(pk=node_id).values_list("supervisor_id", flat=True).first()
    return node_id is not None  # a pre-existing loop: refuse rather than extend it


def employee_validate(*, instansi: Instansi, employee: Employee) -> None:
    """Checks an employee record before it is saved; raises ValidationError by field."""
    errors: dict[str, str] = {}
    try:
        parsed = rules.parse_nip(employee.nip, kind=employee.nip_kind)
        employee.nip = parsed.nip
        employee.birth_date = parsed.birth_date
        employee.gender = parsed.gender.value
        employee.cpns_start = parsed.cpns_start
    except rules.NipError as error:
        errors["nip"] = nip_error_message(error)
    if employee.rank:
        normalized = rules.normalize_rank(employee.rank)
        pppk = employee.nip_kind == rules.NipKind.PPPK
        if normalized is None or (normalized in rules.PPPK_RANKS) != pppk:
            errors["rank"] = _("Golongan/ruang %(rank)s tidak dikenal untuk status %(status)s.") % {
                "rank": employee.rank,
                "status": employee.get_status_display(),
            }
        else:
            employee.rank = normalized
    if employee.unit_id and employee.unit.instansi_id != instansi.pk:
        errors["unit"] = _("Unit kerja harus dari instansi yang sama.")
    if employee.position_id and employee.position.instansi_id != instansi.pk:
        errors["position"] = _("Jabatan harus dari instansi yang sama.")
    if employee.supervisor_id:
        supervisor = employee.supervisor
        if supervisor.instansi_id != instansi.pk:
            errors["supervisor"] = _("Atasan harus dari instansi yang sama.")
        elif supervisor.pk == employee.pk:
            errors["supervisor"] = _("Pegawai tidak dapat menjadi atasan dirinya sendiri.")
        elif not supervisor.is_active:
            errors["supervisor"] = _("Atasan yang dipilih sudah tidak aktif.")
        elif supervisor_creates_cycle(employee_pk=employee.pk, supervisor=supervisor):
            errors["supervisor"] = _("Atasan ini adalah bawahan (langsung/tidak langsung) pegawai tersebut.")
    duplicate = Employee.objects.filter(instansi=instansi, nip=employee.nip).exclude(pk=employee.pk)
    if "nip" not in errors and duplicate.exists():
        errors["nip"] = _("NIP %(nip)s sudah terdaftar.") % {"nip": employee.nip}
    if errors:
        raise ValidationError(errors)


def _clears_to_blank(name: str) -> bool:
    field = Employee._meta.get_field(name)
    return isinstance(field, models.CharField) and field.blank and not field.null


@transaction.atomic
def employee_save(*, instansi: Instansi, employee: Employee | None = None, **fields: Any) -> Employee:
    """Creates or updates an employee. NIP parts (birth date, gender, TMT CPNS) come from the NIP."""
    employee = employee or Employee(instansi=instansi)
    for name, value in fields.items():
        if value is None and _clears_to_blank(name):
            value = ""  # a null for an optional text (the API's PATCH) clears it; the column is NOT NULL
        setattr(employee, name, value)
    employee_validate(instansi=instansi, employee=employee)
    employee.full_clean()
    employee.save()
    return employee


@transaction.atomic
def employee_set_active(*, employee: Employee, active: bool) -> Employee:
    """Deactivates (never deletes) or reactivates an employee, and their login with them. An
    employee who still supervises active people is refused, so nobody reports to an empty chair."""
    if not active and employee.subordinates.filter(is_active=True).exists():
        raise ValidationError(
            _("Pegawai ini masih menjadi atasan langsung pegawai aktif. Pindahkan bawahannya lebih dahulu.")
        )
    employee.is_active = active
    employee.save(update_fields=["is_active", "updated_at"])
    User.objects.filter(employee=employee).update(is_active=active)
    return employee


def _temporary_password() -> str:
    # Readable on a phone and typed once: 3 groups of 4 from an alphabet without look-alikes.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _i in range(4)) for _g in range(3))


@transaction.atomic
def account_create(*, employee: Employee, role: str = User.Role.PEGAWAI) -> tuple[User, str]:
    """Gives an employee a login (username = NIP) with a temporary password shown once."""
    if role == User.Role.SUPERADMIN:
        raise ValidationError({"role": _("Peran superadmin tidak dapat diberikan di sini.")})
    if hasattr(employee, "user"):
        raise ValidationError(_("Pegawai ini sudah memiliki akun."))
    if User.objects.filter(username=employee.nip).exists():
        raise ValidationError(_("NIP ini sudah memiliki akun."))
    if not employee.is_active:
        raise ValidationError(_("Pegawai tidak aktif tidak dapat diberi akun."))
    password = _temporary_password()
    user = User.objects.create_user(
        employee.nip,
        password,
        full_name=employee.display_name,
        email=employee.email,
        instansi_id=employee.instansi_id,
        employee=employee,
        role=role,
        must_change_password=True,
    )
    return user, password


@transaction.atomic
def account_reset_password(*, user: User) -> str:
    """An admin resets a forgotten password; the user must choose a new one at next login."""
    from axes.utils import reset as axes_reset

    password = _temporary_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    axes_reset(username=user.username)  # lift a lockout, too
    return password


@transaction.atomic
def account_set_role(*, user: User, role: str) -> User:
    if role not in {User.Role.PEGAWAI, User.Role.ADMIN, User.Role.PIMPINAN}:
        raise ValidationError({"role": _("Peran tidak dikenal.")})
    user.role = role
    user.save(update_fields=["role"])
    return user
