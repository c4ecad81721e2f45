"""The whole OpenAPI document fuzzed by schemathesis, as an admin and as a pegawai.

Every operation gets a few generated requests (valid and invalid bodies, odd parameters, NUL
bytes, huge numbers); the test fails on any 5xx and on any documented response whose body or
content type does not match the document. The budget is small so it runs on every CI run; a
longer run: ``FUZZ_EXAMPLES=200 pytest kinerja/api/tests/test_fuzz.py``.

Ids in paths are drawn half the time from the objects of the fixture below, so the fuzzer reaches
the code behind the access checks (an id it invents is almost always a 404).
"""

import datetime as dt
import os

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from config.wsgi import application
from conftest import approved_skp
from kinerja.accounts.models import ApiToken
from kinerja.activities import services as activity_services
from kinerja.appraisal import services as appraisal_services
from kinerja.appraisal.models import Evaluation
from kinerja.citizen import services as citizen_services

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
schema.config.generation.update(max_examples=EXAMPLES)

# The objects of the running test, by parameter name (filled by the `world` fixture).
KNOWN: dict[str, list] = {}


def _known(name, value, salt: int):
    """Every other time, an id the fixture made in place of an invented one (nearly always a 404)."""
    if salt % 2 and KNOWN.get(name) and (type(value) is int or (isinstance(value, str) and value.isdigit())):
        return KNOWN[name][salt // 2 % len(KNOWN[name])]
    return value


def _aim(case):
    """Points the case's ids (path, and top-level ``*_id`` fields of the body) at real objects."""
    salt = len(repr(case.body)) + len(repr(case.query))
    for name, value in list((case.path_parameters or {}).items()):
        case.path_parameters[name] = _known(name, value, salt)
    if isinstance(case.body, dict):
        for name, value in list(case.body.items()):
            case.body[name] = _known(name, value, salt)


@pytest.fixture
def in_test_transaction():
    """Requests go straight to the WSGI handler, which closes the database connection after each
    one; Django's own test client stops that so the test's transaction survives: so do we."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(cast, period, in_test_transaction):
    """One instansi with an approved SKP, a logged activity, evaluations, a survey point and a complaint."""
    cache.clear()
    skp = approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    activity = activity_services.activity_create(
        employee=cast.employee, by=cast.pegawai, day=dt.date(2026, 11, 30), description="Rapat", minutes=60
    )
    activity_services.comment_add(author=cast.atasan, text="Lengkapi notulen", activity=activity)
    appraisal_services.evaluations_compute(instansi=cast.instansi, period=period, cut_key="2026-Q4")
    point = citizen_services.point_create(unit=cast.bidang)
    complaint = citizen_services.complaint_submit(
        unit=cast.bidang, subject="Antrean", description="Antrean terlalu panjang di loket."
    )
    rhk = skp.rhks.first()
    KNOWN.clear()
    KNOWN.update(
        unit_id=[cast.bidang.pk, cast.opd.pk],
        employee_id=[cast.employee.pk, cast.supervisor.pk],
        skp_id=[skp.pk],
        rhk_id=[rhk.pk],
        activity_id=[activity.pk],
        evaluation_id=list(Evaluation.objects.values_list("pk", flat=True)),
        token=[point.token],
        code=[complaint.code],
        complaint_id=[complaint.pk],
        period_id=[period.pk],
    )
    cast.keys = {role: ApiToken.issue(getattr(cast, role), name="fuzz")[1] for role in ("admin", "pegawai")}
    yield cast
    KNOWN.clear()
    cache.clear()


def _fuzz(case, key):
    _aim(case)
    response = case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)
    if os.environ.get("FUZZ_DEBUG"):
        print(
            case.method,
            case.formatted_path,
            case.query,
            repr(case.body)[:300],
            response.status_code,
            response.text[:300],
        )


@schema.parametrize()
@settings(suppress_health_check=list(HealthCheck), deadline=None)
def test_api_as_admin(case, world):
    _fuzz(case, world.keys["admin"])


@schema.parametrize()
@settings(suppress_health_check=list(HealthCheck), deadline=None)
def test_api_as_pegawai(case, world):
    _fuzz(case, world.keys["pegawai"])
