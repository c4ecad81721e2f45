"""Salaries in bulk (NIP, GAJI): dry run, row errors, nothing written on a bad file, idempotent
re-import, queries flat as rows grow, and the pages: only the admin, another tenant finds nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from kinerja.org.tests.factories import EmployeeFactory
from kinerja.tpp import imports, services
from kinerja.tpp.models import Salary, SalaryImport

pytestmark = pytest.mark.django_db


def _csv(rows) -> bytes:
    return ("NIP;NAMA;GAJI\n" + "".join(f"{nip};x;{amount}\n" for nip, amount in rows)).encode()


def _preview(cast, content: bytes) -> SalaryImport:
    return imports.import_preview(instansi=cast.instansi, content=content, filename="gaji.csv", by=cast.admin)


@pytest.mark.parametrize(
    ("text", "amount"),
    [("5250000", 5_250_000), ("5.250.000", 5_250_000), ("Rp 5.250.000,00", 5_250_000), ("5,250,000", 5_250_000)],
)
def test_amounts_as_offices_write_them(text, amount):
    assert imports.parse_amount(text) == amount
    assert imports.parse_amount(5250000.0) == 5_250_000


@pytest.mark.parametrize("text", ["", "lima juta", "-5000", "5250000.5", "=1+1"])
def test_amounts_that_are_not_rupiah(text):
    with pytest.raises(ValueError):
        imports.parse_amount(text)


def test_dry_run_then_apply_then_the_same_file_changes_nothing(cast):
    services.salary_set(employee=cast.supervisor, amount=4_000_000)
    content = _csv([(cast.employee.nip, "5.250.000"), (cast.supervisor.nip, "4000000"), (cast.head.nip, 9_000_000)])
    batch = _preview(cast, content)
    assert batch.status == SalaryImport.Status.PREVIEWED
    assert batch.summary["counts"] == {"rows": 3, "create": 2, "update": 0, "unchanged": 1, "error_rows": 0}
    assert Salary.objects.count() == 1  # a dry run writes nothing
    imports.import_apply(batch=batch)
    assert dict(Salary.objects.values_list("employee_id", "amount")) == {
        cast.employee.pk: 5_250_000,
        cast.supervisor.pk: 4_000_000,
        cast.head.pk: 9_000_000,
    }
    before = dict(Salary.objects.values_list("pk", "updated_at"))
    again = _preview(cast, content)
    assert again.summary["counts"]["unchanged"] == 3
    imports.import_apply(batch=again)
    assert dict(Salary.objects.values_list("pk", "updated_at")) == before
    with pytest.raises(Exception, match="tidak dapat diterapkan"):
        imports.import_apply(batch=again)  # applied once only


def test_bad_rows_are_named_and_nothing_is_written(cast, other):
    content = _csv(
        [
            (cast.employee.nip, "-100"),
            (other.employee.nip, "5000000"),  # another tenant's employee
            ("", "5000000"),
            (cast.supervisor.nip, "lima juta"),
            (cast.head.nip, "5000000"),
            (cast.head.nip, "6000000"),
            (cast.outsider.nip, "9000000000"),
        ]
    )
    batch = _preview(cast, content)
    assert batch.status == SalaryImport.Status.INVALID
    errors = {(row, column): message for row, column, message in batch.summary["errors"]}
    assert set(errors) == {(2, "GAJI"), (3, "NIP"), (4, "NIP"), (5, "GAJI"), (7, "NIP"), (8, "GAJI")}
    assert "negatif" in errors[(2, "GAJI")] and "baris 6" in errors[(7, "NIP")]
    assert not Salary.objects.exists()
    assert _preview(cast, b"NIP,UPAH\n1,2\n").summary["file_errors"]
    assert _preview(cast, b"").summary["file_errors"]


def test_xlsx_with_numbers(cast):
    workbook = Workbook()
    workbook.active.append(["NIP", "GAJI"])
    workbook.active.append([cast.employee.nip, 5250000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    imports.import_apply(batch=_preview(cast, buffer.getvalue()))
    assert Salary.objects.get().amount == 5_250_000


def test_apply_takes_the_same_queries_for_ten_times_the_rows(cast):
    def applied(employees) -> int:
        batch = _preview(cast, _csv([(e.nip, 1_000_000 + e.pk) for e in employees]))
        with CaptureQueriesContext(connection) as queries:
            imports.import_apply(batch=batch)
        return len(queries.captured_queries)

    few = applied([cast.employee, cast.supervisor])
    many = applied([cast.employee, cast.supervisor, *EmployeeFactory.create_batch(20, unit=cast.bidang)])
    assert few == many <= 10
    assert Salary.objects.count() == 22


def test_admin_uploads_previews_and_applies(client, cast):
    client.force_login(cast.admin)
    assert client.get(reverse("tpp:salary_import")).status_code == 200
    assert b"NIP" in client.get(reverse("tpp:salary_import_sample")).content
    upload = SimpleUploadedFile("gaji.csv", _csv([(cast.employee.nip, "5000000")]))
    response = client.post(reverse("tpp:salary_import"), {"file": upload})
    batch = SalaryImport.objects.get()
    assert response.url == reverse("tpp:salary_import_preview", args=[batch.pk])
    assert b"apply-import" in client.get(response.url).content
    client.post(reverse("tpp:salary_import_apply", args=[batch.pk]))
    assert Salary.objects.get().amount == 5_000_000


@pytest.mark.parametrize("role", ["pimpinan", "atasan", "pegawai"])
def test_only_the_admin_imports(client, cast, role):
    batch = _preview(cast, _csv([(cast.employee.nip, "5000000")]))
    client.force_login(getattr(cast, role))
    assert client.get(reverse("tpp:salary_import")).status_code == 403
    assert client.get(reverse("tpp:salary_import_preview", args=[batch.pk])).status_code == 403
    assert client.post(reverse("tpp:salary_import_apply", args=[batch.pk])).status_code == 403
    assert not Salary.objects.exists()


@pytest.mark.parametrize("role", ["admin", "pimpinan", "atasan", "pegawai"])
def test_another_instansi_finds_nothing(client, cast, other, role):
    batch = _preview(cast, _csv([(cast.employee.nip, "5000000")]))
    client.force_login(getattr(other, role))
    assert client.get(reverse("tpp:salary_import_preview", args=[batch.pk])).status_code == 404
    assert client.post(reverse("tpp:salary_import_apply", args=[batch.pk])).status_code == 404
    assert SalaryImport.objects.get().status == SalaryImport.Status.PREVIEWED and not Salary.objects.exists()


# -------------------------------------------------------------------------------------- the API
def _bearer(user) -> dict:
    from kinerja.accounts.models import ApiToken

    _token, key = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_api_previews_applies_and_reads_salaries(client, cast):
    headers = _bearer(cast.admin)
    content = _csv([(cast.employee.nip, "5.250.000"), (cast.supervisor.nip, 7_000_000)])
    response = client.post("/api/v1/tpp/salaries/imports", {"file": SimpleUploadedFile("gaji.csv", content)}, **headers)
    assert response.status_code == 201, response.content
    batch = response.json()
    assert batch["status"] == "previewed" and batch["summary"]["counts"]["create"] == 2
    assert not Salary.objects.exists()  # a dry run writes nothing

    applied = client.post(f"/api/v1/tpp/salaries/imports/{batch['id']}/apply", **headers)
    assert applied.status_code == 200 and applied.json()["status"] == "applied"
    assert client.get(f"/api/v1/tpp/salaries/imports/{batch['id']}", **headers).json()["status"] == "applied"
    listed = client.get("/api/v1/tpp/salaries", **headers).json()["items"]
    assert {(row["nip"], row["amount"]) for row in listed} == {
        (cast.employee.nip, 5_250_000),
        (cast.supervisor.nip, 7_000_000),
    }
    # Applied once only: the second call is refused with a message and changes nothing.
    again = client.post(f"/api/v1/tpp/salaries/imports/{batch['id']}/apply", **headers)
    assert again.status_code in (400, 422) and "tidak dapat diterapkan" in again.content.decode()

    put = client.put(
        f"/api/v1/tpp/salaries/{cast.employee.nip}", {"amount": 5_300_000}, content_type="application/json", **headers
    )
    assert put.status_code == 200 and put.json()["amount"] == 5_300_000
    negative = client.put(
        f"/api/v1/tpp/salaries/{cast.employee.nip}", {"amount": -1}, content_type="application/json", **headers
    )
    assert negative.status_code in (400, 422) and "negatif" in negative.content.decode()
    assert Salary.objects.get(employee=cast.employee).amount == 5_300_000


def test_the_api_names_bad_rows_and_writes_nothing(client, cast, other):
    headers = _bearer(cast.admin)
    content = _csv([(cast.employee.nip, "lima juta"), (other.employee.nip, 5_000_000)])
    batch = client.post(
        "/api/v1/tpp/salaries/imports", {"file": SimpleUploadedFile("gaji.csv", content)}, **headers
    ).json()
    assert batch["status"] == "invalid"
    assert [row[:2] for row in batch["summary"]["errors"]] == [[2, "GAJI"], [3, "NIP"]]
    refused = client.post(f"/api/v1/tpp/salaries/imports/{batch['id']}/apply", **headers)
    assert refused.status_code in (400, 422)
    assert not Salary.objects.exists()


def test_the_api_salaries_belong_to_the_admin_of_the_instansi(client, cast, other):
    batch = _preview(cast, _csv([(cast.employee.nip, 5_000_000)]))
    for user in (other.admin, cast.pegawai, cast.atasan, cast.pimpinan):
        headers = _bearer(user)
        assert client.get(f"/api/v1/tpp/salaries/imports/{batch.pk}", **headers).status_code in (403, 404)
        assert client.post(f"/api/v1/tpp/salaries/imports/{batch.pk}/apply", **headers).status_code in (403, 404)
    assert client.get("/api/v1/tpp/salaries", **_bearer(cast.pegawai)).status_code == 403
    assert client.get("/api/v1/tpp/salaries", **_bearer(other.admin)).json()["items"] == []
    put = client.put(
        f"/api/v1/tpp/salaries/{cast.employee.nip}",
        {"amount": 1},
        content_type="application/json",
        **_bearer(other.admin),
    )
    assert put.status_code == 404  # another instansi's NIP is not found
    assert SalaryImport.objects.get().status == "previewed" and not Salary.objects.exists()
