from django.core.management.base import BaseCommand
from django.urls import reverse

from kinerja.org import demo
from kinerja.org.models import Instansi

BASE = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = "Prints the demo logins: one chain of supervision per region, its admin and a citizen's start page."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            choices=["pegawai", "atasan", "kabid", "kadis", "pimpinan", "admin"],
            help="print only the usernames of this role, one per region (for scripts such as deploy/smoke.sh)",
        )

    def handle(self, *args, only: str | None = None, **options):
        w = self.stdout.write
        if only:
            for instansi in Instansi.objects.filter(code__in=[r[0] for r in demo.REGIONS]).order_by("name"):
                story = demo.story(instansi)
                people = {"pegawai": story.pegawai, "atasan": story.atasan, "kabid": story.kabid}
                people |= {"kadis": story.kadis, "pimpinan": story.sekda}
                user = story.admin if only == "admin" else demo.user_of(people[only]) if people[only] else None
                if user is not None:
                    w(user.username)
            return
        w(f"\nKinerja berjalan di {BASE}  —  akun demo (kata sandi semua akun: {demo.DEMO_PASSWORD})")
        w("Mulailah sebagai pegawai: catat kegiatan hari ini, lalu masuk sebagai atasannya untuk memverifikasi.\n")
        w(f"  {'superadmin':<11} superadmin")
        for instansi in Instansi.objects.filter(code__in=[r[0] for r in demo.REGIONS]).order_by("name"):
            story = demo.story(instansi)
            w(f"\n  {instansi.name} ({instansi.timezone})")
            rows = [
                ("pegawai", story.pegawai, "mencatat kegiatan; 1 dikembalikan, evaluasi menunggu tanda terima"),
                ("atasan", story.atasan, "atasan langsung pegawai itu: kegiatan dan SKP menunggu verifikasi"),
                ("kabid", story.kabid, "atasan pejabat penilai: keberatan menunggu keputusan"),
                ("kadis", story.kadis, "kepala unit"),
                ("pimpinan", story.sekda, "Sekda: membaca semua"),
            ]
            for label, employee, what in rows:
                user = demo.user_of(employee)
                if user is not None:
                    w(f"    {label:<9} {user.username}  {user.full_name} — {what}")
            if story.admin is not None:
                w(f"    {'admin':<9} {story.admin.username}  {story.admin.full_name} — BKPSDM")
            w(f"    {'warga':<9} {BASE}{reverse('citizen:public_index', args=[instansi.code])}")
        w("")
