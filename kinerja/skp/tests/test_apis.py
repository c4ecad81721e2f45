import pytest

from conftest import approved_skp
from kinerja.accounts.models import ApiToken
from kinerja.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


def test_the_whole_skp_flow_through_the_api(client, cast, period):
    boss = approved_skp(cast.supervisor, period, cast.atasan, UserFactory(employee=cast.head))
    me = bearer(cast.pegawai)
    skp = client.post("/api/v1/skp", {"period_id": period.pk}, content_type="application/json", **me)
    assert skp.status_code == 201, skp.content
    skp_id = skp.json()["id"]
    rhk = client.post(
        f"/api/v1/skp/{skp_id}/rhk",
        {"text": "Fogging", "parent_id": boss.rhks.get().pk},
        content_type="application/json",
        **me,
    )
    assert rhk.status_code == 201, rhk.content
    bad = client.post(
        f"/api/v1/skp/{skp_id}/rhk/{rhk.json()['id']}/indicators",
        {"text": "X", "target": "-3", "target_unit": "x"},
        content_type="application/json",
        **me,
    )
    assert bad.status_code == 422 and "target" in bad.json()["detail"]
    ok = client.post(
        f"/api/v1/skp/{skp_id}/rhk/{rhk.json()['id']}/indicators",
        {"text": "Kelurahan", "target": "10", "target_unit": "kelurahan"},
        content_type="application/json",
        **me,
    )
    assert ok.status_code == 201
    assert client.post(f"/api/v1/skp/{skp_id}/submit", **me).json()["status"] == "submitted"
    assert client.post(f"/api/v1/skp/{skp_id}/submit", **me).status_code == 422  # double submission
    own = client.post(f"/api/v1/skp/{skp_id}/decision", {"decision": "approve"}, content_type="application/json", **me)
    assert own.status_code == 403
    decided = client.post(
        f"/api/v1/skp/{skp_id}/decision",
        {"decision": "approve"},
        content_type="application/json",
        **bearer(cast.atasan),
    )
    assert decided.json()["status"] == "approved"
    detail = client.get(f"/api/v1/skp/{skp_id}", **me).json()
    assert detail["rhks"][0]["indicators"][0]["target"] == "10.00"


def test_other_instansi_sees_no_skp(client, cast, other, period):
    skp = approved_skp(cast.supervisor, period, cast.atasan, UserFactory(employee=cast.head))
    for role in ("admin", "pimpinan", "atasan", "pegawai"):
        auth = bearer(getattr(other, role))
        assert client.get(f"/api/v1/skp/{skp.pk}", **auth).status_code == 404
        assert client.post(f"/api/v1/skp/{skp.pk}/submit", **auth).status_code == (403 if role == "pimpinan" else 404)
        assert client.get("/api/v1/skp", **auth).json()["count"] == 0


def test_only_admins_open_periods(client, cast):
    payload = {"year": 2027, "planning_deadline": "2027-01-31", "closes_on": "2027-12-31"}
    assert (
        client.post("/api/v1/periods", payload, content_type="application/json", **bearer(cast.pegawai)).status_code
        == 403
    )
    assert (
        client.post("/api/v1/periods", payload, content_type="application/json", **bearer(cast.admin)).status_code
        == 201
    )
    assert (
        client.post("/api/v1/periods", payload, content_type="application/json", **bearer(cast.admin)).status_code
        == 422
    )
