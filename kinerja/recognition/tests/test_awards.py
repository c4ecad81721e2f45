"""Awards: nominations (supervisor, ranking), the committee's decision, revocation, the public
verification page, certificates, permissions across tenants and roles."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import approved_skp
from kinerja.accounts.models import ApiToken
from kinerja.appraisal import services as appraisal_services
from kinerja.appraisal.models import Evaluation
from kinerja.recognition import selectors, services
from kinerja.recognition.models import Award

pytestmark = pytest.mark.django_db
CUT = "2026-Q4"


@pytest.fixture
def final(cast, period):
    approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    appraisal_services.evaluations_compute(instansi=cast.instansi, period=period, cut_key=CUT)
    Evaluation.objects.filter(employee=cast.employee).update(
        status="final", predikat="sangat_baik", achievement_pct=112
    )
    return Evaluation.objects.get(employee=cast.employee)


def nominate(cast, **kw):
    values = dict(
        instansi=cast.instansi,
        employee=cast.employee,
        period=CUT,
        category="teladan",
        reason="Layanan imunisasi melampaui target",
        source=Award.Source.SUPERVISOR,
        by=cast.atasan,
    )
    values.update(kw)
    return services.award_nominate(**values)


def auth(user):
    _token, key = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_ranking_from_final_evaluations(cast, final):
    rows = selectors.ranking(instansi=cast.instansi, cut_key=CUT)
    assert [(r.position, row["employee__nip"]) for r, row in rows] == [(1, cast.employee.nip)]


def test_nominating_someone_of_another_instansi_is_refused(cast, other):
    with pytest.raises(ValidationError, match="bukan pegawai instansi ini"):
        nominate(cast, employee=other.employee)
    assert not Award.objects.exists()


def test_nomination_twice_and_from_ranking_outside_it(cast, final):
    nominate(cast)
    with pytest.raises(ValidationError, match="sudah diusulkan"):
        nominate(cast)
    with pytest.raises(ValidationError, match="tidak ada dalam peringkat"):
        nominate(cast, employee=cast.outsider, source=Award.Source.RANKING, by=cast.admin)
    award = nominate(cast, category="terbaik", source=Award.Source.RANKING, by=cast.admin)
    assert award.ranking_position == 1


def test_decide_revoke_and_verify(client, cast, final):
    award = nominate(cast)
    with pytest.raises(ValidationError):
        services.award_decide(award=award, award_it=True, reason=" ", by=cast.admin)
    services.award_decide(award=award, award_it=True, reason="Capaian 112%, pelayanan tanpa keluhan", by=cast.admin)
    page = client.get(reverse("recognition:verify", args=[award.code]))
    assert page.status_code == 200 and "Sah." in page.content.decode()
    assert client.get(reverse("recognition:verify", args=["palsu123"])).status_code == 404
    assert client.get(f"/api/v1/recognition/verify/{award.code}").json()["valid"] is True
    services.award_revoke(award=award, reason="Terbukti melanggar disiplin", by=cast.admin)
    page = client.get(reverse("recognition:verify", args=[award.code])).content.decode()
    assert "Sudah dicabut." in page and "Terbukti melanggar disiplin" in page
    assert client.get(f"/api/v1/recognition/verify/{award.code}").json() == {
        "valid": False,
        "status": "revoked",
        "employee_name": award.employee_name,
        "category": "teladan",
        "period": CUT,
        "revoked_reason": "Terbukti melanggar disiplin",
    }


def test_certificate_pdf_for_the_employee_not_a_colleague(client, cast, final):
    award = nominate(cast)
    services.award_decide(award=award, award_it=True, reason="Teladan", by=cast.admin)
    client.force_login(cast.pegawai)
    response = client.get(reverse("recognition:certificate", args=[award.pk]))
    assert response.content.startswith(b"%PDF")
    client.force_login(cast.outsider_user)
    assert client.get(reverse("recognition:certificate", args=[award.pk])).status_code == 404


@pytest.mark.parametrize("role", ["admin", "pimpinan", "atasan", "pegawai"])
def test_another_instansi_finds_nothing(client, cast, other, final, role):
    award = nominate(cast)
    client.force_login(getattr(other, role))
    for name in ["decide", "revoke", "certificate"]:
        url = reverse(f"recognition:{name}", args=[award.pk])
        assert client.get(url).status_code in (404, 405) and client.post(url).status_code in (404, 405)
    assert cast.employee.nip not in client.get(reverse("recognition:awards")).content.decode()
    response = client.post(
        "/api/v1/recognition/awards",
        {"employee_id": cast.employee.pk, "period": CUT, "category": "teladan", "reason": "x"},
        content_type="application/json",
        **auth(getattr(other, role)),
    )
    assert response.status_code == (403 if role == "pimpinan" else 404)  # pimpinan: refused by role first
    assert (
        client.get(f"/api/v1/recognition/ranking?period={CUT}&instansi=tebo", **auth(getattr(other, role))).status_code
        == 404
    )


def test_roles_inside_the_instansi(client, cast, final):
    award = nominate(cast)
    for user in (cast.pegawai, cast.atasan, cast.pimpinan):
        client.force_login(user)
        assert (
            client.post(
                reverse("recognition:decide", args=[award.pk]), {"decision": "award", "reason": "x"}
            ).status_code
            == 403
        )
    client.force_login(cast.atasan)  # the supervisor nominates only their own subordinate
    response = client.post(
        reverse("recognition:awards"), {"nip": cast.outsider.nip, "period": CUT, "category": "teladan", "reason": "x"}
    )
    assert "bawahan langsung" in response.content.decode()
    response = client.post(
        "/api/v1/recognition/awards",
        {"employee_id": cast.outsider.pk, "period": CUT, "category": "teladan", "reason": "x"},
        content_type="application/json",
        **auth(cast.atasan),
    )
    assert response.status_code == 403
    client.force_login(cast.admin)
    assert client.get(reverse("recognition:ranking")).status_code == 200
    ranking = client.get(f"/api/v1/recognition/ranking?period={CUT}", **auth(cast.admin)).json()
    assert ranking[0]["position"] == 1 and ranking[0]["nip"] == cast.employee.nip


def test_public_page_only_when_the_instansi_opts_in(client, cast, final):
    award = nominate(cast)
    services.award_decide(award=award, award_it=True, reason="Teladan pelayanan", by=cast.admin)
    url = reverse("recognition:public", args=[cast.instansi.code])
    assert client.get(url).status_code == 404
    services.setting_set(instansi=cast.instansi, public_announcements=True)
    assert award.employee_name in client.get(url).content.decode()
