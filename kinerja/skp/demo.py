"""Demo planning data: the current year, organisational goals with IKU, sector templates,
approved SKPs for the heads of units so that staff can cascade from them, and the story's SKPs:
one in every status (draft, submitted, returned, approved, superseded by a revision)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from kinerja.accounts.models import User
from kinerja.org import demo as org_demo
from kinerja.org.models import Employee, Instansi

from . import services
from .models import OrgGoal, Period, Skp

TEMPLATES = [
    (
        "Imunisasi dasar (Puskesmas)",
        "health",
        "Meningkatnya cakupan imunisasi | Bayi yang diimunisasi dasar lengkap | kuantitas | 95 | % | naik\n"
        "Meningkatnya cakupan imunisasi | Laporan imunisasi bulanan tepat waktu | waktu | 12 | laporan | naik",
    ),
    (
        "Pelayanan KTP-el dan akta kelahiran",
        "registry",
        "Terlayaninya penerbitan dokumen kependudukan | KTP-el yang diterbitkan | kuantitas | 1.200 | keping | naik\n"
        "Terlayaninya penerbitan dokumen kependudukan | Waktu penerbitan akta kelahiran | waktu | 3 | hari | turun",
    ),
    (
        "Penanganan pengaduan masyarakat",
        "complaints",
        "Tertanganinya pengaduan masyarakat | Pengaduan yang ditanggapi | kuantitas | 100 | % | naik\n"
        "Tertanganinya pengaduan masyarakat | Waktu tanggapan pertama | waktu | 24 | jam | turun",
    ),
    (
        "Pembelajaran di sekolah",
        "education",
        "Meningkatnya mutu pembelajaran | Siswa yang mencapai KKM | kuantitas | 85 | % | naik",
    ),
    (
        "Administrasi perkantoran",
        "general",
        "Tertibnya administrasi perkantoran | Surat yang diagendakan | kuantitas | 600 | surat | naik\n"
        "Tertibnya administrasi perkantoran | Laporan kegiatan bulanan | waktu | 12 | laporan | naik",
    ),
]
GOALS = [
    (
        "SS1",
        "Meningkatnya derajat kesehatan masyarakat",
        "Angka kematian bayi per 1.000 kelahiran",
        "16",
        "per 1.000",
        "lower",
    ),
    ("SS2", "Meningkatnya kualitas pelayanan publik", "Indeks Kepuasan Masyarakat", "85", "indeks", "higher"),
    ("SS3", "Meningkatnya akuntabilitas kinerja birokrasi", "Nilai SAKIP", "75", "nilai", "higher"),
]


# Indicators of the heads' two RHK: (text, aspect, target, unit, direction, periodic-target mode).
INDICATORS = [
    [
        ("Capaian program prioritas %(unit)s", "kuantitas", "100", "%", "higher", "constant"),
        ("Dokumen perencanaan %(unit)s yang ditetapkan", "kuantitas", "12", "dokumen", "higher", "cumulative"),
        ("Mutu laporan kinerja (nilai atasan)", "kualitas", "85", "nilai", "higher", ""),
    ],
    [
        ("Kegiatan layanan %(unit)s yang terlaksana", "kuantitas", "48", "kegiatan", "higher", "even"),
        ("Rata-rata lama penyelesaian layanan", "waktu", "5", "hari", "lower", ""),
        ("Realisasi belanja operasional", "biaya", "120000000", "rupiah", "lower", ""),
    ],
]
JPT_INDICATORS = [
    [("Capaian program 1 %(unit)s", "kuantitas", "100", "%", "higher", "")],
    [("Capaian program 2 %(unit)s", "kuantitas", "100", "%", "higher", "")],
]
# The health template is offered first to functional health staff (templates per position).
TEMPLATE_LEVELS = {"health": ["ahli_pertama", "ahli_muda", "terampil", "mahir"]}


def seed_demo(instansi: Instansi, *, today: dt.date) -> None:
    seed_planning(instansi, year=today.year)
    seed_story(instansi, year=today.year)


def _plan(skp: Skp, parents: list, unit_name: str) -> None:
    """Two RHK, each intervening one of the supervisor's (or the employee's own initiative)."""
    for index in range(2):
        fields = {"parent": parents[index % len(parents)]} if parents else {"own_initiative": True}
        rhk = services.rhk_save(skp=skp, text=f"Terlaksananya layanan {index + 1} {unit_name}", kind="utama", **fields)
        services.indicator_save(
            rhk=rhk,
            text=("Laporan kegiatan yang diselesaikan" if index == 0 else "Pasien yang dilayani"),
            aspect="kuantitas",
            target="48" if index == 0 else "600",
            target_unit="laporan" if index == 0 else "orang",
            direction="higher",
        )


@transaction.atomic
def seed_story(instansi: Instansi, *, year: int) -> None:
    """SKPs for the story's bidang: the section heads and their staff. The pegawai's is approved
    (they log work against it); among their peers one waits for the atasan, one was returned,
    one is a draft, and one was revised mid-year (the first revision is superseded)."""
    period = Period.objects.filter(instansi=instansi, year=year).first()
    story = org_demo.story(instansi)
    if period is None or story.pegawai is None or Skp.objects.filter(employee=story.pegawai, period=period).exists():
        return
    users = {u.employee_id: u for u in User.objects.filter(instansi=instansi, employee__isnull=False)}
    heads = Employee.objects.filter(
        instansi=instansi, unit__code__startswith="DINKES-B1-S", unit__depth=2, subordinates__isnull=False
    ).distinct()
    people = [*heads.select_related("unit", "position", "supervisor").order_by("unit__code")]
    people += [story.pegawai, *story.colleagues]
    # One SKP of the atasan's section waits for them; the other statuses sit in the next section.
    same = [e for e in story.colleagues if e.unit_id == story.pegawai.unit_id]
    other = [e for e in story.colleagues if e.unit_id != story.pegawai.unit_id]
    fates = {e.pk: "submitted" for e in same[:1]}
    fates |= {e.pk: fate for fate, e in zip(["returned", "draft", "revised"], other, strict=False)}
    for employee in people:
        owner, approver = users.get(employee.pk), users.get(employee.supervisor_id)
        if owner is None or approver is None or Skp.objects.filter(employee=employee, period=period).exists():
            continue
        skp = services.skp_create(employee=employee, period=period, by=owner)
        parent = services.current_skp(employee.supervisor, period)
        _plan(skp, list(parent.rhks.all()) if parent else [], employee.unit.name)
        fate = fates.get(employee.pk, "approved")
        if fate == "draft":
            continue
        services.skp_submit(skp=skp, by=owner)
        if fate == "submitted":
            continue
        if fate == "returned":
            services.skp_return(
                skp=skp, by=approver, comment="Target laporan terlalu rendah; sesuaikan dengan RHK seksi."
            )
            continue
        services.skp_approve(skp=skp, by=approver)
        if fate == "revised":
            revision = services.skp_revise(
                skp=skp, by=owner, reason="Penambahan tugas posyandu sejak Juli.", category="policy"
            )
            services.skp_submit(skp=revision, by=owner)
            services.skp_approve(skp=revision, by=approver)


@transaction.atomic
def seed_planning(instansi: Instansi, *, year: int) -> Period | None:
    if Period.objects.filter(instansi=instansi, year=year).exists():
        return None
    period = services.period_create(
        instansi=instansi,
        year=year,
        cut="quarterly",
        planning_deadline=dt.date(year, 1, 31),
        closes_on=dt.date(year + 1, 1, 31),
    )
    for code, title, iku, target, unit, direction in GOALS:
        goal = services.goal_create(period=period, code=code, title=title)
        services.key_indicator_create(goal=goal, name=iku, target=target, target_unit=unit, direction=direction)
    for name, sector, source in TEMPLATES:
        services.template_save(
            instansi=instansi, name=name, sector=sector, source=source, levels=TEMPLATE_LEVELS.get(sector, [])
        )
    # Approved SKPs down the hierarchy to the heads of bidang: staff have something to intervene.
    goals = list(OrgGoal.objects.filter(period=period).order_by("code"))
    users = {u.employee_id: u for u in User.objects.filter(instansi=instansi, employee__isnull=False)}
    heads = Employee.objects.filter(instansi=instansi, unit__depth__lte=1, position__unit__head_position__isnull=False)
    heads = heads.select_related("unit", "position", "supervisor").order_by("unit__depth", "unit__path")
    for head in heads:
        if head.position is None or head.position.unit.head_position_id != head.position_id:
            continue
        owner, approver = users.get(head.pk), users.get(head.supervisor_id)
        if owner is None or approver is None:
            continue
        skp = services.skp_create(employee=head, period=period, by=owner)
        parent_skp = services.current_skp(head.supervisor, period) if head.unit.depth else None
        parent_rhks = list(parent_skp.rhks.all()) if parent_skp else []
        for index, goal in enumerate(goals[:2]):
            fields = {"goal": goal, "perspective": "penerima_layanan"} if skp.is_jpt else {}
            if not skp.is_jpt:
                fields = {"parent": parent_rhks[index % len(parent_rhks)]} if parent_rhks else {"own_initiative": True}
            rhk = services.rhk_save(skp=skp, text=f"{goal.title} di {head.unit.name}", kind="utama", **fields)
            # Heads of bidang: a mix of aspects, each measured its own way, with periodic targets
            # (rencana aksi). JPT heads keep one programme figure, which they report quarterly.
            rows = JPT_INDICATORS[index] if skp.is_jpt else INDICATORS[index]
            for text, aspect, target, unit, direction, mode in rows:
                services.indicator_save(
                    rhk=rhk,
                    text=text % {"unit": head.unit.name},
                    aspect=aspect,
                    target=target,
                    target_unit=unit,
                    direction=direction,
                    target_mode=mode,
                )
        services.skp_submit(skp=skp, by=owner)
        services.skp_approve(skp=skp, by=approver)
    return period
