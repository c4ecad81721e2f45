"""Scheduled reminders (run daily by `manage.py send_reminders` from cron/systemd):
entries waiting too long for their verifier, returned entries not yet corrected, and period
deadlines approaching. Each kind is one aggregate query; one notification per person, at most
once per local day of their instansi (notifications' dedup key); a deadline is counted in the
instansi's own calendar."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.core.i18n import deferred, ndeferred
from kinerja.notifications.models import Kind
from kinerja.notifications.services import notify
from kinerja.skp.models import Period, Skp
from kinerja.skp.rules import SkpStatus

from . import rules
from .models import Activity


def send_reminders(*, pending_days: int, deadline_days: int, now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    sent = {"pending": 0, "returned": 0, "deadline": 0}
    users = {
        u.employee_id: u for u in User.objects.filter(is_active=True, employee__isnull=False).select_related("instansi")
    }

    # 1. Verifiers with entries waiting longer than pending_days.
    waiting = (
        Activity.objects.filter(
            status=rules.ActivityStatus.SUBMITTED, created_at__lt=now - dt.timedelta(days=pending_days)
        )
        .values("verifier_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in waiting:
        if notify(
            users.get(row["verifier_id"]),
            Kind.REMINDER_PENDING,
            text=ndeferred(
                "%(n)s kegiatan bawahan menunggu verifikasi lebih dari %(d)s hari.",
                "%(n)s kegiatan bawahan menunggu verifikasi lebih dari %(d)s hari.",
                "n",
            )
            % {"n": row["n"], "d": pending_days},
            url="/kegiatan/verifikasi/",
            dedup_key="inbox",
        ):
            sent["pending"] += 1

    # 2. Employees with returned entries not corrected for pending_days.
    returned = (
        Activity.objects.filter(
            status=rules.ActivityStatus.RETURNED, decided_at__lt=now - dt.timedelta(days=pending_days)
        )
        .values("employee_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in returned:
        if notify(
            users.get(row["employee_id"]),
            Kind.REMINDER_RETURNED,
            text=ndeferred(
                "%(n)s kegiatan Anda dikembalikan dan belum diperbaiki.",
                "%(n)s kegiatan Anda dikembalikan dan belum diperbaiki.",
                "n",
            )
            % {"n": row["n"]},
            url="/kegiatan/",
            dedup_key="returned",
        ):
            sent["returned"] += 1

    # 3. Planning deadline within deadline_days of the instansi's own today: employees whose SKP
    #    is not submitted yet. The window is widened by a day on both sides in the query and
    #    checked exactly per instansi, since "today" differs between WIB and WIT.
    server_today = now.date()
    candidates = Period.objects.filter(
        is_closed=False,
        planning_deadline__gte=server_today - dt.timedelta(days=1),
        planning_deadline__lte=server_today + dt.timedelta(days=deadline_days + 1),
    ).select_related("instansi")
    for period in candidates:
        today = timezone.localdate(now, timezone=period.instansi.tzinfo)
        if not today <= period.planning_deadline <= today + dt.timedelta(days=deadline_days):
            continue
        done = (
            Skp.objects.filter(period=period)
            .filter(Q(status=SkpStatus.SUBMITTED) | Q(status=SkpStatus.APPROVED))
            .values_list("employee_id", flat=True)
        )
        late = (
            User.objects.filter(instansi_id=period.instansi_id, is_active=True, employee__isnull=False)
            .exclude(employee_id__in=done)
            .select_related("instansi")
        )
        for user in late:
            if notify(
                user,
                Kind.REMINDER_DEADLINE,
                text=deferred("Batas penyusunan SKP %(y)s: %(d)s. SKP Anda belum diajukan.")
                % {"y": period.year, "d": period.planning_deadline.strftime("%d-%m-%Y")},
                url="/skp/",
                dedup_key=f"period:{period.pk}",
            ):
                sent["deadline"] += 1
    return sent
