"""Who sees which dashboard: the whole instansi for pimpinan and BKPSDM (admin), a unit's
subtree for its head, one person for themselves and those above them. Another tenant's unit
or person is not found (404); a visible unit the user may not open is forbidden (403)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from kinerja.accounts.models import User
from kinerja.org import access as org_access
from kinerja.org.models import Employee, Instansi, Unit
from kinerja.skp import access as skp_access
from kinerja.skp.models import Period


def require_whole_instansi(user: User) -> None:
    if not org_access.sees_whole_instansi(user):
        raise PermissionDenied


def require_bkpsdm(user: User, instansi: Instansi) -> None:
    if not org_access.can_manage(user, instansi.pk):
        raise PermissionDenied


def get_unit_for(user: User, pk: int) -> Unit:
    unit = org_access.get_unit_for(user, pk)
    if not (org_access.sees_whole_instansi(user) or org_access.heads_unit(user, unit)):
        raise PermissionDenied
    return unit


def get_person_for(user: User, pk: int) -> Employee:
    """Oneself, one's subordinates (two levels, as everywhere), anyone in a headed subtree, or
    anyone for pimpinan/admin."""
    visible = org_access.employees_visible_to(user).filter(pk=pk)
    if not visible.exists():
        visible = Employee.objects.filter(org_access.headed_subtree(user), instansi_id=user.instansi_id, pk=pk)
    employee = visible.select_related("instansi", "unit", "position", "supervisor").first()
    if employee is None:
        raise Http404
    return employee


def get_period(user: User, instansi: Instansi, pk: str | None) -> Period | None:
    """The period asked for (?periode=pk) or the latest year of the instansi."""
    periods = skp_access.periods_visible_to(user).filter(instansi=instansi).select_related("instansi")
    chosen = periods.filter(pk=pk).first() if pk and str(pk).isdigit() else None
    return chosen or periods.order_by("-year").first()


def headed_or_whole(user: User) -> Q:
    return Q() if org_access.sees_whole_instansi(user) else org_access.headed_subtree(user, path_field="path")


def get_review_for(user: User, pk: int):
    """A rater review: pimpinan and BKPSDM of its instansi, or the head of a unit above the rater."""
    from .models import RaterReview

    reviews = RaterReview.objects.filter(instansi__in=org_access.instansi_visible_to(user))
    review = reviews.select_related("rater", "unit", "period", "instansi").filter(pk=pk).first()
    if review is None:
        raise Http404
    if org_access.sees_whole_instansi(user):
        return review
    if review.unit is None or not org_access.heads_unit(user, review.unit):
        raise PermissionDenied
    return review


def sessions_visible_to(user: User):
    from .models import CalibrationSession

    sessions = CalibrationSession.objects.filter(instansi__in=org_access.instansi_visible_to(user))
    if org_access.sees_whole_instansi(user):
        return sessions
    return sessions.filter(org_access.headed_subtree(user))


def get_session_for(user: User, pk: int):
    session = sessions_visible_to(user).select_related("unit", "period", "instansi", "opened_by").filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def units_to_calibrate(user: User, instansi: Instansi):
    """Units whose calibration meeting the user may open: any for BKPSDM, a headed subtree otherwise."""
    units = Unit.objects.filter(instansi=instansi, is_active=True)
    if org_access.can_manage(user, instansi.pk):
        return units.order_by("path")
    return units.filter(org_access.headed_subtree(user, path_field="path")).order_by("path")
