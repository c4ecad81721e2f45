"""Pimpinan (the head of region, the Sekda) read everything in their instansi and change nothing:
every URL of the site is posted to, and every non-GET operation of the API is called, as
pimpinan, and each must be refused (403/404/405) with no row written. New pages and operations
join the walk by themselves."""

import datetime as dt
import json
import warnings

import pytest
import schemathesis
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis.errors import NonInteractiveExampleWarning

from conftest import approved_skp
from kinerja.accounts.models import ApiToken
from kinerja.activities import services as activity_services
from kinerja.api.api import api
from kinerja.appraisal import services as appraisal_services
from kinerja.citizen import services as citizen_services

pytestmark = pytest.mark.django_db

# Self-service and public forms anybody may post: their own login, password, language and
# notifications, and the citizens' survey and complaint pages.
OWN_OR_PUBLIC = {
    "accounts:login",
    "accounts:logout",
    "accounts:password_change",
    "set_language",
    "notifications:read_all",
    "notifications:read",
    "notifications:preferences",
    "citizen:survey",
    "citizen:complaint_new",
    "citizen:track",
    "citizen:track_detail",
    "frontdesk:kiosk",
    "frontdesk:phone",
    "frontdesk:survey",
}
PUBLIC_API = {
    ("POST", "/api/v1/auth/token"),
    ("POST", "/api/v1/surveys/{token}/responses"),
    ("POST", "/api/v1/complaints"),
    ("POST", "/api/v1/complaints/track/{code}/attachment"),
    ("POST", "/api/v1/complaints/track/{code}/rating"),
}
REFUSED = {403, 404, 405}


def site_urls(values: dict) -> list[tuple[str, str]]:
    """(name, URL) of every named route outside Django's admin, its arguments taken from ``values``."""

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin" and pattern.namespace != "api":
                    yield from walk(
                        pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                    )
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}{pattern.name}", list(pattern.pattern.converters)

    urls = []
    for name, arguments in walk(get_resolver().url_patterns):
        if name in OWN_OR_PUBLIC:
            continue
        for value in values["int"] if arguments else [None]:
            kwargs = {a: values.get(a, value) for a in arguments}
            urls.append((name, reverse(name, kwargs=kwargs)))
    return urls


def row_counts() -> dict[str, int]:
    skipped = {"sessions", "axes", "admin"}
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label not in skipped}


@pytest.fixture
def world(cast, period):
    skp = approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    activity = activity_services.activity_create(
        employee=cast.employee, by=cast.pegawai, day=dt.date(2026, 11, 30), description="Rapat", minutes=60
    )
    appraisal_services.evaluations_compute(instansi=cast.instansi, period=period, cut_key="2026-Q4")
    point = citizen_services.point_create(unit=cast.bidang)
    complaint = citizen_services.complaint_submit(unit=cast.bidang, subject="Antrean", description="Antrean panjang.")
    ids = {cast.employee.pk, cast.bidang.pk, skp.pk, activity.pk, period.pk, complaint.pk, point.pk}
    ids |= set(skp.rhks.values_list("pk", flat=True)) | {1, 2, 3}
    return cast, {
        "int": sorted(ids),
        "cut_key": "2026-Q4",
        "code": cast.instansi.code,
        "token": point.token,
        "kind": "employees",
        "step": "start",
    }


def test_pimpinan_cannot_post_to_any_page(client, world):
    """Every page posted to is refused (403/404, or 405 from a page that only reads) and no row of
    any table is written: no page answers a POST as if it were a GET."""
    cast, values = world
    client.force_login(cast.pimpinan)
    before = row_counts()
    accepted = []
    for name, url in site_urls(values):
        status = client.post(url, {"text": "Saya setuju", "comment": "ok"}).status_code
        if status not in REFUSED:
            accepted.append((name, url, status))
    assert accepted == []
    assert row_counts() == before


