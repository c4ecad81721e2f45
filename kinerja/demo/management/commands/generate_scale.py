import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from kinerja.accounts.models import User
from kinerja.org import demo
from kinerja.org.models import Employee, ImportBatch, Instansi, Position, Unit
from kinerja.skp.models import Skp
from kinerja.skp.scale import build_plans


def delete_instansi_data(instansi: Instansi) -> None:
    """Removes a synthetic instansi completely (benchmarks only: real data is never deleted)."""
    User.objects.filter(instansi=instansi).delete()
    from kinerja.activities.models import Activity, ActivityStatusChange, Realization

    ActivityStatusChange.objects.filter(instansi=instansi).delete()
    Realization.objects.filter(instansi=instansi).delete()
    Activity.objects.filter(instansi=instansi, previous__isnull=False).update(previous=None)
    Activity.objects.filter(instansi=instansi)._raw_delete(Activity.objects.db)
    from kinerja.skp.models import KeyIndicator, OrgGoal, Period, Rhk, SkpStatusChange, SkpTemplate

    SkpStatusChange.objects.filter(instansi=instansi).delete()
    Rhk.objects.filter(instansi=instansi).update(parent=None, copied_from=None)
    Skp.objects.filter(instansi=instansi).update(previous=None)
    Skp.objects.filter(instansi=instansi).delete()
    KeyIndicator.objects.filter(instansi=instansi).delete()
    OrgGoal.objects.filter(instansi=instansi).delete()
    Period.objects.filter(instansi=instansi).delete()
    SkpTemplate.objects.filter(instansi=instansi).delete()
    Employee.objects.filter(instansi=instansi).update(supervisor=None)
    Employee.objects.filter(instansi=instansi).delete()
    Unit.objects.filter(instansi=instansi).update(head_position=None)
    Position.objects.filter(instansi=instansi).delete()
    for depth in sorted(set(Unit.objects.filter(instansi=instansi).values_list("depth", flat=True)), reverse=True):
        Unit.objects.filter(instansi=instansi, depth=depth).delete()
    ImportBatch.objects.filter(instansi=instansi).delete()
    for model in (Employee, Unit, Position):
        model.history.filter(instansi_id=instansi.pk).delete()
    instansi.delete()


class Command(BaseCommand):
    help = "Generates a deterministic synthetic organisation of any size (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, required=True)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--instansi", default="skala", help="code of the synthetic instansi")
        parser.add_argument("--replace", action="store_true", help="delete that synthetic instansi first")
        parser.add_argument("--logins", action="store_true", help="give every employee a login")
        parser.add_argument("--no-plans", action="store_true", help="skip the year, goals and SKPs")
        parser.add_argument("--days", type=int, default=0, help="working days of activity logs (4–6 a day each)")

    def handle(
        self,
        *args,
        employees: int,
        seed: int,
        instansi: str,
        replace: bool,
        logins: bool,
        no_plans: bool,
        days: int,
        **options,
    ):
        if employees < 1 or employees > 1_000_000:
            raise CommandError("--employees harus antara 1 dan 1.000.000.")
        with transaction.atomic():
            existing = Instansi.objects.filter(code=instansi).first()
            if existing is not None:
                if not replace:
                    raise CommandError(f"Instansi {instansi} sudah ada; pakai --replace atau kode lain.")
                delete_instansi_data(existing)
            started = time.perf_counter()
            target = Instansi.objects.create(
                code=instansi, name=f"Instansi Sintetis {instansi}", kind=Instansi.Kind.KABUPATEN, province="—"
            )
            built = demo.build_organisation(instansi=target, employees=employees, seed=seed, sequence_start=500)
            if logins:
                demo.give_logins(target)
            plans = {} if no_plans else build_plans(instansi=target, seed=seed)
        activities = 0
        if days and not no_plans:
            from kinerja.activities.scale import build_activities

            period = target.periods.get()
            activities = build_activities(instansi_id=target.pk, period=period, days=min(days, 260))
        # Fresh planner statistics: without them PostgreSQL estimated 1 row for a supervisor's
        # 180,000 accepted entries and sorted them all (0.5 s instead of 0.05 s).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        elapsed = time.perf_counter() - started
        # behaviour expectations: 7 rows per SKP
        rows = built.units + built.employees + sum(plans.values()) + 7 * plans.get("skp", 0) + activities
        self.stdout.write(
            f"{built.employees} pegawai, {built.units} unit, {plans.get('skp', 0)} SKP, {plans.get('rhk', 0)} RHK, "
            f"{activities} kegiatan "
            f"dalam {elapsed:.1f} s ({rows / elapsed:,.0f} baris/detik)"
        )
