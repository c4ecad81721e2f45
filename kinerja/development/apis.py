"""Development endpoints: training, JP, needs, coaching, reassignment, the credit ledger,
eligibility and the talent grid. The same access functions, services and selectors as the pages."""

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from kinerja.api.auth import WRITERS
from kinerja.api.pagination import PageNumberPagination
from kinerja.appraisal import access as appraisal_access
from kinerja.org import access as org_access
from kinerja.org.models import Position

from . import access, selectors, services_career, services_coaching, services_training
from .models import Course

router = Router(tags=["pengembangan"])


def _instansi(request):
    """Whole-instansi lists work on the user's own instansi (a superadmin has none here)."""
    access.require_reader(request.auth)
    if request.auth.instansi_id is None:
        raise Http404
    return request.auth.instansi


class CourseIn(Schema):
    title: str = Field(..., max_length=200)
    area: str
    jp: int
    provider: str = Field(..., max_length=200)
    mode: str = Course.Mode.CLASSICAL
    value: str = ""
    is_open: bool = True


class CourseOut(Schema):
    id: int
    instansi_id: int | None
    title: str
    area: str
    value: str
    jp: int
    mode: str
    provider: str
    is_open: bool


class EnrolmentIn(Schema):
    employee_id: int
    course_id: int
    reason: str = Field("", max_length=4000)


class EnrolmentOut(Schema):
    id: int
    employee_id: int
    course_id: int | None
    title: str
    year: int
    status: str
    jp: int
    started_on: dt.date | None
    completed_on: dt.date | None
    has_certificate: bool

    @staticmethod
    def resolve_has_certificate(obj) -> bool:
        return bool(obj.certificate)


class ReasonIn(Schema):
    reason: str = Field("", max_length=4000)


class JpOut(Schema):
    employee_id: int
    nip: str
    name: str
    unit: str
    jp: int


class NeedOut(Schema):
    area: str
    value: str
    indicator_id: int | None
    pct: int | None
    label: str
    course_ids: list[int]


class CoachingIn(Schema):
    evaluation_id: int
    causes: str = Field(..., max_length=4000)
    actions: str = Field(..., max_length=4000)
    targets: str = Field(..., max_length=4000)
    starts_on: dt.date
    due_on: dt.date


class CoachingOut(Schema):
    id: int
    employee_id: int
    supervisor_id: int
    evaluation_id: int
    starts_on: dt.date
    due_on: dt.date
    status: str
    outcome: str
    next_evaluation_id: int | None


class SessionIn(Schema):
    held_on: dt.date
    notes: str = Field(..., max_length=4000)
    agreed: str = Field(..., max_length=4000)


class SessionOut(Schema):
    id: int
    plan_id: int
    held_on: dt.date
    notes: str
    agreed: str
    acknowledged_at: dt.datetime | None


class CaseOut(Schema):
    id: int
    employee_id: int
    trigger_cuts: list[str]
    status: str
    decision: str
    reason: str
    decree_number: str
    new_position_id: int | None
    decided_at: dt.datetime | None


class CaseDecisionIn(Schema):
    decision: str
    reason: str = Field("", max_length=4000)
    decree_number: str = Field("", max_length=100)
    new_position_id: int | None = None


class CreditIn(Schema):
    amount: str = Field(..., max_length=12)
    as_of: dt.date
    note: str = Field("", max_length=200)


class CreditOut(Schema):
    id: int
    source: str
    cut_key: str
    predikat: str
    as_of: dt.date
    amount: Decimal
    running: Decimal | None = None


class LedgerOut(Schema):
    entries: list[CreditOut]
    total_in_rank: Decimal
    requirement: Decimal | None


class EligibilityOut(Schema):
    employee_id: int
    name: str
    eligible: bool
    reasons: list[str]
    annual_predikat: list[str]
    credit: Decimal | None


class PotentialIn(Schema):
    year: int
    score: str = Field(..., max_length=6)
    method: str = Field("", max_length=200)


class TalentOut(Schema):
    employee_id: int
    name: str
    predikat: str
    score: Decimal | None
    box: int | None
    last_box: int | None
    movement: str


# ------------------------------------------------------------------------------------ training
@router.get("/development/courses", response=list[CourseOut])
@paginate(PageNumberPagination, page_size=100)
def course_list(request):
    return access.courses_visible_to(request.auth).order_by("title")


@router.post("/development/courses", response={201: CourseOut}, auth=WRITERS)
def course_create(request, payload: CourseIn):
    access.require(org_access.can_manage(request.auth, request.auth.instansi_id) and request.auth.instansi_id)
    instansi = request.auth.instansi
    return Status(201, services_training.course_save(instansi=instansi, by=request.auth, **payload.dict()))


@router.get("/development/enrolments", response=list[EnrolmentOut])
@paginate(PageNumberPagination, page_size=100)
def enrolment_list(request, year: int | None = None, status: str | None = None):
    qs = access.enrolments_visible_to(request.auth).select_related("course").order_by("-year", "pk")
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return qs


