import time

from django.core.management.base import BaseCommand, CommandError

from kinerja.appraisal.services import evaluations_compute
from kinerja.org.models import Instansi


def peak_memory_mb() -> float:
    """This process's peak resident memory: VmHWM on Linux (its own, unlike ru_maxrss, which also
    counts what a forked parent held), else ru_maxrss."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = "Computes achievement and suggested ratings for a whole instansi and cut (set-based, idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--instansi", required=True, help="instansi code")
        parser.add_argument("--period", required=True, help="year (annual) or cut, e.g. 2026, 2026-Q4, 2026-11")

    def handle(self, *args, instansi: str, period: str, **options):
        target = Instansi.objects.filter(code=instansi).first()
        if target is None:
            raise CommandError(f"Instansi {instansi} tidak ditemukan.")
        year = period[:4]
        if not year.isdigit():
            raise CommandError("Periode harus berupa tahun (2026) atau potongan (2026-Q4, 2026-11).")
        year_period = target.periods.filter(year=int(year)).first()
        if year_period is None:
            raise CommandError(f"Periode kinerja {year} belum dibuka untuk {target.name}.")
        started = time.perf_counter()
        result = evaluations_compute(instansi=target, period=year_period, cut_key=period)
        elapsed = time.perf_counter() - started
        self.stdout.write(f"{result['created']} evaluasi dibuat, {result['updated']} diperbarui dalam {elapsed:.2f} s")
        if options["verbosity"] >= 2:
            self.stdout.write(f"memori puncak: {peak_memory_mb():.0f} MB")
