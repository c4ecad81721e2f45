"""No foreign key in the database may point at an activity: on PostgreSQL the table is partitioned
by year and its keys include the date, so a constraint on ``activity_id`` alone cannot be created
(and a migration adding one would fail there only). The services keep the references whole."""

from django.apps import apps

from kinerja.activities.models import Activity


def references_to_activity() -> list[tuple[str, str, bool]]:
    return [
        (model._meta.label, field.name, field.db_constraint)
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.get_fields(include_hidden=True)
        if field.concrete
        and field.is_relation
        and (field.many_to_one or field.one_to_one)
        and field.related_model is Activity
    ]


def test_every_foreign_key_to_an_activity_has_no_database_constraint():
    found = references_to_activity()
    # The known ones, so that the walk itself is seen to reach them.
    assert {(label, name) for label, name, _ in found} >= {
        ("activities.Activity", "previous"),
        ("activities.Evidence", "activity"),
        ("activities.EvidenceOpen", "activity"),
        ("activities.ActivityStatusChange", "activity"),
        ("activities.Comment", "activity"),
    }
    assert [(label, name) for label, name, constrained in found if constrained] == []


def test_many_to_many_relations_to_an_activity_are_not_allowed_either():
    # A many-to-many's through table would hold a foreign key to the partitioned table.
    through = [
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.many_to_many and field.related_model is Activity
    ]
    assert through == []
