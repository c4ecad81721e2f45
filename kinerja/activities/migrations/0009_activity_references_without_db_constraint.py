"""No foreign key in the database points at an activity any more: on PostgreSQL the table becomes
partitioned by year (0011), and a foreign key must reference a unique key, which there has to
include the date. The services keep the references whole; Django's collector still cascades."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0008_activity_import"),
    ]

    operations = [
        migrations.AlterField(
            model_name="activity",
            name="previous",
            field=models.OneToOneField(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="next_version",
                to="activities.activity",
            ),
        ),
        migrations.AlterField(
            model_name="activitystatuschange",
            name="activity",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="status_changes",
                to="activities.activity",
            ),
        ),
        migrations.AlterField(
            model_name="comment",
            name="activity",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="comments",
                to="activities.activity",
            ),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="activity",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="evidence",
                to="activities.activity",
            ),
        ),
        migrations.AlterField(
            model_name="evidenceopen",
            name="activity",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="evidence_opens",
                to="activities.activity",
            ),
        ),
    ]
