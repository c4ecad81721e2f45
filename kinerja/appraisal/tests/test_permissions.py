"""Every appraisal page and endpoint as every role of another instansi (404), and who may do what
inside one instansi."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from conftest import approved_skp
from kinerja.accounts.models import ApiToken
from kinerja.appraisal import services
from kinerja.appraisal.models import Evaluation

pytestmark = pytest.mark.django_db
CUT = "2026-Q4"
ROLES = ["admin", "pimpinan", "atasan", "pegawai"]


@pytest.fixture
def evaluation(cast, period):
    approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    services.evaluations_compute(instansi=cast.instansi, period=period, cut_key=CUT)
    return Evaluation.objects.get(employee=cast.employee)


def object_urls(cast, period, evaluation) -> list[str]:
    """Every appraisal URL that names an object: new pages join the walk by themselves."""
    values = {"pk": evaluation.pk, "period_pk": period.pk, "cut_key": CUT, "unit_pk": cast.bidang.pk}
    urls = []
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) == "appraisal":
            for p in pattern.url_patterns:
                if isinstance(p, URLPattern) and p.pattern.converters:
                    urls.append(reverse(f"appraisal:{p.name}", kwargs={k: values[k] for k in p.pattern.converters}))
    return urls


def test_the_walk_covers_every_object_url(cast, period, evaluation):
    assert len(object_urls(cast, period, evaluation)) == 11


@pytest.mark.parametrize("role", ROLES)
def test_every_url_is_not_found_for_another_instansi(client, cast, other, period, evaluation, role):
    client.force_login(getattr(other, role))
    for url in object_urls(cast, period, evaluation):
        get, post = client.get(url), client.post(url)
        assert get.status_code in (404, 405), (role, url, get.status_code)
        # 405: a page that only reads; 403: pimpinan is refused every write before any lookup
        allowed = (403, 404, 405) if role == "pimpinan" else (404, 405)
        assert post.status_code in allowed, (role, url, post.status_code)
    index = client.get(reverse("appraisal:index")).content.decode()
    assert cast.employee.nip not in index and cast.instansi.name not in index


@pytest.mark.parametrize("role", ROLES)
def test_every_endpoint_is_not_found_for_another_instansi(client, cast, other, period, evaluation, role):
    _token, key = ApiToken.issue(getattr(other, role))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    base = f"/api/v1/evaluations/{evaluation.pk}"
    for url in [base, f"{base}/objection"]:
        assert client.get(url, **auth).status_code == 404, url
    refused = 403 if role == "pimpinan" else 404  # pimpinan changes nothing: refused by role first
    for url, body in [
        (f"{base}/rating", {"results_rating": "sesuai", "behaviour_rating": "sesuai"}),
        (f"{base}/finalise", {}),
        (f"{base}/acknowledge", {}),
        (f"{base}/objection", {"reason": "x"}),
        (f"{base}/objection/decision", {"decision": "uphold", "reason": "x"}),
    ]:
        assert client.post(url, body, content_type="application/json", **auth).status_code == refused, url
    put = client.put(
        f"/api/v1/units/{cast.bidang.pk}/predicate",
        {"period_id": period.pk, "cut_key": CUT, "predicate": "baik"},
        content_type="application/json",
        **auth,
    )
    assert put.status_code == refused
    assert client.get("/api/v1/evaluations", **auth).json()["count"] == 0


def test_inside_the_instansi(client, cast, period, evaluation):
    detail = reverse("appraisal:detail", args=[evaluation.pk])
    client.force_login(cast.outsider_user)  # a colleague in another unit
    assert client.get(detail).status_code == 404
    for role in ["pegawai", "atasan", "admin", "pimpinan"]:
        client.force_login(getattr(cast, role))
        assert client.get(detail).status_code == 200, role
    client.force_login(cast.pimpinan)  # reads, never rates
    rate = reverse("appraisal:rate", args=[evaluation.pk])
    assert client.post(rate, {"results_rating": "di_atas", "behaviour_rating": "di_atas"}).status_code == 403
    board = reverse("appraisal:board", args=[period.pk, CUT, cast.bidang.pk])
    assert client.post(board, {"predicate": "baik"}).status_code == 404


def test_the_api_flow(client, cast, period, evaluation):
    from kinerja.org.tests.factories import UserFactory

    def auth(user):
        return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}", "content_type": "application/json"}

    base = f"/api/v1/evaluations/{evaluation.pk}"
    admin = auth(cast.admin)
    put = client.put(
        f"/api/v1/units/{cast.bidang.pk}/predicate",
        {"period_id": period.pk, "cut_key": CUT, "predicate": "butuh_perbaikan"},
        **admin,
    )
    assert put.status_code == 200 and put.json()["predicate"] == "butuh_perbaikan"
    atasan = auth(cast.atasan)
    bad = client.post(f"{base}/rating", {"results_rating": "sesuai", "behaviour_rating": "sesuai"}, **atasan)
    assert bad.status_code == 422 and "results_rating" in bad.json()["detail"]
    rated = client.post(f"{base}/rating", {"results_rating": "di_bawah", "behaviour_rating": "sesuai"}, **atasan)
    assert rated.json()["predikat"] == "butuh_perbaikan"
    assert client.post(f"{base}/finalise", {}, **atasan).json()["status"] == "final"
    pegawai = auth(cast.pegawai)
    assert (
        client.post(
            f"{base}/rating", {"results_rating": "di_atas", "behaviour_rating": "di_atas"}, **pegawai
        ).status_code
        == 403
    )
    assert client.post(f"{base}/objection", {"reason": "Tidak sesuai bukti"}, **pegawai).status_code == 201
    assert client.post(f"{base}/objection", {"reason": "Lagi"}, **pegawai).status_code == 422
    head = auth(UserFactory(employee=cast.head))
    decided = client.post(f"{base}/objection/decision", {"decision": "uphold", "reason": "Sesuai bukti"}, **head)
    assert decided.json()["status"] == "decided" and decided.json()["predikat"] == "butuh_perbaikan"
    assert client.get(f"{base}/objection", **pegawai).json()["decision"] == "uphold"
    listed = client.get(f"/api/v1/evaluations?year=2026&cut_key={CUT}", **pegawai).json()
    assert [e["id"] for e in listed["items"]] == [evaluation.pk]
