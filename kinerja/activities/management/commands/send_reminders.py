from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from kinerja.activities.reminders import send_reminders
from kinerja.citizen.reminders import send_sla_reminders


class Command(BaseCommand):
    help = (
        "Sends the daily reminders (in-app and e-mail): waiting entries, returned entries, deadlines, "
        "complaints about to miss their service target. Safe to run more than once a day."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        sent = send_reminders(
            pending_days=settings.REMINDER_PENDING_DAYS, deadline_days=settings.REMINDER_DEADLINE_DAYS, now=now
        )
        sent["sla"] = send_sla_reminders(now=now, warn_hours=settings.REMINDER_SLA_HOURS)
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in sent.items()))
