import uuid

import pytest

from conftest import approved_skp
from kinerja.accounts.models import ApiToken
from kinerja.activities.models import Activity

pytestmark = pytest.mark.django_db


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


def test_log_list_and_verify_through_the_api(client, cast, period):
    indicator = approved_skp(cast.employee, period, cast.pegawai, cast.atasan).rhks.get().indicators.get()
    me, boss = bearer(cast.pegawai), bearer(cast.atasan)
    token = str(uuid.uuid4())
    payload = {
        "date": "2026-11-20",
        "description": "Pelayanan KTP",
        "start_time": "08:00",
        "end_time": "09:30",
        "indicator_id": indicator.pk,
        "quantity": "12",
        "client_token": token,
    }
    first = client.post("/api/v1/activities", payload, content_type="application/json", **me)
    again = client.post("/api/v1/activities", payload, content_type="application/json", **me)
    assert first.status_code == 201 and again.json()["id"] == first.json()["id"] and Activity.objects.count() == 1
    overlap = client.post(
        "/api/v1/activities",
        {**payload, "client_token": None, "start_time": "09:00", "end_time": "10:00"},
        content_type="application/json",
        **me,
    )
    assert overlap.status_code == 422
    future = client.post(
        "/api/v1/activities",
        {**payload, "client_token": None, "date": "2031-01-01"},
        content_type="application/json",
        **me,
    )
    assert future.status_code == 422
    inbox = client.get("/api/v1/activities/inbox", **boss).json()
    assert [a["id"] for a in inbox["items"]] == [first.json()["id"]]
    assert (
        client.post(
            "/api/v1/activities/decisions",
            {"ids": [first.json()["id"]], "decision": "verify"},
            content_type="application/json",
            **me,
        ).status_code
        == 404
    )
    decided = client.post(
        "/api/v1/activities/decisions",
        {"ids": [first.json()["id"]], "decision": "verify"},
        content_type="application/json",
        **boss,
    ).json()
    assert decided == {"decided": 1, "refused": []}
    assert indicator.realizations.get().quantity == 12
    comment = client.post(
        f"/api/v1/activities/{first.json()['id']}/comments", {"text": "Mantap"}, content_type="application/json", **boss
    )
    assert comment.status_code == 201
    assert client.get(f"/api/v1/activities/{first.json()['id']}/comments", **me).json()[0]["text"] == "Mantap"


def test_another_instansi_sees_no_activity(client, cast, other, period):
    entry = client.post(
        "/api/v1/activities",
        {"date": "2026-11-20", "description": "X", "minutes": 30},
        content_type="application/json",
        **bearer(cast.pegawai),
    ).json()
    for role in ("admin", "pimpinan", "atasan", "pegawai"):
        auth = bearer(getattr(other, role))
        assert client.get(f"/api/v1/activities/{entry['id']}", **auth).status_code == 404
        assert client.get("/api/v1/activities", **auth).json()["count"] == 0
