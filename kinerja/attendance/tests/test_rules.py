"""Attendance rules: bands at their boundaries, a day's status, the month's cap, sanctions."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.attendance import rules
from kinerja.attendance.rules import Band, DayStatus, DisciplineRules, Schedule

# DOMAIN.md §4, the "siaptuba" table.
SIAPTUBA = DisciplineRules(
    bands=(Band(30, Decimal("0.5")), Band(60, Decimal("1")), Band(90, Decimal("1.25"))),
    beyond_pct=Decimal("1.5"),
    absent_pct=Decimal("4"),
    ceremony_pct=Decimal("2"),
)
OFFICE = Schedule(dt.time(7, 30), dt.time(16, 0), frozenset(range(5)))


@pytest.mark.parametrize(
    ("minutes", "pct"),
    [(0, "0"), (1, "0.5"), (30, "0.5"), (31, "1"), (60, "1"), (61, "1.25"), (90, "1.25"), (91, "1.5"), (400, "1.5")],
)
def test_band_boundaries(minutes, pct):
    assert rules.band_pct(minutes, SIAPTUBA) == Decimal(pct)


def test_grace_minutes_cost_nothing():
    lenient = DisciplineRules(SIAPTUBA.bands, Decimal("1.5"), Decimal("4"), Decimal("2"), grace_minutes=5)
    assert rules.band_pct(5, lenient) == 0
    assert rules.band_pct(6, lenient) == Decimal("0.5")


def day(**kw):
    return rules.day_outcome(working=kw.pop("working", True), schedule=OFFICE, rules=SIAPTUBA, **kw)


def test_day_statuses():
    assert day(working=False).status == DayStatus.OFF
    assert day(check_in=dt.time(7, 20), check_out=dt.time(16, 5)).status == DayStatus.PRESENT
    late = day(check_in=dt.time(8, 10), check_out=dt.time(16, 0))
    assert (late.status, late.late_minutes, late.deduction_pct) == (DayStatus.LATE, 40, Decimal("1"))
    early = day(check_in=dt.time(7, 30), check_out=dt.time(15, 0))
    assert (early.early_minutes, early.deduction_pct) == (60, Decimal("1"))
    missing_out = day(check_in=dt.time(7, 0))
    assert (missing_out.status, missing_out.deduction_pct) == (DayStatus.INCOMPLETE, Decimal("1.5"))
    assert day().status == DayStatus.ABSENT and day().deduction_pct == Decimal("4")
    leave = day(leave_kind="dinas_luar")
    assert (leave.status, leave.deduction_pct) == (DayStatus.LEAVE, 0)
    assert day(is_future=True).status == DayStatus.FUTURE


def test_missed_ceremony_costs_its_percentage_but_the_day_stays_on_time():
    outcome = day(check_in=dt.time(7, 0), check_out=dt.time(16, 0), ceremony_day=True, ceremony_attended=False)
    assert (outcome.status, outcome.deduction_pct, outcome.ceremony_missed) == (DayStatus.PRESENT, 2, True)


def test_absent_whole_month_leaves_nothing():
    totals = rules.month_totals([day()] * 30)
    assert totals.deduction_pct == 100 and totals.absent_days == 30
    # Even where the days' percentages add up to less (5 × 4%), the whole month absent is 100%.
    assert rules.month_totals([day()] * 5 + [day(working=False)] * 2).deduction_pct == 100
    assert rules.month_totals([day()] * 4 + [day(leave_kind="cuti_sakit")]).deduction_pct == 16


clock = st.times().map(lambda t: t.replace(second=0, microsecond=0))


@settings(deadline=None)
@given(check_in=st.none() | clock, check_out=st.none() | clock, ceremony=st.booleans())
def test_a_day_never_costs_more_than_both_records_missing_plus_ceremony(check_in, check_out, ceremony):
    outcome = day(check_in=check_in, check_out=check_out, ceremony_day=ceremony)
    assert 0 <= outcome.deduction_pct <= max(SIAPTUBA.absent_pct, 2 * SIAPTUBA.beyond_pct + SIAPTUBA.ceremony_pct)


@settings(deadline=None)
@given(a=st.integers(0, 600), b=st.integers(0, 600))
def test_later_never_costs_less(a, b):
    low, high = sorted((a, b))
    assert rules.band_pct(low, SIAPTUBA) <= rules.band_pct(high, SIAPTUBA)


@settings(deadline=None)
@given(st.lists(st.sampled_from([day(), day(check_in=dt.time(9, 0), check_out=dt.time(16, 0)), day(working=False)])))
def test_month_total_is_capped_and_counts_add_up(outcomes):
    totals = rules.month_totals(outcomes)
    assert 0 <= totals.deduction_pct <= 100
    assert totals.working_days == totals.present_days + totals.late_days + totals.absent_days + totals.incomplete_days


def test_bands_must_rise():
    with pytest.raises(rules.AttendanceError):
        rules.check_bands([Band(60, Decimal("1")), Band(30, Decimal("2"))])
    with pytest.raises(rules.AttendanceError):
        rules.check_bands([Band(30, Decimal("2")), Band(60, Decimal("1"))])


@pytest.mark.parametrize("text", ["24:00", "7:60", "abc", "7", "-1:00"])
def test_times_outside_the_day_are_refused(text):
    with pytest.raises(rules.AttendanceError):
        rules.parse_clock(text)


def test_parse_clock_and_scans():
    assert rules.parse_clock("7.05") == dt.time(7, 5)
    assert rules.split_scans([dt.time(16, 2), dt.time(7, 1), dt.time(12, 0)]) == (dt.time(7, 1), dt.time(16, 2))
    assert rules.split_scans([dt.time(7, 1)]) == (dt.time(7, 1), None)
    assert rules.split_scans([dt.time(16, 1)]) == (None, dt.time(16, 1))


def test_weekdays_and_months():
    assert rules.parse_weekdays("12345") == frozenset(range(5))
    with pytest.raises(rules.AttendanceError):
        rules.parse_weekdays("89")
    assert len(rules.month_days("2026-11")) == 30 and len(rules.month_days("2026-12")) == 31
    with pytest.raises(rules.AttendanceError):
        rules.month_days("2026-13")


@pytest.mark.parametrize(
    ("month", "covered"),
    [
        (dt.date(2026, 2, 1), False),
        (dt.date(2026, 3, 1), True),
        (dt.date(2026, 8, 1), True),
        (dt.date(2026, 9, 1), False),
    ],
)
def test_six_month_sanction_from_mid_march_covers_march_to_august(month, covered):
    assert rules.sanction_covers(dt.date(2026, 3, 15), 6, month) is covered


def test_heaviest_cut_applies_and_suggestions_follow_pp_94():
    assert rules.sanction_cut([Decimal("25"), Decimal("10")]) == 25
    assert rules.sanction_cut([]) == 0
    assert [rules.suggested_sanction(n) for n in (2, 3, 5, 8, 12, 15, 18, 25)] == [
        "",
        "teguran_lisan",
        "teguran_tertulis",
        "pernyataan_tidak_puas",
        "potongan_tunjangan_6",
        "potongan_tunjangan_9",
        "potongan_tunjangan_12",
        "pembebasan_jabatan",
    ]
