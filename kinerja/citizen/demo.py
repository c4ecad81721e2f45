"""Demo citizen voice: survey points at the Dinas Kesehatan and the civil registry, a month of
survey answers (enough respondents for an IKM), and complaints in every state: a new one with a
photo (its location metadata stripped on upload), one assigned to the story's pegawai (its
response deadline is still ahead), one answered, and a handful resolved by the pegawai and rated
by the citizens ("tepat" or not: a small sample, so the pages show the caution). Each complaint
has a category; one names the pegawai as the officer it concerns."""

from __future__ import annotations

import datetime as dt
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi, Unit

from . import rules, services
from .models import Complaint, ComplaintCategory, SurveyPoint, SurveyResponse

SUGGESTIONS = [
    "Antrean pagi terlalu panjang, mohon tambah loket.",
    "Petugas ramah dan menjelaskan dengan sabar.",
    "",
    "Ruang tunggu panas, kipas angin rusak.",
    "",
    "Informasi persyaratan di papan pengumuman sudah jelas.",
]
COMPLAINTS = [  # (subject, text, category: an index into rules.DEFAULT_CATEGORIES)
    (
        "Obat tidak tersedia di apotek Puskesmas",
        "Resep dokter untuk obat hipertensi tidak bisa ditebus sejak minggu lalu.",
        4,
    ),
    (
        "Jadwal posyandu berubah tanpa pemberitahuan",
        "Posyandu di RT 04 dipindah ke hari Kamis tanpa info ke warga.",
        5,
    ),
    ("Antrean KTP-el sangat lama", "Saya menunggu sejak jam 7 pagi dan baru dilayani jam 1 siang.", 0),
    ("Akta kelahiran anak belum terbit", "Berkas lengkap sudah diserahkan 3 minggu lalu, status belum berubah.", 1),
]
# Resolved by the story's pegawai and rated by the citizen (subject, text, answer, rating, comment).
RESOLVED = [
    (
        "Hasil laboratorium belum bisa diambil",
        "Sudah tiga hari hasil cek darah belum keluar padahal dijanjikan satu hari.",
        "Hasil sudah dapat diambil di loket laboratorium; keterlambatan karena alat diperbaiki.",
        4,
        "Cepat ditindaklanjuti.",
    ),
    (
        "Petugas pendaftaran kurang ramah",
        "Petugas pendaftaran membentak ibu saya yang kurang mendengar.",
        "Kami mohon maaf; petugas sudah dibina dan loket prioritas lansia dibuka.",
        3,
        "",
    ),
    (
        "Diminta biaya untuk surat keterangan sehat",
        "Saya diminta membayar Rp50.000 tanpa kuitansi untuk surat keterangan sehat.",
        "Tarif resmi Rp15.000 sesuai perda; kelebihan bayar dikembalikan di kasir.",
        2,
        "Uang sudah kembali, tetapi petugasnya belum ditegur.",
    ),
    (
        "Ruang tunggu bocor saat hujan",
        "Atap ruang tunggu poli umum bocor dan lantainya licin.",
        "Atap sudah diperbaiki dan tanda lantai basah dipasang.",
        4,
        "Terima kasih, sudah tidak bocor.",
    ),
]
RESOLVED_CATEGORIES = [0, 2, 3, 4]


