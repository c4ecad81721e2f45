"""Appraisal rules: every matrix cell, every curve pattern at its boundaries, the suggestion,
angka kredit examples, eligibility and the objection window."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.appraisal import rules
from kinerja.appraisal.rules import OrgPredicate, Predikat, Rating, RhkAchievement

A, M, B = Rating.ABOVE, Rating.MEETS, Rating.BELOW
SB, BA, BP, K, SK = Predikat


@pytest.mark.parametrize(
    ("results", "behaviour", "expected"),
    [(A, B, K), (A, M, BA), (A, A, SB), (M, B, K), (M, M, BA), (M, A, BA), (B, B, SK), (B, M, BP), (B, A, BP)],
)
def test_all_nine_matrix_cells(results, behaviour, expected):
    assert rules.predikat(results, behaviour) == expected


def counts(sb=0, b=0, bp=0, k=0, sk=0):
    return {SB: sb, BA: b, BP: bp, K: k, SK: sk}


def issues(org, **kw):
    return [i.message % i.params if i.params else i.message for i in rules.curve_issues(org, counts(**kw))]


@pytest.mark.parametrize(
    ("org", "kw", "ok"),
    [
        (OrgPredicate.ISTIMEWA, {"sb": 7, "b": 3}, True),  # 70% exactly
        (OrgPredicate.ISTIMEWA, {"sb": 8, "b": 2}, False),  # 80% > 70%
        (OrgPredicate.ISTIMEWA, {"sb": 3, "b": 5, "bp": 2}, False),  # not the majority
        (OrgPredicate.BAIK, {"sb": 2, "b": 7, "bp": 1}, True),
        (OrgPredicate.BAIK, {"sb": 3, "b": 7}, False),  # no BP or K/M
        (OrgPredicate.BAIK, {"b": 8, "k": 2}, False),  # Baik 80%
        (OrgPredicate.BUTUH_PERBAIKAN, {"bp": 6, "b": 3, "sb": 1}, True),  # 60% and 10% exactly
        (OrgPredicate.BUTUH_PERBAIKAN, {"bp": 5, "b": 5}, False),
        (OrgPredicate.BUTUH_PERBAIKAN, {"bp": 6, "b": 2, "sb": 2}, False),
        (OrgPredicate.KURANG, {"k": 6, "bp": 1, "b": 3}, True),
        (OrgPredicate.KURANG, {"k": 6, "b": 4}, False),  # no BP
        (OrgPredicate.SANGAT_KURANG, {"sk": 6, "k": 1, "b": 3}, True),
        (OrgPredicate.SANGAT_KURANG, {"sk": 6, "b": 3, "sb": 1}, False),  # no SB allowed, K/BP missing
    ],
)
def test_every_curve_pattern_at_its_boundaries(org, kw, ok):
    assert (issues(org, **kw) == []) is ok, issues(org, **kw)


def test_small_units_round_minimums_up_and_maximums_down():
    assert issues(OrgPredicate.BUTUH_PERBAIKAN, bp=2, b=1) == []  # 60% of 3 = 1.8 -> 2
    assert issues(OrgPredicate.BUTUH_PERBAIKAN, bp=2, sb=1)  # 10% of 3 allows no SB
    assert issues(OrgPredicate.ISTIMEWA, sb=2, b=1) == []  # 70% of 3 = 2.1 -> 2


def test_an_empty_unit_has_no_issues():
    assert rules.curve_issues(OrgPredicate.BAIK, {}) == []


def rhk(pct, main=True):
    return RhkAchievement(Decimal(pct), main)


@pytest.mark.parametrize(
    ("rhks", "expected"),
    [
        ([rhk(120), rhk(115), rhk(95)], A),
        ([rhk(120), rhk(115), rhk(80)], M),  # an RHK Utama below blocks "above"
        ([rhk(120), rhk(115), rhk(80, main=False)], A),
        ([rhk(100), rhk(95), rhk(90)], M),
        ([rhk(50), rhk(70), rhk(100)], B),
        ([rhk(50), rhk(120)], M),
        ([], B),
    ],
)
def test_suggested_results_rating(rhks, expected):
    assert rules.suggested_results_rating(rhks) == expected


@given(st.lists(st.decimals(min_value=0, max_value=120, places=1), min_size=1, max_size=12))
def test_raising_every_achievement_never_lowers_the_suggestion(pcts):
    order = {B: 0, M: 1, A: 2}
    before = rules.suggested_results_rating([rhk(p) for p in pcts])
    after = rules.suggested_results_rating([rhk(min(Decimal(120), p + 10)) for p in pcts])
    assert order[after] >= order[before]


@pytest.mark.parametrize(
    ("p", "level", "months", "ak"),
    [
        (BA, "ahli_pertama", 2, Decimal("2.083")),  # DOMAIN.md example
        (BA, "ahli_pertama", 12, Decimal("12.500")),
        (SB, "ahli_madya", 12, Decimal("56.250")),
        (BP, "ahli_pertama", 12, Decimal("9.375")),
        (K, "ahli_madya", 6, Decimal("9.375")),
        (SK, "ahli_pertama", 12, Decimal("3.125")),
    ],
)
def test_angka_kredit(p, level, months, ak):
    assert rules.angka_kredit(p, level, months=months) == ak


def test_angka_kredit_refuses_impossible_months():
    with pytest.raises(ValueError):
        rules.angka_kredit(BA, "ahli_pertama", months=13)


@pytest.mark.parametrize(
    ("history", "eligible"),
    [([BA, SB], True), ([SB, BA, BA], True), ([BA, BP], False), ([BP, SB, BA], True), ([SB], False), ([], False)],
)
def test_promotion_needs_baik_in_the_last_two_years(history, eligible):
    assert rules.promotion_eligible(history) is eligible


@pytest.mark.parametrize(("p", "flag"), [(SB, False), (BA, False), (BP, True), (K, True), (SK, True)])
def test_coaching_flag(p, flag):
    assert rules.needs_coaching(p) is flag


def test_the_objection_window_is_14_days():
    received = dt.date(2026, 12, 1)
    assert rules.objection_open(received, dt.date(2026, 12, 15))
    assert not rules.objection_open(received, dt.date(2026, 12, 16))
    assert not rules.objection_open(received, dt.date(2026, 11, 30))


def test_current_cut_is_todays_periodic_cut_during_the_year_else_the_annual_one():
    assert rules.current_cut(dt.date(2026, 11, 22), 2026, "quarterly") == "2026-Q4"
    assert rules.current_cut(dt.date(2026, 11, 22), 2026, "monthly") == "2026-11"
    assert rules.current_cut(dt.date(2027, 1, 5), 2026, "quarterly") == "2026"


@given(
    st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)), st.sampled_from(["quarterly", "monthly"])
)
def test_current_cut_is_always_one_of_the_years_cuts(today, cut):
    assert rules.current_cut(today, 2026, cut) in rules.cut_keys(2026, cut)
