# The Notification model moved to the notifications app. Only Django's model state changes
# here: the table and its rows stay; kinerja/notifications/migrations/0001 adopts them.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0003_inbox_index_matches_sort"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
