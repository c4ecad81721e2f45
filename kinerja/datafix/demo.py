"""Demo reports of wrong data: the story's pegawai waits for the admin about their position (the
admin's queue and to-do line show it), and a colleague's earlier report was refused with a reason."""

from __future__ import annotations

import datetime as dt

from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi

from . import services
from .models import DataReport


def seed_demo(instansi: Instansi, *, today: dt.date) -> None:
    story = org_demo.story(instansi)
    pegawai, admin = story.pegawai, story.admin
    if pegawai is None or admin is None or DataReport.objects.filter(instansi=instansi).exists():
        return
    owner = org_demo.user_of(pegawai)
    if owner is not None:
        services.report_submit(
            employee=pegawai,
            by=owner,
            subject="position",
            wanted="Epidemiolog Kesehatan Ahli Pertama (SK pengangkatan jabatan fungsional Oktober)",
            note="SK Bupati tentang pengangkatan dalam jabatan fungsional, terbit bulan Oktober.",
        )
    colleague = next((c for c in story.colleagues if org_demo.user_of(c) is not None), None)
    if colleague is not None and story.atasan is not None:
        refused = services.report_submit(
            employee=colleague,
            by=org_demo.user_of(colleague),
            subject="unit",
            wanted="Seksi Pencegahan dan Pengendalian Penyakit Menular",
        )
        services.report_refuse(
            report=refused,
            by=admin,
            reason="Belum ada SK mutasi yang kami terima. Kirimkan salinan SK-nya lalu laporkan lagi.",
        )
