"""Mid-year revision with a reason category (policy, budget, reorganisation, transfer): the
page, the API, the audit row, and who may ask for it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import approved_skp
from kinerja.accounts.models import ApiToken
from kinerja.skp import services
from kinerja.skp.models import Skp, SkpStatusChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def skp(cast, period):
    return approved_skp(cast.employee, period, cast.pegawai, cast.atasan)


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


def test_the_category_is_required_and_recorded_in_the_history(cast, skp):
    with pytest.raises(ValidationError) as error:
        services.skp_revise(skp=skp, by=cast.pegawai, reason="Pindah seksi", category="whim")
    assert "kategori" in str(error.value)
    assert Skp.objects.count() == 1
    new = services.skp_revise(skp=skp, by=cast.pegawai, reason="Pindah seksi", category="transfer")
    assert (new.revision, new.revision_category, new.status) == (2, "transfer", "draft")
    row = SkpStatusChange.objects.get(skp=new)
    assert row.comment == "Mutasi / perpindahan jabatan: Pindah seksi" and row.by == cast.pegawai


def test_the_page_asks_for_category_and_reason(client, cast, skp):
    client.force_login(cast.pegawai)
    url = reverse("skp:revise", args=[skp.pk])
    page = client.get(url).content.decode()
    assert "Reorganisasi" in page and "Perubahan anggaran" in page
    bad = client.post(url, {"category": "", "reason": "Ada perubahan"})
    assert bad.status_code == 400 and Skp.objects.count() == 1
    response = client.post(url, {"category": "reorganisation", "reason": "Bidang digabung"}, follow=True)
    html = response.content.decode()
    assert "Revisi 2 dibuat sebagai draf." in html and "Reorganisasi</strong> — Bidang digabung" in html


@pytest.mark.parametrize("who", ["atasan", "pimpinan", "outsider_user"])
def test_only_the_owner_or_admin_revises(client, cast, skp, who):
    client.force_login(getattr(cast, who))
    response = client.post(reverse("skp:revise", args=[skp.pk]), {"category": "budget", "reason": "x"})
    assert response.status_code in (403, 404)
    api = client.post(
        f"/api/v1/skp/{skp.pk}/revisions",
        {"category": "budget", "reason": "x"},
        content_type="application/json",
        **bearer(getattr(cast, who)),
    )
    assert api.status_code in (403, 404)
    assert Skp.objects.count() == 1


def test_another_tenant_gets_404(client, other, skp):
    client.force_login(other.admin)
    assert client.get(reverse("skp:revise", args=[skp.pk])).status_code == 404
    assert client.get(f"/api/v1/skp/{skp.pk}/revisions", **bearer(other.admin)).status_code == 404


def test_the_api_creates_and_lists_revisions(client, cast, skp):
    bad = client.post(
        f"/api/v1/skp/{skp.pk}/revisions",
        {"category": "mood", "reason": "x"},
        content_type="application/json",
        **bearer(cast.pegawai),
    )
    assert bad.status_code == 422 and "category" in bad.json()["detail"]
    created = client.post(
        f"/api/v1/skp/{skp.pk}/revisions",
        {"category": "budget", "reason": "Refocusing anggaran"},
        content_type="application/json",
        **bearer(cast.pegawai),
    )
    assert created.status_code == 201 and created.json()["revision_category"] == "budget"
    listed = client.get(f"/api/v1/skp/{skp.pk}/revisions", **bearer(cast.atasan)).json()
    assert [(r["revision"], r["status"], r["revision_category"]) for r in listed] == [
        (1, "approved", ""),
        (2, "draft", "budget"),
    ]
    again = client.post(
        f"/api/v1/skp/{skp.pk}/revisions",
        {"category": "budget", "reason": "Lagi"},
        content_type="application/json",
        **bearer(cast.pegawai),
    )
    assert again.status_code == 422  # one open revision at a time
