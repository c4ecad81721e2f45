"""Demo development data: every stage of the loop for the demo logins of one instansi.

The demo atasan's subordinates carry the story: one went from Butuh Perbaikan in Q2 through a
coaching plan, sessions and a course linked to the weak indicator to Baik in Q3 and Q4
(re-measured as improved); another stayed Kurang for two quarters after the plan and is on the BKPSDM's list.
The demo pegawai has training and JP; a functional employee has a credit ledger with earlier
credit integrated; potential assessments fill the talent grid. Idempotent: an instansi that
already has a catalogue is left alone. Built through the services, like real use.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from kinerja.accounts.models import User
from kinerja.activities import services as activities
from kinerja.appraisal import services as appraisal
from kinerja.appraisal.models import Evaluation, UnitPredicate
from kinerja.attendance import services as attendance
from kinerja.org import demo as org_demo
from kinerja.org.models import Employee, Instansi, Position
from kinerja.skp import services as skp_services
from kinerja.skp.models import Period
from kinerja.skp.rules import SkpStatus

from . import services, services_career, services_coaching, services_training
from .models import Course

# A minimal valid PDF: the certificate files of the demo.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NATIONAL = [
    ("Orientasi Nilai Dasar ASN BerAKHLAK", "berakhlak", "", 20, "daring", "LAN RI"),
    ("Pelatihan Kepemimpinan Pengawas (PKP)", "manajerial", "", 40, "campuran", "LAN RI"),
    ("Budaya Kerja Akuntabel dan Antikorupsi", "berakhlak", "akuntabel", 8, "daring", "KPK ACLC"),
]
LOCAL = [
    ("Pelayanan Prima untuk Front Office", "berakhlak", "berorientasi_pelayanan", 16, "klasikal", "BKPSDM"),
    ("Analisis Data Capaian Layanan dengan Spreadsheet", "teknis", "", 16, "klasikal", "BKPSDM dan Diskominfo"),
    ("Penulisan Laporan Kinerja", "teknis", "", 12, "daring", "Bagian Organisasi"),
    ("Coaching dan Mentoring bagi Atasan", "manajerial", "", 8, "tempat_kerja", "BKPSDM"),
    ("Komunikasi Lintas Budaya di Pelayanan Publik", "sosiokultural", "", 8, "klasikal", "BKPSDM"),
    ("Sertifikasi Barang/Jasa Pemerintah (ditutup)", "teknis", "", 24, "klasikal", "LKPP"),
]


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _courses(instansi: Instansi, admin: User) -> dict[str, Course]:
    for title, area, value, jp, mode, provider in NATIONAL:
        Course.objects.get_or_create(
            instansi=None,
            title=title,
            defaults={"area": area, "value": value, "jp": jp, "mode": mode, "provider": provider},
        )
    courses = {}
    for title, area, value, jp, mode, provider in LOCAL:
        courses[title] = services_training.course_save(
            instansi=instansi,
            by=admin,
            title=title,
            area=area,
            value=value,
            jp=jp,
            mode=mode,
            provider=provider,
            is_open="ditutup" not in title,
        )
    return courses


def _skp(employee: Employee, supervisor_skp, period: Period, owner: User, approver: User):
    """An approved SKP that intervenes the supervisor's first result, with one indicator."""
    skp = skp_services.current_skp(employee, period)
    if skp is not None and skp.status == SkpStatus.APPROVED:
        return skp
    skp = skp_services.skp_create(employee=employee, period=period, by=owner)
    parent = supervisor_skp.rhks.order_by("order", "pk").first()
    rhk = skp_services.rhk_save(
        skp=skp, text=f"Layanan {employee.unit.name} terselenggara tepat waktu", kind="utama", parent=parent
    )
    skp_services.indicator_save(
        rhk=rhk,
        text="Layanan yang diselesaikan",
        aspect="kuantitas",
        target="120",
        target_unit="layanan",
        direction="higher",
    )
    skp_services.skp_submit(skp=skp, by=owner)
    return skp_services.skp_approve(skp=skp, by=approver)


