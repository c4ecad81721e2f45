from django.core.management.base import BaseCommand

from kinerja.org import demo
from kinerja.org.models import Instansi


class Command(BaseCommand):
    help = "Prints the demo logins for each role."

    def handle(self, *args, **options):
        self.stdout.write(
            f"\nKinerja berjalan di http://127.0.0.1:8000  —  akun demo (kata sandi: {demo.DEMO_PASSWORD})\n"
        )
        self.stdout.write(f"  {'superadmin':<10} superadmin")
        for instansi in Instansi.objects.filter(code__in=[r[0] for r in demo.REGIONS]).order_by("name"):
            self.stdout.write(f"\n  {instansi.name}")
            for label, user in demo.demo_accounts(instansi):
                self.stdout.write(f"    {label:<9} {user.username}  {user.full_name}")
        self.stdout.write("")
