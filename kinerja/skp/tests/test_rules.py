from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.skp import rules
from kinerja.skp.rules import Action, IndicatorDraft, RhkDraft, SkpStatus


@pytest.mark.parametrize(
    ("status", "action", "expected"),
    [
        (SkpStatus.DRAFT, Action.SUBMIT, SkpStatus.SUBMITTED),
        (SkpStatus.RETURNED, Action.SUBMIT, SkpStatus.SUBMITTED),
        (SkpStatus.SUBMITTED, Action.RETURN, SkpStatus.RETURNED),
        (SkpStatus.SUBMITTED, Action.APPROVE, SkpStatus.APPROVED),
        (SkpStatus.APPROVED, Action.SUPERSEDE, SkpStatus.SUPERSEDED),
    ],
)
def test_allowed_transitions(status, action, expected):
    assert rules.next_status(status, action) == expected


@pytest.mark.parametrize("status", list(SkpStatus))
@pytest.mark.parametrize("action", list(Action))
def test_every_other_transition_is_refused_with_a_message(status, action):
    if (status, action) in rules.TRANSITIONS:
        return
    with pytest.raises(rules.TransitionError) as error:
        rules.next_status(status, action)
    assert error.value.message


def test_double_submission_says_it_is_already_submitted():
    with pytest.raises(rules.TransitionError, match="sudah diajukan"):
        rules.next_status(SkpStatus.SUBMITTED, Action.SUBMIT)


def test_an_approved_skp_is_locked():
    with pytest.raises(rules.TransitionError, match="terkunci"):
        rules.next_status(SkpStatus.APPROVED, Action.SUBMIT)


IND = (IndicatorDraft("Jumlah dokumen", "kuantitas", Decimal(12), "dokumen"),)


def test_an_empty_skp_cannot_be_submitted():
    problems = rules.submission_problems([], jpt=False)
    assert problems and "utama" in problems[0][0]


def test_every_rhk_needs_an_indicator_and_a_link():
    rhks = [RhkDraft("A", "utama", (), parent_linked=False, own_initiative=False)]
    messages = [m % p for m, p in rules.submission_problems(rhks, jpt=False)]
    assert any("indikator" in m for m in messages) and any("intervensi" in m for m in messages)


def test_own_initiative_and_additional_results_need_no_link():
    rhks = [
        RhkDraft("A", "utama", IND, parent_linked=False, own_initiative=True),
        RhkDraft("B", "tambahan", IND, parent_linked=False, own_initiative=False),
    ]
    assert rules.submission_problems(rhks, jpt=False) == []


def test_a_jpt_rhk_must_support_an_organisational_goal():
    rhks = [RhkDraft("A", "utama", IND, parent_linked=False, own_initiative=False)]
    assert "sasaran" in rules.submission_problems(rhks, jpt=True)[0][0]


@pytest.mark.parametrize(
    ("raw", "value"),
    [("12", Decimal(12)), ("1.250,5", Decimal("1250.5")), ("95.5", Decimal("95.5")), (" 3 ", Decimal(3))],
)
def test_parse_target_accepts_indonesian_and_plain_numbers(raw, value):
    assert rules.parse_target(raw) == value


@pytest.mark.parametrize("raw", ["", "abc", "0", "-5", "NaN", "Infinity", "1e20"])
def test_parse_target_refuses_what_is_not_a_positive_number(raw):
    with pytest.raises(rules.RuleError):
        rules.parse_target(raw)


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999999"), places=2))
def test_parse_target_round_trips_positive_numbers(value):
    assert rules.parse_target(str(value)) == value


def test_template_lines_group_indicators_by_rhk():
    items = rules.parse_template_lines(
        "Layanan KTP-el | KTP-el terbit | kuantitas | 1.200 | keping | naik\n"
        "# komentar\n"
        "Layanan KTP-el | Waktu penerbitan KTP-el | waktu | 3 | hari | turun\n"
    )
    assert len(items) == 1 and len(items[0]["indicators"]) == 2
    assert items[0]["indicators"][1] == {
        "text": "Waktu penerbitan KTP-el",
        "aspect": "waktu",
        "target": "3",
        "unit": "hari",
        "direction": "lower",
    }


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "paling sedikit"),
        ("a | b | c", "6 bagian"),
        ("a | b | rasa | 1 | x | naik", "aspek"),
        ("a | b | waktu | 1 | x | atas", "arah"),
        ("a | b | waktu | nol | x | naik", "target"),
    ],
)
def test_template_lines_name_the_bad_line(text, fragment):
    with pytest.raises(rules.RuleError) as error:
        rules.parse_template_lines(text)
    assert fragment in str(error.value)


def test_berakhlak_has_seven_values_with_three_guides_each():
    assert len(rules.BERAKHLAK) == 7 and all(len(guides) == 3 for _c, _l, guides in rules.BERAKHLAK)
