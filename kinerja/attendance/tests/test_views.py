"""Attendance pages and endpoints: who may do what, another tenant sees nothing, bad input keeps
data unchanged, query counts of the lists do not grow with rows."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, get_resolver, reverse

from kinerja.accounts.models import ApiToken
from kinerja.attendance import services
from kinerja.attendance.models import AttendanceImport, Correction, Leave, Record, Sanction
from kinerja.org.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
ROLES = ["admin", "pimpinan", "atasan", "pegawai"]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)):
        yield


@pytest.fixture
def objects(cast):
    batch = AttendanceImport.objects.create(
        instansi=cast.instansi, filename="a.csv", content=b"x", created_by=cast.admin
    )
    correction = services.correction_request(
        employee=cast.employee,
        date=dt.date(2026, 11, 3),
        check_in=dt.time(7, 25),
        check_out=None,
        reason="rapat",
        evidence=SimpleUploadedFile("b.pdf", b"%PDF-1.4"),
        by=cast.pegawai,
    )
    return {"pk": batch.pk, "correction": correction, "batch": batch}


def object_urls(cast, objects) -> list[str]:
    urls = []
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) == "attendance":
            for p in pattern.url_patterns:
                if isinstance(p, URLPattern) and p.pattern.converters:
                    pk = {
                        "import_preview": objects["pk"],
                        "import_apply": objects["pk"],
                        "employee_month": cast.employee.pk,
                        "calendar_day_delete": 999999,
                    }.get(p.name, objects["correction"].pk)
                    urls.append(reverse(f"attendance:{p.name}", args=[pk]))
    return urls


@pytest.mark.parametrize("role", ROLES)
def test_another_instansi_finds_nothing(client, cast, other, objects, role):
    client.force_login(getattr(other, role))
    for url in object_urls(cast, objects):
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url).status_code in (404, 403, 405), url  # 405: a page that only reads
    _token, key = ApiToken.issue(getattr(other, role))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get(f"/api/v1/attendance/employees/{cast.employee.pk}/days?month=2026-11", **auth).status_code == 404
    refused = 403 if role == "pimpinan" else 404  # pimpinan changes nothing: refused by role first
    assert client.post(f"/api/v1/attendance/imports/{objects['pk']}/apply", **auth).status_code == refused
    response = client.post(
        f"/api/v1/attendance/corrections/{objects['correction'].pk}/decision",
        {"approve": True},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == refused


@pytest.mark.parametrize("role", ["pimpinan", "atasan", "pegawai"])
def test_only_the_admin_manages(client, cast, role):
    client.force_login(getattr(cast, role))
    for name in ["import_upload", "record_entry", "settings", "leave_list", "sanction_list"]:
        assert client.get(reverse(f"attendance:{name}")).status_code == 403, name
    response = client.post(reverse("attendance:sanction_list"), {"nip": cast.employee.nip})
    assert response.status_code == 403 and not Sanction.objects.exists()


def test_admin_pages_render(client, cast):
    client.force_login(cast.admin)
    for name in ["index", "import_upload", "record_entry", "settings", "leave_list", "sanction_list"]:
        assert client.get(reverse(f"attendance:{name}")).status_code == 200, name


def test_only_the_direct_supervisor_decides(client, cast, objects):
    url = reverse("attendance:correction_decide", args=[objects["correction"].pk])
    for user in (cast.pegawai, cast.admin):
        client.force_login(user)
        assert client.post(url, {"decision": "approve"}).status_code == 403
    client.force_login(cast.atasan)
    assert client.post(url, {"decision": "approve"}).status_code == 302
    assert Correction.objects.get().status == "approved"
    assert Record.objects.get(employee=cast.employee).source == "correction"


def test_employee_sees_own_month_not_a_colleague(client, cast):
    client.force_login(cast.pegawai)
    response = client.get(reverse("attendance:index"), follow=True)
    assert response.status_code == 200 and b"attendance-calendar" in response.content
    assert client.get(reverse("attendance:employee_month", args=[cast.outsider.pk])).status_code == 404
    client.force_login(cast.atasan)
    assert (
        client.get(reverse("attendance:employee_month", args=[cast.employee.pk]) + "?bulan=2026-11").status_code == 200
    )
    assert (
        client.get(reverse("attendance:employee_month", args=[cast.employee.pk]) + "?bulan=2026-13").status_code == 404
    )


def test_overlapping_leave_in_the_form_shows_the_message_and_keeps_data(client, cast):
    client.force_login(cast.admin)
    data = {
        "nip": cast.employee.nip,
        "kind": "cuti_tahunan",
        "start": "2026-11-09",
        "end": "2026-11-10",
        "letter_number": "800/1",
    }
    assert client.post(reverse("attendance:leave_list"), data).status_code == 302
    response = client.post(reverse("attendance:leave_list"), data | {"kind": "dinas_luar", "letter_number": "9"})
    assert response.status_code == 200 and "Bertumpang tindih" in response.content.decode()
    assert Leave.objects.count() == 1
    response = client.post(reverse("attendance:leave_list"), data | {"nip": "199999999999999999"})
    assert "tidak dikenal" in response.content.decode()


def test_sanction_form_without_decree(client, cast):
    client.force_login(cast.admin)
    data = {
        "nip": cast.employee.nip,
        "kind": "potongan_tunjangan_6",
        "start": "2026-11-01",
        "months": 6,
        "cut_pct": "25",
    }
    response = client.post(reverse("attendance:sanction_list"), data)
    assert response.status_code == 200 and "surat keputusan" in response.content.decode()
    assert not Sanction.objects.exists()


def test_api_import_and_bad_month(client, cast):
    _token, key = ApiToken.issue(cast.admin)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    upload = SimpleUploadedFile(
        "p.csv", f"NIP,TANGGAL,MASUK,PULANG\n{cast.employee.nip},2026-11-02,07:00,16:00\n".encode()
    )
    response = client.post("/api/v1/attendance/imports", {"file": upload}, **auth)
    assert response.status_code == 201 and response.json()["summary"]["counts"]["create"] == 1
    response = client.post(f"/api/v1/attendance/imports/{response.json()['id']}/apply", **auth)
    assert response.json()["status"] == "applied"
    days = client.get(f"/api/v1/attendance/employees/{cast.employee.pk}/days?month=2026-11", **auth).json()
    assert days[1]["status"] == "present"
    assert client.get(f"/api/v1/attendance/employees/{cast.employee.pk}/days?month=2026-99", **auth).status_code == 422
    assert client.get("/api/v1/attendance/months/2026-11", **auth).json()["count"] == 6
    response = client.post(
        "/api/v1/attendance/sanctions",
        {"nip": cast.employee.nip, "kind": "teguran_lisan", "start": "2026-11-01", "months": 1, "cut_pct": "0"},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 422 and not Sanction.objects.exists()


def test_summary_list_query_count_does_not_grow(client, cast, django_assert_max_num_queries):
    client.force_login(cast.admin)
    services.month_compute(instansi=cast.instansi, month="2026-11")
    url = reverse("attendance:index") + "?bulan=2026-11"
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    EmployeeFactory.create_batch(10, unit=cast.bidang)
    services.month_compute(instansi=cast.instansi, month="2026-11")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('<div class="small text-muted nip">') == 16


def test_the_sample_csv_is_written_through_the_injection_guard(client, cast, monkeypatch):
    """The sample holds only the column names; its row still goes through kinerja.core.exports,
    so a cell that starts like a formula leaves as text."""
    import csv
    import io

    from kinerja.core import exports

    client.force_login(cast.admin)
    response = client.get(reverse("attendance:import_sample"))
    assert response.content == b"NIP,TANGGAL,MASUK,PULANG,APEL\r\n"
    written = []
    monkeypatch.setattr(exports, "safe_row", lambda values: written.append(list(values)) or ["'=1"])
    rows = list(csv.reader(io.StringIO(client.get(reverse("attendance:import_sample")).content.decode())))
    assert written == [["NIP", "TANGGAL", "MASUK", "PULANG", "APEL"]] and rows == [["'=1"]]