@router.post("/development/enrolments", response={201: EnrolmentOut}, auth=WRITERS)
def enrolment_propose(request, payload: EnrolmentIn):
    employee = access.get_employee_for(request.auth, payload.employee_id)
    course = access.get_course_for(request.auth, payload.course_id)
    enrolment = services_training.enrolment_propose(
        employee=employee, course=course, by=request.auth, reason=payload.reason
    )
    return Status(201, enrolment)


@router.post("/development/enrolments/external", response={201: EnrolmentOut}, auth=WRITERS)
def enrolment_external(
    request,
    title: Form[str],
    provider: Form[str],
    area: Form[str],
    started_on: Form[dt.date],
    completed_on: Form[dt.date],
    jp: Form[int],
    certificate: File[UploadedFile],
):
    """Training taken on one's own, reported by the employee with its certificate."""
    access.require(request.auth.employee_id is not None)
    employee = access.get_employee_for(request.auth, request.auth.employee_id)
    enrolment = services_training.enrolment_external(
        employee=employee,
        by=request.auth,
        title=title,
        provider=provider,
        area=area,
        started_on=started_on,
        completed_on=completed_on,
        jp=jp,
        certificate=certificate,
    )
    return Status(201, enrolment)


@router.get("/development/enrolments/{int:enrolment_id}", response=EnrolmentOut)
def enrolment_get(request, enrolment_id: int):
    return access.get_enrolment_for(request.auth, enrolment_id)


@router.post("/development/enrolments/{int:enrolment_id}/report", response=EnrolmentOut, auth=WRITERS)
def enrolment_report(
    request,
    enrolment_id: int,
    started_on: Form[dt.date],
    completed_on: Form[dt.date],
    jp: Form[int],
    certificate: File[UploadedFile],
):
    enrolment = access.get_enrolment_for(request.auth, enrolment_id)
    access.require(access.is_self(request.auth, enrolment.employee))
    return services_training.enrolment_report(
        enrolment=enrolment,
        by=request.auth,
        started_on=started_on,
        completed_on=completed_on,
        jp=jp,
        certificate=certificate,
    )


STEPS = {
    "approve": (services_training.enrolment_approve, False),
    "reject": (services_training.enrolment_reject, True),
    "verify": (services_training.enrolment_verify, False),
    "return": (services_training.enrolment_return, True),
}


@router.post("/development/enrolments/{int:enrolment_id}/{step}", response=EnrolmentOut, auth=WRITERS)
def enrolment_step(request, enrolment_id: int, step: str, payload: ReasonIn):
    enrolment = access.get_enrolment_for(request.auth, enrolment_id)
    access.require(org_access.can_manage(request.auth, enrolment.instansi_id))
    if step not in STEPS:
        raise Http404
    action, needs_reason = STEPS[step]
    if needs_reason:
        return action(enrolment=enrolment, by=request.auth, reason=payload.reason)
    return action(enrolment=enrolment, by=request.auth)


@router.get("/development/jp-behind", response=list[JpOut])
@paginate(PageNumberPagination, page_size=100)
def jp_behind(request, year: int | None = None):
    instansi = _instansi(request)
    today = timezone.localdate(timezone=instansi.tzinfo)
    year = year or today.year
    rows = selectors.jp_behind(instansi, year, selectors.jp_expected(instansi, year, today))
    return [{"employee_id": e.pk, "nip": e.nip, "name": e.display_name, "unit": e.unit.name, "jp": e.jp} for e in rows]


@router.get("/development/employees/{int:employee_id}/needs", response=list[NeedOut])
def employee_needs(request, employee_id: int):
    employee = access.get_employee_for(request.auth, employee_id)
    _evaluation, rows = selectors.needs(employee)
    return [
        {
            "area": r.need.area.value,
            "value": r.need.value,
            "indicator_id": r.need.indicator_id,
            "pct": r.need.pct,
            "label": r.label,
            "course_ids": [c.pk for c in r.courses],
        }
        for r in rows
    ]


# ------------------------------------------------------------------------------------ coaching
@router.get("/development/coaching-plans", response=list[CoachingOut])
@paginate(PageNumberPagination, page_size=100)
def coaching_list(request):
    return access.coaching_plans_visible_to(request.auth).order_by("status", "due_on")


@router.post("/development/coaching-plans", response={201: CoachingOut}, auth=WRITERS)
def coaching_create(request, payload: CoachingIn):
    evaluation = appraisal_access.get_evaluation_for(request.auth, payload.evaluation_id)
    access.require(access.is_direct_supervisor(request.auth, evaluation.employee))
    data = payload.dict()
    data.pop("evaluation_id")
    return Status(201, services_coaching.coaching_plan_open(evaluation=evaluation, by=request.auth, **data))


