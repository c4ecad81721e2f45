"""Planning endpoints: the same access functions and services as the pages."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from kinerja.api.auth import WRITERS
from kinerja.api.pagination import PageNumberPagination
from kinerja.org import access as org_access
from kinerja.org.models import Unit

from . import access, selectors, services
from .models import Indicator, Period, Rhk, Skp

router = Router(tags=["perencanaan"])


class PeriodOut(Schema):
    id: int
    year: int
    cut: str
    planning_deadline: dt.date
    closes_on: dt.date
    is_closed: bool


class PeriodIn(Schema):
    year: int
    cut: str = Period.Cut.QUARTERLY
    planning_deadline: dt.date
    closes_on: dt.date


class IndicatorOut(Schema):
    id: int
    text: str
    aspect: str
    target: Decimal | None
    target_unit: str
    expectation: str
    direction: str
    metric: str
    target_mode: str
    service_unit_id: int | None
    evidence_rule: str


class PeriodicTargetOut(Schema):
    period_key: str
    target: Decimal


class PeriodicTargetsIn(Schema):
    targets: dict[str, str] = Field(..., description="kunci periode ('2026-Q1' atau '2026-01') → target")


class RhkOut(Schema):
    id: int
    text: str
    kind: str
    parent_id: int | None
    goal_id: int | None
    own_initiative: bool
    awaiting_parent: bool
    indicators: list[IndicatorOut]


class SkpOut(Schema):
    id: int
    employee_id: int
    year: int = Field(..., alias="period.year")
    revision: int
    status: str
    evaluator_id: int | None


class SkpDetailOut(SkpOut):
    rhks: list[RhkOut]


class SkpIn(Schema):
    period_id: int
    template_id: int | None = None
    approach: str = Field("kuantitatif", description="kuantitatif | kualitatif")


class RhkIn(Schema):
    text: str = Field(..., min_length=1, max_length=500)
    kind: str = Rhk.Kind.MAIN
    parent_id: int | None = None
    goal_id: int | None = None
    own_initiative: bool = False
    awaiting_parent: bool = Field(False, description="the supervisor's RHK does not exist yet; link it later")


class RhkLinkIn(Schema):
    parent_id: int


class IndicatorIn(Schema):
    text: str = Field(..., min_length=1, max_length=500)
    aspect: str = "kuantitas"
    target: str = Field("", description="kosong hanya pada SKP kualitatif (isi expectation)")
    target_unit: str = ""
    expectation: str = Field("", description="ekspektasi naratif (SKP kualitatif)")
    direction: str = "higher"
    metric: str = ""
    target_mode: str = Field("", description="even | cumulative | constant; kosong: sesuai jenis indikator")
    service_unit_id: int | None = None
    evidence_rule: str = Field("", description="'' (ikuti instansi) | required | optional")


class RevisionIn(Schema):
    category: str = Field(..., description="policy, budget, reorganisation atau transfer")
    reason: str = Field(..., max_length=2000)


class RevisionOut(Schema):
    id: int
    revision: int
    status: str
    previous_id: int | None
    revision_category: str
    revision_reason: str
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None


class SkpDecisionIn(Schema):
    decision: str = Field(..., pattern="^(approve|return)$")
    comment: str = ""


@router.get("/periods", response=list[PeriodOut])
def period_list(request):
    return access.periods_visible_to(request.auth).filter(instansi_id=request.auth.instansi_id).order_by("-year")


@router.post("/periods", response={201: PeriodOut}, auth=WRITERS)
def period_create(request, payload: PeriodIn):
    org_access.require_manager(request.auth)
    return Status(201, services.period_create(instansi=request.auth.instansi, **payload.dict()))


@router.get("/skp", response=list[SkpOut])
@paginate(PageNumberPagination, page_size=50)
def skp_list(request, year: int | None = None):
    qs = (
        access.skps_visible_to(request.auth)
        .select_related("period")
        .order_by("-period__year", "employee__name", "-revision")
    )
    return qs.filter(period__year=year) if year else qs


@router.post("/skp", response={201: SkpDetailOut}, auth=WRITERS)
def skp_create(request, payload: SkpIn):
    me = request.auth.employee
    if me is None:
        raise PermissionDenied
    period = access.get_period_for(request.auth, payload.period_id)
    template = period.instansi.skp_templates.filter(pk=payload.template_id).first() if payload.template_id else None
    if payload.template_id and template is None:
        raise Http404
    skp = services.skp_create(employee=me, period=period, by=request.auth, template=template, approach=payload.approach)
    return Status(201, selectors.skp_detail(skp.pk))


@router.get("/skp/{skp_id}", response=SkpDetailOut)
def skp_get(request, skp_id: int):
    return selectors.skp_detail(access.get_skp_for(request.auth, skp_id).pk)


@router.post("/skp/{skp_id}/rhk", response={201: RhkOut}, auth=WRITERS)
def rhk_create(request, skp_id: int, payload: RhkIn):
    skp = access.get_skp_for(request.auth, skp_id)
    access.require_owner(request.auth, skp)
    data = payload.dict()
    parent_id, goal_id = data.pop("parent_id"), data.pop("goal_id")
    data["parent"] = (
        Rhk.objects.filter(pk=parent_id, instansi_id=skp.instansi_id).select_related("skp").first()
        if parent_id
        else None
    )
    if parent_id and data["parent"] is None:
        raise Http404
    data["goal"] = skp.period.goals.filter(pk=goal_id).first() if goal_id else None
    if goal_id and data["goal"] is None:
        raise Http404
    return Status(201, services.rhk_save(skp=skp, **data))


@router.post("/skp/{skp_id}/rhk/{rhk_id}/link", response=RhkOut, auth=WRITERS)
def rhk_link(request, skp_id: int, rhk_id: int, payload: RhkLinkIn):
    """Links an approved SKP's RHK to the supervisor's RHK once it exists; the SKP stays approved."""
    skp = access.get_skp_for(request.auth, skp_id)
    rhk = Rhk.objects.filter(skp=skp, pk=rhk_id).first()
    parent = selectors.evaluator_rhks(skp).filter(pk=payload.parent_id).first()
    if rhk is None or parent is None:
        raise Http404
    if not services.can_link_later(request.auth, skp):
        raise PermissionDenied
    services.rhk_link(rhk=rhk, parent=parent, by=request.auth)
    return Rhk.objects.prefetch_related("indicators").get(pk=rhk.pk)


@router.post("/skp/{skp_id}/rhk/{rhk_id}/indicators", response={201: IndicatorOut}, auth=WRITERS)
def indicator_create(request, skp_id: int, rhk_id: int, payload: IndicatorIn):
    skp = access.get_skp_for(request.auth, skp_id)
    access.require_owner(request.auth, skp)
    rhk = Rhk.objects.filter(skp=skp, pk=rhk_id).select_related("skp").first()
    if rhk is None:
        raise Http404
    fields = payload.dict()
    unit_id = fields.pop("service_unit_id")
    unit = Unit.objects.filter(instansi_id=skp.instansi_id, pk=unit_id).first() if unit_id else None
    if unit_id and unit is None:
        raise Http404
    return Status(201, services.indicator_save(rhk=rhk, service_unit=unit, **fields))


def _indicator(request, skp_id: int, indicator_id: int) -> Indicator:
    skp = access.get_skp_for(request.auth, skp_id)
    indicator = Indicator.objects.filter(rhk__skp=skp, pk=indicator_id).select_related("rhk__skp__period").first()
    if indicator is None:
        raise Http404
    return indicator


@router.get("/skp/{skp_id}/indicators/{indicator_id}/periodic-targets", response=list[PeriodicTargetOut])
def periodic_targets(request, skp_id: int, indicator_id: int):
    """The indicator's target per periodic cut (rencana aksi)."""
    indicator = _indicator(request, skp_id, indicator_id)
    return [{"period_key": key, "target": target} for key, target in services.period_targets_of(indicator)]


