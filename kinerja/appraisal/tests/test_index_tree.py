"""The appraisal index lists units as their hierarchy (OPD → bidang → seksi) in nested,
collapsible rows, with a name search and filters (still being rated, no organisation
predicate), in the same three queries whatever the number of units."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import approved_skp
from kinerja.appraisal import selectors, services
from kinerja.appraisal.models import Evaluation
from kinerja.org.models import Unit
from kinerja.org.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
CUT = "2026-Q4"


@pytest.fixture
def tree(cast, period):
    """Dinas Kesehatan → Bidang P2P (one evaluation, draft) → Seksi Imunisasi; Dinas Pendidikan."""
    seksi = UnitFactory(instansi=cast.instansi, parent=cast.bidang, code="SEKSI-IMUN", name="Seksi Imunisasi")
    approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    services.evaluations_compute(instansi=cast.instansi, period=period, cut_key=CUT)
    return seksi


def rows(cast, period, **filters):
    units = Unit.objects.filter(instansi=cast.instansi)
    return selectors.board_units(units, period, CUT, "/papan/0/", **filters)


def names(result):
    return [(r["level"], r["name"]) for r in result]


def test_rows_nest_as_the_hierarchy_with_subtree_totals(cast, period, tree):
    result = rows(cast, period)
    levels = dict((name, level) for level, name in names(result))
    assert levels["Dinas Kesehatan"] == 0 and levels["Bidang P2P"] == 1 and levels["Seksi Imunisasi"] == 2
    assert levels["Dinas Pendidikan"] == 0
    by_name = {r["name"]: r for r in result}
    bidang = by_name["Bidang P2P"]
    assert (bidang["evaluations"], bidang["finalised"], bidang["waiting"]) == (1, 0, 1)
    assert bidang["missing_predicate"] and bidang["has_children"]
    assert by_name["Dinas Kesehatan"]["total_evaluations"] == 1 and by_name["Dinas Kesehatan"]["evaluations"] == 0
    # Every level opened is closed again: the template's nesting balances.
    opened = sum(r["has_children"] for r in result)
    assert opened == sum(len(r["closes"]) for r in result)


def test_search_keeps_the_units_above_a_match(cast, period, tree):
    result = rows(cast, period, search="imunisasi")
    assert names(result) == [(0, "Dinas Kesehatan"), (1, "Bidang P2P"), (2, "Seksi Imunisasi")]
    assert [r["matched"] for r in result] == [False, False, True]
    assert all(r["open"] for r in result)
    assert rows(cast, period, search="tidak ada") == []


def test_filters_waiting_and_without_predicate(cast, period, tree):
    assert [r["name"] for r in rows(cast, period, show=selectors.SHOW_WAITING) if r["matched"]] == ["Bidang P2P"]
    assert [r["name"] for r in rows(cast, period, show=selectors.SHOW_NO_PREDICATE) if r["matched"]] == ["Bidang P2P"]
    services.unit_predicate_set(unit=cast.bidang, period=period, cut_key=CUT, predicate="baik", by=cast.admin)
    assert rows(cast, period, show=selectors.SHOW_NO_PREDICATE) == []
    evaluation = Evaluation.objects.get(employee=cast.employee, cut_key=CUT)
    services.evaluation_rate(
        evaluation=evaluation,
        by=cast.atasan,
        results_rating=evaluation.suggested_results,
        behaviour_rating="sesuai",
    )
    services.evaluation_finalise(evaluation=evaluation, by=cast.atasan)
    assert rows(cast, period, show=selectors.SHOW_WAITING) == []


def test_a_subtree_without_its_parent_starts_at_the_top(cast, period, tree):
    """An atasan may open Bidang P2P and below, not the Dinas: the rows start at level 0."""
    units = Unit.objects.filter(path__startswith=cast.bidang.path)
    result = selectors.board_units(units, period, CUT, "/papan/0/")
    assert names(result) == [(0, "Bidang P2P"), (1, "Seksi Imunisasi")]
    assert all(r["open"] for r in result)  # a short tree opens fully


def test_the_page_shows_the_tree_search_and_filter_in_fixed_queries(
    client, cast, period, tree, django_assert_max_num_queries
):
    client.force_login(cast.admin)
    url = reverse("appraisal:index")
    page = client.get(url, {"period": period.pk, "cut": CUT}).content.decode()
    assert 'id="unit-board"' in page and "<details" in page and 'name="q"' in page and 'name="tampil"' in page
    assert page.count("<details") == page.count("</details>")
    page = client.get(url, {"period": period.pk, "cut": CUT, "q": "imunisasi"}).content.decode()
    assert "Seksi Imunisasi" in page and "Dinas Pendidikan" not in page
    page = client.get(url, {"period": period.pk, "cut": CUT, "q": "zzz"}).content.decode()
    assert "Tidak ada unit yang cocok" in page
    params = {"period": period.pk, "cut": CUT, "tampil": "menunggu"}
    with CaptureQueriesContext(connection) as few:
        client.get(url, params)
    for i in range(40):
        UnitFactory(instansi=cast.instansi, parent=tree if i % 2 else cast.other_opd, code=f"U{i}")
    # At most 12: session, user, instansi, periods, my evaluation, evaluations I rate, objections,
    # the tree's three (counts, predicates, units), the peer requests' employee and the menu's
    # "has subordinates". None per unit.
    with django_assert_max_num_queries(12):
        page = client.get(url, params).content.decode()
    assert "Bidang P2P" in page and "Dinas Pendidikan" not in page
    with CaptureQueriesContext(connection) as more:
        client.get(url, params)
    assert len(more) == len(few)
