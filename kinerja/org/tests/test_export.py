"""The employee list's export: the page's filters, only people the user may see, safe cells, a
fixed number of queries whatever the number of rows, and the reader's language."""

import csv
import io

import pytest
from openpyxl import load_workbook

from kinerja.org.models import Employee
from kinerja.org.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_an_admin_exports_the_filtered_list_as_xlsx_and_csv(client, cast):
    client.force_login(cast.admin)
    response = client.get("/organisasi/pegawai/ekspor.xlsx", {"unit": cast.bidang.pk})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="pegawai-tebo-')
    rows = xlsx_rows(response)
    assert rows[0][:3] == ["NIP", "Nama", "Kode unit"]
    nips = {row[0] for row in rows[1:]}
    expected = set(
        Employee.objects.filter(unit__path__startswith=cast.bidang.path, is_active=True).values_list("nip", flat=True)
    )
    assert nips == expected and cast.employee.nip in nips and cast.head.nip not in nips
    staff = next(row for row in rows if row[0] == cast.employee.nip)
    assert staff[3] == "Bidang P2P" and staff[5] == cast.supervisor.nip and staff[6] == cast.supervisor.display_name
    assert staff[7] == "PNS" and staff[8] == "III/a" and staff[11] == "Ya"

    response = client.get("/organisasi/pegawai/ekspor.csv", {"q": cast.employee.nip})
    rows = csv_rows(response)
    assert response["Content-Type"].startswith("text/csv")
    assert [row[0] for row in rows[1:]] == [cast.employee.nip]


def test_the_export_holds_only_whom_the_user_may_see(client, cast, other):
    client.force_login(cast.pegawai)
    nips = {row[0] for row in xlsx_rows(client.get("/organisasi/pegawai/ekspor.xlsx"))[1:]}
    assert nips == {cast.employee.nip}
    client.force_login(other.admin)
    for fmt in ("xlsx", "csv"):
        response = client.get(f"/organisasi/pegawai/ekspor.{fmt}", {"instansi": cast.instansi.code})
        body = response.content if fmt == "xlsx" else b"".join(response.streaming_content)
        assert cast.employee.nip.encode() not in body
    assert client.get("/organisasi/pegawai/ekspor.pdf").status_code == 404


def test_formula_like_names_are_written_as_text(client, cast):
    EmployeeFactory(unit=cast.bidang, name='=HYPERLINK("http://x","klik")', back_title="+cmd")
    client.force_login(cast.admin)
    rows = xlsx_rows(client.get("/organisasi/pegawai/ekspor.xlsx"))
    assert any(str(row[1]).startswith("'=HYPERLINK") for row in rows)
    rows = csv_rows(client.get("/organisasi/pegawai/ekspor.csv"))
    assert any(row[1].startswith("'=HYPERLINK") for row in rows)


def test_the_query_count_does_not_grow_with_rows(client, cast, django_assert_max_num_queries):
    EmployeeFactory.create_batch(30, unit=cast.bidang, supervisor=cast.supervisor)
    client.force_login(cast.admin)
    # session, user, instansi of the request, the unit filter, the export's one SELECT
    with django_assert_max_num_queries(6):
        rows = xlsx_rows(client.get("/organisasi/pegawai/ekspor.xlsx", {"unit": cast.bidang.pk}))
    assert len(rows) > 30
    with django_assert_max_num_queries(6):
        assert len(csv_rows(client.get("/organisasi/pegawai/ekspor.csv"))) > 30


def test_headers_and_labels_follow_the_readers_language(client, cast):
    client.force_login(cast.admin)
    rows = csv_rows(client.get("/organisasi/pegawai/ekspor.csv", HTTP_ACCEPT_LANGUAGE="en"))
    assert rows[0][1] == "Name" and rows[1][-1] == "Yes"


def test_the_list_page_links_the_export_with_its_filters(client, cast):
    client.force_login(cast.admin)
    page = client.get("/organisasi/pegawai/", {"status": "pns"}).content.decode()
    assert "/organisasi/pegawai/ekspor.xlsx?status=pns" in page and "/organisasi/pegawai/ekspor.csv?status=pns" in page
