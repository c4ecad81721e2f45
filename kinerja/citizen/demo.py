"""Demo citizen voice: survey points at the Dinas Kesehatan and the civil registry, a month of
survey answers (enough respondents for an IKM), and complaints in every state: a new one, one
assigned to the story's pegawai (its response deadline is still ahead), one answered and one
resolved and rated by the citizen."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi, Unit

from . import rules, services
from .models import Complaint, SurveyPoint, SurveyResponse

SUGGESTIONS = [
    "Antrean pagi terlalu panjang, mohon tambah loket.",
    "Petugas ramah dan menjelaskan dengan sabar.",
    "",
    "Ruang tunggu panas, kipas angin rusak.",
    "",
    "Informasi persyaratan di papan pengumuman sudah jelas.",
]
COMPLAINTS = [
    (
        "Obat tidak tersedia di apotek Puskesmas",
        "Resep dokter untuk obat hipertensi tidak bisa ditebus sejak minggu lalu.",
    ),
    ("Jadwal posyandu berubah tanpa pemberitahuan", "Posyandu di RT 04 dipindah ke hari Kamis tanpa info ke warga."),
    ("Antrean KTP-el sangat lama", "Saya menunggu sejak jam 7 pagi dan baru dilayani jam 1 siang."),
    ("Akta kelahiran anak belum terbit", "Berkas lengkap sudah diserahkan 3 minggu lalu, status belum berubah."),
]


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
    made = [
        services.complaint_submit(
            unit=units["DINKES" if i < 2 else "DUKCAPIL"],
            subject=subject,
            description=text,
            contact_name="Warga",
            device=f"demo-complaint-{i}",
        )
        for i, (subject, text) in enumerate(COMPLAINTS)
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