@router.get("/development/coaching-plans/{int:plan_id}", response=CoachingOut)
def coaching_get(request, plan_id: int):
    return access.get_coaching_plan_for(request.auth, plan_id)


@router.post("/development/coaching-plans/{int:plan_id}/sessions", response={201: SessionOut}, auth=WRITERS)
def session_add(request, plan_id: int, payload: SessionIn):
    plan = access.get_coaching_plan_for(request.auth, plan_id)
    access.require(request.auth.employee_id == plan.supervisor_id)
    return Status(201, services_coaching.coaching_session_add(plan=plan, by=request.auth, **payload.dict()))


@router.post("/development/coaching-sessions/{int:session_id}/acknowledge", response=SessionOut, auth=WRITERS)
def session_acknowledge(request, session_id: int):
    session = access.get_session_for(request.auth, session_id)
    access.require(request.auth.employee_id == session.plan.employee_id)
    return services_coaching.coaching_session_acknowledge(session=session, by=request.auth)


@router.post("/development/coaching-plans/{int:plan_id}/remeasure", response=CoachingOut, auth=WRITERS)
def coaching_remeasure(request, plan_id: int):
    plan = access.get_coaching_plan_for(request.auth, plan_id)
    access.require(
        request.auth.employee_id == plan.supervisor_id or org_access.can_manage(request.auth, plan.instansi_id)
    )
    services_coaching.coaching_remeasure(plan=plan, by=request.auth)
    return access.get_coaching_plan_for(request.auth, plan_id)


# -------------------------------------------------------------------------------- reassignment
@router.get("/development/reassignments", response=list[CaseOut])
@paginate(PageNumberPagination, page_size=100)
def case_list(request):
    return access.reassignment_cases_visible_to(request.auth).order_by("status", "-created_at")


@router.get("/development/reassignments/{int:case_id}", response=CaseOut)
def case_get(request, case_id: int):
    return access.get_reassignment_case_for(request.auth, case_id)


@router.post("/development/reassignments/{int:case_id}/decision", response=CaseOut, auth=WRITERS)
def case_decide(request, case_id: int, payload: CaseDecisionIn):
    case = access.get_reassignment_case_for(request.auth, case_id, write=True)
    position = None
    if payload.new_position_id:
        position = Position.objects.filter(instansi_id=case.instansi_id, pk=payload.new_position_id).first()
    return services_coaching.reassignment_decide(
        case=case,
        by=request.auth,
        decision=payload.decision,
        reason=payload.reason,
        decree_number=payload.decree_number,
        new_position=position,
    )


# ---------------------------------------------------------------------------------------- career
@router.get("/development/employees/{int:employee_id}/credit", response=LedgerOut)
def ledger_get(request, employee_id: int):
    employee = access.get_employee_for(request.auth, employee_id)
    rows, total, requirement = selectors.credit_ledger(employee)
    return {"entries": rows, "total_in_rank": total, "requirement": requirement}


@router.post("/development/employees/{int:employee_id}/credit", response={201: CreditOut}, auth=WRITERS)
def ledger_integrate(request, employee_id: int, payload: CreditIn):
    employee = access.get_employee_for(request.auth, employee_id)
    access.require(org_access.can_manage(request.auth, employee.instansi_id))
    return Status(201, services_career.credit_integrate(employee=employee, by=request.auth, **payload.dict()))


@router.get("/development/eligibility", response=list[EligibilityOut])
@paginate(PageNumberPagination, page_size=100)
def eligibility(request):
    instansi = _instansi(request)
    today = timezone.localdate(timezone=instansi.tzinfo)
    return [
        {
            "employee_id": r.employee.pk,
            "name": r.employee.display_name,
            "eligible": r.result.eligible,
            "reasons": r.result.reasons,
            "annual_predikat": r.annual,
            "credit": r.credit,
        }
        for r in selectors.eligibility(instansi, today)
    ]


@router.post("/development/employees/{int:employee_id}/potential", response={201: dict}, auth=WRITERS)
def potential_record(request, employee_id: int, payload: PotentialIn):
    employee = access.get_employee_for(request.auth, employee_id)
    access.require(org_access.can_manage(request.auth, employee.instansi_id))
    assessment = services_career.potential_record(employee=employee, by=request.auth, **payload.dict())
    return Status(201, {"employee_id": employee.pk, "year": assessment.year, "score": str(assessment.score)})


@router.get("/development/talent-grid", response=list[TalentOut])
@paginate(PageNumberPagination, page_size=100)
def talent_grid(request, year: int | None = None):
    instansi = _instansi(request)
    year = year or timezone.localdate(timezone=instansi.tzinfo).year
    rows, _counts = selectors.talent_grid(instansi, year)
    return [
        {
            "employee_id": r.employee.pk,
            "name": r.employee.display_name,
            "predikat": r.predikat,
            "score": r.score,
            "box": r.box,
            "last_box": r.last_box,
            "movement": r.movement,
        }
        for r in rows
    ]
