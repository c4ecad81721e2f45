"""Who sees and changes which evaluation (STYLE.md §4). Cross-tenant objects are 404.

- The employee sees their own evaluations; the pejabat penilai rates them; the atasan pejabat
  penilai decides objections; the head of a unit sees every evaluation in the unit's subtree
  (calibration view); a unit's organisation predicate is set by the head of a unit ABOVE it
  (never its own head) or by the instansi's admin (rules.may_set_org_predicate).
- Admins and pimpinan read the whole instansi; only the pejabat penilai ever rates.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from kinerja.accounts.models import User
from kinerja.org import access as org_access
from kinerja.org.models import Unit

from . import rules
from .models import Evaluation


def evaluations_visible_to(user: User) -> QuerySet[Evaluation]:
    if not user.is_authenticated:
        return Evaluation.objects.none()
    if org_access.is_superadmin(user):
        return Evaluation.objects.all()
    if org_access.sees_whole_instansi(user):
        return Evaluation.objects.filter(instansi_id=user.instansi_id)
    if not user.employee_id:
        return Evaluation.objects.none()
    me = user.employee_id
    return Evaluation.objects.filter(
        Q(employee_id=me) | Q(evaluator_id=me) | Q(evaluator_supervisor_id=me) | org_access.headed_subtree(user),
        instansi_id=user.instansi_id,
    )


def get_evaluation_for(user: User, pk: int) -> Evaluation:
    evaluation = (
        evaluations_visible_to(user)
        .select_related(
            "employee",
            "employee__position",
            "employee__unit",
            "evaluator",
            "evaluator_supervisor",
            "period",
            "instansi",
            "skp",
            "unit",
        )
        .filter(pk=pk)
        .first()
    )
    if evaluation is None:
        raise Http404
    return evaluation


def is_evaluator(user: User, evaluation: Evaluation) -> bool:
    return user.employee_id is not None and user.employee_id == evaluation.evaluator_id


def is_employee(user: User, evaluation: Evaluation) -> bool:
    return user.employee_id is not None and user.employee_id == evaluation.employee_id


def is_evaluator_supervisor(user: User, evaluation: Evaluation) -> bool:
    return user.employee_id is not None and user.employee_id == evaluation.evaluator_supervisor_id


def require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


def units_for_board(user: User) -> QuerySet[Unit]:
    """Units whose evaluation board the user may open."""
    units = org_access.units_visible_to(user)
    if org_access.sees_whole_instansi(user):
        return units
    own = org_access.headed_subtree(user, path_field="path")
    evaluated = Evaluation.objects.filter(evaluator_id=user.employee_id).values("unit_id") if user.employee_id else []
    return units.filter(own | Q(pk__in=evaluated))


def can_set_predicate(user: User, unit: Unit) -> bool:
    """The instansi's admin, or the head of a unit strictly above this one (DOMAIN.md §1.7)."""
    if not user.is_authenticated:
        return False
    manages = org_access.can_manage(user, unit.instansi_id)
    if manages:
        return True
    if user.instansi_id != unit.instansi_id:
        return False
    headed = org_access.headed_units(user).values_list("path", flat=True)
    return rules.may_set_org_predicate(unit.path, headed, manages_instansi=False)
