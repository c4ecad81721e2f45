"""Ranking: order by predikat, achievement, verified work; ties share a position and say so."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.recognition import rules
from kinerja.recognition.rules import Candidate

D = Decimal


def test_order_and_reasons():
    ranked = rules.rank(
        [
            Candidate(1, "baik", D("120"), 40, "A"),
            Candidate(2, "sangat_baik", D("95"), 10, "B"),
            Candidate(3, "baik", D("120"), 55, "C"),
            Candidate(4, "baik", D("101"), 90, "D"),
        ]
    )
    assert [r.candidate.key for r in ranked] == [2, 3, 1, 4]
    assert [r.position for r in ranked] == [1, 2, 3, 4]
    assert ranked[0].reason.startswith("Predikat lebih tinggi")
    assert ranked[1].params == {"a": 55, "b": 40}  # same predikat and achievement: verified work decides
    assert ranked[2].params == {"a": D("120"), "b": D("101")}


def test_ties_share_a_position_and_are_explained():
    ranked = rules.rank(
        [
            Candidate(1, "baik", D("100"), 10, "Budi"),
            Candidate(2, "baik", D("100"), 10, "Ani"),
            Candidate(3, "kurang", D("100"), 10, "Cici"),
        ]
    )
    assert [(r.candidate.name, r.position, r.tied) for r in ranked] == [
        ("Ani", 1, True),
        ("Budi", 1, True),
        ("Cici", 3, False),
    ]
    assert ranked[0].reason.startswith("Seri")


candidates = st.lists(
    st.builds(
        Candidate,
        key=st.integers(1, 10_000),
        predikat=st.sampled_from(list(rules.PREDIKAT_ORDER)),
        achievement_pct=st.decimals(min_value=0, max_value=200, places=2),
        verified_entries=st.integers(0, 50),
        name=st.text(max_size=5),
    ),
    max_size=30,
    unique_by=lambda c: c.key,
)


@settings(deadline=None)
@given(candidates)
def test_positions_never_decrease_and_equal_keys_share_them(items):
    ranked = rules.rank(items)
    assert len(ranked) == len(items)
    for upper, lower in zip(ranked, ranked[1:], strict=False):
        assert upper.position <= lower.position
        assert rules.sort_key(upper.candidate) <= rules.sort_key(lower.candidate)
        same = rules.sort_key(upper.candidate) == rules.sort_key(lower.candidate)
        assert (upper.position == lower.position) == same
        assert not same or (upper.tied and lower.tied)
    for index, r in enumerate(ranked):
        assert 1 <= r.position <= index + 1
