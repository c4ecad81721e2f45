"""The two submission paths (web form and API) read the same things once each: their query
counts are pinned here, so a second period lookup or duplicate check shows up as a failure
(issue: one cost per write path; bench/ measures the CPU)."""

import datetime as dt
import uuid

import pytest
import time_machine
from django.urls import reverse

from conftest import approved_skp
from kinerja.accounts.models import ApiToken
from kinerja.activities.models import Activity
from kinerja.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def friday_morning():
    with time_machine.travel(dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def indicator(cast, period):
    return approved_skp(cast.employee, period, cast.pegawai, cast.atasan).rhks.get().indicators.get()


def web_row(indicator, start: str, token: uuid.UUID) -> dict:
    return {
        "rows": "1",
        "e0-date": "2026-11-20",
        "e0-description": "Verifikasi berkas",
        "e0-start_time": start,
        "e0-end_time": start.replace(":00", ":45"),
        "e0-indicator": indicator.pk,
        "e0-quantity": "2",
        "e0-client_token": str(token),
    }


def test_the_web_form_reads_each_thing_once(client, cast, indicator, django_assert_num_queries):
    client.force_login(cast.pegawai)
    # session, user, instansi (time zone), employee, period, indicator (form choice, with its SKP),
    # the day's entries (overlap check and client token together), savepoint (all rows or none),
    # savepoint (client token), INSERT activity, release, INSERT status change, release
    with django_assert_num_queries(13):
        response = client.post(reverse("activities:create"), web_row(indicator, "08:00", uuid.uuid4()))
    assert response.status_code == 302
    assert Activity.objects.get().indicator == indicator


def test_the_api_reads_each_thing_once(client, cast, indicator, django_assert_num_queries):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(cast.pegawai)[1]}"}
    payload = {
        "date": "2026-11-20",
        "description": "Verifikasi berkas",
        "start_time": "10:00",
        "end_time": "11:00",
        "indicator_id": indicator.pk,
        "quantity": "1",
        "client_token": str(uuid.uuid4()),
    }
    client.post(
        "/api/v1/activities",
        {**payload, "client_token": str(uuid.uuid4()), "start_time": "07:00", "end_time": "07:30"},
        content_type="application/json",
        **auth,
    )  # the token's first use is touched
    # token (with user, instansi, employee), period, indicator (with its SKP), the day's entries,
    # savepoint (client token), INSERT activity, release, INSERT status change (in production a
    # BEGIN/COMMIT pair around the writes, which the test's own transaction hides)
    with django_assert_num_queries(8):
        response = client.post("/api/v1/activities", payload, content_type="application/json", **auth)
    assert response.status_code == 201


def test_a_resent_form_costs_one_read_and_creates_nothing(client, cast, indicator, django_assert_num_queries):
    client.force_login(cast.pegawai)
    row = web_row(indicator, "08:00", uuid.uuid4())
    client.post(reverse("activities:create"), row)
    # as above up to the day's entries, which carry the token (inside the form's savepoint and its
    # release); then the entry itself, and no write
    with django_assert_num_queries(10):
        again = client.post(reverse("activities:create"), row)
    assert again.status_code == 302 and Activity.objects.count() == 1


def test_an_indicator_of_someone_else_is_refused_on_both_paths(client, cast, indicator, period):
    other = (
        approved_skp(cast.supervisor, period, cast.atasan, UserFactory(employee=cast.head)).rhks.get().indicators.get()
    )
    client.force_login(cast.pegawai)
    response = client.post(reverse("activities:create"), web_row(other, "08:00", uuid.uuid4()))
    assert response.status_code == 400
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(cast.pegawai)[1]}"}
    payload = {"date": "2026-11-20", "description": "x", "minutes": 30, "indicator_id": other.pk}
    assert client.post("/api/v1/activities", payload, content_type="application/json", **auth).status_code == 422
    assert not Activity.objects.exists()
