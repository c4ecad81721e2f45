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


def test_large_batches_keep_json_and_decimals_and_upsert_updates_only_matching_rows(cast):
    """Past ``COPY_FROM_ROWS`` PostgreSQL takes the rows by COPY (SQLite by executemany): the same
    result either way, JSON and decimals included; the upsert leaves rows ``only_if`` excludes."""
    from kinerja.attendance.models import MonthSummary

    count = bulk.COPY_FROM_ROWS + 100
    rows = [
        {
            "instansi_id": cast.instansi.pk,
            "month": f"m{i:05d}",
            "employee_id": cast.employee.pk,
            "leave_by_kind": {"cuti_tahunan": i % 3} if i % 2 else {},
            "deduction_pct": Decimal("12.75"),
            "working_days": 20,
        }
        for i in range(count)
    ]
    assert bulk.insert_rows(MonthSummary, rows, raw=["instansi_id", "month", "employee_id"]) == count
    stored = {m.month: m for m in MonthSummary.objects.all()}
    assert len(stored) == count
    assert stored["m00001"].leave_by_kind == {"cuti_tahunan": 1} and stored["m00002"].leave_by_kind == {}
    assert stored["m00003"].deduction_pct == Decimal("12.75") and stored["m00003"].absent_days == 0
    MonthSummary.objects.filter(month="m00000").update(working_days=19)  # excluded by only_if below
    changed = [row | {"deduction_pct": Decimal("1.5")} for row in rows]
    changed.append(changed[0] | {"month": "new0001"})
    bulk.upsert_rows(
        MonthSummary,
        changed,
        unique=("instansi", "month", "employee"),
        update=("deduction_pct", "leave_by_kind"),
        only_if=("working_days", 20),
    )
    stored = {m.month: m for m in MonthSummary.objects.all()}
    assert len(stored) == count + 1
    assert stored["m00000"].deduction_pct == Decimal("12.75")  # working_days 19: left alone
    assert stored["m00001"].deduction_pct == Decimal("1.5") and stored["m00001"].leave_by_kind == {"cuti_tahunan": 1}
    assert stored["new0001"].deduction_pct == Decimal("1.5")


def test_a_large_batch_that_skips_conflicts_counts_only_the_new_rows(cast):
    """Past ``COPY_FROM_ROWS`` with ``ignore_conflicts`` PostgreSQL copies into a staging table and
    inserts what is new in one statement; SQLite loops. Either way a re-sent batch adds nothing,
    duplicates inside one batch are stored once, and the count says how many were new."""
    from kinerja.attendance.models import MonthSummary

    count = bulk.COPY_FROM_ROWS + 50
    rows = [
        {"instansi_id": cast.instansi.pk, "month": f"k{i:05d}", "employee_id": cast.employee.pk, "working_days": 20}
        for i in range(count)
    ]
    assert bulk.insert_rows(MonthSummary, rows[:100], ignore_conflicts=True) == 100
    assert bulk.insert_rows(MonthSummary, rows + rows[:10], ignore_conflicts=True) == count - 100
    assert bulk.insert_rows(MonthSummary, rows, ignore_conflicts=True) == 0
    assert MonthSummary.objects.count() == count
