import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import approved_skp
from kinerja.appraisal import services
from kinerja.appraisal.models import Evaluation, Objection, UnitPredicate
from kinerja.org.tests.factories import EmployeeFactory, PositionFactory, UserFactory

pytestmark = pytest.mark.django_db
CUT = "2026-Q4"


@pytest.fixture
def evaluation(cast, period):
    approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    services.evaluations_compute(instansi=cast.instansi, period=period, cut_key=CUT)
    return Evaluation.objects.get(employee=cast.employee, cut_key=CUT)


def board_url(period, unit):
    return reverse("appraisal:board", args=[period.pk, CUT, unit.pk])


def test_the_index_shows_each_role_its_part(client, cast, period, evaluation):
    client.force_login(cast.atasan)
    page = client.get(reverse("appraisal:index"), {"period": period.pk, "cut": CUT}).content.decode()
    assert "Pegawai yang Anda nilai" in page and "Staf Bidang" in page
    client.force_login(cast.admin)
    page = client.get(reverse("appraisal:index"), {"period": period.pk, "cut": CUT}).content.decode()
    assert "Hitung capaian dan saran rating" in page and "Bidang P2P" in page


def test_the_admin_computes_from_the_page(client, cast, period):
    approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    client.force_login(cast.admin)
    response = client.post(reverse("appraisal:compute", args=[period.pk, CUT]), follow=True)
    assert "1 evaluasi baru" in response.content.decode()
    assert Evaluation.objects.filter(cut_key=CUT).count() == 1
    client.force_login(cast.atasan)
    assert client.post(reverse("appraisal:compute", args=[period.pk, CUT])).status_code == 403
    client.force_login(cast.admin)
    assert client.post(reverse("appraisal:compute", args=[period.pk, "2026-13"])).status_code == 404


def test_the_board_rates_inline_with_htmx_and_redraws_the_curve(client, cast, period, evaluation):
    client.force_login(cast.atasan)
    url = reverse("appraisal:rate", args=[evaluation.pk])
    prefix = f"e{evaluation.pk}-"
    data = {"quick": "1", prefix + "results_rating": "sesuai", prefix + "behaviour_rating": "sesuai"}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and "tuliskan alasannya" in page  # differs from the suggestion
    assert Evaluation.objects.get(pk=evaluation.pk).predikat == ""
    data[prefix + "results_reason"] = "Pelayanan lapangan"
    page = client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="curve"' in page and 'hx-swap-oob="true"' in page and "Baik" in page
    assert Evaluation.objects.get(pk=evaluation.pk).predikat == "baik"


def test_the_detail_form_stores_feedback_per_indicator_and_value(client, cast, period, evaluation):
    client.force_login(cast.atasan)
    indicator = evaluation.skp.rhks.get().indicators.get()
    data = {
        "results_rating": "di_bawah",
        "behaviour_rating": "di_atas",
        f"indicator_{indicator.pk}": "Target belum tercapai, bukti lengkap.",
        "behaviour_akuntabel": "Selalu tepat waktu.",
    }
    response = client.post(reverse("appraisal:rate", args=[evaluation.pk]), data, follow=True)
    page = response.content.decode()
    assert "Butuh Perbaikan" in page and "Selalu tepat waktu." in page and "bukti lengkap" in page
    evaluation.refresh_from_db()
    assert evaluation.behaviour_feedback == {"akuntabel": "Selalu tepat waktu."}


def test_the_employee_cannot_rate_themselves(client, cast, evaluation):
    client.force_login(cast.pegawai)
    url = reverse("appraisal:rate", args=[evaluation.pk])
    assert client.post(url, {"results_rating": "di_atas", "behaviour_rating": "di_atas"}).status_code == 403
    assert Evaluation.objects.get(pk=evaluation.pk).predikat == ""


def test_finalise_off_the_curve_asks_for_a_justification_on_the_page(client, cast, period, evaluation, settings):
    settings.APPRAISAL_CURVE_MIN_PEOPLE = 1  # the curve is checked on this one-person unit
    services.unit_predicate_set(unit=cast.bidang, period=period, cut_key=CUT, predicate="istimewa", by=cast.admin)
    services.evaluation_rate(
        evaluation=evaluation, by=cast.atasan, results_rating="di_bawah", behaviour_rating="sesuai"
    )
    client.force_login(cast.atasan)
    url = reverse("appraisal:finalise", args=[evaluation.pk])
    response = client.post(url, {"justification": ""})
    assert response.status_code == 400 and "justifikasinya" in response.content.decode()
    response = client.post(url, {"justification": "Satu pegawai saja"}, follow=True)
    assert "Evaluasi ditetapkan." in response.content.decode()


