"""The complaint reminder of the daily run (`manage.py send_reminders`): officers whose open
complaint reaches its response or resolution target within the warning window."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.core.i18n import deferred
from kinerja.notifications.models import Kind
from kinerja.notifications.services import notify

from . import rules
from .models import Complaint


def send_sla_reminders(*, now: dt.datetime, warn_hours: int) -> int:
    """One reminder per complaint and clock (response, resolution), at most once a local day."""
    open_complaints = Complaint.objects.filter(
        resolved_at__isnull=True, assigned_to__isnull=False, is_hidden=False
    ).only("pk", "code", "created_at", "responded_at", "response_hours", "resolution_hours", "assigned_to_id")
    due = []
    for complaint in open_complaints:
        if complaint.responded_at is None and rules.due_soon(
            complaint.created_at, complaint.response_hours, now, warn_hours
        ):
            due.append((complaint, "response", complaint.response_hours))
        elif rules.due_soon(complaint.created_at, complaint.resolution_hours, now, warn_hours):
            due.append((complaint, "resolution", complaint.resolution_hours))
    if not due:
        return 0
    users = {
        u.employee_id: u
        for u in User.objects.filter(
            employee_id__in={c.assigned_to_id for c, *_rest in due}, is_active=True
        ).select_related("instansi")
    }
    sent = 0
    for complaint, clock, hours in due:
        deadline = complaint.created_at + dt.timedelta(hours=hours)
        user = users.get(complaint.assigned_to_id)
        text = (
            deferred("Pengaduan %(code)s harus ditanggapi sebelum %(at)s.")
            if clock == "response"
            else deferred("Pengaduan %(code)s harus diselesaikan sebelum %(at)s.")
        )
        at = deadline.astimezone(user.instansi.tzinfo).strftime("%d-%m-%Y %H:%M") if user else ""
        if notify(
            user,
            Kind.SLA_DUE,
            text=text % {"code": complaint.code_display, "at": at},
            url=reverse("citizen:complaint_detail", args=[complaint.pk]),
            dedup_key=f"complaint:{complaint.pk}:{clock}",
        ):
            sent += 1
    return sent
