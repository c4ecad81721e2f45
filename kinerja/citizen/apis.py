"""Citizen voice endpoints. Submitting a survey answer or a complaint and tracking one need no
login (the same rate limits as the pages); results and complaint handling need a token."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from kinerja.api.auth import WRITERS
from kinerja.org import access as org_access
from kinerja.org.models import Employee, Instansi, Unit

from . import access, metrics, rules, services, throttle
from .models import Complaint, SurveyPoint

router = Router(tags=["suara warga"])


class SurveyIn(Schema):
    answers: dict[str, int]
    token: str
    gender: str = ""
    age: int | None = None
    education: str = ""
    occupation: str = ""
    service: str = Field("", max_length=150)
    suggestion: str = Field("", max_length=2000)
    website: str = ""  # honeypot


class PointOut(Schema):
    token: str
    unit_id: int
    counter: str
    visit_token: str


class Accepted(Schema):
    detail: str


class IkmOut(Schema):
    unit_id: int
    unit: str
    period: str
    respondents: int
    nrr: dict[str, Decimal]
    ikm: Decimal
    grade: str
    grade_label: str
    small_sample: bool


class ComplaintIn(Schema):
    unit_id: int
    subject: str = Field(..., max_length=150)
    description: str = Field(..., max_length=4000)
    contact_name: str = Field("", max_length=100)
    contact: str = Field("", max_length=100)
    category_id: int | None = None  # GET /complaints/categories
    officer_id: int | None = None  # GET /complaints/officers?unit_id=…
    website: str = ""


class ChoiceOut(Schema):
    id: int
    name: str


class ComplaintRatingIn(Schema):
    rating: int
    comment: str = Field("", max_length=2000)


class EventOut(Schema):
    status: str
    text: str
    at: dt.datetime


class ComplaintPublicOut(Schema):
    code: str
    unit_id: int
    subject: str
    category: str | None
    has_attachment: bool
    status: str
    created_at: dt.datetime
    responded_at: dt.datetime | None
    resolved_at: dt.datetime | None
    rating: int | None
    events: list[EventOut]

    @staticmethod
    def resolve_category(obj) -> str | None:
        return obj.category.name if obj.category_id else None

    @staticmethod
    def resolve_has_attachment(obj) -> bool:
        return bool(obj.attachment)


class ComplaintOut(Schema):
    id: int
    code: str
    unit_id: int
    subject: str
    category_id: int | None
    officer_id: int | None
    has_attachment: bool
    status: str
    assigned_to_id: int | None
    created_at: dt.datetime
    responded_at: dt.datetime | None
    resolved_at: dt.datetime | None
    rating: int | None
    tepat: bool | None

    @staticmethod
    def resolve_has_attachment(obj) -> bool:
        return bool(obj.attachment)

    @staticmethod
    def resolve_tepat(obj) -> bool | None:
        return obj.is_tepat


class AssignIn(Schema):
    employee_id: int


class RespondIn(Schema):
    text: str = Field(..., max_length=4000)
    resolve: bool = False


def _limited(request, kind: str) -> bool:
    """The pages' limits; an app identifies its device with the X-Device-Id header."""
    return not throttle.submission_allowed(
        kind,
        ip_hash=services.hashed(request.META.get("REMOTE_ADDR", "")),
        device_hash=services.hashed(request.headers.get("X-Device-Id", "")),
    )


@router.get("/surveys/{token}", response=PointOut, auth=None)
def survey_point(request, token: str):
    point = get_object_or_404(SurveyPoint, token=token, is_active=True)
    return {
        "token": point.token,
        "unit_id": point.unit_id,
        "counter": point.counter,
        "visit_token": services.visit_token(point),
    }


@router.post("/surveys/{token}/responses", response={201: Accepted, 429: Accepted}, auth=None)
def survey_answer(request, token: str, payload: SurveyIn):
    point = get_object_or_404(SurveyPoint, token=token, is_active=True)
    if _limited(request, "survey"):
        return Status(
            429, {"detail": _("Terlalu banyak kiriman dari perangkat atau jaringan ini. Coba lagi dalam satu jam.")}
        )
    data = payload.dict()
    try:
        services.survey_submit(
            point=point,
            answers=data.pop("answers"),
            honeypot=data.pop("website"),
            ip=request.META.get("REMOTE_ADDR", ""),
            device=request.headers.get("X-Device-Id", ""),
            **data,
        )
    except services.Honeypot:
        pass
    return Status(201, {"detail": _("Terima kasih")})


