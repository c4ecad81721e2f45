from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kinerja.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Writes one archive with the database dump, every uploaded file and a manifest of hashes."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir", default=str(Path(settings.VAR_DIR) / "backups"), help="folder for the archive"
        )

    def handle(self, *args, output_dir: str, **options):
        try:
            archive = backup(Path(output_dir))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(archive))
