import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import approved_skp
from kinerja.activities import services as activities
from kinerja.appraisal.models import Evaluation
from kinerja.appraisal.services import evaluations_compute
from kinerja.org.tests.factories import EmployeeFactory, UserFactory
from kinerja.skp import services as skp_services
from kinerja.skp.models import Indicator, PeriodicTarget

pytestmark = pytest.mark.django_db


def log(cast, indicator, qty, hour, verify=True):
    entry = activities.activity_create(
        employee=cast.employee,
        by=cast.pegawai,
        day=dt.date(2026, 11, 20),
        description="X",
        start_time=dt.time(hour),
        end_time=dt.time(hour, 30),
        indicator=indicator,
        quantity=qty,
    )
    return activities.activity_verify(activity=entry, by=cast.atasan) if verify else entry


def test_evaluate_suggests_from_verified_work_and_is_idempotent(cast, period):
    # Target 100 a year, split evenly: 25 in the fourth quarter.
    indicator = approved_skp(cast.employee, period, cast.pegawai, cast.atasan).rhks.get().indicators.get()
    log(cast, indicator, 15, 8)
    log(cast, indicator, 8, 9)
    log(cast, indicator, 40, 10, verify=False)  # not verified: does not count
    result = evaluations_compute(instansi=cast.instansi, period=period, cut_key="2026-Q4")
    evaluation = Evaluation.objects.get(employee=cast.employee, cut_key="2026-Q4")
    assert result["created"] == 1
    assert evaluation.achievement_pct == 92 and evaluation.suggested_results == "sesuai"  # 23 of 25
    assert evaluation.verified_entries == 2 and evaluation.evaluator == cast.supervisor
    again = evaluations_compute(instansi=cast.instansi, period=period, cut_key="2026-Q4")
    assert again == {"created": 0, "updated": 0, "indicators": 1} and Evaluation.objects.count() == 1
    log(cast, indicator, 5, 11)  # new verified work: only then is the draft rewritten
    again = evaluations_compute(instansi=cast.instansi, period=period, cut_key="2026-Q4")
    assert again == {"created": 0, "updated": 1, "indicators": 1} and Evaluation.objects.count() == 1
    evaluation.refresh_from_db()
    assert evaluation.achievement_pct == 112 and evaluation.verified_entries == 3
    # The year is measured against the year's target.
    evaluations_compute(instansi=cast.instansi, period=period, cut_key="2026")
    annual = Evaluation.objects.get(employee=cast.employee, cut_key="2026")
    assert annual.achievement_pct == 28 and annual.suggested_results == "di_bawah"


def test_a_quarter_is_measured_against_its_periodic_target(cast, period):
    """The defect of issue 12: one quarter's work against the year's target read 'Capaian 6%'."""
    skp = approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    indicator = skp.rhks.get().indicators.get()
    PeriodicTarget.objects.filter(indicator=indicator, period_key="2026-Q4").update(target=30)  # adjusted plan
    log(cast, indicator, 28, 8)
    evaluations_compute(instansi=cast.instansi, period=period, cut_key="2026-Q4")
    evaluation = Evaluation.objects.get(employee=cast.employee, cut_key="2026-Q4")
    assert evaluation.achievement_pct == 93 and evaluation.suggested_results == "sesuai"


def test_cumulative_targets_compare_the_year_so_far(cast, period):
    skp = skp_services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    rhk = skp_services.rhk_save(skp=skp, text="Arsip", kind="utama", own_initiative=True)
    indicator = skp_services.indicator_save(
        rhk=rhk,
        text="Arsip digital",
        aspect="kuantitas",
        target="100",
        target_unit="berkas",
        direction="higher",
        target_mode="cumulative",
    )
    assert list(indicator.periodic_targets.values_list("target", flat=True)) == [25, 50, 75, 100]
    skp_services.skp_submit(skp=skp, by=cast.pegawai)
    skp_services.skp_approve(skp=skp, by=cast.atasan)
    indicator = Indicator.objects.get(pk=indicator.pk)  # as approved, not the draft in memory
    entry = activities.activity_create(
        employee=cast.employee,
        by=cast.pegawai,
        day=dt.date(2026, 2, 10),
        description="Q1",
        minutes=60,
        indicator=indicator,
        quantity=60,
    )
    activities.activity_verify(activity=entry, by=cast.atasan)
    log(cast, indicator, 35, 8)  # Q4: 95 of the running 100
    evaluations_compute(instansi=cast.instansi, period=period, cut_key="2026-Q4")
    evaluation = Evaluation.objects.get(employee=cast.employee, cut_key="2026-Q4")
    assert evaluation.achievement_pct == 95 and evaluation.verified_entries == 2


def test_final_evaluations_are_never_recomputed(cast, period):
    approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    evaluations_compute(instansi=cast.instansi, period=period, cut_key="2026")
    Evaluation.objects.update(status="final", suggested_results="sesuai")
    evaluations_compute(instansi=cast.instansi, period=period, cut_key="2026")
    assert Evaluation.objects.get().suggested_results == "sesuai"


def test_the_query_count_does_not_grow_with_employees(cast, period):
    head_user = UserFactory(employee=cast.head)

    def add(n):
        for _ in range(n):
            approved_skp(EmployeeFactory(unit=cast.bidang, supervisor=cast.head), period, head_user, head_user)

    add(2)
    evaluations_compute(instansi=cast.instansi, period=period, cut_key="2026")
    add(2)  # next run: 2 updated (their figures are made stale first), 2 created
    Evaluation.objects.update(achievement_pct=1)
    with CaptureQueriesContext(connection) as few:
        result = evaluations_compute(instansi=cast.instansi, period=period, cut_key="2026")
    assert (result["created"], result["updated"]) == (2, 2)
    add(8)  # next run: 4 updated, 8 created
    Evaluation.objects.update(achievement_pct=1)
    with CaptureQueriesContext(connection) as more:
        result = evaluations_compute(instansi=cast.instansi, period=period, cut_key="2026")
    assert (result["created"], result["updated"]) == (8, 4)
    assert len(more.captured_queries) == len(few.captured_queries)
    assert Evaluation.objects.count() == 12


def test_the_command_checks_its_arguments(cast, period):
    with pytest.raises(CommandError):
        call_command("evaluate", instansi="nope", period="2026")
    with pytest.raises(CommandError):
        call_command("evaluate", instansi=cast.instansi.code, period="2019")
    out = io.StringIO()
    call_command("evaluate", instansi=cast.instansi.code, period="2026-Q4", verbosity=2, stdout=out)
    assert "evaluasi dibuat" in out.getvalue() and "memori puncak:" in out.getvalue()
