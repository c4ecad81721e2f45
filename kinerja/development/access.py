"""Who sees and changes what in development (STYLE.md §4). Another instansi's object is 404.

- pegawai: their own enrolments, plan (IDP), coaching plans (acknowledging sessions), credit
  ledger, and a reassignment decision about them once it is decided;
- atasan: the same for their direct subordinates; they propose training, confirm the IDP and
  own the coaching plans of direct subordinates (the org rule of who sees whom applies);
- admin (BKPSDM): the whole instansi; approves and verifies training, keeps the catalogue,
  decides reassignment, records credit imports and potential assessments;
- pimpinan: reads the whole instansi.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from kinerja.accounts.models import User
from kinerja.org import access as org_access
from kinerja.org.models import Employee

from .models import CoachingPlan, CoachingSession, Course, Enrolment, ReassignmentCase


def require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


def is_direct_supervisor(user: User, employee: Employee) -> bool:
    return user.is_authenticated and user.employee_id is not None and employee.supervisor_id == user.employee_id


def is_self(user: User, employee: Employee) -> bool:
    return user.is_authenticated and user.employee_id is not None and user.employee_id == employee.pk


def require_reader(user: User) -> None:
    """Whole-instansi lists (JP, eligibility, talent grid, recommendations): admin, pimpinan."""
    require(org_access.sees_whole_instansi(user))


def courses_visible_to(user: User) -> QuerySet[Course]:
    if not user.is_authenticated:
        return Course.objects.none()
    if org_access.is_superadmin(user):
        return Course.objects.all()
    if not user.instansi_id:
        return Course.objects.none()
    return Course.objects.filter(Q(instansi_id=user.instansi_id) | Q(instansi__isnull=True))


def get_course_for(user: User, pk: int, *, write: bool = False) -> Course:
    course = courses_visible_to(user).filter(pk=pk).first()
    if course is None:
        raise Http404
    if write:
        # National courses are kept by the superadmin; an instansi's by its admin.
        national = course.is_national
        require(org_access.is_superadmin(user) if national else org_access.can_manage(user, course.instansi_id))
    return course


def _employee_ids(user: User):
    return org_access.employees_visible_to(user).values("pk")


def enrolments_visible_to(user: User) -> QuerySet[Enrolment]:
    if not user.is_authenticated:
        return Enrolment.objects.none()
    if org_access.is_superadmin(user):
        return Enrolment.objects.all()
    if org_access.sees_whole_instansi(user):
        return Enrolment.objects.filter(instansi_id=user.instansi_id)
    return Enrolment.objects.filter(instansi_id=user.instansi_id, employee_id__in=_employee_ids(user))


def get_enrolment_for(user: User, pk: int) -> Enrolment:
    enrolment = (
        enrolments_visible_to(user)
        .select_related("employee", "employee__unit", "employee__instansi", "course", "proposed_by")
        .filter(pk=pk)
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def coaching_plans_visible_to(user: User) -> QuerySet[CoachingPlan]:
    if not user.is_authenticated:
        return CoachingPlan.objects.none()
    if org_access.is_superadmin(user):
        return CoachingPlan.objects.all()
    if org_access.sees_whole_instansi(user):
        return CoachingPlan.objects.filter(instansi_id=user.instansi_id)
    if not user.employee_id:
        return CoachingPlan.objects.none()
    return CoachingPlan.objects.filter(
        Q(employee_id__in=_employee_ids(user)) | Q(supervisor_id=user.employee_id), instansi_id=user.instansi_id
    )


def get_coaching_plan_for(user: User, pk: int) -> CoachingPlan:
    plan = (
        coaching_plans_visible_to(user)
        .select_related("employee", "employee__unit", "supervisor", "evaluation", "next_evaluation", "instansi")
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


def get_session_for(user: User, pk: int) -> CoachingSession:
    session = (
        CoachingSession.objects.filter(pk=pk, plan__in=coaching_plans_visible_to(user))
        .select_related("plan", "plan__employee")
        .first()
    )
    if session is None:
        raise Http404
    return session


def reassignment_cases_visible_to(user: User) -> QuerySet[ReassignmentCase]:
    """The BKPSDM and pimpinan see every case; the employee sees the decision about them."""
    if not user.is_authenticated:
        return ReassignmentCase.objects.none()
    if org_access.is_superadmin(user):
        return ReassignmentCase.objects.all()
    if org_access.sees_whole_instansi(user):
        return ReassignmentCase.objects.filter(instansi_id=user.instansi_id)
    if not user.employee_id:
        return ReassignmentCase.objects.none()
    return ReassignmentCase.objects.filter(
        instansi_id=user.instansi_id, employee_id=user.employee_id, status=ReassignmentCase.Status.DECIDED
    )


def get_reassignment_case_for(user: User, pk: int, *, write: bool = False) -> ReassignmentCase:
    case = (
        reassignment_cases_visible_to(user)
        .select_related("employee", "employee__unit", "employee__position", "new_position", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404
    if write:
        require(org_access.can_manage(user, case.instansi_id))
    return case


def get_employee_for(user: User, pk: int) -> Employee:
    """An employee whose development pages the user may open (org's rule of who sees whom)."""
    return org_access.get_employee_for(user, pk)
