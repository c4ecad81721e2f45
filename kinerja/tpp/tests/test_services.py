"""The TPP month: computed for the whole instansi, the predikat of the cut, sanctions and leave,
locked when closed, later corrections paid as adjustment rows, configuration refused when wrong."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from conftest import approved_skp
from kinerja.appraisal import services as appraisal_services
from kinerja.appraisal.models import Evaluation
from kinerja.attendance import services as attendance_services
from kinerja.attendance.models import Record
from kinerja.tpp import services
from kinerja.tpp.models import TppLine, TppSetting

pytestmark = pytest.mark.django_db
NOV = "2026-11"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)):
        yield


@pytest.fixture
def configured(cast):
    setting = services.setting_for(instansi=cast.instansi, year=2026)
    services.setting_update(setting=setting, class_amounts={"14": 33_225_000}, no_report_pct=Decimal("100"))
    cast.employee.position.grade = 9
    cast.employee.position.save()
    services.position_amount_set(setting=setting, position=cast.employee.position, amount=13_320_000)
    services.salary_set(employee=cast.employee, amount=5_000_000)
    # The employee worked every working day of November on time.
    days = [d for d in (dt.date(2026, 11, 1) + dt.timedelta(n) for n in range(30)) if d.weekday() < 5]
    Record.objects.bulk_create(
        [
            Record(
                instansi=cast.instansi,
                employee=cast.employee,
                date=d,
                check_in=dt.time(7, 20),
                check_out=dt.time(16, 5),
            )
            for d in days
        ]
    )
    return setting


def line_of(employee, month=NOV, kind="regular"):
    return TppLine.objects.get(month__month=month, employee=employee, kind=kind)


def test_worked_example_for_the_whole_instansi(cast, configured):
    services.month_compute(instansi=cast.instansi, month=NOV)
    line = line_of(cast.employee)
    assert (line.base, line.gross, line.bpjs_employee, line.gross - line.bpjs_employee) == (
        13_320_000,
        13_320_000,
        70_000,
        13_250_000,
    )
    head = line_of(cast.head)  # kelas 14, no attendance at all → disiplin part 0
    assert head.base == 33_225_000 and head.disiplin_pct == 0
    assert TppLine.objects.filter(month__month=NOV).count() == 6


def test_the_predikat_of_the_cut_decides_the_kinerja_part(cast, configured, period):
    approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    appraisal_services.evaluations_compute(instansi=cast.instansi, period=period, cut_key="2026-Q4")
    Evaluation.objects.filter(employee=cast.employee).update(status="final", predikat="butuh_perbaikan")
    services.setting_update(setting=configured, kinerja_source="periodic")
    services.month_compute(instansi=cast.instansi, month=NOV)
    line = line_of(cast.employee)
    assert line.kinerja_pct == 80 and line.inputs["predikat"] == "butuh_perbaikan"
    assert line.gross == 13_320_000 * 60 * 80 // 10_000 + 13_320_000 * 40 // 100


def test_a_closed_month_is_locked_and_a_later_correction_becomes_an_adjustment(cast, configured):
    tpp_month = services.month_compute(instansi=cast.instansi, month=NOV)
    services.month_close(tpp_month=tpp_month, by=cast.admin)
    paid = line_of(cast.employee).gross
    with pytest.raises(ValidationError, match="ditutup"):
        services.month_compute(instansi=cast.instansi, month=NOV)
    # A day found wrong later: on 2 November the employee came at 09:05 (95 minutes late: 1.5%).
    attendance_services.record_enter(
        employee=cast.employee,
        date=dt.date(2026, 11, 2),
        check_in=dt.time(9, 5),
        check_out=dt.time(16, 5),
        reason="Rekaman mesin cadangan",
        by=cast.admin,
    )
    services.month_compute(instansi=cast.instansi, month="2026-12")
    assert line_of(cast.employee).gross == paid  # the closed month keeps what it paid
    adjustment = TppLine.objects.get(month__month="2026-12", employee=cast.employee, kind="adjustment")
    assert adjustment.ref_month == NOV and adjustment.gross == -79_920
    # Recomputing December again does not pay the difference twice.
    services.month_compute(instansi=cast.instansi, month="2026-12")
    assert TppLine.objects.filter(kind="adjustment", employee=cast.employee).count() == 1


def test_sanction_cut_applies(cast, configured):
    attendance_services.sanction_create(
        employee=cast.employee,
        kind="potongan_tunjangan_6",
        decree_number="800/7/BKPSDM/2026",
        decree_date=dt.date(2026, 10, 1),
        start=dt.date(2026, 10, 1),
        months=6,
        cut_pct=Decimal("25"),
        by=cast.admin,
    )
    services.month_compute(instansi=cast.instansi, month=NOV)
    line = line_of(cast.employee)
    assert line.sanction_cut == 3_330_000 and line.gross == 9_990_000


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"weight_kinerja": Decimal("60"), "weight_disiplin": Decimal("30")}, "weight_disiplin"),
        ({"class_amounts": {"9": -5}}, "class_amounts"),
        ({"class_amounts": {"20": 5}}, "class_amounts"),
    ],
)
def test_bad_configuration_is_refused_and_nothing_changes(cast, configured, fields, field):
    with pytest.raises(ValidationError) as error:
        services.setting_update(setting=TppSetting.objects.get(pk=configured.pk), **fields)
    assert field in error.value.message_dict
    configured.refresh_from_db()
    assert (configured.weight_kinerja, configured.class_amounts) == (Decimal("60"), {"14": 33_225_000})


def test_new_year_is_a_copy_of_the_last(cast, configured):
    copy = services.setting_for(instansi=cast.instansi, year=2027)
    assert copy.class_amounts == {"14": 33_225_000} and copy.position_amounts.count() == 1


def test_command_prints_one_json_object_per_employee(cast, configured):
    out = StringIO()
    call_command("tpp", "--instansi", "tebo", "--month", NOV, "--format", "json", stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    mine = next(r for r in rows if r["nip"] == cast.employee.nip)
    assert len(rows) == 6 and mine["gross"] == 13_320_000 and mine["deductions"]["bpjs_employee"] == 70_000
    with pytest.raises(CommandError):
        call_command("tpp", "--instansi", "tebo", "--month", "2026-13", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("tpp", "--instansi", "nowhere", "--month", NOV, stdout=StringIO())
