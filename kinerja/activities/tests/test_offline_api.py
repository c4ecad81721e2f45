"""What the offline log relies on (docs/offline.md): a resend answers the stored entry whatever
happened to it since, photos arrive with their entry in one request (images only), and an edit
made from an older version is a visible conflict, never a silent overwrite."""

import datetime as dt
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import approved_skp
from kinerja.accounts.models import ApiToken
from kinerja.activities import rules, services
from kinerja.activities.models import Activity, Evidence
from kinerja.skp.models import Period

pytestmark = pytest.mark.django_db
# The smallest JPEG header the content check accepts (the type is read from the first bytes).
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


def entry(**overrides):
    return {
        "date": "2026-11-20",
        "description": "Pendataan warga RT 04",
        "start_time": "08:00",
        "end_time": "09:30",
        "client_token": str(uuid.uuid4()),
        **overrides,
    }


def post(client, me, payload):
    return client.post("/api/v1/activities", payload, content_type="application/json", **me)


def post_photos(client, me, payload, *photos):
    return client.post("/api/v1/activities/with-photos", {**payload, "photos": list(photos)}, **me)


def test_a_resend_answers_the_stored_entry_even_after_the_period_closed(client, cast, period):
    me = bearer(cast.pegawai)
    payload = entry()
    first = post(client, me, payload)
    assert first.status_code == 201
    Period.objects.filter(pk=period.pk).update(is_closed=True)
    again = post(client, me, payload)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Activity.objects.count() == 1
    # A new entry for the closed period is refused with the reason the phone shows.
    refused = post(client, me, entry(start_time="10:00", end_time="11:00"))
    assert refused.status_code == 422
    assert "sudah ditutup" in refused.json()["detail"]["date"][0]


def test_a_resend_of_a_deleted_or_replaced_entry_is_not_an_error(client, cast, period):
    me = bearer(cast.pegawai)
    payload = entry()
    created = Activity.objects.get(pk=post(client, me, payload).json()["id"])
    services.activity_delete(activity=created, by=cast.pegawai)
    # The day is free again, so the resend passes validation and meets the constraint instead.
    again = post(client, me, payload)
    assert again.status_code == 200 and again.json()["id"] == created.pk and again.json()["status"] == "deleted"
    assert Activity.objects.count() == 1


def test_a_resend_with_an_indicator_no_longer_valid_answers_the_stored_entry(client, cast, period):
    indicator = approved_skp(cast.employee, period, cast.pegawai, cast.atasan).rhks.get().indicators.get()
    me = bearer(cast.pegawai)
    payload = entry(indicator_id=indicator.pk, quantity="2")
    first = post(client, me, payload)
    assert first.status_code == 201
    again = post(client, me, {**payload, "indicator_id": indicator.pk + 1000})
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]


def test_an_entry_arrives_with_its_photo_once(client, cast, period):
    me = bearer(cast.pegawai)
    payload = entry()
    photo = SimpleUploadedFile("foto.jpg", JPEG, content_type="image/jpeg")
    first = post_photos(client, me, payload, photo)
    assert first.status_code == 201, first.content
    again = post_photos(client, me, payload, SimpleUploadedFile("foto.jpg", JPEG, content_type="image/jpeg"))
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    evidence = Evidence.objects.get()
    assert evidence.activity_id == first.json()["id"] and evidence.content_type == "image/jpeg"


def test_a_photo_that_is_not_an_image_is_refused_and_nothing_is_stored(client, cast, period):
    me = bearer(cast.pegawai)
    pdf = SimpleUploadedFile("foto.jpg", b"%PDF-1.4\n%%EOF\n", content_type="image/jpeg")
    refused = post_photos(client, me, entry(), pdf)
    assert refused.status_code == 422
    assert "bukan gambar" in refused.json()["detail"]["__all__"][0]
    assert not Activity.objects.exists() and not Evidence.objects.exists()


def test_an_oversized_photo_is_refused_with_the_limit(client, cast, period):
    me = bearer(cast.pegawai)
    big = SimpleUploadedFile("besar.jpg", JPEG + b"\x00" * rules.MAX_EVIDENCE_BYTES, content_type="image/jpeg")
    refused = post_photos(client, me, entry(), big)
    assert refused.status_code == 422
    assert "terlalu besar" in refused.json()["detail"]["__all__"][0]
    assert not Activity.objects.exists()


def test_the_photo_form_speaks_the_users_language(client, cast, period):
    me = bearer(cast.pegawai)
    pdf = SimpleUploadedFile("scan.jpg", b"%PDF-1.4\n%%EOF\n")
    refused = client.post(
        "/api/v1/activities/with-photos", {**entry(), "photos": [pdf]}, HTTP_ACCEPT_LANGUAGE="en", **me
    )
    assert refused.status_code == 422
    assert "not an image" in refused.json()["detail"]["__all__"][0]