@router.put("/skp/{skp_id}/indicators/{indicator_id}/periodic-targets", response=list[PeriodicTargetOut], auth=WRITERS)
def periodic_targets_set(request, skp_id: int, indicator_id: int, payload: PeriodicTargetsIn):
    """The employee (while drafting) or the pejabat penilai (before approval) adjusts them."""
    indicator = _indicator(request, skp_id, indicator_id)
    if not services.can_set_period_targets(request.auth, indicator.rhk.skp):
        raise PermissionDenied
    services.period_targets_set(indicator=indicator, by=request.auth, values=payload.targets)
    return [{"period_key": key, "target": target} for key, target in services.period_targets_of(indicator)]


@router.post("/skp/{skp_id}/submit", response=SkpOut, auth=WRITERS)
def skp_submit(request, skp_id: int):
    skp = access.get_skp_for(request.auth, skp_id)
    access.require_owner(request.auth, skp)
    return services.skp_submit(skp=skp, by=request.auth)


@router.post("/skp/{skp_id}/decision", response=SkpOut, auth=WRITERS)
def skp_decide(request, skp_id: int, payload: SkpDecisionIn):
    skp = access.get_skp_for(request.auth, skp_id)
    access.require_evaluator(request.auth, skp)
    if payload.decision == "approve":
        return services.skp_approve(skp=skp, by=request.auth, comment=payload.comment)
    return services.skp_return(skp=skp, by=request.auth, comment=payload.comment)


@router.get("/skp/{skp_id}/revisions", response=list[RevisionOut])
def revision_list(request, skp_id: int):
    """Every revision of this SKP's employee and year, oldest first, with why it was made."""
    skp = access.get_skp_for(request.auth, skp_id)
    return Skp.objects.filter(employee_id=skp.employee_id, period_id=skp.period_id).order_by("revision")


@router.post("/skp/{skp_id}/revisions", response={201: RevisionOut}, auth=WRITERS)
def revision_create(request, skp_id: int, payload: RevisionIn):
    """A mid-year revision of an approved SKP (a new draft); the same rules as the page."""
    skp = access.get_skp_for(request.auth, skp_id)
    access.require_owner(request.auth, skp)
    return Status(201, services.skp_revise(skp=skp, by=request.auth, reason=payload.reason, category=payload.category))
