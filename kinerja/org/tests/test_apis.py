"""The organisation API: same rules and permissions as the pages, clear 4xx errors."""

import pytest

from kinerja.accounts.models import ApiToken
from kinerja.org.models import Employee
from kinerja.org.tests.factories import EmployeeFactory, nip_for

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


def test_openapi_document_is_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/employees" in schema["paths"] and "/api/v1/auth/token" in schema["paths"]


def test_employee_list_is_paginated_with_a_fixed_query_count(client, cast, django_assert_max_num_queries):
    for _ in range(60):
        EmployeeFactory(unit=cast.bidang)
    auth = bearer(cast.admin)
    # 1 token+user+instansi, 2 last_used touch, 3 count, 4 page rows (unit, position, supervisor joined)
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/employees", **auth)
    body = response.json()
    assert body["count"] == 66 and len(body["items"]) == 50


def test_a_pegawai_lists_only_themselves(client, cast):
    body = client.get("/api/v1/employees", **bearer(cast.pegawai)).json()
    assert [e["nip"] for e in body["items"]] == [cast.employee.nip]


def test_the_admin_creates_an_employee_through_the_api(client, cast):
    payload = {
        "nip": nip_for(808),
        "name": "Dewi Lestari",
        "unit_id": cast.bidang.pk,
        "supervisor_nip": cast.supervisor.nip,
    }
    response = client.post("/api/v1/employees", payload, content_type="application/json", **bearer(cast.admin))
    assert response.status_code == 201, response.content
    assert Employee.objects.get(nip=nip_for(808)).supervisor == cast.supervisor


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"nip": "123"}, "nip"),
        ({"supervisor_nip": "1" * 18}, "supervisor_nip"),
        ({"unit_id": 999999}, "unit_id"),
        ({"status": "honorer"}, "status"),
        ({"rank": "Z/z"}, "rank"),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_stores_nothing(client, cast, change, field):
    before = Employee.objects.count()
    payload = {"nip": nip_for(809), "name": "X", "unit_id": cast.bidang.pk, **change}
    response = client.post("/api/v1/employees", payload, content_type="application/json", **bearer(cast.admin))
    assert response.status_code == 422, response.content
    assert field in str(response.json()["detail"])
    assert Employee.objects.count() == before


def test_a_pegawai_cannot_create_or_change_employees(client, cast):
    auth = bearer(cast.pegawai)
    payload = {"nip": nip_for(810), "name": "X", "unit_id": cast.bidang.pk}
    assert client.post("/api/v1/employees", payload, content_type="application/json", **auth).status_code == 403
    patch = client.patch(
        f"/api/v1/employees/{cast.employee.pk}", {"name": "Y"}, content_type="application/json", **auth
    )
    assert patch.status_code == 403


def test_patch_refuses_a_supervisor_cycle(client, cast):
    response = client.patch(
        f"/api/v1/employees/{cast.head.pk}",
        {"supervisor_nip": cast.employee.nip},
        content_type="application/json",
        **bearer(cast.admin),
    )
    assert response.status_code == 422
    cast.head.refresh_from_db()
    assert cast.head.supervisor is None


def test_parsed_nip_parts(client, cast):
    body = client.get(f"/api/v1/employees/{cast.employee.pk}/nip", **bearer(cast.pegawai)).json()
    assert body["formatted"] == cast.employee.nip_formatted and body["gender"] == "L"


def test_units_can_be_created_by_the_admin_only(client, cast):
    payload = {"code": "NEW", "name": "Dinas Baru", "kind": "dinas"}
    assert (
        client.post("/api/v1/units", payload, content_type="application/json", **bearer(cast.pimpinan)).status_code
        == 403
    )
    response = client.post("/api/v1/units", payload, content_type="application/json", **bearer(cast.admin))
    assert response.status_code == 201 and response.json()["depth"] == 0
    again = client.post("/api/v1/units", payload, content_type="application/json", **bearer(cast.admin))
    assert again.status_code == 422
