import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.citizen import rules


@pytest.mark.parametrize(
    ("value", "letter"),
    [
        ("25.00", "D"),
        ("64.99", "D"),
        ("65.00", "C"),
        ("76.60", "C"),
        ("76.61", "B"),
        ("88.30", "B"),
        ("88.31", "A"),
        ("100", "A"),
    ],
)
def test_grade_boundaries(value, letter):
    assert rules.grade(Decimal(value)).letter == letter


def column(fours: int, n: int = 10) -> list[int]:
    return [4] * fours + [3] * (n - fours)


def test_worked_example_with_the_exact_weight():
    # Element sums 32, 31, 30, 35, 33, 34, 36, 30, 31 over 10 respondents: NRR 3.2 … 3.1.
    fours = [2, 1, 0, 5, 3, 4, 6, 0, 1]
    columns = [column(k) for k in fours]
    responses = [{code: columns[i][r] for i, code in enumerate(rules.ELEMENT_CODES)} for r in range(10)]
    result = rules.ikm(responses)
    assert result.nrr["u4"] == Decimal("3.500") and result.respondents == 10
    assert result.index == Decimal("3.2444")  # 29.2 / 9
    assert result.converted == Decimal("81.11") and result.grade.letter == "B"  # with 0.111: 81.03
    assert result.small_sample  # fewer than 30 respondents


def test_all_fours_and_all_ones():
    assert rules.ikm([dict.fromkeys(rules.ELEMENT_CODES, 4)] * 40).converted == Decimal("100.00")
    low = rules.ikm([dict.fromkeys(rules.ELEMENT_CODES, 1)] * 40)
    assert low.converted == Decimal("25.00") and low.grade.letter == "D" and not low.small_sample
    assert rules.ikm([]) is None


@given(st.lists(st.lists(st.integers(1, 4), min_size=9, max_size=9), min_size=1, max_size=40))
def test_the_index_stays_on_the_scale_and_the_grade_follows_it(rows):
    result = rules.ikm([dict(zip(rules.ELEMENT_CODES, row, strict=True)) for row in rows])
    assert Decimal(25) <= result.converted <= Decimal(100)
    assert result.grade == rules.grade(result.converted)


def test_answer_problems():
    good = dict.fromkeys(rules.ELEMENT_CODES, "3")
    assert rules.answer_problems(good) == {}
    assert set(rules.answer_problems({**good, "u3": "5", "u9": ""})) == {"u3", "u9"}
    assert set(rules.answer_problems({**good, "u1": "x"})) == {"u1"}


@pytest.mark.parametrize(
    "text", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "klik javascript:alert(1)"]
)
def test_markup_is_refused(text):
    assert rules.text_problem(text, limit=2000) is not None


def test_plain_text_and_length():
    assert rules.text_problem("Antrean 3 < 5 menit, bagus", limit=2000) is None
    assert rules.text_problem("x" * 2001, limit=2000)[1] == {"limit": 2000}


def test_rapid_repeat():
    now = dt.datetime(2026, 11, 22, 10, 0)
    assert rules.is_rapid_repeat([now - dt.timedelta(minutes=9)], now)
    assert not rules.is_rapid_repeat([now - dt.timedelta(minutes=10)], now)


def test_tracking_codes():
    code = rules.new_tracking_code()
    assert len(code) == 8 and not set(code) & set("01OIL")
    assert rules.normalise_tracking_code(" abcd-2345 ") == "ABCD2345"
    assert rules.format_tracking_code("ABCD2345") == "ABCD-2345"


def test_sla_and_median():
    start = dt.datetime(2026, 11, 1, 8)
    now = start + dt.timedelta(hours=30)
    assert rules.within(start, start + dt.timedelta(hours=24), 24, now) is True
    assert rules.within(start, None, 24, now) is False
    assert rules.within(start, None, 48, now) is None
    assert rules.pct_within([True, False, None, True]) == Decimal("66.67")
    assert rules.median_hours([dt.timedelta(hours=1), dt.timedelta(hours=3), dt.timedelta(hours=8)]) == Decimal("3.00")


def test_cut_ranges():
    assert rules.cut_range("2026") == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert rules.cut_range("2026-Q4") == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert rules.cut_range("2026-02") == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))


def test_last_quarters_cross_the_year():
    assert rules.last_quarters(dt.date(2026, 2, 10)) == ["2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]
    assert rules.last_quarters(dt.date(2026, 11, 22), 1) == ["2026-Q4"]
