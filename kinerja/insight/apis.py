"""Insight endpoints: the fairness review of a cut (read: pimpinan, BKPSDM, unit heads for their
subtree; compute: BKPSDM). The same access functions and services as the pages."""

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema

from kinerja.api.auth import WRITERS
from kinerja.org import access as org_access

from . import fairness
from .models import RaterReview

router = Router(tags=["wawasan"])


class FlagOut(Schema):
    code: str
    text: str
    message: str
    params: dict
    employee_ids: list[int]


class ReviewOut(Schema):
    rater_id: int
    rater_nip: str
    rater_name: str
    unit: str
    cut_key: str
    computed_at: str
    figures: dict
    flags: list[FlagOut]


def _reviews(request, period: str):
    user = request.auth
    instansi = org_access.instansi_for_request(request)
    year = fairness.resolve_cut(instansi, period)
    if not (org_access.sees_whole_instansi(user) or org_access.headed_units(user).exists()):
        raise PermissionDenied
    reviews = RaterReview.objects.filter(instansi=instansi, period=year, cut_key=period)
    if not org_access.sees_whole_instansi(user):
        reviews = reviews.filter(org_access.headed_subtree(user))
    return instansi, year, reviews.select_related("rater", "unit").order_by("-flag_count", "rater__name")


@router.get("/fairness", response=list[ReviewOut])
def fairness_list(request, period: str):
    """Every rater's stored figures and flags for a cut (e.g. period=2026-Q4)."""
    _instansi, _year, reviews = _reviews(request, period)
    return fairness.review_dicts(reviews)


@router.post("/fairness", response=list[ReviewOut], auth=WRITERS)
def fairness_run(request, period: str):
    """Recomputes the cut's review (BKPSDM), then returns it as the GET does."""
    instansi, year, _reviews_before = _reviews(request, period)
    if not org_access.can_manage(request.auth, instansi.pk):
        raise PermissionDenied
    fairness.fairness_compute(instansi=instansi, period=year, cut_key=period)
    return fairness.review_dicts(_reviews(request, period)[2])
