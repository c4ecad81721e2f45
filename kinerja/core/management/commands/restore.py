from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kinerja.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restores an archive written by `backup` into an empty database and an empty MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive: str, **options):
        try:
            manifest = restore(Path(archive))
        except (BackupError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Restored {len(manifest['tables'])} tables ({rows} rows) and "
            f"{sum(1 for n in manifest['files'] if n.startswith('media/'))} files from {manifest['created_at']}."
        )
