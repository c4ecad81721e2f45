"""Who sees and changes awards: the admin (the committee's secretariat) ranks, nominates from the
ranking, decides and revokes; pimpinan reads; a supervisor nominates their own subordinates and
sees their nominations; an employee sees and downloads their own awards. Another instansi: 404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kinerja.org import access as org_access
from kinerja.org.models import Employee

from .models import Award


def can_read(user, instansi_id: int) -> bool:
    return org_access.can_manage(user, instansi_id) or (
        org_access.is_pimpinan(user) and user.instansi_id == instansi_id
    )


def require_admin(user, instansi) -> None:
    if not org_access.can_manage(user, instansi.pk):
        raise PermissionDenied


def require_reader(user, instansi) -> None:
    if not can_read(user, instansi.pk):
        raise PermissionDenied


def get_award_for(user, pk: int, *, write: bool = False) -> Award:
    award = (
        Award.objects.select_related("employee", "instansi")
        .filter(pk=pk, instansi__in=org_access.instansi_visible_to(user))
        .first()
    )
    if award is None:
        raise Http404
    visible = can_read(user, award.instansi_id) or user.employee_id in (award.employee_id, award.employee.supervisor_id)
    if not visible:
        raise Http404
    if write:
        require_admin(user, award.instansi)
    return award


def nominable_by(user, pk: int) -> Employee:
    """A supervisor nominates a direct subordinate; the admin anyone of the instansi. An employee
    of another instansi is not found."""
    employee = Employee.objects.select_related("unit", "instansi").filter(pk=pk).first()
    if employee is None or employee.instansi_id != user.instansi_id and not org_access.is_superadmin(user):
        raise Http404
    if org_access.can_manage(user, employee.instansi_id):
        return employee
    if user.employee_id and employee.supervisor_id == user.employee_id:
        return employee
    raise PermissionDenied
