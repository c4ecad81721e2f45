"""Who sees and changes attendance (same roles as org.access):
- admin (and superadmin): the whole instansi — imports, calendar, shifts, rules, leave, sanctions,
  entries by hand; pimpinan reads the month's summary;
- pegawai: their own month, and asks for corrections of it;
- atasan: reads the months of their subordinates and decides their correction requests.
Objects of another instansi are 404, a visible object the user may not change is 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kinerja.org import access as org_access
from kinerja.org.models import Employee

from .models import AttendanceImport, Correction, Leave, Sanction


def require_admin(user, instansi) -> None:
    if not org_access.can_manage(user, instansi.pk):
        raise PermissionDenied


def require_reader(user, instansi) -> None:
    """The instansi-wide summaries: admin, pimpinan, superadmin."""
    if not (
        org_access.can_manage(user, instansi.pk) or (org_access.is_pimpinan(user) and user.instansi_id == instansi.pk)
    ):
        raise PermissionDenied


def get_employee_month_for(user, pk: int) -> Employee:
    """An employee whose month the user may read: self, subordinates (two levels), or anyone of
    the instansi for admin/pimpinan."""
    return org_access.get_employee_for(user, pk)


def get_import_for(user, pk: int) -> AttendanceImport:
    batch = AttendanceImport.objects.filter(pk=pk, instansi__in=org_access.instansi_visible_to(user)).first()
    if batch is None:
        raise Http404
    require_admin(user, batch.instansi)
    return batch


def get_correction_for(user, pk: int, *, decide: bool = False) -> Correction:
    """The requester, their direct supervisor and the instansi's admin see a correction; only the
    direct supervisor decides it."""
    correction = (
        Correction.objects.select_related("employee", "employee__instansi")
        .filter(pk=pk, instansi__in=org_access.instansi_visible_to(user))
        .first()
    )
    if correction is None:
        raise Http404
    mine = user.employee_id == correction.employee_id
    supervises = user.employee_id is not None and user.employee_id == correction.employee.supervisor_id
    if not (mine or supervises or org_access.can_manage(user, correction.instansi_id)):
        raise Http404
    if decide and not supervises:
        raise PermissionDenied
    return correction


def get_leave_for(user, pk: int) -> Leave:
    leave = Leave.objects.filter(pk=pk, instansi__in=org_access.instansi_visible_to(user)).first()
    if leave is None:
        raise Http404
    require_admin(user, leave.instansi)
    return leave


def get_sanction_for(user, pk: int) -> Sanction:
    sanction = Sanction.objects.filter(pk=pk, instansi__in=org_access.instansi_visible_to(user)).first()
    if sanction is None:
        raise Http404
    require_reader(user, sanction.instansi)
    return sanction


def get_instansi_employee(user, instansi, nip_or_pk) -> Employee:
    """An employee of the instansi the admin works on (for leave, sanctions and entries)."""
    employee = Employee.objects.filter(instansi=instansi, pk=nip_or_pk).select_related("instansi").first()
    if employee is None:
        raise Http404
    return employee
