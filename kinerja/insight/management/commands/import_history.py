import time

from django.core.management.base import BaseCommand, CommandError

from kinerja.insight.history import import_history
from kinerja.org.models import Instansi


class Command(BaseCommand):
    help = (
        "Imports history from an earlier system (JSON Lines: activities with submission and decision times, "
        "ratings and predikat; docs/import-history.md). Validates the whole file first; --dry-run writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the .jsonl file")
        parser.add_argument("--instansi", required=True, help="instansi code")
        parser.add_argument("--dry-run", action="store_true", help="validate only")
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args, file: str, instansi: str, dry_run: bool, batch_size: int, **options):
        target = Instansi.objects.filter(code=instansi).first()
        if target is None:
            raise CommandError(f"Instansi {instansi} tidak ditemukan.")
        started = time.perf_counter()
        try:
            result = import_history(instansi=target, path=file, dry_run=dry_run, batch_size=max(100, batch_size))
        except OSError as error:
            raise CommandError(f"Berkas tidak dapat dibaca: {error}") from error
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{result.lines} baris: {result.activities} kegiatan, {result.evaluations} evaluasi ({elapsed:.1f} s)"
        )
        for number, problems in result.errors:
            self.stdout.write(f"  baris {number}: {' '.join(problems)}")
        if not result.ok:
            more = result.error_count - len(result.errors)
            if more > 0:
                self.stdout.write(f"  … dan {more} baris lain")
            raise CommandError(f"{result.error_count} baris bermasalah; tidak ada yang disimpan.")
        if dry_run:
            self.stdout.write(self.style.SUCCESS("Uji coba: semua baris sah; tidak ada yang disimpan."))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Disimpan: {result.activities_added} kegiatan, {result.evaluations_added} evaluasi baru, "
                f"{result.periods_added} periode baru (yang sudah ada dilewati)."
            )
        )
