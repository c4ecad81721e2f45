"""Anonymity of 360 input: a group (peers, subordinates) is shown only once at least three of
its people answered, on the page, in the API, and never in the PDF."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from conftest import approved_skp
from kinerja.accounts.models import ApiToken
from kinerja.appraisal import rules, selectors, services
from kinerja.appraisal.models import Evaluation
from kinerja.org.tests.factories import EmployeeFactory

CUT = "2026-Q4"


def test_a_group_is_shown_from_three_answers():
    assert rules.peer_groups_shown({"peer": 3, "subordinate": 1}) == {"peer"}
    assert rules.peer_groups_shown({"peer": 2, "subordinate": 5}, 5) == {"subordinate"}
    assert rules.peer_groups_shown({"peer": 2}, 1) == set()  # configuration cannot go below three


@given(st.dictionaries(st.sampled_from(["peer", "subordinate"]), st.integers(0, 20)), st.integers(-5, 20))
def test_nothing_with_fewer_than_three_or_the_configured_minimum_is_ever_shown(answered, minimum):
    shown = rules.peer_groups_shown(answered, minimum)
    assert shown <= set(answered)
    assert all(answered[g] >= max(3, minimum) for g in shown)
    assert all(g in shown for g, n in answered.items() if n >= max(3, minimum))


@pytest.fixture
def evaluation(cast, period):
    """The staff member's evaluation with input from three peers and one lone subordinate."""
    approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    services.evaluations_compute(instansi=cast.instansi, period=period, cut_key=CUT)
    evaluation = Evaluation.objects.get(employee=cast.employee, cut_key=CUT)
    ratings = {code: "sesuai" for code in services.VALUES}
    for n in range(3):
        peer = EmployeeFactory(unit=cast.bidang, supervisor=cast.supervisor, name=f"Rekan {n}")
        services.peer_input_save(evaluation=evaluation, author=peer, ratings=ratings, comment=f"Rekan menulis {n}")
    lone = EmployeeFactory(unit=cast.bidang, supervisor=cast.employee, name="Bawahan Satu-satunya")
    services.peer_input_save(
        evaluation=evaluation, author=lone, ratings=ratings | {"harmonis": "di_bawah"}, comment="Atasan saya kasar"
    )
    return evaluation


@pytest.mark.django_db
def test_the_page_shows_the_peers_but_not_the_lone_subordinate(client, cast, evaluation):
    client.force_login(cast.atasan)
    page = client.get(reverse("appraisal:detail", args=[evaluation.pk])).content.decode()
    assert "Rekan menulis 2" in page
    assert "Atasan saya kasar" not in page and 'data-peer-hidden="subordinate"' in page
    assert "Bawahan Satu-satunya" not in page


@pytest.mark.django_db
def test_the_threshold_is_configurable_upwards(client, cast, evaluation, settings):
    settings.APPRAISAL_PEER_MIN_RESPONDENTS = 4
    summary = selectors.peer_summary(evaluation)
    assert [g.shown for g in summary["groups"]] == [False, False] and summary["shown"] == 0


@pytest.mark.django_db
def test_the_api_applies_the_same_rule(client, cast, evaluation):
    url = f"/api/v1/evaluations/{evaluation.pk}/peer-input"
    body = client.get(url, HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(cast.atasan)[1]}").json()
    peers, subordinates = body["groups"]
    assert peers["shown"] and peers["count"] == 3 and len(peers["comments"]) == 3
    assert subordinates == {
        "relation": "subordinate",
        "label": "Bawahan",
        "shown": False,
        "count": 0,
        "ratings": {},
        "comments": [],
    }
    assert "Atasan saya kasar" not in str(body)
    # The evaluated employee never reads it; another tenant does not see the evaluation.
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(cast.pegawai)[1]}").status_code == 403


@pytest.mark.django_db
def test_another_tenant_gets_404(client, other, evaluation):
    url = f"/api/v1/evaluations/{evaluation.pk}/peer-input"
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(other.admin)[1]}").status_code == 404


@pytest.mark.django_db
def test_the_pdf_never_carries_360_input(cast, evaluation):
    html = render_to_string("appraisal/document.html", selectors.document_context(evaluation))
    assert "Rekan menulis" not in html and "Atasan saya kasar" not in html
