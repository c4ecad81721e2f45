"""Daily-work endpoints (create, list, verify/return, comments): the same rules as the pages."""

import datetime as dt
import uuid
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from kinerja.api.auth import WRITERS
from kinerja.api.pagination import PageNumberPagination

from . import access, selectors, services
from .models import Activity

router = Router(tags=["kegiatan"])


class ActivityIn(Schema):
    date: dt.date
    description: str = Field(..., min_length=1, max_length=2000)
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    minutes: int | None = Field(None, ge=1, le=1440)
    indicator_id: int | None = None
    quantity: Decimal = Field(Decimal(0), ge=0, max_digits=12, decimal_places=2)
    links: list[str] = Field(default_factory=list, max_length=5)
    client_token: uuid.UUID | None = None


class ActivityEditIn(Schema):
    """A correction of an entry: ``version`` is the version it was made from (a 409 answers an
    entry changed since, with the stored one; see docs/offline.md)."""

    version: int = Field(..., ge=1)
    date: dt.date
    description: str = Field(..., min_length=1, max_length=2000)
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    minutes: int | None = Field(None, ge=1, le=1440)
    indicator_id: int | None = None
    quantity: Decimal = Field(Decimal(0), ge=0, max_digits=12, decimal_places=2)


class ActivityOut(Schema):
    id: int
    version: int
    employee_id: int
    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    minutes: int
    description: str
    indicator_id: int | None
    quantity: Decimal
    status: str
    verifier_id: int | None
    return_comment: str
    quality_score: Decimal | None


class ConflictOut(Schema):
    detail: str
    current: ActivityOut


class ActivityDecisionIn(Schema):
    ids: list[int] = Field(..., min_length=1, max_length=200)
    decision: str = Field(..., pattern="^(verify|return)$")
    comment: str = ""
    quality: dict[int, str] = Field(default_factory=dict, description="id kegiatan → nilai mutu 0–100 (opsional)")


class DecisionOut(Schema):
    decided: int
    refused: list[str]


class CommentIn(Schema):
    text: str = Field(..., min_length=1, max_length=2000)


class CommentOut(Schema):
    id: int
    author: str
    text: str
    created_at: dt.datetime

    @staticmethod
    def resolve_author(obj):
        return str(obj.author)


def _me(request):
    if request.auth.employee_id is None:
        raise PermissionDenied
    return request.auth.employee


def _indicator(me, day: dt.date, indicator_id: int | None):
    """The chosen indicator of the employee's approved SKP of ``day``'s year, and that year."""
    if indicator_id is None:
        return None, None
    period = services.period_for(me.instansi, day)
    indicator = services.indicators_for(me, period).filter(pk=indicator_id).first()
    if indicator is None:
        raise ValidationError(
            {"indicator_id": _("Indikator ini bukan bagian dari SKP Anda yang disetujui untuk tahun itu.")}
        )
    return indicator, period


def _create(request, payload: ActivityIn, files: list | None = None):
    """201 with the new entry; 200 with the stored one when its client token was sent before
    (a resend from a phone whose first answer was lost), whatever the entry's state now."""
    me = _me(request)
    try:
        indicator, period = _indicator(me, payload.date, payload.indicator_id)
        for upload in files or []:
            services.check_photo(upload)
        activity = services.activity_create(
            employee=me,
            by=request.auth,
            day=payload.date,
            description=payload.description,
            start_time=payload.start_time,
            end_time=payload.end_time,
            minutes=payload.minutes,
            indicator=indicator,
            quantity=payload.quantity,
            files=files,
            links=payload.links,
            client_token=payload.client_token,
            period=period,
        )
    except ValidationError:
        existing = services.activity_for_token(employee=me, client_token=payload.client_token)
        if existing is None:
            raise
        activity = existing
    return Status(200 if getattr(activity, "resent", False) else 201, activity)


@router.post("/activities", response={200: ActivityOut, 201: ActivityOut}, auth=WRITERS)
def activity_create(request, payload: ActivityIn):
    return _create(request, payload)


@router.post("/activities/with-photos", response={200: ActivityOut, 201: ActivityOut}, auth=WRITERS)
def activity_create_with_photos(request, payload: Form[ActivityIn], photos: File[list[UploadedFile]] = None):  # noqa: B008 - ninja's declaration
    """The same entry as `POST /activities`, as a multipart form with up to five photos (JPG, PNG
    or WebP by content, each within the evidence size cap): the offline log sends its entries
    here (docs/offline.md)."""
    return _create(request, payload, list(photos or []))


@router.put("/activities/{int:activity_id}", response={200: ActivityOut, 409: ConflictOut}, auth=WRITERS)
def activity_edit(request, activity_id: int, payload: ActivityEditIn):
    """Corrects an entry made from ``version``. 409 when it changed since (another device): the
    answer carries the stored entry so the person chooses; nothing is overwritten silently."""
    activity = access.get_activity_for(request.auth, activity_id)
    access.require_owner(request.auth, activity)
    indicator, _period = _indicator(activity.employee, payload.date, payload.indicator_id)
    try:
        updated = services.activity_update(
            activity=activity,
            by=request.auth,
            expected_version=payload.version,
            day=payload.date,
            description=payload.description,
            start_time=payload.start_time,
            end_time=payload.end_time,
            minutes=payload.minutes,
            indicator=indicator,
            quantity=payload.quantity,
        )
    except services.EditConflict as conflict:
        return Status(409, {"detail": str(conflict), "current": conflict.current})
    return updated


@router.get("/activities", response=list[ActivityOut])
@paginate(PageNumberPagination, page_size=50)
def activity_list(request, status: str | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None):
    qs = access.activities_visible_to(request.auth).exclude(status="superseded").order_by("-date", "-pk")
    if status:
        qs = qs.filter(status=status)
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    return qs


@router.get("/activities/inbox", response=list[ActivityOut])
@paginate(PageNumberPagination, page_size=50)
def activity_inbox(request):
    return selectors.inbox(_me(request))


@router.get("/activities/{int:activity_id}", response=ActivityOut)
def activity_get(request, activity_id: int):
    return access.get_activity_for(request.auth, activity_id)


@router.post("/activities/decisions", response=DecisionOut, auth=WRITERS)
def activity_decide(request, payload: ActivityDecisionIn):
    me = _me(request)
    chosen = list(access.activities_visible_to(request.auth).filter(pk__in=payload.ids, verifier=me))
    if len(chosen) != len(set(payload.ids)):
        raise Http404
    done, refused = services.activities_decide(
        activities=chosen,
        by=request.auth,
        decision=payload.decision,
        comment=payload.comment,
        quality={pk: str(score)[:10] for pk, score in payload.quality.items()},
    )
    return {"decided": done, "refused": refused}


@router.get("/activities/{int:activity_id}/comments", response=list[CommentOut])
def comment_list(request, activity_id: int):
    return access.get_activity_for(request.auth, activity_id).comments.select_related("author")


@router.post("/activities/{int:activity_id}/comments", response={201: CommentOut}, auth=WRITERS)
def comment_create(request, activity_id: int, payload: CommentIn):
    activity: Activity = access.get_activity_for(request.auth, activity_id)
    access.require_commenter(
        request.auth,
        employee_id=activity.employee_id,
        supervisor_id=activity.employee.supervisor_id,
        verifier_id=activity.verifier_id,
    )
    return Status(201, services.comment_add(author=request.auth, text=payload.text, activity=activity))
