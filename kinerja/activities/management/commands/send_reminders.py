from django.conf import settings
from django.core.management.base import BaseCommand

from kinerja.activities.reminders import send_reminders


class Command(BaseCommand):
    help = "Sends the daily reminders (in-app and e-mail): waiting entries, returned entries, deadlines."

    def handle(self, *args, **options):
        sent = send_reminders(
            pending_days=settings.REMINDER_PENDING_DAYS, deadline_days=settings.REMINDER_DEADLINE_DAYS
        )
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in sent.items()))
