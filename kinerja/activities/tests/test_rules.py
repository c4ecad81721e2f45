import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.activities import rules

T = dt.time
TODAY = dt.date(2026, 11, 22)


def check(**overrides):
    args = dict(
        day=TODAY,
        today=TODAY,
        period_open=True,
        start=T(8),
        end=T(10),
        minutes=None,
        other_intervals=[],
        other_minutes=0,
    )
    args.update(overrides)
    return rules.check_entry(**args)


def fields(problems):
    return {p.field for p in problems}


def test_a_normal_entry_has_its_duration():
    assert check() == (120, [])
    assert check(start=None, end=None, minutes=45) == (45, [])


def test_future_dates_and_closed_periods_are_refused():
    assert "date" in fields(check(day=TODAY + dt.timedelta(days=1))[1])
    assert "date" in fields(check(period_open=False)[1])


def test_end_must_follow_start():
    assert "end_time" in fields(check(start=T(10), end=T(9))[1])
    assert "end_time" in fields(check(start=T(10), end=T(10))[1])


@pytest.mark.parametrize(
    ("start", "end", "overlaps"),
    [(T(9), T(11), True), (T(7), T(8, 1), True), (T(10), T(12), False), (T(6), T(8), False)],
)
def test_overlaps_with_another_entry_of_the_day(start, end, overlaps):
    problems = check(start=start, end=end, other_intervals=[(T(8), T(10))])[1]
    assert ("start_time" in fields(problems)) is overlaps


def test_a_day_cannot_hold_more_than_24_hours():
    assert "minutes" in fields(check(start=None, end=None, minutes=1441)[1])
    assert "minutes" in fields(check(start=None, end=None, minutes=300, other_minutes=1200)[1])
    assert check(start=None, end=None, minutes=240, other_minutes=1200)[1] == []


def test_a_duration_or_times_are_required():
    assert "start_time" in fields(check(start=None, end=None, minutes=None)[1])


@pytest.mark.parametrize(
    ("day", "cut", "key"),
    [
        (dt.date(2026, 3, 31), "monthly", "2026-03"),
        (dt.date(2026, 3, 31), "quarterly", "2026-Q1"),
        (dt.date(2026, 10, 1), "quarterly", "2026-Q4"),
    ],
)
def test_period_keys(day, cut, key):
    assert rules.period_key(day, cut) == key


def test_progress_respects_direction_and_cap():
    assert rules.progress_pct(Decimal(50), Decimal(100)) == 50
    assert rules.progress_pct(Decimal(500), Decimal(100)) == 120
    assert rules.progress_pct(Decimal(3), Decimal(3), lower_is_better=True) == 100
    assert rules.progress_pct(Decimal(6), Decimal(3), lower_is_better=True) == 50
    assert rules.progress_pct(Decimal(0), Decimal(3), lower_is_better=True) == 0
    assert rules.progress_pct(Decimal(5), Decimal(0)) == 0


@given(
    st.decimals(min_value=0, max_value=10**6, places=2),
    st.decimals(min_value=Decimal("0.01"), max_value=10**6, places=2),
    st.booleans(),
)
def test_progress_is_always_between_0_and_the_cap(realized, target, lower):
    assert 0 <= rules.progress_pct(realized, target, lower_is_better=lower) <= 120


@pytest.mark.parametrize(
    ("head", "names", "kind"),
    [
        (b"%PDF-1.7\n", None, "pdf"),
        (b"\x89PNG\r\n\x1a\n....", None, "png"),
        (b"\xff\xd8\xff\xe0", None, "jpeg"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", None, "webp"),
        (b"PK\x03\x04", ["[Content_Types].xml", "word/document.xml"], "ooxml"),
        (b"PK\x03\x04", ["mimetype", "content.xml"], "odf"),
        (b"PK\x03\x04", ["evil.exe"], None),
        (b"MZ\x90\x00", None, None),
        (b"<html><script>", None, None),
        (b"GIF89a", None, None),
    ],
)
def test_evidence_type_is_decided_by_content(head, names, kind):
    assert rules.sniff_evidence(head, zip_names=names) == kind
