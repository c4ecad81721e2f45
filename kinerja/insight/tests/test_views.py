import pytest
from django.urls import reverse

from kinerja.insight.fairness import fairness_compute
from kinerja.insight.models import RaterReview

pytestmark = pytest.mark.django_db


def test_the_pimpinan_sees_the_instansi_and_drills_down_to_the_evidence(client, cast, story):
    client.force_login(cast.pimpinan)
    page = client.get(reverse("insight:dashboard"), {"cut": "2026-Q4"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Dinas Kesehatan" in body and reverse("insight:unit", args=[cast.opd.pk]) in body
    assert "SS1 Cakupan layanan" in body and "75,00" in body  # IKU: 150 of 200 (sum of the head's result)
    unit = client.get(reverse("insight:unit", args=[cast.bidang.pk]), {"cut": "2026-Q4"}).content.decode()
    assert reverse("insight:person", args=[cast.employee.pk]) in unit
    assert reverse("appraisal:detail", args=[story["evaluation"].pk]) in unit
    assert "Kepala Bidang" in unit  # whose work waits for whom: one entry waits for the supervisor
    person = client.get(reverse("insight:person", args=[cast.employee.pk])).content.decode()
    assert reverse("activities:skp_progress", args=[story["skp"].pk]) in person


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_figure_downloads(client, cast, story, fmt):
    client.force_login(cast.admin)
    response = client.get(reverse("insight:dashboard"), {"cut": "2026-Q4", "unduh": "iku", "format": fmt})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    if fmt == "csv":
        assert "Cakupan layanan" in response.content.decode("utf-8-sig")
    assert client.get(reverse("insight:dashboard"), {"unduh": "nothing"}).status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_downloads_neutralise_a_formula_stored_as_a_unit_name(client, cast, story, fmt):
    import csv
    import io

    from openpyxl import load_workbook

    from kinerja.org import services as org_services

    formula = '=HYPERLINK("http://x","y")'
    org_services.unit_update(unit=cast.opd, name=formula)
    client.force_login(cast.pimpinan)
    response = client.get(reverse("insight:dashboard"), {"cut": "2026-Q4", "unduh": "capaian", "format": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert "'" + formula in [row[0] for row in rows[1:]] and formula not in [row[0] for row in rows]
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        cell = next(row[0] for row in sheet.iter_rows(min_row=3) if "HYPERLINK" in row[0].value)
        assert (cell.data_type, cell.value) == ("s", "'" + formula)
        assert not any(c.data_type == "f" for r in sheet.iter_rows() for c in r)


def test_roles_and_tenants(client, cast, other, story):
    url_unit = reverse("insight:unit", args=[cast.bidang.pk])
    url_person = reverse("insight:person", args=[cast.employee.pk])
    client.force_login(other.admin)  # another tenant: not found
    assert client.get(url_unit).status_code == 404 and client.get(url_person).status_code == 404
    client.force_login(cast.pegawai)  # an employee: only their own page
    assert client.get(reverse("insight:dashboard")).url == url_person
    assert client.get(url_unit).status_code == 403
    assert client.get(reverse("insight:person", args=[cast.outsider.pk])).status_code == 404
    assert client.get(reverse("insight:cycle")).status_code == 403
    assert client.get(reverse("insight:fairness")).status_code == 403
    client.force_login(cast.pimpinan)  # read only: sees, cannot compute
    assert client.get(reverse("insight:cycle")).status_code == 403
    assert client.post(reverse("insight:fairness_run")).status_code == 403
    head = story["head_user"]  # the head of Dinas Kesehatan: their subtree only
    client.force_login(head)
    assert client.get(reverse("insight:dashboard")).url == reverse("insight:unit", args=[cast.opd.pk])
    assert client.get(url_unit).status_code == 200 and client.get(url_person).status_code == 200
    assert client.get(reverse("insight:unit", args=[cast.other_opd.pk])).status_code == 403


def test_query_counts_do_not_grow_with_units_or_people(client, cast, story, django_assert_max_num_queries):
    from kinerja.org.tests.factories import EmployeeFactory, UnitFactory

    client.force_login(cast.pimpinan)
    url = reverse("insight:dashboard")
    with django_assert_max_num_queries(20) as first:
        client.get(url, {"cut": "2026-Q4"})
    for i in range(5):
        unit = UnitFactory(instansi=cast.instansi, code=f"extra-{i}", name=f"Badan {i}")
        EmployeeFactory(unit=unit)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url, {"cut": "2026-Q4"})
    unit_url = reverse("insight:unit", args=[cast.bidang.pk])
    with django_assert_max_num_queries(25) as first:
        client.get(unit_url, {"cut": "2026-Q4"})
    for _i in range(5):
        EmployeeFactory(unit=cast.bidang, supervisor=cast.supervisor)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(unit_url, {"cut": "2026-Q4"})


def test_fairness_flags_the_lenient_choice_and_links_the_case(client, cast, story, period, settings):
    settings.INSIGHT_FAIRNESS = {"min_rated": 1, "leniency_gap": 1, "leniency_share": 0.5}
    fairness_compute(instansi=cast.instansi, period=period, cut_key="2026-Q4")
    review = RaterReview.objects.get(rater=cast.supervisor)
    assert [f["code"] for f in review.flags] == ["lenient"]
    assert review.figures["decided"] == 2 and review.figures["waiting"] == 1
    client.force_login(cast.admin)
    page = client.get(reverse("insight:fairness"), {"cut": "2026-Q4"}).content.decode()
    assert "Memberi 1 dari 1 pegawai Di Atas Ekspektasi" in page
    detail = client.get(reverse("insight:fairness_detail", args=[review.pk])).content.decode()
    assert reverse("appraisal:detail", args=[story["evaluation"].pk]) in detail
    client.force_login(other_admin := cast.pegawai)
    assert client.get(reverse("insight:fairness_detail", args=[review.pk])).status_code == 403
    assert other_admin


def test_opening_evidence_is_recorded_for_the_verifier_only(client, cast, story):
    from django.core.files.base import ContentFile

    from kinerja.activities.models import Activity, Evidence, EvidenceOpen

    activity = Activity.objects.filter(employee=cast.employee, status="submitted").get()
    item = Evidence(
        instansi=cast.instansi, activity=activity, kind="file", name="a.pdf", content_type="application/pdf"
    )
    item.file.save("a.pdf", ContentFile(b"%PDF-1.4 x"), save=True)
    client.force_login(cast.pegawai)
    assert client.get(reverse("activities:evidence", args=[item.pk])).status_code == 200
    assert not EvidenceOpen.objects.exists()
    client.force_login(cast.atasan)
    assert client.get(reverse("activities:evidence", args=[item.pk])).status_code == 200
    assert EvidenceOpen.objects.get().opened_by == cast.supervisor
