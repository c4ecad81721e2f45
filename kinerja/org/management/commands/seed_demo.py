from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.activities.demo import seed_demo as seed_work
from kinerja.appraisal.models import Evaluation
from kinerja.appraisal.services import evaluations_compute
from kinerja.org import demo
from kinerja.org.models import Employee, Instansi
from kinerja.skp.demo import seed_planning


class Command(BaseCommand):
    help = "Loads the five demo regional governments with units, positions, employees and logins (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, default=220, help="about this many employees per region")

    @transaction.atomic
    def handle(self, *args, employees: int, **options):
        for index, (code, name, kind, province, tz, kecamatan) in enumerate(demo.REGIONS):
            instansi, created = Instansi.objects.get_or_create(
                code=code, defaults={"name": name, "kind": kind, "province": province, "timezone": tz}
            )
            if created or not instansi.employees.exists():
                built = demo.build_organisation(
                    instansi=instansi,
                    employees=employees,
                    seed=1000 + index,
                    kecamatan=kecamatan,
                    sequence_start=100 * index,
                )
                demo.give_logins(instansi)
                # Roles: the Sekda reads everything (pimpinan); a BKPSDM staff member administers.
                sekda = Employee.objects.get(instansi=instansi, unit__code="SETDA")
                User.objects.filter(employee=sekda).update(role=User.Role.PIMPINAN)
                admin = (
                    Employee.objects.filter(
                        instansi=instansi,
                        unit__path__startswith=instansi.units.get(code="BKPSDM").path,
                        unit__depth=2,
                        subordinates__isnull=True,
                    )
                    .order_by("nip")
                    .first()
                )
                User.objects.filter(employee=admin).update(role=User.Role.ADMIN)
                self.stdout.write(f"{name}: {built.units} unit, {built.employees} pegawai")
            else:
                self.stdout.write(f"{name}: sudah ada, dilewati")
            seed_planning(instansi)
            seed_work(instansi, today=timezone.localdate(timezone=instansi.tzinfo))
            # The appraisal of the current quarter, computed from the approved SKPs (idempotent).
            period = instansi.periods.filter(year=2026).first()
            if period and not Evaluation.objects.filter(period=period).exists():
                evaluations_compute(instansi=instansi, period=period, cut_key="2026-Q4")
        if not User.objects.filter(username="superadmin").exists():
            User.objects.create_superuser("superadmin", demo.DEMO_PASSWORD, full_name="Superadmin Kinerja")
        self.stdout.write(self.style.SUCCESS("Data demo siap."))