def queue_photo() -> SimpleUploadedFile:
    """A small photo "from a citizen's phone", with GPS coordinates in its EXIF that the upload
    strips (the demo shows the stored copy carries none)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 420), "#d9dee4")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 300, 640, 420), fill="#8a7f72")  # floor
    draw.rectangle((420, 60, 620, 300), fill="#3c6e91")  # the counter
    draw.text((440, 80), "LOKET KTP-el", fill="white")
    for n in range(9):  # the queue
        x = 30 + n * 42
        draw.ellipse((x, 150, x + 26, 176), fill="#5b4636")
        draw.rectangle((x - 4, 178, x + 30, 300), fill=["#b23a48", "#2f7d4f", "#e0a100"][n % 3])
    exif = Image.Exif()
    exif[0x8825] = {1: "S", 2: (1.0, 1.0, 0.0), 3: "E", 4: (131.0, 15.0, 0.0)}  # Sorong
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80, exif=exif.tobytes())
    return SimpleUploadedFile("antrean-ktp.jpg", out.getvalue(), content_type="image/jpeg")


def seed_demo(instansi: Instansi, *, today: dt.date) -> None:
    if SurveyPoint.objects.filter(instansi=instansi).exists():
        return
    units = {u.code: u for u in Unit.objects.filter(instansi=instansi, code__in=["DINKES", "DUKCAPIL"])}
    if len(units) < 2:
        return
    with transaction.atomic():
        _surveys(units, today)
        _complaints(instansi, units)


def _surveys(units: dict[str, Unit], today: dt.date) -> None:
    rng = random.Random(units["DINKES"].pk)
    for code, counters in (("DINKES", ["", "Poli Umum"]), ("DUKCAPIL", ["Loket KTP-el"])):
        for counter in counters:
            point = services.point_create(unit=units[code], counter=counter)
            for n in range(24):
                answers = {c: rng.choices([2, 3, 4], weights=[1, 5, 3])[0] for c in rules.ELEMENT_CODES}
                response = services.survey_submit(
                    point=point,
                    answers=answers,
                    token=services.visit_token(point),
                    device=f"demo-{point.pk}-{n}",
                    gender=rng.choice(["L", "P", ""]),
                    age=rng.randint(18, 70),
                    suggestion=SUGGESTIONS[n % len(SUGGESTIONS)],
                )
                # Spread over the last four weeks (the service stamps "now").
                day = today - dt.timedelta(days=n % 28)
                SurveyResponse.objects.filter(pk=response.pk).update(submitted_on=day)


def _complaints(instansi: Instansi, units: dict[str, Unit]) -> None:
    story = org_demo.story(instansi)
    handler = story.pegawai
    services.categories_ensure(instansi)
    categories = list(ComplaintCategory.objects.filter(instansi=instansi).order_by("order", "pk"))
    made = [
        services.complaint_submit(
            unit=units["DINKES" if i < 2 else "DUKCAPIL"],
            subject=subject,
            description=text,
            contact_name="Warga",
            category_id=categories[category].pk,
            attachment=queue_photo() if i == 2 else None,
            device=f"demo-complaint-{i}",
        )
        for i, (subject, text, category) in enumerate(COMPLAINTS)
    ]
    by = org_demo.user_of(story.kadis) or story.admin
    if handler is None or by is None:
        return
    # Assigned to the pegawai: it waits for their answer (the SLA clock runs).
    services.complaint_assign(complaint=made[0], employee=handler, by=by)
    # Answered and resolved by the pegawai, then rated by the citizen.
    services.complaint_assign(complaint=made[1], employee=handler, by=by)
    user = org_demo.user_of(handler)
    if user is None:
        return
    services.complaint_respond(
        complaint=made[1], by=user, text="Posyandu kembali ke hari Selasa mulai bulan ini.", resolve=True
    )
    services.complaint_rate(complaint=Complaint.objects.get(pk=made[1].pk), rating=4, comment="Terima kasih.")
    # A few more resolved and rated: the pegawai's "tepat" share (a small sample). The complaint
    # about the registration desk names a colleague as the officer it concerns.
    officers = services.officer_choices(units["DINKES"])
    colleague = officers.filter(pk__in=[c.pk for c in story.colleagues]).first()
    for n, (subject, text, answer, rating, comment) in enumerate(RESOLVED):
        complaint = services.complaint_submit(
            unit=units["DINKES"],
            subject=subject,
            description=text,
            category_id=categories[RESOLVED_CATEGORIES[n]].pk,
            officer_id=colleague.pk if n == 1 and colleague else None,
            device=f"demo-resolved-{n}",
        )
        services.complaint_assign(complaint=complaint, employee=handler, by=by)
        services.complaint_respond(complaint=complaint, by=user, text=answer, resolve=True)
        services.complaint_rate(complaint=complaint, rating=rating, comment=comment)
    # A new complaint that names the pegawai: it waits for the unit's head to assign someone else.
    if officers.filter(pk=handler.pk).exists():
        services.complaint_submit(
            unit=units["DINKES"],
            subject="Persyaratan rujukan tidak dijelaskan",
            description="Petugas tidak menjelaskan berkas apa saja yang diperlukan untuk surat rujukan.",
            category_id=categories[2].pk,
            officer_id=handler.pk,
            device="demo-officer",
        )
