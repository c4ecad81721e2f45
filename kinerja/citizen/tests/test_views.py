import pytest
from django.core.cache import cache
from django.urls import reverse

from kinerja.accounts.models import ApiToken
from kinerja.citizen import rules, services
from kinerja.citizen.models import Complaint, SurveyResponse

pytestmark = pytest.mark.django_db
GOOD = {code: "3" for code in rules.ELEMENT_CODES}


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def point(cast):
    return services.point_create(unit=cast.bidang)


def survey_post(client, point, **extra):
    page = client.get(reverse("citizen:survey", args=[point.token])).content.decode()
    token = page.split('name="token" value="')[1].split('"')[0]
    return client.post(reverse("citizen:survey", args=[point.token]), {**GOOD, "token": token, **extra})


def test_the_survey_page_is_small_and_has_no_script(client, point):
    response = client.get(reverse("citizen:survey", args=[point.token]))
    page = response.content.decode()
    assert response.status_code == 200 and "<script" not in page and len(response.content) < 20_000
    assert "Persyaratan" in page and "Sarana dan Prasarana" in page
    assert "kinerja_device" in response.cookies


def test_answering_and_the_messages_for_bad_input(client, point):
    response = survey_post(client, point, u4="7", suggestion="<script>alert(1)</script>")
    page = response.content.decode()
    assert response.status_code == 400 and "harus 1 sampai 4" in page and "kode HTML" in page
    assert "<script>alert(1)</script>" not in page  # escaped when shown back
    assert not SurveyResponse.objects.exists()
    response = survey_post(client, point, suggestion="Petugas ramah")
    assert "Terima kasih" in response.content.decode() and SurveyResponse.objects.count() == 1


def test_the_honeypot_thanks_and_stores_nothing(client, point):
    assert "Terima kasih" in survey_post(client, point, website="spam").content.decode()
    assert not SurveyResponse.objects.exists()


def test_rate_limit_per_device(client, point):
    codes = [survey_post(client, point).status_code for _i in range(7)]
    assert codes[-1] == 429 and codes[:6] == [200] * 6
    assert SurveyResponse.objects.count() == 6
    assert SurveyResponse.objects.filter(is_flagged=True).count() == 5  # same device within minutes
    # The counters live in the shared database cache, so every gunicorn worker sees the same ones.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM kinerja_cache WHERE cache_key LIKE %s", ["%throttle:survey-device:%"])
        assert cursor.fetchone()[0] == 1


def test_results_show_sample_size_and_mark_small_samples(client, cast, point):
    survey_post(client, point)
    page = client.get(reverse("citizen:results", args=[cast.instansi.code])).content.decode()
    assert "75,00 (C)" in page and "1 resp. *" in page
    unit = client.get(reverse("citizen:results_unit", args=[cast.instansi.code, cast.bidang.pk])).content.decode()
    assert "sampel kecil" in unit and "3,000" in unit


def test_complaint_submit_and_track(client, cast, point):
    url = reverse("citizen:complaint_new", args=[cast.instansi.code])
    response = client.post(url, {"unit": cast.bidang.pk, "subject": "", "description": "pendek"})
    assert response.status_code == 400 and not Complaint.objects.exists()
    category = services.categories_for(cast.instansi).first()
    response = client.post(
        url,
        {
            "unit": cast.bidang.pk,
            "category": category.pk,
            "subject": "Antrean",
            "description": "Menunggu tiga jam.",
            "contact": "0812",
        },
    )
    complaint = Complaint.objects.get()
    assert complaint.category == category
    assert response.status_code == 302
    code = complaint.code_display.lower()
    response = client.get(reverse("citizen:track"), {"code": code})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Diterima" in page and "0812" not in page  # the contact is for admins only
    assert client.get(reverse("citizen:track"), {"code": "ZZZZ-ZZZZ"}).status_code == 404


def test_staff_pages_and_who_sees_personal_data(client, cast, other, point):
    complaint = services.complaint_submit(
        unit=cast.bidang, subject="Antrean", description="Menunggu tiga jam.", contact="0812"
    )
    detail = reverse("citizen:complaint_detail", args=[complaint.pk])
    client.force_login(cast.admin)
    assert "0812" in client.get(detail).content.decode()
    client.post(detail, {"action": "assign", "employee": cast.employee.pk})
    client.force_login(cast.pegawai)
    page = client.get(detail).content.decode()
    assert "0812" not in page and "Tanggapi" in page
    client.post(detail, {"action": "respond", "text": "Sudah ditangani", "resolve": "on"})
    assert Complaint.objects.get().status == "resolved"
    assert client.get(reverse("citizen:points")).status_code == 403
    for role in ["admin", "pimpinan", "atasan", "pegawai"]:
        client.force_login(getattr(other, role))
        assert client.get(detail).status_code == 404, role
        assert client.post(detail, {"action": "hide"}).status_code == 404, role
        response = client.get(reverse("citizen:poster", args=[point.pk]))
        assert response.status_code in (403, 404), role
    client.force_login(other.admin)
    response = SurveyResponse.objects.create(
        instansi=cast.instansi,
        unit=cast.bidang,
        point=point,
        submitted_on="2026-11-20",
        visit_token="t",
        **{code: 3 for code in rules.ELEMENT_CODES},
    )
    assert client.post(reverse("citizen:moderate_response", args=[response.pk]), {"hidden": "1"}).status_code == 404


