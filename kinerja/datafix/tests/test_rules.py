import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.datafix import rules


def test_a_report_names_what_it_should_be():
    with pytest.raises(rules.ReportError) as error:
        rules.check_submission(subject="supervisor", wanted="  ", chosen_id=None, current_id=3, me=1)
    assert error.value.field == "wanted"
    assert rules.check_submission(subject="unit", wanted="", chosen_id=5, current_id=3, me=1) == ""
    assert rules.check_submission(
        subject="position", wanted=" Analis   SDM ", chosen_id=None, current_id=None, me=1
    ) == ("Analis SDM")


@pytest.mark.parametrize(
    "subject,chosen,current,field",
    [("gaji", None, None, "subject"), ("unit", 3, 3, "wanted"), ("supervisor", 1, 2, "supervisor_nip")],
)
def test_what_a_report_cannot_ask(subject, chosen, current, field):
    with pytest.raises(rules.ReportError) as error:
        rules.check_submission(subject=subject, wanted="x", chosen_id=chosen, current_id=current, me=1)
    assert error.value.field == field


def test_only_an_open_report_is_decided_and_a_refusal_says_why():
    assert rules.can_decide("open") and not rules.can_decide("fixed") and not rules.can_decide("refused")
    with pytest.raises(rules.ReportError):
        rules.check_reason(" ")
    assert rules.check_reason(" SK belum terbit ") == "SK belum terbit"


@given(st.text(max_size=600), st.sampled_from(["supervisor", "position", "unit"]))
def test_any_text_is_accepted_trimmed_or_refused_by_field(text, subject):
    try:
        wanted = rules.check_submission(subject=subject, wanted=text, chosen_id=None, current_id=None, me=1)
    except rules.ReportError as error:
        assert error.field == "wanted"
    else:
        assert wanted and len(wanted) <= rules.MAX_TEXT and wanted == " ".join(wanted.split())
