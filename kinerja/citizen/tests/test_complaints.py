"""Complaints of issue #16: a category, a photo or document stripped of its metadata, the officer
it concerns, the citizen's "tepat" rating and the metrics built on it. Bad input gets a clear
message and stores nothing."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from kinerja.accounts.models import ApiToken
from kinerja.citizen import metrics, rules, services
from kinerja.citizen.models import Complaint, ComplaintCategory
from kinerja.org.tests.factories import EmployeeFactory
from kinerja.skp.models import Indicator, Metric

pytestmark = pytest.mark.django_db
SORONG_GPS = {1: "S", 2: (0.0, 53.0, 0.0), 3: "E", 4: (131.0, 15.0, 0.0)}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield tmp_path
    cache.clear()


@pytest.fixture
def point(cast):
    return services.point_create(unit=cast.bidang)


def photo(fmt="JPEG", size=(800, 600), name="foto.jpg", *, orientation=None) -> SimpleUploadedFile:
    """A phone photo with GPS coordinates, a camera name and an XMP packet in its metadata."""
    image = Image.new("RGB", size, "#3c6e91")
    exif = Image.Exif()
    exif[0x010F] = "KameraHP"
    exif[0x8825] = SORONG_GPS
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    extra = {"xmp": b"<x:xmpmeta>lokasi-rumah</x:xmpmeta>"} if fmt != "PNG" else {}
    image.save(out, format=fmt, exif=exif.tobytes(), **extra)
    return SimpleUploadedFile(name, out.getvalue())


def pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("surat.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")


def file_(complaint: Complaint) -> bytes:
    with complaint.attachment.open("rb") as handle:
        return handle.read()


def submit(cast, **extra):
    fields = {"unit": cast.bidang, "subject": "Antrean", "description": "Menunggu tiga jam di loket."}
    return services.complaint_submit(**{**fields, **extra})


def resolved(cast, *, handler=None, by=None, **extra) -> Complaint:
    complaint = submit(cast, **extra)
    services.complaint_assign(complaint=complaint, employee=handler or cast.employee, by=by or cast.admin)
    return services.complaint_respond(complaint=complaint, by=cast.pegawai, text="Sudah ditangani.", resolve=True)


# ------------------------------------------------------------------------------------ categories
def test_every_instansi_gets_the_default_categories_once(cast, other):
    names = [c.name for c in services.categories_for(cast.instansi)]
    assert names == list(rules.DEFAULT_CATEGORIES)
    services.categories_ensure(cast.instansi)
    assert ComplaintCategory.objects.filter(instansi=cast.instansi).count() == len(rules.DEFAULT_CATEGORIES)
    assert services.categories_for(other.instansi).first().instansi == other.instansi


def test_a_complaint_carries_a_category_of_its_own_instansi_only(cast, other):
    mine = services.categories_for(cast.instansi).get(name="Biaya dan pungutan")
    assert submit(cast, category_id=mine.pk).category == mine
    theirs = services.categories_for(other.instansi).first()
    off = services.category_create(instansi=cast.instansi, name="Parkir")
    services.category_set_active(category=off, active=False)
    for bad in (theirs.pk, off.pk, 999999, "abc"):
        with pytest.raises(ValidationError) as error:
            submit(cast, category_id=bad)
        assert error.value.message_dict["category"] == ["Kategori pengaduan tidak dikenal. Pilih dari daftar."]
    assert Complaint.objects.count() == 1


def test_categories_are_added_switched_off_and_never_left_empty(cast):
    created = services.category_create(instansi=cast.instansi, name="  Parkir   kendaraan ")
    assert created.name == "Parkir kendaraan"
    with pytest.raises(ValidationError, match="sudah ada"):
        services.category_create(instansi=cast.instansi, name="parkir KENDARAAN")
    with pytest.raises(ValidationError, match="kode HTML"):
        services.category_create(instansi=cast.instansi, name="<script>x</script>")
    categories = list(ComplaintCategory.objects.filter(instansi=cast.instansi))
    for category in categories[:-1]:
        services.category_set_active(category=category, active=False)
    with pytest.raises(ValidationError, match="paling sedikit satu"):
        services.category_set_active(category=categories[-1], active=False)
    assert list(services.categories_for(cast.instansi)) == [categories[-1]]


# ----------------------------------------------------------------------------------- attachments
@pytest.mark.parametrize(("fmt", "name"), [("JPEG", "foto.jpg"), ("PNG", "foto.png"), ("WEBP", "foto.webp")])
def test_a_photo_is_stored_without_its_location_or_other_metadata(cast, fmt, name):
    upload = photo(fmt, name=name)
    assert b"KameraHP" in upload.read() and upload.seek(0) == 0
    complaint = submit(cast, attachment=upload)
    stored = file_(complaint)
    assert b"KameraHP" not in stored and b"lokasi-rumah" not in stored
    image = Image.open(io.BytesIO(stored))
    assert image.format == fmt and not image.getexif() and "xmp" not in image.info
    assert complaint.attachment_type == f"image/{fmt.lower()}" and complaint.attachment_name == name
    assert complaint.attachment.name.endswith(services.EXTENSIONS[fmt.lower()])
    assert complaint.attachment_size == len(stored)


def test_a_photo_is_turned_upright_and_scaled_down(cast):
    complaint = submit(cast, attachment=photo(size=(4000, 3000), orientation=6))  # taken sideways
    image = Image.open(io.BytesIO(file_(complaint)))
    assert image.size == (1920, 2560)


def test_a_pdf_is_kept_as_it_is(cast):
    complaint = submit(cast, attachment=pdf())
    assert file_(complaint).startswith(b"%PDF-") and complaint.attachment_type == "application/pdf"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 not a photo at all"), "harus berupa foto"),
        (SimpleUploadedFile("foto.gif", b"GIF89a\x01\x00\x01\x00"), "harus berupa foto"),
        (SimpleUploadedFile("kosong.jpg", b""), "kosong"),
        (SimpleUploadedFile("rusak.jpg", b"\xff\xd8\xff\xe0 broken jpeg"), "rusak"),
        (SimpleUploadedFile("palsu.png", b"\x89PNG\r\n\x1a\n" + b"\xff\xd8\xff" * 10), "rusak"),
        (SimpleUploadedFile("potong.pdf", b"%PDF-1.4\n1 0 obj"), "PDF rusak"),
        (SimpleUploadedFile("besar.jpg", b"\xff\xd8\xff" + b"0" * rules.MAX_ATTACHMENT_BYTES), "terlalu besar"),
    ],
)
def test_bad_attachments_refuse_the_whole_complaint(cast, media, upload, message):
    with pytest.raises(ValidationError) as error:
        submit(cast, attachment=upload)
    assert message in error.value.message_dict["attachment"][0]
    assert not Complaint.objects.exists()
    assert not (media / "complaints").exists()  # no file left behind


def test_a_photo_of_too_many_pixels_is_refused_before_decoding(cast, monkeypatch):
    monkeypatch.setattr(rules, "MAX_IMAGE_PIXELS", 100 * 100)
    with pytest.raises(ValidationError, match="megapiksel"):
        submit(cast, attachment=photo(size=(101, 100)))


def test_an_attachment_is_added_once_and_only_before_the_unit_handles_it(cast):
    complaint = submit(cast)
    services.complaint_attach(complaint=complaint, upload=photo())
    with pytest.raises(ValidationError, match="sudah memiliki lampiran"):
        services.complaint_attach(complaint=complaint, upload=pdf())
    other = submit(cast)
    services.complaint_assign(complaint=other, employee=cast.employee, by=cast.admin)
    with pytest.raises(ValidationError, match="sebelum pengaduan ditangani"):
        services.complaint_attach(complaint=other, upload=pdf())
    assert not Complaint.objects.get(pk=other.pk).attachment


# -------------------------------------------------------------------------------------- officers
def test_the_officer_named_must_serve_in_the_complaints_unit(cast, other):
    assert submit(cast, officer_id=cast.employee.pk).officer == cast.employee
    gone = EmployeeFactory(unit=cast.bidang, instansi=cast.instansi, is_active=False)
    for bad in (cast.outsider.pk, other.employee.pk, gone.pk, 999999, "x"):
        with pytest.raises(ValidationError) as error:
            submit(cast, officer_id=bad)
        assert error.value.message_dict["officer"] == ["Petugas yang dipilih tidak bertugas di unit layanan ini."]
    assert Complaint.objects.count() == 1


def test_the_officer_named_reads_the_complaint_but_not_the_contact_and_cannot_answer(client, cast):
    complaint = submit(cast, officer_id=cast.employee.pk, contact="0812-rahasia")
    services.complaint_assign(complaint=complaint, employee=cast.supervisor, by=cast.admin)
    client.force_login(cast.pegawai)
    page = client.get(reverse("citizen:complaint_detail", args=[complaint.pk])).content.decode()
    assert "Menunggu tiga jam" in page and "0812-rahasia" not in page and "Kirim tanggapan" not in page
    mine = client.get(reverse("citizen:mine")).content.decode()
    assert complaint.code_display in mine
    client.force_login(cast.outsider_user)
    assert client.get(reverse("citizen:complaint_detail", args=[complaint.pk])).status_code == 404


# ---------------------------------------------------------------------------------------- rating
def test_the_rating_waits_for_the_resolution_and_is_given_once(cast):
    complaint = submit(cast)
    with pytest.raises(ValidationError, match="setelah pengaduan selesai"):
        services.complaint_rate(complaint=complaint, rating=4)
    services.complaint_assign(complaint=complaint, employee=cast.employee, by=cast.admin)
    services.complaint_respond(complaint=complaint, by=cast.pegawai, text="Sedang dicek.")
    with pytest.raises(ValidationError, match="setelah pengaduan selesai"):  # answered, not resolved
        services.complaint_rate(complaint=complaint, rating=4)
    services.complaint_respond(complaint=complaint, by=cast.pegawai, text="Selesai.", resolve=True)
    for bad in (0, 5, "empat"):
        with pytest.raises(ValidationError) as error:
            services.complaint_rate(complaint=complaint, rating=bad)
        assert "rating" in error.value.message_dict
    rated = services.complaint_rate(complaint=complaint, rating="3", comment="Cukup")
    assert rated.rating == 3 and rated.is_tepat
    with pytest.raises(ValidationError, match="sudah dinilai"):
        services.complaint_rate(complaint=complaint, rating=1)
    assert Complaint.objects.get().rating == 3


# --------------------------------------------------------------------------------------- metrics
def test_tepat_and_cepat_per_unit_and_officer_and_the_category_breakdown(cast):
    queue = services.categories_for(cast.instansi).get(name="Antrean dan waktu layanan")
    fee = services.categories_for(cast.instansi).get(name="Biaya dan pungutan")
    for rating, category in [(4, queue), (3, queue), (1, fee)]:
        services.complaint_rate(complaint=resolved(cast, category_id=category.pk), rating=rating)
    resolved(cast)  # resolved, not rated: not a case of "tepat"
    submit(cast, category_id=fee.pk)  # still new
    today = timezone.localdate()
    start, end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    unit = metrics.tepat_by_unit([cast.bidang.pk], start, end)[cast.bidang.pk]
    assert (unit.total, unit.met, unit.pct, unit.small_sample) == (3, 2, Decimal("66.67"), True)
    officer = metrics.tepat_by_officer([cast.employee.pk], start, end)[cast.employee.pk]
    assert (officer.total, officer.met) == (3, 2)
    cepat = metrics.cepat_by_officer([cast.employee.pk], start, end)[cast.employee.pk]
    assert (cepat.total, cepat.met, cepat.pct) == (4, 4, Decimal("100.00"))
    assert metrics.categories_by_unit([cast.bidang.pk], start, end)[cast.bidang.pk] == [
        ("Antrean dan waktu layanan", 2),
        ("Biaya dan pungutan", 2),
        ("", 1),
    ]


def test_an_unanswered_complaint_past_its_target_is_not_cepat(cast):
    with time_machine.travel(timezone.now() - dt.timedelta(days=3)):
        late = submit(cast)
        services.complaint_assign(complaint=late, employee=cast.employee, by=cast.admin)
    fresh = submit(cast)
    services.complaint_assign(complaint=fresh, employee=cast.employee, by=cast.admin)  # inside its target
    today = timezone.localdate()
    share = metrics.cepat_by_officer([cast.employee.pk], dt.date(today.year, 1, 1), today)[cast.employee.pk]
    assert (share.total, share.met, share.pct) == (1, 0, Decimal("0.00"))


def test_the_new_metrics_feed_bound_indicators(cast):
    for rating in (4, 2):
        services.complaint_rate(complaint=resolved(cast), rating=rating)
    items = [
        {"pk": n, "metric": metric, "employee_id": cast.employee.pk, "unit_id": cast.bidang.pk}
        for n, metric in enumerate(
            [Metric.COMPLAINTS_TEPAT_PCT, Metric.COMPLAINTS_TEPAT_PCT_OFFICER, Metric.COMPLAINTS_CEPAT_PCT_OFFICER]
        )
    ]
    year = str(timezone.localdate().year)
    values = metrics.indicator_values(items, year)
    assert values == {0: Decimal("50.00"), 1: Decimal("50.00"), 2: Decimal("100.00")}
    # Another officer without ratings measures 0, never someone else's share.
    assert metrics.indicator_values([{**items[1], "employee_id": cast.supervisor.pk}], year) == {1: Decimal(0)}
    assert Indicator.metric.field.max_length >= len(Metric.COMPLAINTS_TEPAT_PCT_OFFICER.value)


# ----------------------------------------------------------------------------------------- pages
def test_a_citizen_files_with_a_category_an_officer_and_a_photo(client, cast, point):
    url = reverse("citizen:complaint_new", args=[cast.instansi.code])
    page = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page and "Sikap dan perilaku petugas" in page
    assert f'<optgroup label="{cast.bidang.name}">' in page and cast.employee.name in page
    assert cast.outsider.name not in page  # no survey point: not a service unit
    category = services.categories_for(cast.instansi).first()
    fields = {"unit": cast.bidang.pk, "category": category.pk, "subject": "Antrean", "description": "Lama sekali."}
    refused = [
        ({**fields, "category": "999999"}, "Kategori pengaduan tidak dikenal"),
        ({**fields, "officer": str(cast.outsider.pk)}, "tidak bertugas di unit layanan ini"),
        ({**fields, "attachment": SimpleUploadedFile("foto.jpg", b"MZ not an image")}, "harus berupa foto"),
    ]
    for data, message in refused:
        response = client.post(url, data)
        assert response.status_code == 400 and message in response.content.decode(), message
    assert not Complaint.objects.exists()
    response = client.post(url, {**fields, "officer": cast.employee.pk, "attachment": photo()})
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and complaint.officer == cast.employee and complaint.attachment
    tracked = client.get(response["Location"]).content.decode()
    assert category.name in tracked and "foto.jpg" in tracked
    assert "menilai penyelesaiannya di halaman ini" in tracked


def test_the_tracking_page_takes_the_rating_once(client, cast):
    complaint = resolved(cast)
    url = reverse("citizen:track_detail", args=[complaint.code])
    assert "Nilai 3 atau 4 berarti tepat" in client.get(url).content.decode()
    assert client.post(url, {"rating": "9"}).status_code == 400
    assert client.post(url, {"rating": "2", "rating_comment": "Belum tuntas"}).status_code == 302
    again = client.post(url, {"rating": "4"})
    assert "Anda menilai penyelesaiannya 2 dari 4" in again.content.decode()
    assert Complaint.objects.get().rating == 2


def test_the_attachment_is_served_only_to_those_who_see_the_complaint(client, cast, other):
    complaint = submit(cast, attachment=photo())
    url = reverse("citizen:complaint_attachment", args=[complaint.pk])
    client.force_login(cast.admin)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff" and "inline" in response["Content-Disposition"]
    assert "attachment" in client.get(url, {"unduh": "1"})["Content-Disposition"]
    assert 'class="complaint-photo' in client.get(reverse("citizen:complaint_detail", args=[complaint.pk])).text
    client.force_login(cast.pegawai)  # not assigned, not named
    assert client.get(url).status_code == 404
    for role in ["admin", "pimpinan", "atasan", "pegawai"]:
        client.force_login(getattr(other, role))
        assert client.get(url).status_code == 404, role
        assert client.get(reverse("citizen:unit_detail", args=[cast.bidang.pk])).status_code == 404, role
    client.force_login(cast.pimpinan)
    assert client.get(url).status_code == 200
    services.moderate(obj=complaint, hidden=True, by=cast.admin)
    assert client.get(url).status_code == 404  # moderated: the admins only
    client.force_login(cast.admin)
    assert client.get(url).status_code == 200
    bare = submit(cast)
    assert client.get(reverse("citizen:complaint_attachment", args=[bare.pk])).status_code == 404


def test_the_unit_page_shows_categories_and_officers_to_its_leaders(client, cast, django_assert_max_num_queries):
    fee = services.categories_for(cast.instansi).get(name="Biaya dan pungutan")
    for rating in (4, 1):
        services.complaint_rate(complaint=resolved(cast, category_id=fee.pk), rating=rating)
    url = reverse("citizen:unit_detail", args=[cast.bidang.pk])
    client.force_login(cast.admin)
    with django_assert_max_num_queries(14):
        page = client.get(url).content.decode()
    assert "Biaya dan pungutan" in page and "50,00%" in page and "sampel kecil" in page
    assert cast.employee.display_name in page
    client.force_login(cast.pegawai)
    page = client.get(url).content.decode()
    assert "Biaya dan pungutan" in page and "Petugas yang menangani" not in page
    assert client.get(url, {"q": "bukan-triwulan"}).status_code == 404


def test_the_officers_page_lists_their_complaints_and_shares(client, cast, django_assert_max_num_queries):
    services.complaint_rate(complaint=resolved(cast), rating=4)
    named = submit(cast, officer_id=cast.employee.pk, subject="Petugas tidak ramah")
    client.force_login(cast.pegawai)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("citizen:mine")).content.decode()
    assert "Petugas tidak ramah" in page and named.code_display in page
    assert "100,00%" in page and "sampel kecil" in page and "belum stabil" in page


def test_the_admin_manages_the_categories_and_others_may_not(client, cast, other):
    url = reverse("citizen:categories")
    client.force_login(cast.admin)
    assert "Lainnya" in client.get(url).content.decode()
    assert client.post(url, {"action": "add", "name": "Parkir"}).status_code == 302
    duplicate = client.post(url, {"action": "add", "name": "parkir"})
    assert duplicate.status_code == 400 and "sudah ada" in duplicate.content.decode()
    parkir = ComplaintCategory.objects.get(name="Parkir")
    assert client.post(url, {"action": "off", "pk": parkir.pk}).status_code == 302
    assert not ComplaintCategory.objects.get(pk=parkir.pk).is_active
    theirs = services.categories_for(other.instansi).first()
    assert client.post(url, {"action": "off", "pk": theirs.pk}).status_code == 404
    assert client.post(url, {"action": "off", "pk": "x"}).status_code == 404
    for user in (cast.pimpinan, cast.pegawai, cast.atasan):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"action": "add", "name": "Lain"}).status_code == 403
    assert ComplaintCategory.objects.get(pk=theirs.pk).is_active


# ------------------------------------------------------------------------------------------- API
def test_the_api_files_with_category_officer_attachment_and_takes_the_rating(client, cast, point):
    categories = client.get("/api/v1/complaints/categories", {"instansi": cast.instansi.code}).json()
    assert [c["name"] for c in categories] == list(rules.DEFAULT_CATEGORIES)
    officers = client.get("/api/v1/complaints/officers", {"unit_id": cast.bidang.pk}).json()
    assert cast.employee.pk in [o["id"] for o in officers]
    assert client.get("/api/v1/complaints/officers", {"unit_id": cast.other_opd.pk}).status_code == 404
    body = {"unit_id": cast.bidang.pk, "subject": "Antrean", "description": "Menunggu tiga jam."}
    for bad, field in [({"category_id": 999999}, "category"), ({"officer_id": cast.outsider.pk}, "officer")]:
        response = client.post("/api/v1/complaints", {**body, **bad}, content_type="application/json")
        assert response.status_code == 422 and field in response.json()["detail"], field
    assert not Complaint.objects.exists()
    body |= {"category_id": categories[0]["id"], "officer_id": cast.employee.pk}
    created = client.post("/api/v1/complaints", body, content_type="application/json").json()
    assert created["category"] == categories[0]["name"] and not created["has_attachment"]
    code = created["code"]
    refused = client.post(f"/api/v1/complaints/track/{code}/attachment", {"file": _text_file()})
    assert refused.status_code == 422 and "attachment" in refused.json()["detail"]
    attached = client.post(f"/api/v1/complaints/track/{code}/attachment", {"file": photo()})
    assert attached.status_code == 200 and attached.json()["has_attachment"]
    rating = f"/api/v1/complaints/track/{code}/rating"
    early = client.post(rating, {"rating": 4}, content_type="application/json")
    assert early.status_code == 422 and "setelah pengaduan selesai" in str(early.json()["detail"])
    complaint = Complaint.objects.get()
    services.complaint_assign(complaint=complaint, employee=cast.employee, by=cast.admin)
    services.complaint_respond(complaint=complaint, by=cast.pegawai, text="Selesai.", resolve=True)
    done = client.post(rating, {"rating": 3, "comment": "Baik"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["rating"] == 3
    twice = client.post(rating, {"rating": 1}, content_type="application/json")
    assert twice.status_code == 422 and Complaint.objects.get().rating == 3
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(cast.admin)[1]}"}
    listed = client.get("/api/v1/complaints", **auth).json()[0]
    assert listed["tepat"] is True and listed["officer_id"] == cast.employee.pk and listed["has_attachment"]


def _text_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("catatan.jpg", b"bukan foto, hanya teks")
