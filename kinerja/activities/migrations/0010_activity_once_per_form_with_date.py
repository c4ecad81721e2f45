"""The client-token constraint includes the date: every unique key of a partitioned table must
hold the partition key (0011). A resend on another day is caught by activity_create's day
query, which reads the token whatever the day."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0009_activity_references_without_db_constraint"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="activity",
            name="activity_once_per_form",
        ),
        migrations.AddConstraint(
            model_name="activity",
            constraint=models.UniqueConstraint(
                fields=("employee", "client_token", "date"), name="activity_once_per_form"
            ),
        ),
    ]
