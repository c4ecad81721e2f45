"""Notification endpoints: the signed-in user's own list, marking read, channel preferences."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from kinerja.api.pagination import PageNumberPagination

from . import access, selectors, services

router = Router(tags=["notifikasi"])


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None

    @staticmethod
    def resolve_text(obj) -> str:
        """In the requester's language (Accept-Language / their chosen language)."""
        return obj.display_text


class UnreadOut(Schema):
    unread: int


class PreferenceOut(Schema):
    kind: str
    label: str
    in_app: bool
    email: bool


class PreferenceIn(Schema):
    kind: str = Field(..., max_length=24)
    in_app: bool
    email: bool


@router.get("/notifications", response=list[NotificationOut])
@paginate(PageNumberPagination, page_size=30)
def notification_list(request):
    return selectors.notification_list(request.auth)


@router.get("/notifications/unread", response=UnreadOut)
def unread(request):
    return {"unread": selectors.unread_count(request.auth)}


@router.post("/notifications/{notification_id}/read", response=NotificationOut)
def read(request, notification_id: int):
    return services.notification_read(notification=access.get_notification_for(request.auth, notification_id))


@router.post("/notifications/read-all", response=UnreadOut)
def read_all(request):
    services.notifications_read_all(user=request.auth)
    return {"unread": 0}


@router.get("/notifications/preferences", response=list[PreferenceOut])
def preferences(request):
    return selectors.preference_rows(request.auth)


@router.put("/notifications/preferences", response=list[PreferenceOut])
def preferences_put(request, payload: list[PreferenceIn]):
    kinds = [p.kind for p in payload]
    if len(set(kinds)) != len(kinds):
        raise ValidationError({"kind": _("Jenis notifikasi ganda.")})
    current = {row.kind: (row.in_app, row.email) for row in selectors.preference_rows(request.auth)}
    current.update({p.kind: (p.in_app, p.email) for p in payload})
    services.preferences_save(user=request.auth, choices=current)
    return selectors.preference_rows(request.auth)