def test_the_unit_predicate_form_for_admin_and_head_only(client, cast, period, evaluation):
    client.force_login(cast.atasan)  # evaluator, not the unit's head: sees the board, not the form
    response = client.get(board_url(period, cast.bidang))
    assert response.status_code == 200 and "Tetapkan predikat" not in response.content.decode()
    assert client.post(board_url(period, cast.bidang), {"predicate": "baik"}).status_code == 404
    client.force_login(cast.admin)
    response = client.post(board_url(period, cast.bidang), {"predicate": "rahasia"})
    assert response.status_code == 400
    response = client.post(board_url(period, cast.bidang), {"predicate": "baik", "basis": "PK 95%"}, follow=True)
    assert "Predikat kinerja organisasi disimpan." in response.content.decode()
    cast.opd.head_position = cast.head_position  # the head of the Dinas above the Bidang
    cast.opd.save()
    client.force_login(UserFactory(employee=cast.head))
    assert "Tetapkan predikat" in client.get(board_url(period, cast.bidang)).content.decode()
    client.post(board_url(period, cast.bidang), {"predicate": "istimewa"})
    assert UnitPredicate.objects.get(unit=cast.bidang).predicate == "istimewa"


def test_the_board_query_count_does_not_grow_with_the_unit(client, cast, period):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add_staff(n):
        for _i in range(n):
            person = EmployeeFactory(
                unit=cast.bidang, supervisor=cast.supervisor, position=PositionFactory(unit=cast.bidang)
            )
            approved_skp(person, period, UserFactory(employee=person), cast.atasan)
        services.evaluations_compute(instansi=cast.instansi, period=period, cut_key=CUT)

    def board_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(board_url(period, cast.bidang))
        return len(queries), response.content.decode().count('class="rate-form"')

    client.force_login(cast.atasan)
    add_staff(1)
    small, forms_small = board_queries()
    add_staff(6)
    large, forms_large = board_queries()
    assert (forms_small, forms_large) == (1, 7)
    assert large == small <= 16


