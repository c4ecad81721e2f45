from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import approved_skp
from kinerja.appraisal.models import Evaluation
from kinerja.appraisal.services import evaluations_compute
from kinerja.core import bulk
from kinerja.org.models import Unit

pytestmark = pytest.mark.django_db


def test_update_rows_writes_each_rows_own_values_in_one_round(cast, other):
    units = list(Unit.objects.filter(instansi=cast.instansi).order_by("pk"))
    assert len(units) >= 3
    for i, unit in enumerate(units):
        unit.name = f"Unit baru {i}"
        unit.head_position = None
        unit.is_active = i % 2 == 0
    others = sorted(Unit.objects.filter(instansi=other.instansi).values_list("pk", "name", "head_position"))
    with CaptureQueriesContext(connection) as queries:
        assert bulk.update_rows(Unit, units, ["name", "head_position", "is_active"]) == len(units)
    assert len(queries.captured_queries) == 1  # one executemany
    for i, unit in enumerate(Unit.objects.filter(instansi=cast.instansi).order_by("pk")):
        assert (unit.name, unit.head_position_id, unit.is_active) == (f"Unit baru {i}", None, i % 2 == 0)
    assert sorted(Unit.objects.filter(instansi=other.instansi).values_list("pk", "name", "head_position")) == others


def test_insert_rows_fills_defaults_and_keeps_decimals_exact(cast, period):
    skp = approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    row = {
        "instansi_id": cast.instansi.pk,
        "period_id": period.pk,
        "cut_key": "2026-Q1",
        "employee_id": cast.employee.pk,
        "skp_id": skp.pk,
        "achievement_pct": Decimal("87.65"),
        "unit_name": "Bidang Uji",
    }
    with CaptureQueriesContext(connection) as queries:
        assert bulk.insert_rows(Evaluation, [row, row | {"cut_key": "2026-Q2"}]) == 2
    assert len(queries.captured_queries) == 1
    first = Evaluation.objects.get(cut_key="2026-Q1")
    assert first.achievement_pct == Decimal("87.65") and first.unit_name == "Bidang Uji"
    assert first.status == Evaluation.Status.DRAFT and first.behaviour_feedback == {} and first.results_rating == ""
    assert first.created_at is not None and first.evaluator_id is None
    with CaptureQueriesContext(connection) as queries:
        assert bulk.insert_rows(Evaluation, []) == 0 and bulk.update_rows(Evaluation, [], ["unit_name"]) == 0
    assert not queries.captured_queries


def test_update_rows_keeps_decimals_exact(cast, period):
    approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    evaluations_compute(instansi=cast.instansi, period=period, cut_key="2026")
    evaluation = Evaluation.objects.get()
    evaluation.achievement_pct = Decimal("87.65")
    bulk.update_rows(Evaluation, [evaluation], ["achievement_pct"])
    evaluation.refresh_from_db()
    assert evaluation.achievement_pct == Decimal("87.65")
