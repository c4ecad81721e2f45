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


# ------------------------------------------------------------------ complaints: issue #16 rules
def test_category_names_are_checked_without_case_or_spacing_tricks():
    assert rules.category_name_problem("Parkir", ["Lainnya"]) is None
    assert rules.category_name_problem("  lainnya ", ["Lainnya"])[1] == {"name": "lainnya"}
    assert rules.category_name_problem("Antrean  dan waktu LAYANAN", rules.DEFAULT_CATEGORIES) is not None
    assert rules.category_name_problem("   ", []) is not None
    assert rules.category_name_problem("x" * 81, [])[1] == {"limit": 80}


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "png"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "webp"),
        (b"%PDF-1.7\n", "pdf"),
        (b"GIF89a", None),
        (b"<svg xmlns=", None),
        (b"MZ\x90\x00", None),  # an executable named foto.jpg
        (b"PK\x03\x04", None),  # office files are evidence, not a citizen's attachment
        (b"", None),
    ],
)
def test_an_attachment_is_typed_by_its_first_bytes(head, kind):
    assert rules.sniff_attachment(head) == kind


def test_attachment_problems():
    assert rules.attachment_problem(1000, "jpeg", pixels=12_000_000) is None
    assert rules.attachment_problem(0, "jpeg") is not None
    assert rules.attachment_problem(rules.MAX_ATTACHMENT_BYTES + 1, "jpeg")[1] == {"max": 5}
    assert rules.attachment_problem(1000, None) is not None
    assert rules.attachment_problem(1000, "png", pixels=rules.MAX_IMAGE_PIXELS + 1)[1] == {"mp": 24}


@given(st.integers(1, 20_000), st.integers(1, 20_000))
def test_a_scaled_photo_fits_and_keeps_its_shape(width, height):
    w, h = rules.scaled_size(width, height)
    assert max(w, h) <= max(rules.MAX_IMAGE_SIDE, 1) or (w, h) == (width, height)
    assert 1 <= w <= width and 1 <= h <= height
    if max(width, height) <= rules.MAX_IMAGE_SIDE:
        assert (w, h) == (width, height)
    else:
        assert max(w, h) == rules.MAX_IMAGE_SIDE
        # the aspect ratio holds to within the rounding of one pixel
        assert abs(w * height - h * width) <= max(width, height)


@pytest.mark.parametrize(("rating", "tepat"), [(1, False), (2, False), (3, True), (4, True)])
def test_three_and_four_count_as_tepat(rating, tepat):
    assert rules.is_tepat(rating) is tepat


@given(st.integers(0, 500), st.integers(0, 500))
def test_a_share_is_a_percentage_of_the_cases_it_counts(a, b):
    met, total = min(a, b), max(a, b)
    value = rules.share(met, total)
    assert value.total == total and value.met == met
    assert value.small_sample is (total < rules.MIN_RATINGS)
    if total == 0:
        assert value.pct is None
    else:
        assert Decimal(0) <= value.pct <= Decimal(100)
        assert abs(value.pct - Decimal(met) * 100 / Decimal(total)) <= Decimal("0.005")


def test_a_share_refuses_more_met_than_cases():
    with pytest.raises(ValueError):
        rules.share(3, 2)


@pytest.mark.parametrize(
    ("resolved", "rated", "rating", "refused"),
    [
        (True, False, 3, False),
        (True, False, "4", False),
        (False, False, 4, True),  # no resolution yet
        (True, True, 4, True),  # rated twice
        (True, False, 5, True),
        (True, False, 0, True),
        (True, False, "baik", True),
        (True, False, None, True),
    ],
)
def test_rating_problems(resolved, rated, rating, refused):
    problem = rules.rating_problem(status_resolved=resolved, already_rated=rated, rating=rating)
    assert (problem is not None) is refused


@given(st.booleans(), st.booleans(), st.one_of(st.integers(-5, 10), st.text(max_size=3), st.none()))
def test_a_rating_passes_only_when_resolved_unrated_and_on_the_scale(resolved, rated, rating):
    problem = rules.rating_problem(status_resolved=resolved, already_rated=rated, rating=rating)
    try:
        on_scale = int(str(rating)) in rules.SCALE
    except ValueError:
        on_scale = False
    assert (problem is None) == (resolved and not rated and on_scale)
