import json
import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kinerja.appraisal.management.commands.evaluate import peak_memory_mb
from kinerja.org.models import Instansi
from kinerja.tpp import selectors, services


class Command(BaseCommand):
    help = "Computes the TPP of a whole instansi for one month (set-based; a closed month is refused)."

    def add_arguments(self, parser):
        parser.add_argument("--instansi", required=True, help="instansi code")
        parser.add_argument("--month", required=True, help="YYYY-MM, e.g. 2026-11")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, instansi: str, month: str, format: str, **options):
        target = Instansi.objects.filter(code=instansi).first()
        if target is None:
            raise CommandError(f"Instansi {instansi} tidak ditemukan.")
        started = time.perf_counter()
        try:
            tpp_month = services.month_compute(instansi=target, month=month)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        elapsed = time.perf_counter() - started
        if format == "json":
            for line in selectors.lines(tpp_month=tpp_month).iterator(chunk_size=2000):
                self.stdout.write(json.dumps(selectors.as_json(line), ensure_ascii=False))
            return
        total = selectors.totals(selectors.lines(tpp_month=tpp_month))
        self.stdout.write(
            f"TPP {month}: {total['count']} baris, bruto Rp {total['gross'] or 0:,}, neto Rp {total['net'] or 0:,} "
            f"dalam {elapsed:.2f} s"
        )
        if options["verbosity"] >= 2:
            self.stdout.write(f"memori puncak: {peak_memory_mb():.0f} MB")
