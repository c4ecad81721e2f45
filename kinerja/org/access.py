"""Who sees and changes what: the one place where roles become querysets (STYLE.md §4).

Pages and API call these functions; no view calls ``Model.objects.get`` on user input.
An object of another instansi is *not found* (404), never *forbidden*, so ids of other
tenants leak nothing. A visible object the user may not change is *forbidden* (403).

Roles:
- superadmin: every instansi, read and write.
- admin (admin kepegawaian, BKPSDM): their instansi, read and write.
- pimpinan (kepala daerah, sekda): their instansi, read only.
- pegawai: themselves; as *atasan* (anyone with subordinates) also their direct subordinates
  and those subordinates' subordinates (the atasan pejabat penilai needs them for objections).
  Everyone in an instansi may read its organisation tree and positions.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from kinerja.accounts.models import User

from .models import Employee, Instansi, Position, Unit


def is_superadmin(user: User) -> bool:
    return user.is_authenticated and user.role == User.Role.SUPERADMIN


def is_admin(user: User) -> bool:
    return user.is_authenticated and user.role == User.Role.ADMIN and user.instansi_id is not None


def is_pimpinan(user: User) -> bool:
    return user.is_authenticated and user.role == User.Role.PIMPINAN and user.instansi_id is not None


def is_supervisor(user: User) -> bool:
    """Atasan: derived from the hierarchy, never granted."""
    if not user.is_authenticated or not user.employee_id:
        return False
    return Employee.objects.filter(
        instansi_id=user.instansi_id, supervisor_id=user.employee_id, is_active=True
    ).exists()


def roles_of(user: User) -> set[str]:
    """All roles a user acts in, for navigation and the home page."""
    roles: set[str] = set()
    if not user.is_authenticated:
        return roles
    if is_superadmin(user):
        roles.add("superadmin")
    if is_admin(user):
        roles.add("admin")
    if is_pimpinan(user):
        roles.add("pimpinan")
    if user.employee_id:
        roles.add("pegawai")
        if is_supervisor(user):
            roles.add("atasan")
    return roles


def sees_whole_instansi(user: User) -> bool:
    return is_superadmin(user) or is_admin(user) or is_pimpinan(user)


def can_manage(user: User, instansi_id: int | None) -> bool:
    """Admin rights over master data of one instansi."""
    return is_superadmin(user) or (is_admin(user) and user.instansi_id == instansi_id)


def require_manager(user: User, instansi_id: int | None = None) -> None:
    if not can_manage(user, instansi_id if instansi_id is not None else user.instansi_id):
        raise PermissionDenied


def instansi_visible_to(user: User) -> QuerySet[Instansi]:
    if is_superadmin(user):
        return Instansi.objects.all()
    if not user.is_authenticated or not user.instansi_id:
        return Instansi.objects.none()
    return Instansi.objects.filter(pk=user.instansi_id)


def get_instansi_for(user: User, code: str, *, write: bool = False) -> Instansi:
    instansi = instansi_visible_to(user).filter(code=code).first()
    if instansi is None:
        raise Http404
    if write and not can_manage(user, instansi.pk):
        raise PermissionDenied
    return instansi


def units_visible_to(user: User) -> QuerySet[Unit]:
    return Unit.objects.filter(instansi__in=instansi_visible_to(user))


def get_unit_for(user: User, pk: int, *, write: bool = False) -> Unit:
    unit = units_visible_to(user).select_related("instansi", "parent", "head_position").filter(pk=pk).first()
    if unit is None:
        raise Http404
    if write and not can_manage(user, unit.instansi_id):
        raise PermissionDenied
    return unit


def positions_visible_to(user: User) -> QuerySet[Position]:
    return Position.objects.filter(instansi__in=instansi_visible_to(user))


def get_position_for(user: User, pk: int, *, write: bool = False) -> Position:
    position = positions_visible_to(user).select_related("unit", "instansi").filter(pk=pk).first()
    if position is None:
        raise Http404
    if write and not can_manage(user, position.instansi_id):
        raise PermissionDenied
    return position


def employees_visible_to(user: User) -> QuerySet[Employee]:
    if not user.is_authenticated:
        return Employee.objects.none()
    if is_superadmin(user):
        return Employee.objects.all()
    if sees_whole_instansi(user):
        return Employee.objects.filter(instansi_id=user.instansi_id)
    if not user.employee_id:
        return Employee.objects.none()
    me = user.employee_id
    return Employee.objects.filter(
        Q(pk=me) | Q(supervisor_id=me) | Q(supervisor__supervisor_id=me),
        instansi_id=user.instansi_id,
    )


def get_employee_for(user: User, pk: int, *, write: bool = False) -> Employee:
    employee = (
        employees_visible_to(user)
        .select_related("instansi", "unit", "position", "supervisor", "supervisor__position")
        .filter(pk=pk)
        .first()
    )
    if employee is None:
        raise Http404
    if write and not can_manage(user, employee.instansi_id):
        raise PermissionDenied
    return employee


def users_visible_to(user: User) -> QuerySet[User]:
    if is_superadmin(user):
        return User.objects.all()
    if is_admin(user):
        return User.objects.filter(instansi_id=user.instansi_id)
    return User.objects.none()


def instansi_for_request(request, *, write: bool = False) -> Instansi:
    """The instansi a page works on: the user's own; a superadmin picks one with ?instansi=code."""
    user = request.user
    if is_superadmin(user):
        code = request.GET.get("instansi") or request.session.get("instansi_code")
        instansi = instansi_visible_to(user).filter(code=code).first() if code else None
        instansi = instansi or instansi_visible_to(user).order_by("name").first()
        if instansi is None:
            raise Http404
        request.session["instansi_code"] = instansi.code
        return instansi
    if not user.instansi_id:
        raise PermissionDenied
    if write:
        require_manager(user)
    return user.instansi


def headed_units(user: User) -> QuerySet[Unit]:
    """Units whose head position the user holds (the unit head's rights reach the subtree)."""
    if not user.is_authenticated or not user.employee_id:
        return Unit.objects.none()
    position_id = user.employee.position_id if user.employee else None
    if position_id is None:
        return Unit.objects.none()
    return Unit.objects.filter(instansi_id=user.instansi_id, head_position_id=position_id)


def headed_subtree(user: User, path_field: str = "unit__path") -> Q:
    """A filter for rows in the subtree of any unit the user heads (`path_field` names the unit's
    materialized path on the filtered model); matches nothing for someone who heads no unit."""
    condition = Q(pk__in=[])
    for path in headed_units(user).values_list("path", flat=True):
        condition |= Q(**{f"{path_field}__startswith": path})
    return condition


def heads_unit(user: User, unit: Unit) -> bool:
    """The user heads this unit or one above it."""
    return any(unit.path.startswith(path) for path in headed_units(user).values_list("path", flat=True))