def _log(employee: Employee, owner: User, verifier: User, indicator, day: dt.date, quantity: int) -> None:
    entry = activities.activity_create(
        employee=employee,
        by=owner,
        day=day,
        description="Menyelesaikan layanan dan mengarsipkan berkasnya",
        start_time=dt.time(8),
        end_time=dt.time(11),
        indicator=indicator,
        quantity=quantity,
    )
    activities.activity_verify(activity=entry, by=verifier)


def _finalise(period, cut_key: str, employee: Employee, rater: User, predikat: str, admin: User) -> Evaluation:
    """Rates and finalises one evaluation; its unit's organisation predicate is set first (the
    results rating of a unit head follows it: Baik gives Sesuai, Butuh Perbaikan gives Di Bawah)."""
    unit = employee.unit
    evaluation = Evaluation.objects.get(employee=employee, period=period, cut_key=cut_key)
    if not evaluation.is_draft:
        return evaluation
    results, behaviour = {
        "baik": ("sesuai", "sesuai"),
        "butuh_perbaikan": ("di_bawah", "sesuai"),
        "kurang": ("sesuai", "di_bawah"),
    }[predikat]
    if not UnitPredicate.objects.filter(unit=unit, period=period, cut_key=cut_key).exists():
        org = {"sesuai": "baik", "di_bawah": "butuh_perbaikan"}[results]
        appraisal.unit_predicate_set(unit=unit, period=period, cut_key=cut_key, predicate=org, by=admin)
    appraisal.evaluation_rate(
        evaluation=evaluation,
        by=rater,
        results_rating=results,
        behaviour_rating=behaviour,
        results_reason="Disesuaikan dengan bukti kegiatan dan dialog kinerja.",
        behaviour_feedback={"akuntabel": "Laporan sering terlambat dan tidak lengkap."}
        if behaviour == "di_bawah"
        else {},
    )
    return appraisal.evaluation_finalise(
        evaluation=evaluation, by=rater, justification="Unit kecil; sebaran mengikuti hasil nyata."
    )


