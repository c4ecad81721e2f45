"""Appraisal endpoints: evaluations, ratings and predikat, the org predicate, objections. The same
access functions and services as the pages."""

import datetime as dt
from decimal import Decimal

from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from kinerja.api.auth import WRITERS
from kinerja.api.pagination import PageNumberPagination
from kinerja.org import access as org_access
from kinerja.skp import access as skp_access

from . import access, selectors, services
from .models import Objection

router = Router(tags=["penilaian"])
RATING = "^(di_atas|sesuai|di_bawah)$"


class EvaluationOut(Schema):
    id: int
    employee_id: int
    year: int = Field(..., alias="period.year")
    cut_key: str
    status: str
    evaluator_id: int | None
    evaluator_supervisor_id: int | None
    unit_id: int | None
    is_unit_head: bool
    achievement_pct: Decimal
    verified_entries: int
    suggested_results: str
    results_rating: str
    results_reason: str
    behaviour_rating: str
    behaviour_feedback: dict[str, str]
    predikat: str
    received_on: dt.date | None


class RatingIn(Schema):
    results_rating: str = Field(..., pattern=RATING)
    behaviour_rating: str = Field(..., pattern=RATING)
    results_reason: str = Field("", max_length=4000)
    behaviour_feedback: dict[str, str] | None = None
    indicator_feedback: dict[str, str] | None = None


class FinaliseIn(Schema):
    justification: str = Field("", max_length=4000)


class ObjectionIn(Schema):
    reason: str = Field(..., min_length=1, max_length=4000)
    category: str = Field("other", description="results, behaviour, curve, procedure or other")


class ObjectionOut(Schema):
    id: int
    evaluation_id: int
    category: str
    reason: str
    decision: str
    decision_reason: str
    original_predikat: str
    decided_at: dt.datetime | None


class ObjectionDecisionIn(Schema):
    decision: str = Field(..., pattern="^(uphold|change)$")
    reason: str = Field(..., min_length=1, max_length=4000)
    results_rating: str = ""
    behaviour_rating: str = ""


class UnitPredicateIn(Schema):
    period_id: int
    cut_key: str
    predicate: str
    basis: str = Field("", max_length=4000)


class UnitPredicateOut(Schema):
    unit_id: int
    cut_key: str
    predicate: str
    basis: str
    curve_issues: list[str]
    curve_applied: str  # "unit", "parent" (the unit is too small), "none" or "missing"
    curve_note: str


@router.get("/evaluations", response=list[EvaluationOut])
@paginate(PageNumberPagination, page_size=100)
def evaluation_list(request, year: int | None = None, cut_key: str | None = None, unit_id: int | None = None):
    qs = access.evaluations_visible_to(request.auth).select_related("period").order_by("cut_key", "employee_id")
    if year:
        qs = qs.filter(period__year=year)
    if cut_key:
        qs = qs.filter(cut_key=cut_key)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    return qs


@router.get("/evaluations/{int:evaluation_id}", response=EvaluationOut)
def evaluation_get(request, evaluation_id: int):
    return access.get_evaluation_for(request.auth, evaluation_id)


class PeerGroupOut(Schema):
    relation: str
    label: str
    shown: bool
    count: int
    ratings: dict[str, dict[str, int]]  # BerAKHLAK value label → rating → count
    comments: list[str]

    @staticmethod
    def resolve_ratings(obj):
        return {label: dict(counter) for label, counter in obj.rows}


class PeerSummaryOut(Schema):
    minimum: int
    groups: list[PeerGroupOut]


@router.get("/evaluations/{int:evaluation_id}/peer-input", response=PeerSummaryOut)
def peer_summary(request, evaluation_id: int):
    """360 input for the pejabat penilai (and the instansi's read-only roles), per group, each only
    once enough people answered (the same rule as the page)."""
    evaluation = access.get_evaluation_for(request.auth, evaluation_id)
    access.require(access.is_evaluator(request.auth, evaluation) or org_access.sees_whole_instansi(request.auth))
    return selectors.peer_summary(evaluation)


@router.post("/evaluations/{int:evaluation_id}/rating", response=EvaluationOut, auth=WRITERS)
def evaluation_rate(request, evaluation_id: int, payload: RatingIn):
    evaluation = access.get_evaluation_for(request.auth, evaluation_id)
    access.require(access.is_evaluator(request.auth, evaluation))
    return services.evaluation_rate(evaluation=evaluation, by=request.auth, **payload.dict())


@router.post("/evaluations/{int:evaluation_id}/finalise", response=EvaluationOut, auth=WRITERS)
def evaluation_finalise(request, evaluation_id: int, payload: FinaliseIn):
    evaluation = access.get_evaluation_for(request.auth, evaluation_id)
    access.require(access.is_evaluator(request.auth, evaluation))
    return services.evaluation_finalise(evaluation=evaluation, by=request.auth, justification=payload.justification)


@router.post("/evaluations/{int:evaluation_id}/acknowledge", response=EvaluationOut, auth=WRITERS)
def evaluation_acknowledge(request, evaluation_id: int):
    evaluation = access.get_evaluation_for(request.auth, evaluation_id)
    access.require(access.is_employee(request.auth, evaluation))
    return services.evaluation_acknowledge(evaluation=evaluation, by=request.auth)


@router.post("/evaluations/{int:evaluation_id}/objection", response={201: ObjectionOut}, auth=WRITERS)
def objection_file(request, evaluation_id: int, payload: ObjectionIn):
    evaluation = access.get_evaluation_for(request.auth, evaluation_id)
    access.require(access.is_employee(request.auth, evaluation))
    return Status(
        201,
        services.objection_file(
            evaluation=evaluation, by=request.auth, reason=payload.reason, category=payload.category
        ),
    )


@router.get("/evaluations/{int:evaluation_id}/objection", response=ObjectionOut)
def objection_get(request, evaluation_id: int):
    evaluation = access.get_evaluation_for(request.auth, evaluation_id)
    objection = Objection.objects.filter(evaluation=evaluation).first()
    if objection is None:
        raise Http404
    return objection


@router.post("/evaluations/{int:evaluation_id}/objection/decision", response=EvaluationOut, auth=WRITERS)
def objection_decide(request, evaluation_id: int, payload: ObjectionDecisionIn):
    evaluation = access.get_evaluation_for(request.auth, evaluation_id)
    access.require(access.is_evaluator_supervisor(request.auth, evaluation))
    return services.objection_decide(evaluation=evaluation, by=request.auth, **payload.dict())


@router.put("/units/{int:unit_id}/predicate", response=UnitPredicateOut, auth=WRITERS)
def unit_predicate_set(request, unit_id: int, payload: UnitPredicateIn):
    unit = org_access.get_unit_for(request.auth, unit_id)
    access.require(access.can_set_predicate(request.auth, unit))
    period = skp_access.get_period_for(request.auth, payload.period_id)
    if period.instansi_id != unit.instansi_id:
        raise Http404
    current = services.unit_predicate_set(
        unit=unit,
        period=period,
        cut_key=payload.cut_key,
        predicate=payload.predicate,
        by=request.auth,
        basis=payload.basis,
    )
    curve = selectors.curve(unit, period, payload.cut_key)
    return {
        "unit_id": unit.pk,
        "cut_key": current.cut_key,
        "predicate": current.predicate,
        "basis": current.basis,
        "curve_issues": curve.issues,
        "curve_applied": curve.applied,
        "curve_note": curve.scope_note,
    }
