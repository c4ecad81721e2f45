"""Bad input the fuzzer found (and its relatives): every one a 4xx with a message in the user's
language, and nothing stored."""

import pytest
from django.urls import reverse
from pydantic import BaseModel

from kinerja.accounts.models import ApiToken
from kinerja.activities.models import Activity, Comment
from kinerja.api.api import api
from kinerja.api.pagination import MAX_PAGE
from kinerja.citizen import services as citizen_services
from kinerja.citizen.models import Complaint
from kinerja.org.models import Employee

pytestmark = pytest.mark.django_db
NUL_MESSAGE = "karakter NUL"


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


def test_a_null_clears_an_optional_text_and_is_refused_for_a_required_one(client, cast):
    url, auth = f"/api/v1/employees/{cast.employee.pk}", bearer(cast.admin)
    Employee.objects.filter(pk=cast.employee.pk).update(front_title="dr.")
    cleared = client.patch(url, {"front_title": None}, content_type="application/json", **auth)
    assert cleared.status_code == 200 and cleared.json()["front_title"] == ""
    refused = client.patch(url, {"name": None, "back_title": "S.Kom."}, content_type="application/json", **auth)
    assert refused.status_code == 422 and "name" in refused.json()["detail"]
    cast.employee.refresh_from_db()
    assert cast.employee.name == "Staf Bidang" and cast.employee.back_title == ""  # nothing half-saved


def paginated_lists() -> list[str]:
    """Every list operation that takes a page number: new lists join the walk by themselves."""
    paths = api.get_openapi_schema()["paths"]
    found = [
        path
        for path, operations in paths.items()
        if "{" not in path and any(p["name"] == "page" for p in operations.get("get", {}).get("parameters", []))
    ]
    assert len(found) >= 7
    return found


@pytest.mark.parametrize("page", [MAX_PAGE + 1, 10**40, 0, -5])
def test_a_page_number_out_of_range_is_a_422_on_every_list(client, cast, page):
    auth = bearer(cast.admin)
    for path in paginated_lists():
        response = client.get(path, {"page": page}, **auth)
        assert response.status_code == 422, (path, response.status_code)
        message = response.json()["detail"][0]["msg"]
        assert message.startswith("Paling besar" if page > 0 else "Paling kecil"), message


def test_a_page_past_the_end_is_empty(client, cast):
    response = client.get("/api/v1/employees", {"page": MAX_PAGE}, **bearer(cast.admin))
    assert response.status_code == 200 and response.json()["items"] == []


def test_an_id_past_the_integer_range_is_a_422_not_a_500(client, cast):
    auth = bearer(cast.admin)
    response = client.get("/api/v1/evaluations", {"unit_id": -(10**25)}, **auth)
    # SQLite cannot bind the number (422 with a message); PostgreSQL compares it and finds nothing.
    assert response.status_code in (200, 422)
    assert (
        "di luar jangkauan" in response.json()["detail"]
        if response.status_code == 422
        else response.json()["count"] == 0
    )
    assert client.get(f"/api/v1/employees/{10**30}", **auth).status_code in (404, 422)


def test_multipart_without_a_boundary_is_a_400_in_json(client, cast):
    response = client.post("/api/v1/auth/token", b"nip=1&password=x", content_type="multipart/form-data")
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert "tidak dapat dibaca" in response.json()["detail"]
    unreadable = client.post("/api/v1/auth/token", b"{nip", content_type="application/json")
    assert unreadable.status_code == 400 and "JSON yang sah" in unreadable.json()["detail"]


def test_a_nul_byte_in_json_text_is_refused_and_nothing_is_stored(client, cast, period):
    from conftest import approved_skp

    approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    payload = {"date": "2026-11-20", "description": "Rapat\u0000koordinasi", "minutes": 30}
    response = client.post("/api/v1/activities", payload, content_type="application/json", **bearer(cast.pegawai))
    assert response.status_code == 400 and NUL_MESSAGE in response.json()["detail"]
    assert not Activity.objects.exists()
    # An escaped backslash followed by "u0000" is ordinary text, not a NUL.
    payload["description"] = "Rapat \\u0000 koordinasi"
    response = client.post("/api/v1/activities", payload, content_type="application/json", **bearer(cast.pegawai))
    assert response.status_code == 201 and Activity.objects.get().description == "Rapat \\u0000 koordinasi"


def test_a_nul_byte_anywhere_else_is_refused(client, cast):
    auth = bearer(cast.admin)
    assert client.get("/api/v1/employees", {"q": "Staf\x00"}, **auth).status_code == 400
    assert NUL_MESSAGE in client.get("/api/v1/surveys/ab%00cd").json()["detail"]
    complaint = {"unit": cast.bidang.pk, "subject": "Antre\x00an", "description": "Antrean panjang sekali"}
    citizen_services.point_create(unit=cast.bidang)
    response = client.post(reverse("citizen:complaint_new", args=[cast.instansi.code]), complaint)
    assert response.status_code == 400 and NUL_MESSAGE in response.content.decode()
    assert not Complaint.objects.exists() and not Comment.objects.exists()
    # Pages answer in the site's layout.
    client.force_login(cast.admin)
    page = client.get(reverse("org:employee_list"), {"q": "\x00"})
    assert page.status_code == 400 and NUL_MESSAGE in page.content.decode() and "<nav" in page.content.decode()


def test_ninja_field_errors_are_in_the_users_language(client, cast):
    auth = bearer(cast.pegawai)
    response = client.post("/api/v1/activities", {"date": "kemarin"}, content_type="application/json", **auth)
    messages = {tuple(e["loc"]): e["msg"] for e in response.json()["detail"]}
    assert response.status_code == 422
    assert messages[("body", "payload", "description")] == "Wajib diisi."
    assert messages[("body", "payload", "date")].startswith("Tanggal tidak sah")
    english = client.post(
        "/api/v1/activities", {"date": "kemarin"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en", **auth
    )
    assert english.status_code == 422  # the same shape, whatever the language
    assert client.get("/api/v1/me").json()["detail"].startswith("Masuk terlebih dahulu")


def test_every_schema_in_the_document_has_its_own_name():
    """ninja names a component after its class: two classes with one name collapse into one in the
    document, and a generated client then sends one operation the other's body."""
    seen: dict[str, type] = {}

    def walk(cls):
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("kinerja."):
                assert seen.setdefault(sub.__name__, sub) is sub, (
                    f"{sub.__name__}: {sub.__module__}, {seen[sub.__name__]}"
                )
            walk(sub)

    walk(BaseModel)
    bodies = {
        path: ops["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        for path, ops in api.get_openapi_schema()["paths"].items()
        if path.endswith("decision") or path.endswith("decisions")
    }
    assert len(set(bodies.values())) == len(bodies) >= 5
    assert {"ActivityDecisionIn", "ObjectionDecisionIn", "SkpDecisionIn"} <= set(bodies.values())
    components = api.get_openapi_schema()["components"]["schemas"]
    assert {"ids", "decision", "comment"} <= set(components["ActivityDecisionIn"]["properties"])
    assert set(components["ObjectionDecisionIn"]["required"]) == {"decision", "reason"}
