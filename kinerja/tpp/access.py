"""Who sees and changes TPP: the admin computes, closes and configures; pimpinan reads the
instansi's months; every employee reads their own slips. Another instansi's month is 404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from kinerja.org import access as org_access

from .models import SalaryImport, TppLine, TppMonth


def can_read_instansi(user, instansi_id: int) -> bool:
    return org_access.can_manage(user, instansi_id) or (
        org_access.is_pimpinan(user) and user.instansi_id == instansi_id
    )


def require_admin(user, instansi) -> None:
    if not org_access.can_manage(user, instansi.pk):
        raise PermissionDenied


def require_reader(user, instansi) -> None:
    if not can_read_instansi(user, instansi.pk):
        raise PermissionDenied


def get_month_for(user, pk: int, *, write: bool = False) -> TppMonth:
    tpp_month = (
        TppMonth.objects.select_related("instansi")
        .filter(pk=pk, instansi__in=org_access.instansi_visible_to(user))
        .first()
    )
    if tpp_month is None:
        raise Http404
    if write:
        require_admin(user, tpp_month.instansi)
    else:
        require_reader(user, tpp_month.instansi)
    return tpp_month


def lines_visible_to(user) -> QuerySet[TppLine]:
    if not user.is_authenticated:
        return TppLine.objects.none()
    if org_access.is_superadmin(user):
        return TppLine.objects.all()
    if can_read_instansi(user, user.instansi_id):
        return TppLine.objects.filter(instansi_id=user.instansi_id)
    if user.employee_id:
        return TppLine.objects.filter(instansi_id=user.instansi_id, employee_id=user.employee_id)
    return TppLine.objects.none()


def get_line_for(user, pk: int) -> TppLine:
    line = lines_visible_to(user).select_related("month", "instansi").filter(pk=pk).first()
    if line is None:
        raise Http404
    return line


def get_salary_import_for(user, pk: int) -> SalaryImport:
    batch = SalaryImport.objects.filter(pk=pk, instansi__in=org_access.instansi_visible_to(user)).first()
    if batch is None:
        raise Http404
    require_admin(user, batch.instansi)
    return batch
