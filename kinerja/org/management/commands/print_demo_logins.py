from django.core.management.base import BaseCommand

from kinerja.org import demo
from kinerja.org.models import Instansi

ROLES = ("admin", "pimpinan", "atasan", "pegawai")


class Command(BaseCommand):
    help = "Prints the demo logins for each role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only", choices=ROLES, help="print only the usernames of this role, one per region (for scripts)"
        )

    def handle(self, *args, only: str | None = None, **options):
        regions = Instansi.objects.filter(code__in=[r[0] for r in demo.REGIONS]).order_by("name")
        if only:
            for instansi in regions:
                for label, user in demo.demo_accounts(instansi):
                    if label == only:
                        self.stdout.write(user.username)
            return
        self.stdout.write(
            f"\nKinerja berjalan di http://127.0.0.1:8000  —  akun demo (kata sandi: {demo.DEMO_PASSWORD})\n"
        )
        self.stdout.write(f"  {'superadmin':<10} superadmin")
        for instansi in regions:
            self.stdout.write(f"\n  {instansi.name}")
            for label, user in demo.demo_accounts(instansi):
                self.stdout.write(f"    {label:<9} {user.username}  {user.full_name}")
        self.stdout.write("")
