"""Recognition endpoints: the ranking with reasons, nominations, decisions, and the public
certificate check. The same access functions and services as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from kinerja.api.auth import WRITERS
from kinerja.attendance.apis import instansi_of
from kinerja.org import access as org_access

from . import access, selectors, services
from .models import Award

router = Router(tags=["penghargaan"])


class AwardOut(Schema):
    id: int
    employee_id: int
    employee_name: str
    period: str
    category: str
    source: str
    status: str
    ranking_position: int | None
    nomination_reason: str
    decision_reason: str
    code: str


class NominationIn(Schema):
    employee_id: int
    period: str = Field(..., pattern=r"^\d{4}(-(Q[1-4]|0[1-9]|1[0-2]))?$")
    category: str
    reason: str = Field(..., max_length=4000)
    from_ranking: bool = False


class AwardDecisionIn(Schema):
    award: bool
    reason: str = Field(..., max_length=4000)


@router.get("/recognition/ranking", response=list[dict])
def ranking(request, period: str, instansi: str | None = None, unit_id: int | None = None):
    target = instansi_of(request.auth, instansi)
    access.require_reader(request.auth, target)
    unit = target.units.filter(pk=unit_id).first() if unit_id else None
    return [
        {
            "position": r.position,
            "tied": r.tied,
            "employee_id": r.candidate.key,
            "nip": row["employee__nip"],
            "name": row["employee__name"],
            "unit": row["unit_name"],
            "predikat": r.candidate.predikat,
            "achievement_pct": str(r.candidate.achievement_pct),
            "verified_entries": r.candidate.verified_entries,
            "reason": _(r.reason) % r.params if r.params else _(r.reason),
        }
        for r, row in selectors.ranking(instansi=target, cut_key=period, unit=unit)
    ]


@router.post("/recognition/awards", response={201: AwardOut}, auth=WRITERS)
def nominate(request, payload: NominationIn):
    employee = access.nominable_by(request.auth, payload.employee_id)
    if payload.from_ranking and not org_access.can_manage(request.auth, employee.instansi_id):
        raise PermissionDenied
    award = services.award_nominate(
        instansi=employee.instansi,
        employee=employee,
        period=payload.period,
        category=payload.category,
        reason=payload.reason,
        source=Award.Source.RANKING if payload.from_ranking else Award.Source.SUPERVISOR,
        by=request.auth,
    )
    return Status(201, award)


@router.post("/recognition/awards/{int:award_id}/decision", response=AwardOut, auth=WRITERS)
def decide(request, award_id: int, payload: AwardDecisionIn):
    award = access.get_award_for(request.auth, award_id, write=True)
    return services.award_decide(award=award, award_it=payload.award, reason=payload.reason, by=request.auth)


@router.get("/recognition/verify/{code}", response=dict, auth=None)
def verify(request, code: str):
    award = Award.objects.filter(code=code, status__in=[Award.Status.AWARDED, Award.Status.REVOKED]).first()
    if award is None:
        return {"valid": False, "status": "unknown"}
    return {
        "valid": award.status == Award.Status.AWARDED,
        "status": award.status,
        "employee_name": award.employee_name,
        "category": award.category,
        "period": award.period,
        "revoked_reason": award.revoked_reason,
    }