@transaction.atomic
def seed_demo(instansi: Instansi, *, today: dt.date) -> bool:
    """Builds the demo story once; returns False when the instansi already has it."""
    if Course.objects.filter(instansi=instansi).exists():
        return False
    story = org_demo.story(instansi)
    admin = story.admin
    period = Period.objects.filter(instansi=instansi, year=today.year).first()
    users = {u.employee_id: u for u in User.objects.filter(instansi=instansi, employee__isnull=False)}
    # The coaching story sits in another bidang than the appraisal demo's, whose quarters stay
    # drafts here: a bidang head with an approved SKP and two section heads under them.
    head = next(
        (
            e
            for e in Employee.objects.filter(
                instansi=instansi, unit__depth=1, skps__period=period, skps__status=SkpStatus.APPROVED
            )
            .exclude(pk=story.kabid.pk if story.kabid else None)
            .select_related("unit", "supervisor")
            .order_by("unit__path")
            if e.pk in users and e.supervisor_id in users and e.subordinates.filter(is_active=True).count() >= 2
        ),
        None,
    )
    if admin is None or period is None or head is None:
        return False
    atasan = users[head.pk]
    pegawai = users.get(story.pegawai.pk) if story.pegawai else None
    courses = _courses(instansi, admin)
    head_skp = skp_services.current_skp(head, period)
    team = list(Employee.objects.filter(instansi=instansi, supervisor=head, is_active=True).order_by("name")[:2])
    if head_skp is None or len(team) < 2:
        return False
    improving, struggling = team
    indicators = {}
    for person in team:
        skp = _skp(person, head_skp, period, users[person.pk], atasan)
        indicators[person.pk] = skp.rhks.get().indicators.get()
    # Verified work: little in Q2, more after the course in Q4 (the training effect reads these).
    for day, quantity in [
        (dt.date(today.year, 5, 12), 8),
        (dt.date(today.year, 10, 14), 26),
        (dt.date(today.year, 11, 4), 6),
    ]:
        _log(improving, users[improving.pk], atasan, indicators[improving.pk], day, quantity)
    _log(struggling, users[struggling.pk], atasan, indicators[struggling.pk], dt.date(today.year, 5, 20), 3)
    for cut_key in ("2026-Q2", "2026-Q3", "2026-Q4"):
        appraisal.evaluations_compute(instansi=instansi, period=period, cut_key=cut_key)
        # The atasan's bidang first: it is fixed once an evaluation under it is final.
        if not UnitPredicate.objects.filter(unit=head.unit, period=period, cut_key=cut_key).exists():
            appraisal.unit_predicate_set(unit=head.unit, period=period, cut_key=cut_key, predicate="baik", by=admin)
    story = {
        improving: ["butuh_perbaikan", "baik", "baik"],
        struggling: ["butuh_perbaikan", "kurang", "kurang"],
    }
    q2 = {}
    for person, predikats in story.items():
        for cut_key, predikat in zip(("2026-Q2", "2026-Q3", "2026-Q4"), predikats, strict=True):
            evaluation = _finalise(period, cut_key, person, atasan, predikat, admin)
            if cut_key == "2026-Q2":
                q2[person.pk] = evaluation
                appraisal.evaluation_acknowledge(evaluation=evaluation, by=users[person.pk])
        plan = services_coaching.coaching_plan_open(
            evaluation=q2[person.pk],
            by=atasan,
            causes="Capaian layanan triwulan II jauh di bawah target; jadwal pelayanan sering bentrok dengan rapat.",
            actions="Dialog kinerja dua mingguan; jadwal pelayanan tetap; pelatihan analisis data capaian.",
            targets="Paling sedikit 30 layanan per triwulan, dilaporkan dengan bukti setiap minggu.",
            starts_on=dt.date(today.year, 7, 6),
            due_on=dt.date(today.year, 9, 30),
        )
        for held_on, agreed in [
            (dt.date(today.year, 7, 13), "Jadwal pelayanan Senin–Kamis pagi tidak diganggu rapat."),
            (dt.date(today.year, 8, 24), "Rekap capaian mingguan dikirim setiap Jumat."),
        ]:
            session = services_coaching.coaching_session_add(
                plan=plan, by=atasan, held_on=held_on, notes="Meninjau capaian dan hambatan.", agreed=agreed
            )
            if person is improving or held_on.month == 7:
                services_coaching.coaching_session_acknowledge(session=session, by=users[person.pk])
    # The atasan's own Q4 (a unit head: the unit's predicate is the results rating), for the grid.
    if head.supervisor_id in users:
        _finalise(period, "2026-Q4", head, users[head.supervisor_id], "baik", admin)
    # The course linked to the weak indicator, taken between the cuts.
    course = courses["Analisis Data Capaian Layanan dengan Spreadsheet"]
    enrolment = services_training.enrolment_propose(
        employee=improving,
        course=course,
        by=atasan,
        reason="Rencana bimbingan kinerja",
        indicators=[indicators[improving.pk]],
    )
    services_training.enrolment_approve(enrolment=enrolment, by=admin)
    services_training.enrolment_report(
        enrolment=enrolment,
        by=users[improving.pk],
        started_on=dt.date(today.year, 7, 20),
        completed_on=dt.date(today.year, 7, 22),
        jp=16,
        certificate=_pdf("sertifikat-analisis-data.pdf"),
    )
    services_training.enrolment_verify(enrolment=enrolment, by=admin)
    # The demo pegawai: one verified course, one waiting for approval, one external report.
    if pegawai is not None:
        me = pegawai.employee
        done = services_training.enrolment_propose(
            employee=me, course=courses["Pelayanan Prima untuk Front Office"], by=pegawai
        )
        services_training.enrolment_approve(enrolment=done, by=admin)
        services_training.enrolment_report(
            enrolment=done,
            by=pegawai,
            started_on=dt.date(today.year, 3, 10),
            completed_on=dt.date(today.year, 3, 11),
            jp=16,
            certificate=_pdf("sertifikat-pelayanan-prima.pdf"),
        )
        services_training.enrolment_verify(enrolment=done, by=admin)
        services_training.enrolment_propose(employee=me, course=courses["Penulisan Laporan Kinerja"], by=pegawai)
        services_training.enrolment_external(
            employee=me,
            by=pegawai,
            title="Webinar Keamanan Data Pribadi",
            provider="Kementerian Kominfo",
            area="teknis",
            started_on=dt.date(today.year, 9, 3),
            completed_on=dt.date(today.year, 9, 3),
            jp=3,
            certificate=_pdf("sertifikat-webinar.pdf"),
        )
    # Career: a functional employee's ledger with earlier credit, TMT pangkat, potential.
    functional = (
        Employee.objects.filter(instansi=instansi, is_active=True, position__kind=Position.Kind.FUNGSIONAL)
        .order_by("nip")
        .first()
    )
    if functional is not None:
        Employee.objects.filter(pk=functional.pk).update(rank_start=dt.date(today.year - 3, 4, 1))
        services_career.credit_integrate(
            employee=functional,
            by=admin,
            amount="38.500",
            as_of=dt.date(today.year - 1, 12, 31),
            note="Konversi AK 2023–2025",
        )
    Employee.objects.filter(instansi=instansi, rank_start__isnull=True, cpns_start__isnull=False).update(
        rank_start=dt.date(today.year - 4, 10, 1)
    )
    for person, scores in [(improving, ("2.50", "3.80")), (struggling, ("3.20", "2.40")), (head, ("3.90", "4.40"))]:
        for year, score in zip((today.year - 1, today.year), scores, strict=True):
            services_career.potential_record(
                employee=person, by=admin, year=year, score=score, method="Uji kompetensi BKPSDM"
            )
    # A written reprimand (PP 94/2021, recorded in attendance) keeps this person off the promotion list.
    attendance.sanction_create(
        employee=struggling,
        kind="teguran_tertulis",
        decree_number="862/017/BKPSDM",
        decree_date=dt.date(today.year, 9, 28),
        start=dt.date(today.year, 10, 1),
        months=6,
        cut_pct=Decimal(0),
        note="Laporan kinerja berulang kali tidak disampaikan.",
        by=admin,
    )
    _history(instansi, today, keep_out={struggling.pk})
    # Re-measure the plans, credit settled evaluations and list the recommendation.
    services.development_sync(instansi=instansi, by=admin)
    return True


