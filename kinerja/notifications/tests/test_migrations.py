"""The table moved from activities to notifications without losing a row, and back (PostgreSQL,
the production database: CI's second run)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# Unapplying and reapplying most of the project's migrations takes a minute: run where it matters,
# on PostgreSQL, the production database (every SQLite test database applies them forward).
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the move is checked on PostgreSQL"),
]

BEFORE = [("activities", "0003_inbox_index_matches_sort"), ("notifications", None)]
AFTER = [("notifications", "0003_attendance_kind")]


def test_rows_survive_the_move(cast):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE[:1]).apps.get_model("activities", "Notification")
    old.objects.create(instansi_id=cast.instansi.pk, user_id=cast.pegawai.pk, text="Dari ronde satu", url="/skp/")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("notifications", "Notification")
    moved = new.objects.get()
    assert (moved.text, moved.url, moved.user_id, moved.kind, moved.read_at) == (
        "Dari ronde satu",
        "/skp/",
        cast.pegawai.pk,
        "general",
        None,
    )
    assert "activities_notification" not in connection.introspection.table_names()

    # And back: the reverse migrations restore the old table with the row.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(BEFORE)
    assert connection.introspection.table_names().count("activities_notification") == 1
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
