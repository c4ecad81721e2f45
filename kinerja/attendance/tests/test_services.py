"""Attendance writes: leave overlap, sanctions need a decree, corrections, the month summary."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.attendance import selectors, services
from kinerja.attendance.models import CalendarDay, Leave, MonthSummary, Record, Sanction

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)):
        yield


def test_overlapping_leave_is_refused_with_the_other_leave_named(cast):
    services.leave_create(
        employee=cast.employee,
        kind="cuti_tahunan",
        start=dt.date(2026, 11, 9),
        end=dt.date(2026, 11, 13),
        letter_number="800/12",
        by=cast.admin,
    )
    with pytest.raises(ValidationError, match="800/12"):
        services.leave_create(
            employee=cast.employee,
            kind="dinas_luar",
            start=dt.date(2026, 11, 13),
            end=dt.date(2026, 11, 14),
            letter_number="090/3",
            by=cast.admin,
        )
    with pytest.raises(ValidationError):
        services.leave_create(
            employee=cast.employee,
            kind="dinas_luar",
            start=dt.date(2026, 11, 20),
            end=dt.date(2026, 11, 19),
            letter_number="090/3",
            by=cast.admin,
        )
    assert Leave.objects.count() == 1


def test_sanction_without_decree_is_refused(cast):
    with pytest.raises(ValidationError) as error:
        services.sanction_create(
            employee=cast.employee,
            kind="potongan_tunjangan_6",
            decree_number=" ",
            decree_date=None,
            start=dt.date(2026, 11, 1),
            months=6,
            cut_pct=Decimal("25"),
            by=cast.admin,
        )
    assert set(error.value.message_dict) == {"decree_number", "decree_date"}
    sanction = services.sanction_create(
        employee=cast.employee,
        kind="potongan_tunjangan_6",
        decree_number="800/1/2026",
        decree_date=dt.date(2026, 10, 20),
        start=dt.date(2026, 11, 1),
        months=6,
        cut_pct=Decimal("25"),
        by=cast.admin,
    )
    assert sanction.level == "sedang" and Sanction.objects.count() == 1
    cuts = selectors.active_sanction_cuts(instansi=cast.instansi, month_first=dt.date(2026, 11, 1))
    assert cuts[cast.employee.pk] == [Decimal("25.00")]


def test_month_summary_counts_leave_holidays_and_lateness(cast):
    CalendarDay.objects.create(instansi=cast.instansi, date=dt.date(2026, 11, 10), kind="holiday", name="Hari Pahlawan")
    services.leave_create(
        employee=cast.employee,
        kind="dinas_luar",
        start=dt.date(2026, 11, 11),
        end=dt.date(2026, 11, 12),
        letter_number="090/1",
        by=cast.admin,
    )
    Record.objects.create(
        instansi=cast.instansi,
        employee=cast.employee,
        date=dt.date(2026, 11, 2),
        check_in=dt.time(8, 15),
        check_out=dt.time(16, 0),
    )
    services.month_compute(instansi=cast.instansi, month="2026-11")
    summary = MonthSummary.objects.get(employee=cast.employee, month="2026-11")
    # November 2026: 21 weekdays, one holiday → 20 working days; 2 on duty, 1 late (45 min), 17 absent.
    assert (summary.working_days, summary.leave_days, summary.late_days, summary.absent_days) == (20, 2, 1, 17)
    assert summary.deduction_pct == Decimal("69.00")  # 17 × 4% + 1%
    assert (
        MonthSummary.objects.filter(instansi=cast.instansi, month="2026-11").count() == 6
    )  # every active employee of the cast


def test_correction_approved_by_the_supervisor_replaces_the_day(cast):
    evidence = SimpleUploadedFile("surat.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    correction = services.correction_request(
        employee=cast.employee,
        date=dt.date(2026, 11, 3),
        check_in=dt.time(7, 25),
        check_out=dt.time(16, 0),
        reason="Lupa absen, rapat di kantor camat",
        evidence=evidence,
        by=cast.pegawai,
    )
    with pytest.raises(ValidationError):
        services.correction_decide(correction=correction, approve=False, reason="", by=cast.atasan)
    services.correction_decide(correction=correction, approve=True, reason="", by=cast.atasan)
    record = Record.objects.get(employee=cast.employee, date=dt.date(2026, 11, 3))
    assert (record.source, record.check_in) == ("correction", dt.time(7, 25))
    with pytest.raises(ValidationError):
        services.correction_decide(correction=correction, approve=False, reason="x", by=cast.atasan)


def test_manual_entry_needs_a_reason_and_a_past_day(cast):
    with pytest.raises(ValidationError):
        services.record_enter(
            employee=cast.employee,
            date=dt.date(2026, 11, 2),
            check_in=dt.time(7, 0),
            check_out=None,
            reason="",
            by=cast.admin,
        )
    with pytest.raises(ValidationError):
        services.record_enter(
            employee=cast.employee,
            date=dt.date(2026, 12, 5),
            check_in=dt.time(7, 0),
            check_out=None,
            reason="x",
            by=cast.admin,
        )
    assert not Record.objects.exists()


def test_year_config_starts_as_a_copy_of_the_last(cast):
    config = services.config_for(instansi=cast.instansi, year=2026)
    services.config_update(
        config=config,
        bands_text="15=0.5, 60=1",
        work_start=dt.time(7, 0),
        work_end=dt.time(15, 30),
        weekdays="12345",
        grace_minutes=0,
        beyond_pct=Decimal("2"),
        absent_pct=Decimal("5"),
        ceremony_pct=Decimal("2"),
    )
    copied = services.config_for(instansi=cast.instansi, year=2027)
    assert (copied.bands, copied.absent_pct) == ([[15, "0.5"], [60, "1"]], Decimal("5"))
    with pytest.raises(ValidationError):
        services.config_update(
            config=copied, bands_text="60=1, 30=2", work_start=dt.time(7, 0), work_end=dt.time(15, 30), weekdays="12345"
        )