def test_every_changing_operation_checks_the_role_before_reading_the_body():
    """A generated body may fail validation (422) before a role check inside the function runs, so
    every non-GET operation but the public and own-notification ones declares ``auth=WRITERS``."""
    from kinerja.api.auth import WriterTokenAuth

    unguarded = []
    for _prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                methods = set(operation.methods) - {"GET"}
                if not methods or path.startswith("/notifications"):
                    continue
                if any(("POST", f"/api/v1{path}") == public for public in PUBLIC_API):
                    continue
                if not any(isinstance(auth, WriterTokenAuth) for auth in operation.auth_callbacks):
                    unguarded.append((sorted(methods), path))
    assert unguarded == []


def test_pimpinan_cannot_call_any_changing_operation(client, world):
    """A body that passes validation or not, the role is refused first (403/404), never a 422."""
    cast, values = world
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(cast.pimpinan)[1]}"}
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    schema.config.generation.update(allow_x00=False)  # a NUL is refused before any access check
    before = row_counts()
    accepted = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method in operations:
            if method == "get" or (method.upper(), path) in PUBLIC_API or path.startswith("/api/v1/notifications"):
                continue
            operation = schema[path][method.upper()]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", NonInteractiveExampleWarning)
                case = operation.as_strategy().example()  # a body that passes validation
            for value in values["int"]:
                url = path.format(**{k: values.get(k, value) for k in (case.path_parameters or {})})
                response = client.generic(
                    method.upper(),
                    url,
                    data=json.dumps(case.body if isinstance(case.body, dict | list) else {}),
                    content_type="application/json",
                    **auth,
                )
                if response.status_code not in REFUSED:
                    accepted.append((method, url, response.status_code))
    assert accepted == []
    assert row_counts() == before


def test_pimpinan_cannot_comment_on_activities_page_or_api(client, world):
    cast, _values = world
    from kinerja.activities.models import Activity, Comment

    activity = Activity.objects.get()
    client.force_login(cast.pimpinan)
    assert client.post(reverse("activities:comment", args=[activity.pk]), {"text": "Bagus"}).status_code == 403
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(cast.pimpinan)[1]}"}
    url = f"/api/v1/activities/{activity.pk}/comments"
    assert client.post(url, {"text": "Bagus"}, content_type="application/json", **auth).status_code == 403
    assert not Comment.objects.exists()
    # The people in the work still talk.
    client.force_login(cast.atasan)
    assert client.post(reverse("activities:comment", args=[activity.pk]), {"text": "Lengkapi"}).status_code == 302
    assert Comment.objects.count() == 1


def test_pimpinan_as_an_employee_still_cannot_log_work(client, cast, period):
    """The Sekda is an employee too, yet logs nothing: a well-formed entry is refused on the page
    and the API before it is read, while the employee's same entry is stored."""
    from kinerja.activities.models import Activity

    body = {"date": "2026-11-20", "description": "Rapat pimpinan", "start_time": "08:00", "end_time": "09:00"}
    mine = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(cast.pegawai)[1]}"}
    assert client.post("/api/v1/activities", body, content_type="application/json", **mine).status_code == 201
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(cast.pimpinan)[1]}"}
    assert client.post("/api/v1/activities", body, content_type="application/json", **auth).status_code == 403
    client.force_login(cast.pimpinan)
    assert client.post(reverse("activities:create"), {"rows": "1"}).status_code == 403
    assert client.post(reverse("activities:home")).status_code == 405  # a reading page
    assert Activity.objects.get().employee == cast.employee


def test_reading_the_attendance_rules_writes_no_config(client, cast):
    from kinerja.attendance.models import DisciplineConfig

    client.force_login(cast.pimpinan)
    assert client.get(reverse("attendance:index")).status_code == 200
    assert client.get(reverse("attendance:employee_month", args=[cast.employee.pk])).status_code == 200
    assert not DisciplineConfig.objects.exists()
