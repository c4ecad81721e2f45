"""Backup and restore round trip on the suite's database (SQLite or PostgreSQL): every table's row
count and every uploaded file's hash come back; a damaged archive or a non-empty target changes
nothing."""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from kinerja.activities import services as activity_services
from kinerja.activities.models import Evidence
from kinerja.core import backup

pytestmark = pytest.mark.django_db(transaction=True)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def target(tmp_path):
    """An empty database of the suite's engine and an empty media folder, for a second process."""
    db = settings.DATABASES["default"]
    media = tmp_path / "restored-media"
    if connection.vendor == "postgresql":
        name = f"{db['NAME']}_restore"[:60]
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        url = f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
        yield url, media
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}", media


def manage(url: str, media: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE")},
        "DEBUG": "1",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(media),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def evidence(cast, period):
    from conftest import approved_skp

    skp = approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    activity = activity_services.activity_create(
        employee=cast.employee,
        by=cast.pegawai,
        day=period.closes_on.replace(month=11, day=30),
        description="Rapat koordinasi",
        minutes=60,
        indicator=skp.rhks.get().indicators.get(),
        quantity=1,
        files=[SimpleUploadedFile("notulen.pdf", PDF, content_type="application/pdf")],
    )
    item = Evidence.objects.get(activity=activity, kind=Evidence.Kind.FILE)
    yield item
    item.file.delete(save=False)


def test_round_trip_brings_back_every_row_and_every_file(evidence, target, tmp_path):
    url, media = target
    archive = backup.backup(tmp_path / "backups")
    counts = backup.table_counts()
    assert counts["activities_activity"] == 1 and counts["accounts_user"] >= 5

    result = manage(url, media, "restore", str(archive))
    assert result.returncode == 0, result.stderr
    assert "Restored" in result.stdout

    restored = manage(
        url,
        media,
        "shell",
        "--no-imports",
        "-v",
        "0",
        "-c",
        "import json; from kinerja.core.backup import table_counts; print(json.dumps(table_counts()))",
    )
    assert json.loads(restored.stdout) == counts
    # Every file the archive took (other tests may add files to the shared media folder meanwhile).
    source_media = Path(settings.MEDIA_ROOT)
    taken = [
        name.removeprefix("media/") for name in backup.read_manifest(archive)["files"] if name.startswith("media/")
    ]
    assert "evidence/" + evidence.file.name in taken
    for name in taken:
        if (source_media / name).exists():
            assert sha256(media / name) == sha256(source_media / name), name
    assert (media / "evidence" / evidence.file.name).read_bytes() == PDF


def test_the_manifest_lists_tables_and_hashes(evidence, tmp_path):
    archive = backup.backup(tmp_path)
    manifest = backup.read_manifest(archive)
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"]["activities_evidence"] == 1
    # An activity is counted once: in the table, never again in its year's partition (PostgreSQL).
    assert manifest["tables"]["activities_activity"] == 1
    assert not [table for table in manifest["tables"] if table.startswith("activities_activity_")]
    name = "media/evidence/" + evidence.file.name
    assert manifest["files"][name] == hashlib.sha256(PDF).hexdigest()
    assert manifest["database"] in manifest["files"]


def test_a_damaged_archive_restores_nothing(evidence, target, tmp_path):
    url, media = target
    archive = backup.backup(tmp_path / "backups")
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w") as out:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("media/evidence/"):
                data = data.replace(b"%%EOF", b"%%EOX")
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    result = manage(url, media, "restore", str(damaged))
    assert result.returncode != 0 and "damaged" in result.stderr
    assert not media.exists() or not any(media.rglob("*"))
    tables = manage(
        url,
        media,
        "shell",
        "--no-imports",
        "-v",
        "0",
        "-c",
        "from django.db import connection; print(len(connection.introspection.table_names()))",
    )
    assert tables.stdout.strip() == "0"


def test_restore_refuses_a_database_that_is_not_empty(evidence, tmp_path):
    archive = backup.backup(tmp_path)
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))
