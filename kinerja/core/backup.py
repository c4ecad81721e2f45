"""Backup and restore: one archive with the database and the uploaded files.

The archive (``kinerja-backup-<UTC time>.tar``) holds:

* ``database.pgdump`` (PostgreSQL, ``pg_dump --format=custom``) or ``database.sqlite3`` (SQLite,
  the online backup API, consistent while the app runs);
* ``media/…``: every uploaded file under ``MEDIA_ROOT`` (activity evidence, report evidence,
  logos, attendance imports);
* ``manifest.json``: when, which engine, the row count of every table and the SHA-256 of every
  other member, checked before anything is restored.

Personal data is in every part: the database (names, NIPs, birth dates inside NIPs, e-mail
addresses, password hashes, activity descriptions, complaints with citizens' contact details)
and ``media/`` (evidence files). Keep archives encrypted at rest and delete them on schedule.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _is_postgres(alias: str = "default") -> bool:
    return connections[alias].vendor == "postgresql"


def _pg_env(alias: str) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore; the password goes through the environment."""
    db = settings.DATABASES[alias]
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    return args, env


def table_counts(alias: str = "default") -> dict[str, int]:
    """Rows per table, every table of the database (one COUNT per table). A partition of a
    partitioned table (PostgreSQL: the activities' years) is counted in its parent only."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        if connection.vendor == "postgresql":
            cursor.execute("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid")
            partitions = {row[0] for row in cursor.fetchall()}
            tables = [table for table in tables if table not in partitions]
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def media_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def backup(output_dir: Path, *, alias: str = "default") -> Path:
    """Writes one archive into ``output_dir`` and returns its path."""
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    archive = output_dir / f"kinerja-backup-{stamp}.tar"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        counts = table_counts(alias)
        if _is_postgres(alias):
            dump = scratch / "database.pgdump"
            args, env = _pg_env(alias)
            result = subprocess.run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(dump), *args],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode:
                raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        else:
            dump = scratch / "database.sqlite3"
            connection = connections[alias]
            connection.ensure_connection()
            target = sqlite3.connect(dump)
            with target:
                connection.connection.backup(target)
            target.close()
        files = {dump.name: _sha256(dump)}
        members = [(dump, dump.name)]
        for path in media_files(media_root):
            name = "media/" + path.relative_to(media_root).as_posix()
            files[name] = _sha256(path)
            members.append((path, name))
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "engine": "postgresql" if _is_postgres(alias) else "sqlite",
            "database": dump.name,
            "tables": counts,
            "files": files,
        }
        with tarfile.open(archive, "w") as tar:
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            for path, name in members:
                tar.add(path, arcname=name, recursive=False)
    return archive


def read_manifest(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        try:
            return json.load(tar.extractfile(MANIFEST))
        except KeyError as exc:
            raise BackupError(f"{archive} is not a Kinerja backup (no {MANIFEST}).") from exc


def _database_is_empty(alias: str) -> bool:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def restore(archive: Path, *, alias: str = "default") -> dict:
    """Restores ``archive`` into an empty database and an empty ``MEDIA_ROOT``; returns the manifest.

    Every member's hash is checked first, so a damaged archive changes nothing."""
    manifest = read_manifest(archive)
    engine = "postgresql" if _is_postgres(alias) else "sqlite"
    if manifest.get("format") != FORMAT or manifest.get("engine") != engine:
        raise BackupError(f"The archive holds a {manifest.get('engine')} database; this server uses {engine}.")
    if not _database_is_empty(alias):
        raise BackupError("The database is not empty: restore only into a new, empty database.")
    media_root = Path(settings.MEDIA_ROOT)
    if media_files(media_root):
        raise BackupError(f"{media_root} is not empty: restore only into an empty media folder.")
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        with tarfile.open(archive) as tar:
            tar.extractall(scratch, filter="data")
        for name, digest in manifest["files"].items():
            path = scratch / name
            if not path.is_file() or _sha256(path) != digest:
                raise BackupError(f"{name} is missing or damaged in the archive; nothing was restored.")
        dump = scratch / manifest["database"]
        if engine == "postgresql":
            args, env = _pg_env(alias)
            connections[alias].close()
            result = subprocess.run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    *args,
                    str(dump),
                ],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode:
                raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        else:
            connection = connections[alias]
            connection.ensure_connection()
            source = sqlite3.connect(dump)
            with source:
                source.backup(connection.connection)
            source.close()
        for name in manifest["files"]:
            if name.startswith("media/"):
                target = media_root / name.removeprefix("media/")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(scratch / name, target)
    counts = table_counts(alias)
    if counts != manifest["tables"]:
        raise BackupError("The restored row counts differ from the archive's manifest.")
    return manifest
