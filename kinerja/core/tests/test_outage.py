"""A database outage, simulated: every query raises as it does while PostgreSQL restarts."""

import logging
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def outage():
    """Every query from now on fails the way a refused or dropped connection does."""
    error = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
    with (
        mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=error),
        mock.patch("django.db.backends.utils.CursorWrapper.executemany", side_effect=error),
    ):
        yield


@pytest.fixture
def browser_client(cast):
    client = Client(raise_request_exception=False)
    client.force_login(cast.pegawai)  # the session row is written before the outage
    return client


def test_a_page_answers_503_in_the_sites_layout(browser_client, outage):
    response = browser_client.get("/kegiatan/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Layanan sedang tidak tersedia" in html and "tidak ada data yang berubah" in html
    assert "vendor/bootstrap.min.css" in html and 'lang="id"' in html  # the layout, in Indonesian


def test_the_page_speaks_the_users_language(browser_client, outage):
    browser_client.cookies["django_language"] = "en"
    response = browser_client.get("/beranda/")
    assert response.status_code == 503 and 'lang="en"' in response.content.decode()


def test_the_api_answers_json_503_with_retry_after(browser_client, outage):
    response = browser_client.get("/api/v1/me")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "30"
    assert "Basis data" in response.json()["detail"]


def test_token_calls_and_writes_get_the_same_answer(cast, outage):
    client = Client(raise_request_exception=False)
    response = client.post(
        "/api/v1/activities", {"description": "x"}, content_type="application/json", HTTP_AUTHORIZATION="Bearer abc"
    )
    assert response.status_code == 503 and response.json()["detail"]
    response = client.post(
        "/api/v1/auth/token", {"nip": "198001012005011001", "password": "x"}, content_type="application/json"
    )
    assert response.status_code == 503


def test_interface_errors_count_as_an_outage_too(browser_client):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=InterfaceError("connection already closed")
    ):
        assert browser_client.get("/api/v1/me").status_code == 503


def test_an_outage_logs_one_line_per_request_not_a_traceback(browser_client, outage, caplog):
    with caplog.at_level(logging.WARNING):
        browser_client.get("/kegiatan/")
        browser_client.get("/api/v1/me")
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 2
    for record in records:
        assert record.exc_info is None and record.exc_text is None
        line = record.getMessage()
        assert "\n" not in line and line.startswith("Database unavailable (OperationalError: connection to server")
    assert records[0].getMessage().endswith("GET /kegiatan/")


def test_other_server_errors_stay_a_500(browser_client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=ValueError("not an outage")):
        response = browser_client.get("/kegiatan/")
    assert response.status_code == 500


def test_persistent_connections_are_health_checked():
    from django.conf import settings

    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
