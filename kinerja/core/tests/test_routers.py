"""The read replica: only views marked for it read there, only when one is configured, and
writes never go there."""

import pytest
from django.test import RequestFactory

from kinerja.core import routers
from kinerja.org.models import Employee

router = routers.ReplicaRouter()


@pytest.fixture
def with_replica(settings):
    settings.DATABASES = {**settings.DATABASES, "replica": {**settings.DATABASES["default"]}}


def test_a_marked_get_reads_from_the_replica_and_writes_stay_on_the_primary(with_replica):
    seen = {}

    @routers.reads_from_replica
    def view(request):
        seen["read"], seen["write"] = router.db_for_read(Employee), router.db_for_write(Employee)

    view(RequestFactory().get("/"))
    assert seen == {"read": "replica", "write": None}
    assert router.db_for_read(Employee) is None  # outside the view, the primary again


def test_a_post_to_a_marked_view_stays_on_the_primary(with_replica):
    seen = {}

    @routers.reads_from_replica
    def view(request):
        seen["read"] = router.db_for_read(Employee)

    view(RequestFactory().post("/"))
    assert seen["read"] is None


def test_without_a_replica_nothing_changes():
    seen = {}

    @routers.reads_from_replica
    def view(request):
        seen["read"] = router.db_for_read(Employee)

    view(RequestFactory().get("/"))
    assert seen["read"] is None


def test_the_replica_is_never_migrated():
    assert router.allow_migrate("replica", "org") is False
    assert router.allow_migrate("default", "org") is True
