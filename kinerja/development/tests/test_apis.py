"""Development endpoints: the same rules and permissions as the pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.accounts.models import ApiToken
from kinerja.development.models import Enrolment, ReassignmentCase

from .conftest import PDF, build_story

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media", "december")]


def auth(user) -> dict:
    _token, key = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def story(cast, period):
    return build_story(cast, period)


def test_an_employee_proposes_reports_and_the_admin_verifies(client, cast, story):
    course = story["course"]
    Enrolment.objects.all().delete()  # start the course again this year
    created = client.post(
        "/api/v1/development/enrolments",
        {"employee_id": cast.employee.pk, "course_id": course.pk},
        content_type="application/json",
        **auth(cast.pegawai),
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert (
        client.post(
            f"/api/v1/development/enrolments/{pk}/approve", {}, content_type="application/json", **auth(cast.pegawai)
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/api/v1/development/enrolments/{pk}/approve", {}, content_type="application/json", **auth(cast.admin)
        ).json()["status"]
        == "approved"
    )
    over = client.post(
        f"/api/v1/development/enrolments/{pk}/report",
        {
            "started_on": "2026-10-01",
            "completed_on": "2026-10-02",
            "jp": 40,
            "certificate": SimpleUploadedFile("s.pdf", PDF),
        },
        **auth(cast.pegawai),
    )
    assert over.status_code == 422 and "melebihi" in str(over.json())
    done = client.post(
        f"/api/v1/development/enrolments/{pk}/report",
        {
            "started_on": "2026-10-01",
            "completed_on": "2026-10-02",
            "jp": 16,
            "certificate": SimpleUploadedFile("s.pdf", PDF),
        },
        **auth(cast.pegawai),
    )
    assert done.status_code == 200 and done.json()["has_certificate"]


def test_external_training_needs_a_document_as_certificate(client, cast, story):
    fields = {
        "title": "Webinar",
        "provider": "Kominfo",
        "area": "teknis",
        "started_on": "2026-09-01",
        "completed_on": "2026-09-01",
        "jp": 3,
    }
    bad = client.post(
        "/api/v1/development/enrolments/external",
        fields | {"certificate": SimpleUploadedFile("s.pdf", b"#!/bin/sh\necho")},
        **auth(cast.pegawai),
    )
    assert bad.status_code == 422 and "tidak diterima" in str(bad.json())
    good = client.post(
        "/api/v1/development/enrolments/external",
        fields | {"certificate": SimpleUploadedFile("s.pdf", PDF)},
        **auth(cast.pegawai),
    )
    assert good.status_code == 201 and good.json()["status"] == "reported"


def test_closed_course_and_bad_potential_and_decision_without_reason_are_422(client, cast, story):
    course = client.post(
        "/api/v1/development/courses",
        {"title": "Tutup", "area": "teknis", "jp": 4, "provider": "X", "is_open": False},
        content_type="application/json",
        **auth(cast.admin),
    ).json()
    response = client.post(
        "/api/v1/development/enrolments",
        {"employee_id": cast.employee.pk, "course_id": course["id"]},
        content_type="application/json",
        **auth(cast.pegawai),
    )
    assert response.status_code == 422 and "ditutup" in str(response.json())
    response = client.post(
        f"/api/v1/development/employees/{cast.employee.pk}/potential",
        {"year": 2026, "score": "9"},
        content_type="application/json",
        **auth(cast.admin),
    )
    assert response.status_code == 422
    case = ReassignmentCase.objects.get()
    response = client.post(
        f"/api/v1/development/reassignments/{case.pk}/decision",
        {"decision": "keep", "reason": "", "decree_number": "800/9"},
        content_type="application/json",
        **auth(cast.admin),
    )
    assert response.status_code == 422 and "reason" in response.json()["detail"]


def test_credit_for_a_non_functional_position_is_refused(client, cast, story):
    response = client.post(
        f"/api/v1/development/employees/{cast.outsider.pk}/credit",
        {"amount": "10", "as_of": "2025-12-31"},
        content_type="application/json",
        **auth(cast.admin),
    )
    assert response.status_code == 422 and "fungsional" in str(response.json())
    ledger = client.get(f"/api/v1/development/employees/{cast.employee.pk}/credit", **auth(cast.pegawai)).json()
    assert ledger["requirement"] == "50" and ledger["entries"][0]["amount"] == "20.000"


def test_coaching_plan_for_someone_not_a_subordinate_is_forbidden(client, cast, story):
    body = {
        "evaluation_id": story["evaluation"].pk,
        "causes": "x",
        "actions": "y",
        "targets": "z",
        "starts_on": "2026-10-01",
        "due_on": "2026-11-01",
    }
    response = client.post(
        "/api/v1/development/coaching-plans", body, content_type="application/json", **auth(cast.admin)
    )
    assert response.status_code == 403


@pytest.mark.parametrize("role", ["admin", "pimpinan", "atasan", "pegawai"])
def test_objects_of_another_instansi_are_not_found(client, cast, other, story, role):
    headers = auth(getattr(other, role))
    case = ReassignmentCase.objects.get()
    for url in [
        f"/api/v1/development/enrolments/{story['enrolment'].pk}",
        f"/api/v1/development/coaching-plans/{story['plan'].pk}",
        f"/api/v1/development/reassignments/{case.pk}",
        f"/api/v1/development/employees/{cast.employee.pk}/credit",
        f"/api/v1/development/employees/{cast.employee.pk}/needs",
    ]:
        assert client.get(url, **headers).status_code == 404, (role, url)
    for url in [
        f"/api/v1/development/enrolments/{story['enrolment'].pk}/verify",
        f"/api/v1/development/coaching-plans/{story['plan'].pk}/remeasure",
        f"/api/v1/development/reassignments/{case.pk}/decision",
        f"/api/v1/development/coaching-sessions/{story['session'].pk}/acknowledge",
    ]:
        response = client.post(url, {"decision": "keep", "reason": "x"}, content_type="application/json", **headers)
        assert response.status_code == (403 if role == "pimpinan" else 404), (role, url)  # pimpinan: role first
    listed = client.get("/api/v1/development/enrolments", **headers).json()["items"]
    assert story["enrolment"].pk not in [e["id"] for e in listed]


@pytest.mark.parametrize(("role", "status"), [("admin", 200), ("pimpinan", 200), ("atasan", 403), ("pegawai", 403)])
def test_whole_instansi_lists_are_for_admin_and_pimpinan(client, cast, story, role, status):
    for url in ["/api/v1/development/jp-behind", "/api/v1/development/eligibility", "/api/v1/development/talent-grid"]:
        assert client.get(url, **auth(getattr(cast, role))).status_code == status, (role, url)


def test_the_talent_grid_lists_the_box(client, cast, story):
    rows = client.get("/api/v1/development/talent-grid", **auth(cast.admin)).json()["items"]
    mine = next(r for r in rows if r["employee_id"] == cast.employee.pk)
    assert (mine["predikat"], mine["box"]) == ("kurang", 3)  # below × medium potential (3.5)
