"""Scheduled reminders (run daily by `manage.py send_reminders` from cron/systemd):
entries waiting too long for their verifier, returned entries not yet corrected, and period
deadlines approaching. Each kind is one aggregate query; one notification per person."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_noop, ngettext

from kinerja.accounts.models import User
from kinerja.skp.models import Period, Skp
from kinerja.skp.rules import SkpStatus

from . import rules, services
from .models import Activity


def send_reminders(*, pending_days: int, deadline_days: int, today: dt.date | None = None) -> dict[str, int]:
    now = timezone.now()
    today = today or timezone.localdate()
    sent = {"pending": 0, "returned": 0, "deadline": 0}
    users = {u.employee_id: u for u in User.objects.filter(is_active=True, employee__isnull=False)}

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
        user = users.get(row["verifier_id"])
        if user:
            services.notify(
                user=user,
                text=ngettext(
                    "%(n)s kegiatan bawahan menunggu verifikasi lebih dari %(d)s hari.",
                    "%(n)s kegiatan bawahan menunggu verifikasi lebih dari %(d)s hari.",
                    row["n"],
                )
                % {"n": row["n"], "d": pending_days},
                url="/kegiatan/verifikasi/",
            )
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
        user = users.get(row["employee_id"])
        if user:
            services.notify(
                user=user,
                text=ngettext(
                    "%(n)s kegiatan Anda dikembalikan dan belum diperbaiki.",
                    "%(n)s kegiatan Anda dikembalikan dan belum diperbaiki.",
                    row["n"],
                )
                % {"n": row["n"]},
                url="/kegiatan/",
            )
            sent["returned"] += 1

    # 3. Planning deadline within deadline_days: employees whose SKP is not submitted yet.
    soon = today + dt.timedelta(days=deadline_days)
    for period in Period.objects.filter(is_closed=False, planning_deadline__gte=today, planning_deadline__lte=soon):
        done = (
            Skp.objects.filter(period=period)
            .filter(Q(status=SkpStatus.SUBMITTED) | Q(status=SkpStatus.APPROVED))
            .values_list("employee_id", flat=True)
        )
        late = User.objects.filter(instansi_id=period.instansi_id, is_active=True, employee__isnull=False).exclude(
            employee_id__in=done
        )
        for user in late:
            services.notify(
                user=user,
                message=gettext_noop("Batas penyusunan SKP %(y)s: %(d)s. SKP Anda belum diajukan."),
                params={"y": period.year, "d": period.planning_deadline.strftime("%d-%m-%Y")},
                url="/skp/",
            )
            sent["deadline"] += 1
    return sent