def test_an_edit_from_an_older_version_is_a_conflict_with_both_versions(client, cast, period):
    me = bearer(cast.pegawai)
    created = post(client, me, entry()).json()
    assert created["version"] == 1
    edit = {"version": 1, "date": "2026-11-20", "description": "Pendataan RT 04 dan 05", "minutes": 90}
    url = f"/api/v1/activities/{created['id']}"
    first = client.put(url, edit, content_type="application/json", **me)
    assert first.status_code == 200 and first.json()["version"] == 2
    # The same edit again (its answer was lost): the stored entry, not a conflict.
    again = client.put(url, edit, content_type="application/json", **me)
    assert again.status_code == 200 and again.json()["version"] == 2
    # Another device edits from version 1: refused, the stored version comes back to choose from.
    other = client.put(url, {**edit, "description": "Pendataan RT 06"}, content_type="application/json", **me)
    assert other.status_code == 409
    assert other.json()["current"]["description"] == "Pendataan RT 04 dan 05"
    assert Activity.objects.get().description == "Pendataan RT 04 dan 05"
    # Choosing "mine": sent again from the stored version.
    mine = client.put(
        url, {**edit, "version": 2, "description": "Pendataan RT 06"}, content_type="application/json", **me
    )
    assert mine.status_code == 200 and mine.json()["version"] == 3


def test_an_edit_of_an_entry_replaced_meanwhile_shows_the_newest_version(client, cast, period):
    me = bearer(cast.pegawai)
    created = Activity.objects.get(pk=post(client, me, entry()).json()["id"])
    services.activity_verify(activity=created, by=cast.atasan)
    newer = services.activity_update(activity=created, by=cast.pegawai, expected_version=1, description="Versi web")
    assert newer.pk != created.pk
    stale = client.put(
        f"/api/v1/activities/{created.pk}",
        {"version": 1, "date": "2026-11-20", "description": "Versi ponsel", "minutes": 60},
        content_type="application/json",
        **me,
    )
    assert stale.status_code == 409 and stale.json()["current"]["id"] == newer.pk


def test_only_the_owner_edits_and_pimpinan_never(client, cast, period):
    created = post(client, bearer(cast.pegawai), entry()).json()
    edit = {"version": 1, "date": "2026-11-20", "description": "x", "minutes": 30}
    url = f"/api/v1/activities/{created['id']}"
    assert client.put(url, edit, content_type="application/json", **bearer(cast.atasan)).status_code == 403
    assert client.put(url, edit, content_type="application/json", **bearer(cast.pimpinan)).status_code == 403


def test_another_tenant_cannot_edit(client, cast, other, period):
    created = post(client, bearer(cast.pegawai), entry()).json()
    edit = {"version": 1, "date": "2026-11-20", "description": "x", "minutes": 30}
    response = client.put(
        f"/api/v1/activities/{created['id']}", edit, content_type="application/json", **bearer(other.pegawai)
    )
    assert response.status_code == 404


def test_the_edit_page_shows_a_change_saved_meanwhile_instead_of_overwriting_it(client, cast, period):
    created = Activity.objects.get(pk=post(client, bearer(cast.pegawai), entry()).json()["id"])
    services.activity_update(activity=created, by=cast.pegawai, expected_version=1, description="Dari ponsel")
    client.force_login(cast.pegawai)
    form = {
        "version": "1",
        "date": "2026-11-20",
        "start_time": "08:00",
        "end_time": "09:30",
        "description": "Dari laptop",
        "quantity": "0",
    }
    response = client.post(f"/kegiatan/{created.pk}/ubah/", form)
    assert response.status_code == 200
    assert b"Dari ponsel" in response.content and b"edit-conflict" in response.content
    assert Activity.objects.get().description == "Dari ponsel"
    form["version"] = "2"
    assert client.post(f"/kegiatan/{created.pk}/ubah/", form).status_code == 302
    assert Activity.objects.get().description == "Dari laptop"


def test_the_service_worker_covers_the_site_from_local_files(client):
    response = client.get("/kegiatan/sw.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/" and "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert "/static/vendor/workbox-sw.js" in body and "/static/vendor/workbox-strategies.prod.js" in body
    assert "googleapis" not in body and "/kegiatan/luring/" in body


def test_the_manifest_opens_the_offline_log_in_the_users_language(client):
    manifest = client.get("/kegiatan/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="en")
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert data["start_url"] == "/kegiatan/luring/" and data["display"] == "standalone"
    assert data["name"] == "Kinerja — daily activity log" and len(data["icons"]) == 3


def test_the_offline_log_page_costs_a_fixed_number_of_queries(client, cast, period, django_assert_max_num_queries):
    for n in range(25):
        services.activity_create(
            employee=cast.employee,
            by=cast.pegawai,
            day=dt.date(2026, 11, 1 + n),
            description=f"Kegiatan {n}",
            minutes=30,
        )
    client.force_login(cast.pegawai)
    # session, user (+ instansi), employee, period, indicators, the recent entries, navigation counters
    with django_assert_max_num_queries(12):
        response = client.get("/kegiatan/luring/")
    assert response.status_code == 200
    assert response.content.count(b'"version": 1') == 20  # the 20 most recent, each with its version
    assert b"offline-messages" in response.content and b"<script>" not in response.content


def test_pimpinan_have_no_offline_log(client, cast):
    client.force_login(cast.pimpinan)
    assert client.get("/kegiatan/luring/").status_code == 403
    assert b"/kegiatan/luring/" not in client.get("/kegiatan/").content
