"""Small units and the curve: the distribution is checked where its shares can hold (the unit
with enough people, else its parent organisation), and the page says which was applied."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from conftest import approved_skp
from kinerja.appraisal import rules, selectors, services
from kinerja.appraisal.models import Evaluation
from kinerja.org.tests.factories import EmployeeFactory, PositionFactory, UserFactory

CUT = "2026-Q4"
L = rules.CurveLevel


# ----------------------------------------------------------------------------------- the rule
def test_a_large_enough_unit_uses_its_own_curve():
    assert rules.curve_level([L(12, True), L(40, True)], 10) == 0


def test_a_small_unit_uses_the_parent_organisation():
    assert rules.curve_level([L(1, True), L(25, True)], 10) == 1
    assert rules.curve_level([L(1, True), L(8, False), L(30, True)], 10) == 2


def test_no_level_large_enough_means_no_curve():
    assert rules.curve_level([L(1, True), L(4, True)], 10) is None
    assert rules.curve_level([L(1, True), L(40, False)], 10) is None  # no pattern up there
    assert rules.curve_level([], 10) is None


LEVELS = st.lists(st.builds(L, st.integers(0, 60), st.booleans()), max_size=5)


@given(LEVELS, st.integers(0, 30))
def test_the_chosen_level_is_the_nearest_where_the_curve_can_hold(levels, min_people):
    index = rules.curve_level(levels, min_people)
    usable = [i for i, lv in enumerate(levels) if lv.has_pattern and lv.people >= max(min_people, 1)]
    assert index == (usable[0] if usable else None)


@given(LEVELS, st.integers(0, 30), st.integers(0, 30))
def test_a_higher_threshold_never_moves_the_check_down(levels, a, b):
    low, high = sorted((a, b))
    at_low, at_high = rules.curve_level(levels, low), rules.curve_level(levels, high)
    if at_high is not None:
        assert at_low is not None and at_low <= at_high


# ------------------------------------------------------------------------------ in the service
@pytest.fixture
def dinas(cast, period):
    """Bidang P2P: the employee and the Kabid (2 evaluations); the Dinas above: 3 in all."""
    head_user = UserFactory(employee=cast.head)
    approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    approved_skp(cast.supervisor, period, cast.atasan, head_user)
    staff = EmployeeFactory(unit=cast.opd, supervisor=cast.head, position=PositionFactory(unit=cast.opd))
    approved_skp(staff, period, UserFactory(employee=staff), head_user)
    services.evaluations_compute(instansi=cast.instansi, period=period, cut_key=CUT)
    return Evaluation.objects.get(employee=cast.employee, cut_key=CUT)


def predicate(cast, period, unit, value):
    services.unit_predicate_set(unit=unit, period=period, cut_key=CUT, predicate=value, by=cast.admin)


@pytest.mark.django_db
def test_a_small_unit_is_checked_within_its_parents_distribution(client, cast, period, dinas, settings):
    settings.APPRAISAL_CURVE_MIN_PEOPLE = 3
    predicate(cast, period, cast.bidang, "istimewa")  # on its own, one BP would break "SB majority"
    predicate(cast, period, cast.opd, "butuh_perbaikan")
    services.evaluation_rate(evaluation=dinas, by=cast.atasan, results_rating="di_bawah", behaviour_rating="sesuai")
    curve = selectors.curve(cast.bidang, period, CUT)
    assert curve.applied == "parent" and curve.unit == cast.opd and curve.issues == []
    assert "hanya 2 pegawai (kurang dari 3)" in curve.scope_note and "Dinas Kesehatan" in curve.scope_note
    final = services.evaluation_finalise(evaluation=dinas, by=cast.atasan)  # no justification needed
    assert final.status == "final"
    client.force_login(cast.atasan)
    page = client.get(reverse("appraisal:board", args=[period.pk, CUT, cast.bidang.pk])).content.decode()
    assert 'data-curve-scope="parent"' in page and "organisasi induk Dinas Kesehatan" in page


@pytest.mark.django_db
def test_a_unit_large_enough_keeps_its_own_curve(cast, period, dinas, settings):
    settings.APPRAISAL_CURVE_MIN_PEOPLE = 2
    predicate(cast, period, cast.bidang, "istimewa")
    predicate(cast, period, cast.opd, "butuh_perbaikan")
    services.evaluation_rate(evaluation=dinas, by=cast.atasan, results_rating="di_bawah", behaviour_rating="sesuai")
    curve = selectors.curve(cast.bidang, period, CUT)
    assert curve.applied == "unit" and curve.unit == cast.bidang and curve.issues
    assert "sendiri (2 pegawai dinilai)" in curve.scope_note


@pytest.mark.django_db
def test_a_one_person_unit_in_a_small_organisation_is_not_told_the_impossible(client, cast, period, dinas):
    """The default threshold (10) is above the whole Dinas here: no '70% of 1' message."""
    predicate(cast, period, cast.bidang, "baik")
    services.evaluation_rate(
        evaluation=dinas, by=cast.atasan, results_rating="sesuai", behaviour_rating="sesuai", results_reason="Lapangan"
    )
    curve = selectors.curve(cast.bidang, period, CUT)
    assert curve.applied == "none" and curve.issues == []
    assert services.evaluation_finalise(evaluation=dinas, by=cast.atasan).status == "final"


@pytest.mark.django_db
def test_the_api_says_which_curve_was_applied(client, cast, period, dinas, settings):
    from kinerja.accounts.models import ApiToken

    settings.APPRAISAL_CURVE_MIN_PEOPLE = 3
    predicate(cast, period, cast.opd, "baik")
    response = client.put(
        f"/api/v1/units/{cast.bidang.pk}/predicate",
        {"period_id": period.pk, "cut_key": CUT, "predicate": "istimewa"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(cast.admin)[1]}",
    )
    body = response.json()
    assert response.status_code == 200 and body["curve_applied"] == "parent"
    assert "Dinas Kesehatan" in body["curve_note"]
