"""The fairness flags and the IKU roll-up, without a database: on generated raters, an honest
rater is never flagged; a lenient, a harsh, a rubber-stamping and a favouring one are."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.insight import rules
from kinerja.insight.rules import Aggregation, FlagCode, PersonCuts, RaterFigures, Supporting, Thresholds
from kinerja.skp.models import AGGREGATION_CHOICES

RATINGS = ["di_atas", "sesuai", "di_bawah"]


def codes(figures, thresholds=None):
    return {f.code for f in rules.rater_flags(figures, thresholds)}


# ------------------------------------------------------------------------------ generated raters
suggestions = st.lists(st.sampled_from(RATINGS), min_size=1, max_size=40)


@st.composite
def honest_rater(draw):
    """Rates as the evidence suggests, opens the evidence, returns some entries, decides on time."""
    suggested = draw(suggestions)
    counts = {r: suggested.count(r) for r in RATINGS if suggested.count(r)}
    people = draw(st.lists(st.integers(1, 4), min_size=0, max_size=12))
    decided = draw(st.integers(0, 400))
    accepted = draw(st.integers(0, decided))
    with_evidence = draw(st.integers(0, decided))
    unopened = draw(st.integers(0, with_evidence // 10))
    late = draw(st.integers(0, decided // 10))
    return RaterFigures(
        rated=len(suggested),
        chosen=counts,
        suggested=counts,
        people=tuple(PersonCuts(i, c, 0, 0) for i, c in enumerate(people)),
        decided=decided,
        accepted=accepted,
        with_evidence=with_evidence,
        unopened=unopened,
        late=late,
    )


@given(honest_rater())
def test_an_honest_rater_is_never_flagged(figures):
    assert rules.rater_flags(figures) == []


@given(st.integers(5, 60), st.floats(0.0, 0.5))
def test_a_lenient_rater_is_flagged_and_the_reason_cites_the_numbers(n, suggested_share):
    suggested_above = int(n * suggested_share)
    figures = RaterFigures(
        rated=n,
        chosen={"di_atas": n},
        suggested={"di_atas": suggested_above, "sesuai": n - suggested_above},
    )
    flags = rules.rater_flags(figures)
    assert [f.code for f in flags] == [FlagCode.LENIENT]
    assert flags[0].params == {"chosen": n, "suggested": suggested_above, "n": n, "label": "Di Atas Ekspektasi"}


@given(st.integers(5, 60))
def test_a_harsh_rater_is_flagged(n):
    figures = RaterFigures(rated=n, chosen={"di_bawah": n}, suggested={"sesuai": n})
    assert codes(figures) == {FlagCode.SEVERE}


def test_the_example_of_the_issue_reads_as_written():
    figures = RaterFigures(rated=10, chosen={"di_atas": 9, "sesuai": 1}, suggested={"di_atas": 3, "sesuai": 7})
    (flag,) = rules.rater_flags(figures)
    assert flag.message % flag.params == "Memberi 9 dari 10 pegawai Di Atas Ekspektasi; bukti menyarankan 3 dari 10."


def test_a_small_departure_or_a_small_team_is_not_flagged():
    assert codes(RaterFigures(rated=10, chosen={"di_atas": 5}, suggested={"di_atas": 3})) == set()
    assert codes(RaterFigures(rated=4, chosen={"di_atas": 4}, suggested={"sesuai": 4})) == set()


@given(st.integers(20, 500), st.data())
def test_a_rubber_stamping_rater_is_flagged(decided, data):
    with_evidence = data.draw(st.integers(1, decided))
    unopened = data.draw(st.integers(int(with_evidence * 0.8) + 1, with_evidence)) if with_evidence > 1 else 1
    figures = RaterFigures(decided=decided, accepted=decided, with_evidence=with_evidence, unopened=unopened)
    assert codes(figures) == {FlagCode.RUBBER_STAMP}


def test_accepting_everything_after_opening_the_evidence_is_not_rubber_stamping():
    assert codes(RaterFigures(decided=100, accepted=100, with_evidence=80, unopened=2)) == set()


@given(st.integers(1, 4), st.integers(2, 8), st.integers(2, 4))
def test_a_favouring_rater_is_flagged_with_the_favoured_people(favoured, others, cuts):
    people = [PersonCuts(i, cuts, cuts, 0) for i in range(favoured)]
    people += [PersonCuts(100 + i, cuts, 0, 0) for i in range(others)]
    figures = RaterFigures(people=tuple(people))
    flags = rules.rater_flags(figures)
    if favoured <= (favoured + others) / 2:
        (flag,) = flags
        assert flag.code == FlagCode.FAVOURITISM and flag.employee_ids == tuple(range(favoured))
    else:  # most people above their evidence is leniency, not favouritism
        assert flags == []


def test_one_rating_above_the_evidence_is_not_favouritism():
    people = (PersonCuts(1, 1, 1, 0), PersonCuts(2, 3, 0, 0), PersonCuts(3, 3, 0, 0), PersonCuts(4, 3, 0, 0))
    assert codes(RaterFigures(people=people)) == set()


def test_late_verification_and_curve_departure():
    assert codes(RaterFigures(decided=30, waiting=10, late=12)) == {FlagCode.LATE}
    # Organisation Baik: Baik must be the majority, at most 70%, and some BP or K/M.
    figures = RaterFigures(rated=6, chosen={"sesuai": 6}, suggested={"sesuai": 6}, predikat={"sangat_baik": 6})
    assert codes(figures) == set()  # without an organisation predicate there is no curve to depart from
    assert codes(RaterFigures(**{**figures.__dict__, "org_predicate": "baik"})) == {FlagCode.CURVE}


def test_thresholds_are_configuration():
    figures = RaterFigures(rated=10, chosen={"di_atas": 5}, suggested={"di_atas": 3})
    strict = Thresholds.from_mapping({"leniency_gap": "2", "leniency_share": 0.2, "unknown": 1})
    assert strict.leniency_gap == 2 and codes(figures, strict) == {FlagCode.LENIENT}


@given(honest_rater())
def test_figures_survive_storage(figures):
    assert RaterFigures.from_dict(figures.as_dict()) == figures


def test_people_cuts_counts_departures_per_person():
    rows = [(1, "sesuai", "di_atas"), (1, "sesuai", "sesuai"), (2, "di_atas", "sesuai"), (1, "di_bawah", "di_atas")]
    assert rules.people_cuts(rows) == [PersonCuts(1, 3, 2, 0), PersonCuts(2, 1, 0, 1)]


# ------------------------------------------------------------------------------ IKU roll-up
A = Supporting(Decimal(100), {"2026-Q1": Decimal(30), "2026-Q2": Decimal(40)})
B = Supporting(Decimal(300), {"2026-Q2": Decimal(60)})
CUTS = ["2026-Q1", "2026-Q2"]


@pytest.mark.parametrize(
    ("aggregation", "expected"),
    [("sum", "130.00"), ("average", "65.00"), ("weighted", "16.25"), ("last", "100.00")],
)
def test_iku_realization_per_aggregation(aggregation, expected):
    assert rules.iku_realization(Aggregation(aggregation), Decimal(50), [A, B], CUTS) == Decimal(expected)


def test_no_data_is_not_zero():
    assert rules.iku_realization(Aggregation.SUM, Decimal(50), [B], ["2026-Q1"]) is None
    assert rules.iku_realization(Aggregation.SUM, Decimal(50), [], CUTS) is None


@given(
    st.lists(st.tuples(st.integers(1, 1000), st.integers(0, 1000)), min_size=1, max_size=10),
    st.sampled_from(list(Aggregation)),
)
def test_roll_up_of_one_cut_is_bounded_by_its_parts(parts, aggregation):
    supporting = [Supporting(Decimal(t), {"2026-Q1": Decimal(r)}) for t, r in parts]
    value = rules.iku_realization(aggregation, Decimal(100), supporting, ["2026-Q1"])
    total = sum(Decimal(r) for _t, r in parts)
    assert Decimal(0) <= value <= max(total, Decimal(100) * total / sum(Decimal(t) for t, _r in parts)) + 1


def test_achievement_pct():
    assert rules.achievement_pct(Decimal(45), Decimal(50)) == Decimal("90.00")
    assert rules.achievement_pct(Decimal(4), Decimal(2), lower_is_better=True) == Decimal("50.00")
    assert rules.achievement_pct(None, Decimal(2)) is None


def test_the_choices_on_the_iku_model_are_the_rule_aggregations():
    assert [value for value, _label in AGGREGATION_CHOICES] == [a.value for a in Aggregation]
