from django.core.management.base import BaseCommand

from kinerja.demo import seeders


class Command(BaseCommand):
    help = "Loads the five demo regional governments and their story in the current year (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, default=220, help="about this many employees per region")
        parser.add_argument("--only", default="", help="comma-separated region codes (default: all five)")

    def handle(self, *args, employees: int, only: str, **options):
        codes = [c.strip() for c in only.split(",") if c.strip()]
        seeders.seed_all(employees=employees, only=codes or None, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Data demo siap."))
