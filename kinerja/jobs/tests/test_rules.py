from hypothesis import given
from hypothesis import strategies as st

from kinerja.jobs import rules


def test_percent_examples():
    assert rules.percent(0, 0, rules.QUEUED) == 0
    assert rules.percent(0, 0, rules.DONE) == 100  # nothing to do is done
    assert rules.percent(50, 200, rules.RUNNING) == 25
    assert rules.percent(200, 200, rules.RUNNING) == 99  # 100 only once recorded as done
    assert rules.percent(3, 10, rules.FAILED) == 30


def test_clamp_examples():
    assert rules.clamp_progress(5, 3) == (3, 3)
    assert rules.clamp_progress(-1, -4) == (0, 0)


@given(st.integers(-10, 10_000), st.integers(-10, 10_000), st.sampled_from(sorted(rules.ACTIVE | rules.FINISHED)))
def test_percent_is_a_whole_percent_and_only_done_is_full(done, total, status):
    value = rules.percent(done, total, status)
    assert 0 <= value <= 100
    assert (value == 100) == (status == rules.DONE)


@given(st.integers(-10, 10_000), st.integers(-10, 10_000))
def test_clamped_counts_are_ordered(done, total):
    d, t = rules.clamp_progress(done, total)
    assert 0 <= d <= t