# The annual predikat of the two years before Kinerja, as a region brings them from its earlier
# system (kinerja.insight.history): most staff Baik, some Sangat Baik, a few Butuh Perbaikan in
# one year, and a third with no record at all. Kenaikan pangkat reads the last two years, so the
# eligibility list has people who qualify and people told exactly what they lack.
HISTORY_PATTERN = [
    ("sesuai", "sesuai"),
    ("di_atas", "di_atas"),
    ("sesuai", "sesuai"),
    ("di_bawah", "sesuai"),
    ("sesuai", "di_atas"),
    None,
    ("sesuai", "sesuai"),
    None,
    ("di_atas", "sesuai"),
]


def _history(instansi: Instansi, today: dt.date, *, keep_out: set[int]) -> None:
    import json
    import tempfile

    from kinerja.appraisal.rules import predikat
    from kinerja.insight.history import import_history

    people = (
        Employee.objects.filter(instansi=instansi, is_active=True, status=Employee.Status.PNS)
        .exclude(pk__in=keep_out)
        .select_related("supervisor")
        .order_by("nip")
    )
    lines = []
    for index, person in enumerate(people):
        for offset, year in enumerate((today.year - 2, today.year - 1)):
            ratings = HISTORY_PATTERN[(index + offset * 3) % len(HISTORY_PATTERN)]
            if ratings is None:
                continue
            results, behaviour = ratings
            record = {
                "type": "evaluation",
                "nip": person.nip,
                "cut": str(year),
                "results": results,
                "behaviour": behaviour,
                "predikat": str(predikat(results, behaviour)),
                "rated_at": f"{year + 1}-01-20T09:00:00+07:00",
            }
            if person.supervisor is not None:
                record["evaluator_nip"] = person.supervisor.nip
            lines.append(json.dumps(record))
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8") as file:
        file.write("\n".join(lines))
        file.flush()
        result = import_history(instansi=instansi, path=file.name, dry_run=False)
    if not result.ok:  # the demo's own file: a problem here is a bug, not bad input
        raise RuntimeError(f"demo history refused: {result.errors[:3]}")
