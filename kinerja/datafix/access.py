"""Who sees and decides data reports (STYLE.md §4). Another instansi's reports are 404; an
employee sees only their own; admins decide, pimpinan read."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from kinerja.accounts.access import require_writer
from kinerja.accounts.models import User
from kinerja.org import access as org_access

from .models import DataReport


def reports_visible_to(user: User) -> QuerySet[DataReport]:
    if not user.is_authenticated:
        return DataReport.objects.none()
    if org_access.is_superadmin(user):
        return DataReport.objects.all()
    if org_access.sees_whole_instansi(user):
        return DataReport.objects.filter(instansi_id=user.instansi_id)
    if not user.employee_id:
        return DataReport.objects.none()
    return DataReport.objects.filter(instansi_id=user.instansi_id, employee_id=user.employee_id)


def get_report_for(user: User, pk: int, *, decide: bool = False) -> DataReport:
    report = (
        reports_visible_to(user)
        .select_related(
            "employee__unit",
            "employee__position",
            "employee__supervisor",
            "employee__instansi",
            "wanted_supervisor",
            "wanted_unit",
            "wanted_position__unit",
            "decided_by",
        )
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    if decide:
        require_decider(user, report.instansi_id)
    return report


def can_decide(user: User, instansi_id: int) -> bool:
    return org_access.can_manage(user, instansi_id) and not user.is_pimpinan


def require_decider(user: User, instansi_id: int) -> None:
    require_writer(user)
    if not can_decide(user, instansi_id):
        raise PermissionDenied


def require_queue_reader(user: User) -> None:
    """The queue is the admin's; pimpinan may read it (they change nothing)."""
    if not (org_access.sees_whole_instansi(user) or org_access.is_superadmin(user)):
        raise PermissionDenied


def require_reporter(user: User) -> None:
    """Only an employee reports about their own record; pimpinan change nothing."""
    require_writer(user)
    if not user.employee_id:
        raise PermissionDenied
