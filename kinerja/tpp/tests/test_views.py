"""TPP pages, documents and endpoints: roles, another tenant, locked months, query counts."""

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse

from kinerja.accounts.models import ApiToken
from kinerja.org.tests.factories import EmployeeFactory
from kinerja.tpp import services
from kinerja.tpp.models import TppLine, TppSetting

pytestmark = pytest.mark.django_db
NOV = "2026-11"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)):
        yield


@pytest.fixture
def computed(cast):
    setting = services.setting_for(instansi=cast.instansi, year=2026)
    services.setting_update(setting=setting, class_amounts={"14": 33_225_000, "9": 13_320_000})
    return services.month_compute(instansi=cast.instansi, month=NOV)


def auth(user) -> dict:
    _token, key = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def month_urls(tpp_month, line) -> list[str]:
    return [
        reverse("tpp:month", args=[tpp_month.pk]),
        reverse("tpp:close", args=[tpp_month.pk]),
        reverse("tpp:recompute", args=[tpp_month.pk]),
        reverse("tpp:payment_list_xlsx", args=[tpp_month.pk]),
        reverse("tpp:payment_list_pdf", args=[tpp_month.pk]),
        reverse("tpp:slip", args=[line.pk]),
        reverse("tpp:slip_pdf", args=[line.pk]),
    ]


@pytest.mark.parametrize("role", ["admin", "pimpinan", "atasan", "pegawai"])
def test_another_instansi_finds_nothing(client, cast, other, computed, role):
    line = TppLine.objects.get(employee=cast.employee)
    client.force_login(getattr(other, role))
    for url in month_urls(computed, line):
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url).status_code in (404, 405), url
    headers = auth(getattr(other, role))
    assert client.get(f"/api/v1/tpp/months/{NOV}/lines", **headers).status_code in (403, 404)
    assert client.get(f"/api/v1/tpp/months/{NOV}/lines?instansi=tebo", **headers).status_code == 404


def test_employee_reads_own_slip_only(client, cast, computed):
    mine = TppLine.objects.get(employee=cast.employee)
    theirs = TppLine.objects.get(employee=cast.outsider)
    client.force_login(cast.pegawai)
    assert client.get(reverse("tpp:slip", args=[mine.pk])).status_code == 200
    assert client.get(reverse("tpp:slip_pdf", args=[mine.pk]))["Content-Type"] == "application/pdf"
    assert client.get(reverse("tpp:slip", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("tpp:month", args=[computed.pk])).status_code == 403
    assert client.get(reverse("tpp:index"), follow=True).status_code == 200
    slips = client.get("/api/v1/tpp/slips", **auth(cast.pegawai)).json()
    assert [s["nip"] for s in slips] == [cast.employee.nip]


def test_pimpinan_reads_but_does_not_close(client, cast, computed):
    client.force_login(cast.pimpinan)
    assert client.get(reverse("tpp:month", args=[computed.pk])).status_code == 200
    assert client.post(reverse("tpp:close", args=[computed.pk])).status_code == 403
    assert client.get(reverse("tpp:setting")).status_code == 403
    assert client.post(f"/api/v1/tpp/months/{NOV}/compute", **auth(cast.pimpinan)).status_code == 403


def test_payment_lists_per_unit(client, cast, computed):
    from openpyxl import load_workbook

    client.force_login(cast.admin)
    response = client.get(reverse("tpp:payment_list_xlsx", args=[computed.pk]) + f"?unit={cast.bidang.pk}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert cast.employee.nip in cells and cast.outsider.nip not in cells
    assert "Bendahara Pengeluaran" in cells
    pdf = client.get(reverse("tpp:payment_list_pdf", args=[computed.pk]) + f"?unit={cast.bidang.pk}")
    assert pdf.content.startswith(b"%PDF")
    assert (
        client.get(reverse("tpp:month", args=[computed.pk]) + f"?unit={cast.outsider.unit.pk + 999}").status_code == 404
    )


def test_the_payment_list_neutralises_a_formula_stored_as_a_name(client, cast):
    from openpyxl import load_workbook

    from kinerja.org import services as org_services

    formula = '=HYPERLINK("http://x","y")'
    org_services.employee_save(instansi=cast.instansi, employee=cast.employee, name=formula)
    setting = services.setting_for(instansi=cast.instansi, year=2026)
    services.setting_update(setting=setting, class_amounts={"14": 33_225_000, "9": 13_320_000})
    tpp_month = services.month_compute(instansi=cast.instansi, month=NOV)
    client.force_login(cast.admin)
    response = client.get(reverse("tpp:payment_list_xlsx", args=[tpp_month.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = next(row for row in sheet.iter_rows(min_row=7) if row[1].value == cast.employee.nip)
    assert row[2].data_type == "s" and row[2].value.startswith("'=HYPERLINK(")
    assert not any(c.data_type == "f" for r in sheet.iter_rows() for c in r)


def test_close_then_compute_again_is_refused_with_a_message(client, cast, computed):
    client.force_login(cast.admin)
    client.post(reverse("tpp:close", args=[computed.pk]))
    before = list(TppLine.objects.values_list("pk", "gross"))
    response = client.post(reverse("tpp:compute"), {"month": NOV}, follow=True)
    assert "sudah ditutup" in response.content.decode()
    assert list(TppLine.objects.values_list("pk", "gross")) == before
    api = client.post(f"/api/v1/tpp/months/{NOV}/compute", **auth(cast.admin))
    assert api.status_code == 422


def test_setting_form_refuses_weights_not_adding_up_and_negative_amounts(client, cast):
    client.force_login(cast.admin)
    base = {
        "weight_kinerja": "60",
        "weight_disiplin": "30",
        "kinerja_source": "monthly",
        "no_report_pct": "0",
        "deduction_base": "disiplin",
        "cpns_pct": "80",
        "study_pct": "0",
        "leave_allowance_days": "12",
        "leave_excess_pct": "2",
        "bpjs_employee_pct": "1",
        "bpjs_employer_pct": "4",
        "bpjs_cap": "12000000",
        "predikat_text": "baik=100",
        "pph21_text": "IV=15",
        "class_amounts_text": "9=13320000",
    }
    response = client.post(reverse("tpp:setting"), base)
    assert "100%" in response.content.decode()
    response = client.post(reverse("tpp:setting"), base | {"weight_disiplin": "40", "class_amounts_text": "9=-5"})
    assert "negatif" in response.content.decode()
    assert TppSetting.objects.get().class_amounts == {}
    response = client.post(reverse("tpp:setting"), base | {"weight_disiplin": "40"})
    assert response.status_code == 302 and TppSetting.objects.get().class_amounts == {"9": "13320000"}


def test_api_lines_match_the_command_shape(client, cast, computed):
    rows = client.get(f"/api/v1/tpp/months/{NOV}/lines", **auth(cast.admin)).json()
    assert {"nip", "base", "kinerja_pct", "disiplin_pct", "deductions", "gross", "net"} <= set(rows[0])
    assert len(rows) == 6


def test_month_page_query_count_does_not_grow(client, cast, computed, django_assert_max_num_queries):
    client.force_login(cast.admin)
    url = reverse("tpp:month", args=[computed.pk])
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    EmployeeFactory.create_batch(15, unit=cast.bidang)
    services.month_compute(instansi=cast.instansi, month=NOV)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('<div class="small text-muted nip">') == 21