@router.get("/ikm", response=list[IkmOut])
def ikm_results(request, period: str, instansi: str | None = None):
    """IKM per service unit of the caller's instansi for a period: 2026, 2026-Q4 or 2026-11."""
    target = (
        org_access.instansi_visible_to(request.auth).filter(code=instansi).first()
        if instansi
        else request.auth.instansi
    )
    if target is None:
        raise Http404
    try:
        start, end = rules.cut_range(period)
    except (ValueError, IndexError):
        raise Http404 from None
    units = {u.pk: u for u in Unit.objects.filter(instansi=target, survey_points__isnull=False).distinct()}
    values = metrics.ikm_by_unit(units, start, end)
    return [
        {
            "unit_id": unit_id,
            "unit": units[unit_id].name,
            "period": period,
            "respondents": v.respondents,
            "nrr": v.nrr,
            "ikm": v.converted,
            "grade": v.grade.letter,
            "grade_label": pgettext(rules.SURVEY, v.grade.label),
            "small_sample": v.small_sample,
        }
        for unit_id, v in sorted(values.items())
    ]


def _public_unit(unit_id: int) -> Unit:
    unit = Unit.objects.filter(pk=unit_id, survey_points__is_active=True, is_active=True).first()
    if unit is None:
        raise Http404
    return unit


@router.get("/complaints/categories", response=list[ChoiceOut], auth=None)
def complaint_categories(request, instansi: str):
    """The complaint categories a citizen may choose in an instansi (by its code)."""
    target = get_object_or_404(Instansi, code=instansi)
    return [{"id": c.pk, "name": c.name} for c in services.categories_for(target)]


@router.get("/complaints/officers", response=list[ChoiceOut], auth=None)
def complaint_officers(request, unit_id: int):
    """The officers of a service unit a citizen may name in a complaint."""
    return [{"id": e.pk, "name": e.display_name} for e in services.officer_choices(_public_unit(unit_id))]


@router.post("/complaints", response={201: ComplaintPublicOut, 429: Accepted}, auth=None)
def complaint_create(request, payload: ComplaintIn):
    """Files a complaint (JSON); a photo or PDF follows with POST /complaints/track/{code}/attachment."""
    unit = _public_unit(payload.unit_id)
    if _limited(request, "complaint"):
        return Status(
            429, {"detail": _("Terlalu banyak kiriman dari perangkat atau jaringan ini. Coba lagi dalam satu jam.")}
        )
    data = payload.dict()
    data.pop("unit_id")
    try:
        complaint = services.complaint_submit(
            unit=unit, honeypot=data.pop("website"), ip=request.META.get("REMOTE_ADDR", ""), **data
        )
    except services.Honeypot:
        raise Http404 from None
    return Status(201, complaint)


def _tracked(code: str) -> Complaint:
    return get_object_or_404(
        Complaint.objects.select_related("category").prefetch_related("events"),
        code=rules.normalise_tracking_code(code),
    )


@router.get("/complaints/track/{code}", response=ComplaintPublicOut, auth=None)
def complaint_track(request, code: str):
    return _tracked(code)


@router.post("/complaints/track/{code}/attachment", response={200: ComplaintPublicOut, 429: Accepted}, auth=None)
def complaint_attachment(request, code: str, file: File[UploadedFile]):
    """The complaint's photo (JPG/PNG/WebP, stored without metadata) or PDF, at most 5 MB, once,
    while the complaint still waits for the unit."""
    complaint = _tracked(code)
    if _limited(request, "complaint"):
        return Status(
            429, {"detail": _("Terlalu banyak kiriman dari perangkat atau jaringan ini. Coba lagi dalam satu jam.")}
        )
    services.complaint_attach(complaint=complaint, upload=file)
    return _tracked(code)


@router.post("/complaints/track/{code}/rating", response={200: ComplaintPublicOut, 429: Accepted}, auth=None)
def complaint_rating(request, code: str, payload: ComplaintRatingIn):
    """The citizen's rating of the resolution (1–4; 3 and 4 count as "tepat"), once, after it is resolved."""
    complaint = _tracked(code)
    if _limited(request, "rating"):
        return Status(
            429, {"detail": _("Terlalu banyak kiriman dari perangkat atau jaringan ini. Coba lagi dalam satu jam.")}
        )
    services.complaint_rate(complaint=complaint, rating=payload.rating, comment=payload.comment)
    return _tracked(code)


@router.get("/complaints", response=list[ComplaintOut])
def complaint_list(request, status: str | None = None):
    qs = access.complaints_visible_to(request.auth).order_by("-created_at")
    return qs.filter(status=status)[:500] if status else qs[:500]


@router.post("/complaints/{int:complaint_id}/assign", response=ComplaintOut, auth=WRITERS)
def complaint_assign(request, complaint_id: int, payload: AssignIn):
    complaint = access.get_complaint_for(request.auth, complaint_id)
    if not access.can_assign(request.auth, complaint):
        raise PermissionDenied
    employee = Employee.objects.filter(pk=payload.employee_id, instansi_id=complaint.instansi_id).first()
    if employee is None:
        raise Http404
    return services.complaint_assign(complaint=complaint, employee=employee, by=request.auth)


@router.post("/complaints/{int:complaint_id}/responses", response=ComplaintOut, auth=WRITERS)
def complaint_respond(request, complaint_id: int, payload: RespondIn):
    complaint = access.get_complaint_for(request.auth, complaint_id)
    return services.complaint_respond(complaint=complaint, by=request.auth, text=payload.text, resolve=payload.resolve)
