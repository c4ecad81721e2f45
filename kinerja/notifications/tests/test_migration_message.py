"""Rows stored before notifications kept their msgid (migration 0004) stay readable: their
Indonesian text is kept and shown as it is."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("notifications", "0004_data_report_kind")]
AFTER = [("notifications", "0005_message_in_reader_language")]


def test_old_rows_keep_their_text(cast):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("notifications", "Notification")
    old.objects.create(instansi_id=cast.instansi.pk, user_id=cast.pegawai.pk, text="SKP 2025 Anda disetujui")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("notifications", "Notification")
    row = new.objects.get()
    assert (row.text, row.message) == ("SKP 2025 Anda disetujui", {})

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from django.utils import translation

    from kinerja.notifications.models import Notification

    with translation.override("en"):
        assert Notification.objects.get().display_text == "SKP 2025 Anda disetujui"
