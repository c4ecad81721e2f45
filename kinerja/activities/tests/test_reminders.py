import datetime as dt

import pytest
import time_machine
from django.core import mail

from kinerja.activities import services
from kinerja.activities.reminders import send_reminders
from kinerja.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_reminders_for_waiting_and_returned_entries_and_deadlines(cast, period, django_capture_on_commit_callbacks):
    cast.atasan.email = "kabid@example.go.id"
    cast.atasan.save()
    now = dt.datetime(2026, 1, 26, 3, tzinfo=dt.UTC)
    with time_machine.travel(now - dt.timedelta(days=3), tick=False):
        services.activity_create(
            employee=cast.employee, by=cast.pegawai, day=dt.date(2026, 1, 22), description="Rapat", minutes=60
        )
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_reminders(pending_days=2, deadline_days=7, now=now)
    assert sent["pending"] == 1
    assert Notification.objects.filter(user=cast.atasan, text__contains="menunggu verifikasi").exists()
    assert mail.outbox and mail.outbox[0].to == ["kabid@example.go.id"]
    assert sent["deadline"] >= 2  # nobody has submitted an SKP for 2026 yet (deadline 31 Jan)


def test_returning_an_entry_sends_an_email(cast, period, django_capture_on_commit_callbacks):
    cast.pegawai.email = "staf@example.go.id"
    cast.pegawai.save()
    entry = services.activity_create(
        employee=cast.employee, by=cast.pegawai, day=dt.date(2026, 11, 18), description="Rapat", minutes=60
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_return(activity=entry, by=cast.atasan, comment="Lampirkan notulen")
    assert "Lampirkan notulen" in mail.outbox[0].subject + mail.outbox[0].body
