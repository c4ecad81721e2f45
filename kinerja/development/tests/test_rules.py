"""The development rules without a database: JP, needs, effect cuts, re-measurement, the
reassignment trigger, the credit ledger, promotion eligibility and the 9-box."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja.appraisal.rules import angka_kredit
from kinerja.development import rules

P = rules.Predikat
# Two shared CPUs: a busy machine must not fail a property for being slow to generate inputs.
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
PREDIKAT = st.sampled_from([p.value for p in P])


# ------------------------------------------------------------------------------------------ JP
def test_jp_total_counts_hours_and_ignores_negatives():
    assert rules.jp_total([8, 12, 0, -3]) == 20


@pytest.mark.parametrize(("day", "expected"), [((2026, 1, 5), 2), ((2026, 6, 30), 10), ((2026, 12, 1), 20)])
def test_jp_expected_is_spread_over_the_months(day, expected):
    assert rules.jp_expected_by(dt.date(*day)) == expected


def test_nobody_with_twenty_jp_is_behind_in_december():
    assert not rules.jp_behind(20, dt.date(2026, 12, 31))
    assert rules.jp_behind(19, dt.date(2026, 12, 31))
    assert rules.jp_shortfall(12) == 8 and rules.jp_shortfall(30) == 0


@relaxed
@given(st.integers(0, 200), st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)), st.integers(1, 100))
def test_behind_is_monotone_in_hours_and_never_above_the_target(total, day, target):
    expected = rules.jp_expected_by(day, target)
    assert 0 < expected <= target
    if rules.jp_behind(total, day, target):
        assert total < target
    else:
        assert not rules.jp_behind(total + 1, day, target)


@pytest.mark.parametrize(
    ("hours", "course_jp", "refused"), [(0, 20, True), (21, 20, True), (20, 20, False), (8, None, False)]
)
def test_completion_hours_may_not_exceed_the_course(hours, course_jp, refused):
    assert (rules.completion_problem(hours=hours, course_jp=course_jp) is not None) is refused


# ------------------------------------------------------------------------------------- needs
def test_weak_values_from_peers_majority_or_feedback_behind_a_low_rating():
    peers = [{"akuntabel": "di_bawah", "loyal": "sesuai"}, {"akuntabel": "di_bawah", "loyal": "di_bawah"}, {}]
    assert rules.weak_values("sesuai", {}, peers, ["akuntabel", "loyal"]) == ["akuntabel"]
    assert rules.weak_values("di_bawah", {"loyal": "Perlu dijaga"}, [], ["akuntabel", "loyal"]) == ["loyal"]
    assert rules.weak_values("sesuai", {"loyal": "Catatan"}, [], ["akuntabel", "loyal"]) == []


def test_needs_list_weak_values_then_indicators_below_target_worst_first():
    needs = rules.needs_from_gaps(weak=["adaptif"], indicator_pcts={1: 95, 2: 40, 3: 70})
    assert [(n.area, n.value, n.indicator_id) for n in needs] == [
        (rules.Area.BERAKHLAK, "adaptif", None),
        (rules.Area.TECHNICAL, "", 2),
        (rules.Area.TECHNICAL, "", 3),
    ]


@relaxed
@given(st.dictionaries(st.integers(1, 50), st.integers(0, 120)))
def test_every_indicator_below_target_and_only_those_become_needs(pcts):
    needs = rules.needs_from_gaps(weak=[], indicator_pcts=pcts)
    assert {n.indicator_id for n in needs} == {pk for pk, pct in pcts.items() if pct < 90}


def test_suggestions_are_open_courses_of_the_area_the_named_value_first():
    courses = [
        rules.CourseFacts(1, "berakhlak", "loyal"),
        rules.CourseFacts(2, "berakhlak", "adaptif"),
        rules.CourseFacts(3, "berakhlak", "adaptif", is_open=False),
        rules.CourseFacts(4, "teknis"),
    ]
    assert rules.suggest_courses(rules.Need(rules.Area.BERAKHLAK, value="adaptif"), courses) == [2, 1]
    assert rules.suggest_courses(rules.Need(rules.Area.TECHNICAL, indicator_id=9), courses) == [4]


# ------------------------------------------------------------------------------------ effect
@pytest.mark.parametrize(
    ("key", "steps", "shifted"),
    [("2026-Q4", 1, "2027-Q1"), ("2026-Q1", -1, "2025-Q4"), ("2026-12", 1, "2027-01"), ("2026", -2, "2024")],
)
def test_shift_cut_across_years(key, steps, shifted):
    assert rules.shift_cut(key, steps) == shifted


@relaxed
@given(st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)), st.sampled_from(["quarterly", "monthly"]))
def test_a_day_lies_in_its_cut_and_cuts_follow_each_other(day, cut):
    key = rules.cut_of(day, cut)
    assert rules.cut_start(key) <= day <= rules.cut_end(key)
    assert rules.cut_start(rules.shift_cut(key, 1)) == rules.cut_end(key) + dt.timedelta(days=1)
    assert rules.shift_cut(rules.shift_cut(key, 5), -5) == key


def test_effect_compares_the_cut_before_the_course_with_the_cut_after():
    assert rules.effect_cuts(dt.date(2026, 7, 10), dt.date(2026, 7, 20), "quarterly") == ("2026-Q2", "2026-Q4")
    assert rules.effect_delta(60, 85) == 25 and rules.effect_delta(None, 85) is None
    assert rules.mean_pct([50, None, 70]) == 60 and rules.mean_pct([None]) is None


# ---------------------------------------------------------------------------------- coaching
@pytest.mark.parametrize(
    ("before", "after", "outcome"),
    [
        ("butuh_perbaikan", "baik", "improved"),
        ("butuh_perbaikan", "butuh_perbaikan", "unchanged"),
        ("butuh_perbaikan", "kurang", "worse"),
        ("sangat_kurang", "kurang", "improved"),
    ],
)
def test_remeasure(before, after, outcome):
    assert rules.remeasure(before, after) == outcome


@relaxed
@given(PREDIKAT, PREDIKAT)
def test_remeasure_is_antisymmetric(a, b):
    opposite = {"improved": "worse", "worse": "improved", "unchanged": "unchanged"}
    assert rules.remeasure(b, a) == opposite[rules.remeasure(a, b)]


def test_coaching_opens_from_butuh_perbaikan_down_like_appraisals_flag():
    assert [rules.opens_coaching(p.value) for p in rules.PREDIKAT_ORDER] == [False, False, True, True, True]
    assert rules.plan_overdue(due_on=dt.date(2026, 11, 30), today=dt.date(2026, 12, 1), closed=False)
    assert not rules.plan_overdue(due_on=dt.date(2026, 11, 30), today=dt.date(2026, 12, 1), closed=True)


# ------------------------------------------------------------------------------ reassignment
def test_two_consecutive_kurang_after_a_coaching_plan_trigger():
    history = [("2026-Q2", "butuh_perbaikan"), ("2026-Q3", "kurang"), ("2026-Q4", "sangat_kurang")]
    assert rules.reassignment_due(history, coaching_from="2026-Q2") == ["2026-Q3", "2026-Q4"]


def test_no_trigger_without_a_plan_with_a_gap_or_when_the_last_cut_improved():
    poor = [("2026-Q3", "kurang"), ("2026-Q4", "kurang")]
    assert rules.reassignment_due(poor, coaching_from=None) == []
    assert rules.reassignment_due([("2026-Q1", "kurang"), ("2026-Q3", "kurang")], coaching_from="2025-Q4") == []
    assert rules.reassignment_due([*poor, ("2027-Q1", "baik")], coaching_from="2026-Q2") == []
    # Cuts before (or of) the plan do not count.
    assert rules.reassignment_due(poor, coaching_from="2026-Q3") == []


def test_policy_is_configurable():
    policy = rules.ReassignmentPolicy(consecutive=3, worst_allowed=P.BAIK, after_coaching=False)
    history = [("2026-Q2", "butuh_perbaikan"), ("2026-Q3", "butuh_perbaikan"), ("2026-Q4", "kurang")]
    assert rules.reassignment_due(history, coaching_from=None, policy=policy) == ["2026-Q2", "2026-Q3", "2026-Q4"]


@relaxed
@given(st.lists(PREDIKAT, min_size=0, max_size=8))
def test_trigger_means_the_last_n_cuts_are_all_poor(predikats):
    history = [(rules.shift_cut("2026-Q1", i), p) for i, p in enumerate(predikats)]
    keys = rules.reassignment_due(history, coaching_from="2025-Q4")
    if keys:
        assert keys == [k for k, _p in history[-2:]]
        assert all(rules.predikat_rank(p) >= 3 for _k, p in history[-2:])
    else:
        assert len(history) < 2 or not all(rules.predikat_rank(p) >= 3 for _k, p in history[-2:])


def test_a_decision_needs_a_known_choice_a_reason_and_a_decree():
    assert rules.decision_problem("move", "", "800/1/2026")[0] == "reason"
    assert rules.decision_problem("move", "Tidak sesuai", " ")[0] == "decree_number"
    assert rules.decision_problem("fire", "x", "y")[0] == "decision"
    assert rules.decision_problem("keep", "Membaik setelah bimbingan", "800/1/2026") is None


# ------------------------------------------------------------------------------ credit ledger
def test_credit_is_three_decimals_from_appraisals_formula():
    assert rules.ledger_credit("baik", "ahli_pertama", "2026-02") == Decimal("1.042")  # 1/12 × 12.5
    assert rules.ledger_credit("baik", "ahli_pertama", "2026-Q1") == Decimal("3.125")
    assert rules.ledger_credit("sangat_baik", "ahli_madya", "2026") == Decimal("56.250")
    with pytest.raises(ValueError):
        rules.ledger_credit("baik", "", "2026")


@relaxed
@given(PREDIKAT, st.sampled_from(sorted(rules.FUNCTIONAL_LEVELS)), st.sampled_from(["2026-Q1", "2026-07", "2026"]))
def test_ledger_rows_match_the_single_formula(p, level, cut_key):
    months = {"2026-Q1": 3, "2026-07": 1, "2026": 12}[cut_key]
    credit = rules.ledger_credit(p, level, cut_key)
    assert credit == angka_kredit(p, level, months=months)
    assert credit.as_tuple().exponent == -3


@relaxed
@given(st.lists(st.decimals(0, 100, places=3), max_size=20))
def test_the_total_is_the_sum_of_rows(amounts):
    assert rules.ledger_total(amounts) == sum(amounts, Decimal(0))


def test_one_years_credit_counts_once():
    keys = ["2026-Q1", "2026-Q2", "2026"]
    assert rules.ledger_cuts_to_add(False, keys) == ["2026-Q1", "2026-Q2"]
    assert rules.ledger_cuts_to_add(True, keys) == ["2026"]


def test_credit_waits_for_the_objection_window():
    received = dt.date(2026, 11, 1)
    assert not rules.credit_settled("final", received, dt.date(2026, 11, 15))
    assert rules.credit_settled("final", received, dt.date(2026, 11, 16))
    assert rules.credit_settled("acknowledged", received, received)
    assert not rules.credit_settled("objected", received, dt.date(2027, 1, 1))


# -------------------------------------------------------------------------------- eligibility
def check(**changes):
    values = {
        "rank_start": dt.date(2022, 4, 1),
        "on": dt.date(2026, 12, 1),
        "annual_predikat": ["baik", "sangat_baik"],
        "functional_level": None,
        "credit": None,
        "running_sanction": False,
    } | changes
    return rules.promotion_check(**values)


def test_regular_promotion_after_four_years_with_baik_twice():
    assert check().eligible
    assert check(rank_start=dt.date(2023, 4, 1)).reasons == ["Masa kerja dalam pangkat kurang dari 4 tahun."]
    assert not check(annual_predikat=["baik", "butuh_perbaikan"]).eligible
    assert not check(annual_predikat=["baik"]).eligible
    assert check(running_sanction=True).reasons == ["Sedang menjalani hukuman disiplin."]
    assert check(rank_start=None).reasons == ["TMT pangkat belum tercatat."]


def test_functional_promotion_needs_two_years_and_the_credit():
    base = {"rank_start": dt.date(2024, 6, 1), "functional_level": "ahli_pertama"}
    assert check(**base, credit=Decimal("50.000")).eligible
    assert check(**base, credit=Decimal("49.999")).reasons == ["Angka kredit belum mencukupi."]


@relaxed
@given(st.dates(dt.date(2000, 1, 1), dt.date(2026, 12, 1)), st.booleans())
def test_eligible_means_no_reason_and_enough_years(start, sanction):
    result = check(rank_start=start, running_sanction=sanction)
    assert result.eligible == (not result.reasons)
    if result.eligible:
        assert rules.years_between(start, dt.date(2026, 12, 1)) >= 4 and not sanction


# -------------------------------------------------------------------------------- talent grid
@pytest.mark.parametrize(
    ("predikat", "score", "box"),
    [("sangat_baik", "4.5", 9), ("sangat_baik", "1", 4), ("baik", "3", 5), ("baik", "4", 8), ("kurang", "2", 1)],
)
def test_box_numbers_follow_domain_numbering(predikat, score, box):
    level = rules.performance_level([predikat])
    assert rules.box(level, rules.potential_level(Decimal(score))) == box


def test_potential_outside_its_scale_is_refused():
    assert rules.potential_problem(Decimal("5.01")) and rules.potential_problem(Decimal("0.99"))
    with pytest.raises(ValueError):
        rules.potential_level(Decimal(6))


def test_movement_between_years():
    assert rules.movement(None, 5) == "baru"
    assert rules.movement(5, 5) == "tetap"
    assert rules.movement(2, 5) == "naik" and rules.movement(9, 8) == "turun" and rules.movement(6, 4) == "naik"
    assert rules.movement(3, None) == ""


@relaxed
@given(PREDIKAT, st.decimals(1, 5, places=2))
def test_every_assessed_employee_lands_in_one_of_nine_boxes(p, score):
    assert 1 <= rules.box(rules.performance_level([p]), rules.potential_level(score)) <= 9
