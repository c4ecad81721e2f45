"""Periodic targets (rencana aksi) and achievement: pure rules, unit and property tests."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.skp import rules
from kinerja.skp.rules import TargetMode

targets = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999"), places=2)
periods = st.sampled_from([4, 12])


@pytest.mark.parametrize(
    ("total", "n", "expected"),
    [
        ("100", 4, ["25", "25", "25", "25"]),
        ("10", 4, ["3", "3", "2", "2"]),
        ("100", 12, ["9", "9", "9", "9", "8", "8", "8", "8", "8", "8", "8", "8"]),
        ("3", 4, ["0.75", "0.75", "0.75", "0.75"]),  # fewer units than periods: to the cent
        ("1", 3, ["0.34", "0.33", "0.33"]),
        ("95.5", 4, ["23.88", "23.88", "23.87", "23.87"]),
    ],
)
def test_an_even_split_adds_up_exactly(total, n, expected):
    parts = rules.split_even(Decimal(total), n)
    assert parts == [Decimal(e) for e in expected]
    assert sum(parts) == Decimal(total)


@given(targets, periods)
def test_even_parts_always_add_up_and_differ_by_at_most_one_unit(total, n):
    parts = rules.split_even(total, n)
    assert len(parts) == n and sum(parts) == total
    assert all(p >= 0 for p in parts)
    assert max(parts) - min(parts) in (Decimal(0), Decimal(1), Decimal("0.01"))
    assert parts == sorted(parts, reverse=True)  # the remainder goes to the earliest periods


@given(targets, periods, st.sampled_from(list(TargetMode)))
def test_default_targets_fit_the_year_in_every_mode(total, n, mode):
    values = rules.default_period_targets(total, n, mode)
    assert len(values) == n
    assert rules.check_period_targets(values, total, mode) is None
    if mode == TargetMode.CUMULATIVE:
        assert values[-1] == total and values == sorted(values)
    if mode == TargetMode.CONSTANT:
        assert set(values) == {total}


def test_cumulative_targets_are_running_totals():
    assert rules.default_period_targets(Decimal(100), 4, "cumulative") == [25, 50, 75, 100]


@pytest.mark.parametrize(
    ("values", "mode", "problem"),
    [
        (["20", "20", "20", "20"], "even", "Jumlah target periodik"),
        (["30", "20", "25", "25"], "even", None),
        (["25", "20", "75", "100"], "cumulative", "tidak boleh turun"),
        (["25", "50", "75", "90"], "cumulative", "periode terakhir"),
        (["100", "0", "100", "100"], "constant", "lebih besar dari nol"),
        (["-1", "51", "25", "25"], "even", "negatif"),
    ],
)
def test_adjusted_targets_must_fit_the_year(values, mode, problem):
    error = rules.check_period_targets([Decimal(v) for v in values], Decimal(100), mode)
    assert (error is None) if problem is None else (problem in error.message)


def test_a_cut_is_measured_against_its_own_target():
    assert rules.period_target(Decimal(100), "even", "2026-Q2", 4) == 25
    assert rules.period_target(Decimal(100), "even", "2026-Q2", 4, Decimal(40)) == 40  # adjusted
    assert rules.period_target(Decimal(100), "cumulative", "2026-Q3", 4) == 75
    assert rules.period_target(Decimal(95), "constant", "2026-05", 12) == 95
    assert rules.period_target(Decimal(100), "even", "2026", 4, Decimal(40)) == 100  # the year


def test_cut_keys_and_their_positions():
    assert rules.cut_period_keys(2026, "quarterly") == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert len(rules.cut_period_keys(2026, "monthly")) == 12
    assert [rules.cut_index(k) for k in ("2026-Q3", "2026-11", "2026")] == [2, 10, None]


@pytest.mark.parametrize(
    ("raw", "value"), [("0", "0"), ("12,5", "12.5"), ("1.250,75", "1250.75"), ("7", "7"), ("0,00", "0")]
)
def test_a_periodic_target_may_be_zero(raw, value):
    assert rules.parse_amount(raw) == Decimal(value)


@pytest.mark.parametrize("raw", ["", "abc", "-3", "1,234", "NaN", "1e20"])
def test_bad_periodic_targets_are_refused(raw):
    with pytest.raises(rules.RuleError):
        rules.parse_amount(raw)


def test_suggested_modes():
    assert rules.suggested_mode(aspect="kuantitas", direction="higher", metric="", unit="dokumen") == "even"
    assert rules.suggested_mode(aspect="kuantitas", direction="higher", metric="", unit="%") == "constant"
    assert rules.suggested_mode(aspect="waktu", direction="lower", metric="", unit="hari") == "constant"
    assert rules.suggested_mode(aspect="kuantitas", direction="higher", metric="ikm_unit", unit="x") == "constant"
    assert rules.suggested_mode(aspect="biaya", direction="lower", metric="", unit="rupiah") == "even"  # a budget


# ------------------------------------------------------------------------------ achievement
def test_achievement_higher_and_lower_is_better():
    assert rules.achievement_pct(Decimal(23), Decimal(25)) == 92
    assert rules.achievement_pct(Decimal(6), Decimal(3), lower_is_better=True) == 50  # twice the allowed days
    assert rules.achievement_pct(Decimal(3), Decimal(6), lower_is_better=True) == 120  # capped
    assert rules.achievement_pct(Decimal(0), Decimal(6), lower_is_better=True) == 120  # nothing spent
    assert rules.achievement_pct(None, Decimal(6), lower_is_better=True) == 0  # nothing measured
    assert rules.achievement_pct(Decimal(5), Decimal(0)) == 0


amounts = st.decimals(min_value=Decimal(-1000), max_value=Decimal(10**9), places=2)


@given(amounts, targets, st.booleans(), st.integers(min_value=100, max_value=200))
def test_achievement_is_never_negative_and_capped(realized, target, lower, cap):
    assert 0 <= rules.achievement_pct(realized, target, lower_is_better=lower, cap=cap) <= cap


@given(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**6), places=2),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**6), places=2),
    targets,
)
def test_lower_is_better_rewards_the_smaller_figure(a, b, target):
    small, large = min(a, b), max(a, b)
    assert rules.achievement_pct(small, target, lower_is_better=True) >= rules.achievement_pct(
        large, target, lower_is_better=True
    )
    assert rules.achievement_pct(small, target) <= rules.achievement_pct(large, target)