def test_pdf_and_xlsx(client, cast, period, evaluation):
    services.unit_predicate_set(
        unit=cast.bidang, period=period, cut_key=CUT, predicate="butuh_perbaikan", by=cast.admin
    )
    services.evaluation_rate(
        evaluation=evaluation, by=cast.atasan, results_rating="di_bawah", behaviour_rating="sesuai"
    )
    services.evaluation_finalise(evaluation=evaluation, by=cast.atasan)
    client.force_login(cast.pegawai)
    response = client.get(reverse("appraisal:pdf", args=[evaluation.pk]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "EVALUASI KINERJA PEGAWAI PERIODIK" in text and "BUTUH PERBAIKAN" in text and "TRIWULAN IV 2026" in text
    client.force_login(cast.admin)
    response = client.get(reverse("appraisal:board_xlsx", args=[period.pk, CUT, cast.bidang.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[2][0] == cast.employee.nip and rows[2][10] == "Butuh Perbaikan"


def test_the_board_export_neutralises_a_formula_stored_as_a_name(client, cast, period, evaluation):
    """A name saved through the API (`=HYPERLINK(..)` is a valid name) is text in the XLSX, not a formula."""
    from kinerja.accounts.models import ApiToken

    _token, key = ApiToken.issue(cast.admin)
    formula = '=HYPERLINK("http://x","y")'
    response = client.patch(
        f"/api/v1/employees/{cast.employee.pk}",
        {"name": formula},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 200
    client.force_login(cast.admin)
    response = client.get(reverse("appraisal:board_xlsx", args=[period.pk, CUT, cast.bidang.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    name = next(row[1] for row in sheet.iter_rows(min_row=3) if row[0].value == cast.employee.nip)
    assert (name.data_type, name.value) == ("s", "'" + formula)
    assert sheet.cell(row=name.row, column=5).data_type == "n"  # the achievement stays a number


def test_objection_and_decision_through_the_pages(client, cast, period, evaluation):
    services.unit_predicate_set(
        unit=cast.bidang, period=period, cut_key=CUT, predicate="butuh_perbaikan", by=cast.admin
    )
    services.evaluation_rate(
        evaluation=evaluation, by=cast.atasan, results_rating="di_bawah", behaviour_rating="sesuai"
    )
    services.evaluation_finalise(evaluation=evaluation, by=cast.atasan)
    client.force_login(cast.pegawai)
    detail = client.get(reverse("appraisal:detail", args=[evaluation.pk])).content.decode()
    assert "Ajukan keberatan" in detail and "Masukan rekan" not in detail
    assert client.post(reverse("appraisal:object", args=[evaluation.pk]), {"reason": ""}).status_code == 400
    no_category = client.post(reverse("appraisal:object", args=[evaluation.pk]), {"reason": "Bukti lapangan"})
    assert no_category.status_code == 400 and not Objection.objects.exists()
    client.post(
        reverse("appraisal:object", args=[evaluation.pk]),
        {"reason": "Bukti lapangan tidak dihitung", "category": "results"},
    )
    client.force_login(UserFactory(employee=cast.head))
    assert "Penilaian hasil kerja" in client.get(reverse("appraisal:index")).content.decode()
    url = reverse("appraisal:decide", args=[evaluation.pk])
    response = client.post(
        url,
        {"decision": "change", "reason": "Sah", "results_rating": "sesuai", "behaviour_rating": "sesuai"},
        follow=True,
    )
    assert "Keberatan diputus." in response.content.decode()
    assert Evaluation.objects.get(pk=evaluation.pk).predikat == "baik"


def test_peer_input_page(client, cast, period, evaluation):
    peer = EmployeeFactory(unit=cast.bidang, supervisor=cast.supervisor, name="Rekan Kerja")
    client.force_login(UserFactory(employee=peer))
    index = client.get(reverse("appraisal:index"), {"period": period.pk, "cut": CUT}).content.decode()
    assert "Staf Bidang" in index
    url = reverse("appraisal:peer_input", args=[evaluation.pk])
    assert client.post(url, {"akuntabel": "sesuai"}).status_code == 400
    data = {code: "di_atas" for code in services.VALUES} | {"comment": "Sigap"}
    assert client.post(url, data).status_code == 302
    client.force_login(cast.outsider_user)
    assert client.get(url).status_code == 404
    client.force_login(cast.atasan)  # the evaluator reads it without a name, once three answered
    detail = reverse("appraisal:detail", args=[evaluation.pk])
    assert "Sigap" not in client.get(detail).content.decode()
    for name in ("Rekan Dua", "Rekan Tiga"):
        author = EmployeeFactory(unit=cast.bidang, supervisor=cast.supervisor, name=name)
        services.peer_input_save(evaluation=evaluation, author=author, ratings={c: "sesuai" for c in services.VALUES})
    page = client.get(detail).content.decode()
    assert "Sigap" in page and "Rekan Kerja" not in page


def test_a_unit_heads_results_rating_follows_the_units_predicate_on_the_page(client, cast, period):
    cast.bidang.head_position = cast.supervisor.position
    cast.bidang.save()
    head_user = UserFactory(employee=cast.head)
    approved_skp(cast.supervisor, period, cast.atasan, head_user)
    services.evaluations_compute(instansi=cast.instansi, period=period, cut_key=CUT)
    evaluation = Evaluation.objects.get(employee=cast.supervisor, cut_key=CUT)
    services.unit_predicate_set(unit=cast.bidang, period=period, cut_key=CUT, predicate="istimewa", by=cast.admin)
    client.force_login(head_user)
    page = client.get(reverse("appraisal:detail", args=[evaluation.pk])).content.decode()
    assert "mengikuti predikat kinerja organisasi unitnya" in page
    # The disabled field is not posted (and a forged value is ignored): the unit's achievement rules.
    data = {"results_rating": "di_bawah", "behaviour_rating": "di_atas"}
    response = client.post(reverse("appraisal:rate", args=[evaluation.pk]), data)
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.results_rating == "di_atas" and evaluation.predikat == "sangat_baik"


def test_the_overview_counts_per_unit_with_the_predicate_label_in_fixed_queries(client, cast, period, evaluation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kinerja.org.tests.factories import UnitFactory

    services.unit_predicate_set(
        unit=cast.bidang, period=period, cut_key=CUT, predicate="butuh_perbaikan", by=cast.admin
    )
    client.force_login(cast.admin)
    url = reverse("appraisal:index")
    with CaptureQueriesContext(connection) as few:
        page = client.get(url, {"period": period.pk, "cut": CUT}).content.decode()
    assert f'href="{board_url(period, cast.bidang)}"' in page and "Butuh Perbaikan" in page
    assert "butuh_perbaikan" not in page  # the label, not the stored value
    row = page[page.index(f'href="{board_url(period, cast.bidang)}"') :].split("</li>")[0]
    assert "1 evaluasi, 0 ditetapkan" in row and "1 masih dinilai" in row  # one evaluation, none final
    for i in range(5):
        UnitFactory(instansi=cast.instansi, parent=cast.bidang, code=f"X{i}")
    with CaptureQueriesContext(connection) as more:
        client.get(url, {"period": period.pk, "cut": CUT})
    assert len(more) == len(few)


def test_objection_through_the_api_carries_its_category(client, cast, period, evaluation):
    from kinerja.accounts.models import ApiToken

    services.unit_predicate_set(
        unit=cast.bidang, period=period, cut_key=CUT, predicate="butuh_perbaikan", by=cast.admin
    )
    services.evaluation_rate(
        evaluation=evaluation, by=cast.atasan, results_rating="di_bawah", behaviour_rating="sesuai"
    )
    services.evaluation_finalise(evaluation=evaluation, by=cast.atasan)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(cast.pegawai)[1]}"}
    url = f"/api/v1/evaluations/{evaluation.pk}/objection"
    bad = client.post(url, {"reason": "x", "category": "gaji"}, content_type="application/json", **auth)
    assert bad.status_code == 422 and "pokok keberatan" in bad.content.decode().lower()
    assert not Objection.objects.exists()
    filed = client.post(
        url, {"reason": "Kurva tidak adil", "category": "curve"}, content_type="application/json", **auth
    )
    assert filed.status_code == 201 and filed.json()["category"] == "curve"
    assert client.get(url, **auth).json()["category"] == "curve"
