from django.core.management.base import BaseCommand, CommandError

from kinerja.accounts.models import User
from kinerja.development.services import development_sync
from kinerja.org.models import Instansi


class Command(BaseCommand):
    help = (
        "Daily, after evaluations are finalised: re-measures coaching plans from the next evaluation, "
        "appends angka kredit for settled evaluations and refreshes the reassignment list (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--instansi", help="code of one instansi (default: every instansi)")
        parser.add_argument("--by", help="username recorded on the status-change rows (default: the instansi's admin)")

    def handle(self, *args, instansi=None, by=None, **options):
        targets = Instansi.objects.order_by("code")
        if instansi:
            targets = targets.filter(code=instansi)
            if not targets.exists():
                raise CommandError(f"Instansi {instansi} tidak ada.")
        for target in targets:
            users = User.objects.filter(is_active=True)
            user = (
                users.filter(username=by).first()
                if by
                else users.filter(instansi=target, role=User.Role.ADMIN).order_by("username").first()
            )
            if user is None:
                self.stderr.write(f"{target.code}: tidak ada pengguna admin untuk dicatat; dilewati.")
                continue
            result = development_sync(instansi=target, by=user)
            self.stdout.write(
                f"{target.code}: {result['remeasured']} bimbingan diukur ulang, {result['credited']} baris angka "
                f"kredit, {result['recommended']} rekomendasi baru"
            )