def test_moderation_hides_and_never_deletes(client, cast, point):
    survey_post(client, point, suggestion="Petugasnya bodoh semua")
    response = SurveyResponse.objects.get()
    client.force_login(cast.admin)
    client.post(reverse("citizen:moderate_response", args=[response.pk]), {"hidden": "1"})
    response.refresh_from_db()
    assert response.is_hidden and response.suggestion == "Petugasnya bodoh semua"
    page = client.get(reverse("citizen:results_unit", args=[cast.instansi.code, cast.bidang.pk])).content.decode()
    assert "bodoh" not in page


def test_the_poster_is_a_pdf_with_the_survey_link(client, cast, point):
    import io

    from pypdf import PdfReader

    client.force_login(cast.admin)
    response = client.get(reverse("citizen:poster", args=[point.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert point.token in text.replace("\n", "") and "Bagaimana layanan kami" in text


def test_the_points_page_shows_the_default_sla_and_the_qr_code_is_public(client, cast, point):
    client.force_login(cast.admin)
    page = client.get(reverse("citizen:points")).content.decode()
    assert f"{rules.DEFAULT_SLA.response_hours} / {rules.DEFAULT_SLA.resolution_hours}" in page  # no own targets
    client.logout()
    svg = client.get(reverse("citizen:poster_qr", args=[point.token]))
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert client.get(reverse("citizen:poster_qr", args=["nope"])).status_code == 404


def test_the_api(client, cast, point):
    meta = client.get(f"/api/v1/surveys/{point.token}").json()
    body = {"answers": {c: 4 for c in rules.ELEMENT_CODES}, "token": meta["visit_token"]}
    assert (
        client.post(f"/api/v1/surveys/{point.token}/responses", body, content_type="application/json").status_code
        == 201
    )
    bad = {**body, "answers": {"u1": 9}}
    response = client.post(f"/api/v1/surveys/{point.token}/responses", bad, content_type="application/json")
    assert response.status_code == 422 and "u9" in response.json()["detail"]
    created = client.post(
        "/api/v1/complaints",
        {"unit_id": cast.bidang.pk, "subject": "Antrean", "description": "Menunggu tiga jam."},
        content_type="application/json",
    )
    assert created.status_code == 201
    code = created.json()["code"]
    assert client.get(f"/api/v1/complaints/track/{code}").json()["status"] == "new"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(cast.admin)[1]}"}
    results = client.get("/api/v1/ikm?period=2026", **auth).json()
    assert results[0]["ikm"] == "100.00" and results[0]["grade"] == "A" and results[0]["small_sample"]
    listed = client.get("/api/v1/complaints", **auth).json()
    assert [c["code"] for c in listed] == [code]
    assert client.get("/api/v1/complaints").status_code == 401


def test_a_unit_head_sees_and_assigns_the_units_complaints_only(client, cast, point):
    from kinerja.org.tests.factories import UserFactory

    cast.opd.head_position = cast.head_position
    cast.opd.save()
    complaint = services.complaint_submit(unit=cast.bidang, subject="Antrean", description="Menunggu tiga jam.")
    elsewhere = services.complaint_submit(unit=cast.other_opd, subject="Ruang", description="Ruang tunggu panas.")
    client.force_login(UserFactory(employee=cast.head))  # heads the Dinas above the Bidang
    detail = reverse("citizen:complaint_detail", args=[complaint.pk])
    assert "Tugaskan" in client.get(detail).content.decode()
    assert client.get(reverse("citizen:complaint_detail", args=[elsewhere.pk])).status_code == 404
    client.post(detail, {"action": "assign", "employee": cast.employee.pk})
    assert Complaint.objects.get(pk=complaint.pk).assigned_to == cast.employee


def test_the_api_has_the_pages_limits(client, point):
    url = f"/api/v1/surveys/{point.token}/responses"
    codes = []
    for _i in range(7):
        token = client.get(f"/api/v1/surveys/{point.token}").json()["visit_token"]
        body = {"answers": {c: 3 for c in rules.ELEMENT_CODES}, "token": token}
        codes.append(client.post(url, body, content_type="application/json", HTTP_X_DEVICE_ID="app-1").status_code)
    assert codes == [201] * 6 + [429]
    assert SurveyResponse.objects.count() == 6


def test_the_survey_speaks_english_too(client, point):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("citizen:survey", args=[point.token])).content.decode()
    assert "Requirements" in page and "Very good" in page and "Persyaratan" not in page


@pytest.mark.parametrize("age", ["7", "abc", "130"])
def test_a_bad_age_refuses_the_whole_answer(client, point, age):
    response = survey_post(client, point, age=age)
    assert response.status_code == 400 and "Usia harus antara 10 dan 120 tahun." in response.content.decode()
    assert not SurveyResponse.objects.exists()
