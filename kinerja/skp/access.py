"""Who sees and changes which SKP (STYLE.md §4). Cross-tenant objects are 404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from kinerja.accounts.models import User
from kinerja.org import access as org_access

from .models import Period, Rhk, Skp


def periods_visible_to(user: User) -> QuerySet[Period]:
    return Period.objects.filter(instansi__in=org_access.instansi_visible_to(user))


def get_period_for(user: User, pk: int, *, write: bool = False) -> Period:
    period = periods_visible_to(user).select_related("instansi").filter(pk=pk).first()
    if period is None:
        raise Http404
    if write and not org_access.can_manage(user, period.instansi_id):
        raise PermissionDenied
    return period


def skps_visible_to(user: User) -> QuerySet[Skp]:
    """Admins and pimpinan: their instansi. Others: their own SKPs and those they evaluate
    (as pejabat penilai) or oversee (as atasan pejabat penilai)."""
    if not user.is_authenticated:
        return Skp.objects.none()
    if org_access.is_superadmin(user):
        return Skp.objects.all()
    if org_access.sees_whole_instansi(user):
        return Skp.objects.filter(instansi_id=user.instansi_id)
    if not user.employee_id:
        return Skp.objects.none()
    me = user.employee_id
    return Skp.objects.filter(
        Q(employee_id=me) | Q(evaluator_id=me) | Q(evaluator_supervisor_id=me), instansi_id=user.instansi_id
    )


def get_skp_for(user: User, pk: int) -> Skp:
    skp = (
        skps_visible_to(user)
        .select_related("employee", "employee__unit", "period", "evaluator", "evaluator_supervisor", "instansi")
        .filter(pk=pk)
        .first()
    )
    if skp is None:
        raise Http404
    return skp


def is_owner(user: User, skp: Skp) -> bool:
    return user.employee_id is not None and user.employee_id == skp.employee_id


def is_evaluator(user: User, skp: Skp) -> bool:
    return user.employee_id is not None and user.employee_id == skp.evaluator_id


def require_owner(user: User, skp: Skp) -> None:
    """Content of an SKP is written by its employee (or the instansi's admin on their behalf)."""
    if not (is_owner(user, skp) or org_access.can_manage(user, skp.instansi_id)):
        raise PermissionDenied


def require_evaluator(user: User, skp: Skp) -> None:
    if not is_evaluator(user, skp):
        raise PermissionDenied


def get_cascade_rhk_for(user: User, pk: int) -> Rhk:
    """An RHK whose intervening RHKs the user may expand in the cascade: any of the instansi for
    pimpinan and BKPSDM; otherwise one of their own, of the people they see (subordinates two
    levels down) or of anyone in a unit they head. Another tenant's RHK is not found."""
    rhk = (
        Rhk.objects.filter(instansi__in=org_access.instansi_visible_to(user), pk=pk)
        .select_related("skp__period", "skp__employee__unit")
        .first()
    )
    if rhk is None:
        raise Http404
    if org_access.sees_whole_instansi(user):
        return rhk
    owner = rhk.skp.employee
    if org_access.employees_visible_to(user).filter(pk=owner.pk).exists() or org_access.heads_unit(user, owner.unit):
        return rhk
    raise PermissionDenied
