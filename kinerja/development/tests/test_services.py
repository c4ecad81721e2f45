"""Development writes through the services: the training loop, coaching, reassignment, the
credit ledger, sanctions and potential; every bad input is refused with nothing changed."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.appraisal.models import Evaluation
from kinerja.development import services, services_career, services_coaching, services_training
from kinerja.development.models import (
    CoachingPlan,
    CoachingStatusChange,
    Course,
    CreditEntry,
    Enrolment,
    PotentialAssessment,
    ReassignmentCase,
    ReassignmentStatusChange,
)
from kinerja.org.tests.factories import PositionFactory, UserFactory

from .helpers import final_evaluation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(dt.datetime(2026, 12, 1, 3, tzinfo=dt.UTC), tick=False):
        yield


def pdf(name="sertifikat.pdf"):
    return SimpleUploadedFile(name, PDF)


def course(cast, **changes):
    values = {"title": "Pelayanan Prima", "area": "berakhlak", "jp": 20, "provider": "BPSDM Jambi"} | changes
    return services_training.course_save(instansi=cast.instansi, by=cast.admin, **values)


# ------------------------------------------------------------------------------------ training
def test_the_training_loop_counts_jp_only_once_verified(cast):
    item = services_training.enrolment_propose(employee=cast.employee, course=course(cast), by=cast.pegawai)
    assert item.status == "proposed" and item.year == 2026
    services_training.enrolment_approve(enrolment=item, by=cast.admin)
    services_training.enrolment_report(
        enrolment=item,
        by=cast.pegawai,
        started_on=dt.date(2026, 10, 1),
        completed_on=dt.date(2026, 10, 3),
        jp=20,
        certificate=pdf(),
    )
    item.refresh_from_db()
    assert item.status == "reported" and item.certificate_type == "application/pdf" and item.jp == 20
    services_training.enrolment_verify(enrolment=item, by=cast.admin)
    assert list(item.status_changes.values_list("to_status", flat=True)) == [
        "proposed",
        "approved",
        "reported",
        "verified",
    ]


def test_the_supervisor_proposes_for_a_subordinate_but_not_for_others(cast):
    c = course(cast)
    assert services_training.enrolment_propose(employee=cast.employee, course=c, by=cast.atasan).proposed_by == (
        cast.atasan
    )
    with pytest.raises(ValidationError, match="atasan langsungnya"):
        services_training.enrolment_propose(employee=cast.outsider, course=c, by=cast.atasan)


def test_enrolling_in_a_closed_course_is_refused(cast):
    closed = course(cast, is_open=False)
    with pytest.raises(ValidationError, match="sudah ditutup"):
        services_training.enrolment_propose(employee=cast.employee, course=closed, by=cast.pegawai)
    assert not Enrolment.objects.exists()


def test_a_course_of_another_instansi_is_refused(cast, other):
    theirs = services_training.course_save(
        instansi=other.instansi, by=other.admin, title="X", area="teknis", jp=8, provider="Y"
    )
    with pytest.raises(ValidationError, match="katalog"):
        services_training.enrolment_propose(employee=cast.employee, course=theirs, by=cast.pegawai)


@pytest.mark.parametrize(
    ("jp", "upload", "message"),
    [
        (21, pdf(), "melebihi JP pelatihan"),
        (0, pdf(), "lebih dari nol"),
        (8, SimpleUploadedFile("sertifikat.pdf", b"MZ\x90\x00 not a document"), "tidak diterima"),
        (8, None, "Unggah sertifikat"),
    ],
)
def test_bad_completions_are_refused_and_nothing_changes(cast, jp, upload, message):
    item = services_training.enrolment_propose(employee=cast.employee, course=course(cast), by=cast.pegawai)
    services_training.enrolment_approve(enrolment=item, by=cast.admin)
    with pytest.raises(ValidationError, match=message):
        services_training.enrolment_report(
            enrolment=item,
            by=cast.pegawai,
            started_on=dt.date(2026, 10, 1),
            completed_on=dt.date(2026, 10, 3),
            jp=jp,
            certificate=upload,
        )
    item.refresh_from_db()
    assert item.status == "approved" and item.jp == 0 and not item.certificate


def test_external_training_waits_for_the_admin(cast):
    item = services_training.enrolment_external(
        employee=cast.employee,
        by=cast.pegawai,
        title="Webinar Literasi Data",
        provider="Kominfo",
        area="teknis",
        started_on=dt.date(2026, 9, 1),
        completed_on=dt.date(2026, 9, 1),
        jp=4,
        certificate=pdf(),
    )
    assert item.status == "reported" and item.is_external
    with pytest.raises(ValidationError, match="admin"):
        services_training.enrolment_verify(enrolment=item, by=cast.atasan)
    services_training.enrolment_return(enrolment=item, by=cast.admin, reason="Sertifikat tidak terbaca")
    item.refresh_from_db()
    assert item.status == "rejected"


def test_a_course_needs_sane_hours_and_the_value_only_for_berakhlak(cast):
    with pytest.raises(ValidationError):
        course(cast, jp=0)
    with pytest.raises(ValidationError, match="BerAKHLAK"):
        course(cast, area="teknis", value="loyal")
    with pytest.raises(ValidationError, match="admin"):
        services_training.course_save(
            instansi=cast.instansi, by=cast.pegawai, title="x", area="teknis", jp=2, provider="y"
        )
    assert not Course.objects.exists()


def test_the_idp_turns_needs_into_proposals_linked_to_indicators(cast, period):
    evaluation = final_evaluation(cast, period, "2026-Q3", "butuh_perbaikan")
    technical = course(cast, title="Analisis Data Layanan", area="teknis", jp=16)
    from kinerja.development import selectors

    _e, needs = selectors.needs(cast.employee)
    assert [n.need.area for n in needs] == ["teknis"]  # the one indicator is at 0%
    assert needs[0].courses == [technical]
    with pytest.raises(ValidationError, match="atasan langsung"):
        services_training.plan_confirm(
            employee=cast.employee, year=2026, by=cast.pegawai, needs=[n.need for n in needs], choices={0: technical}
        )
    plan = services_training.plan_confirm(
        employee=cast.employee,
        year=2026,
        by=cast.atasan,
        needs=[n.need for n in needs],
        choices={0: technical},
        source_evaluation=evaluation,
    )
    item = plan.items.get()
    assert item.enrolment.status == "proposed" and list(item.enrolment.indicators.all()) == [item.indicator]


# ------------------------------------------------------------------------------------ coaching
def plan_for(cast, evaluation, **changes):
    values = {
        "causes": "Target layanan tidak tercapai karena jadwal lapangan.",
        "actions": "Pendampingan mingguan; ikut pelatihan analisis data.",
        "targets": "40 layanan per triwulan.",
        "starts_on": dt.date(2026, 10, 5),
        "due_on": dt.date(2026, 11, 30),
    } | changes
    return services_coaching.coaching_plan_open(evaluation=evaluation, by=cast.atasan, **values)


def test_coaching_is_owned_by_the_direct_supervisor_and_only_for_poor_predikat(cast, period):
    evaluation = final_evaluation(cast, period, "2026-Q3", "butuh_perbaikan")
    with pytest.raises(ValidationError, match="atasan langsung"):
        services_coaching.coaching_plan_open(
            evaluation=evaluation,
            by=UserFactory(employee=cast.head),
            causes="x",
            actions="y",
            targets="z",
            starts_on=dt.date(2026, 10, 1),
            due_on=dt.date(2026, 11, 1),
        )
    with pytest.raises(ValidationError, match="Batas waktu"):
        plan_for(cast, evaluation, due_on=dt.date(2026, 9, 1))
    assert not CoachingPlan.objects.exists()
    plan = plan_for(cast, evaluation)
    assert plan.supervisor == cast.supervisor and plan.status == "open"


def test_good_predikat_opens_no_plan(cast, period):
    evaluation = final_evaluation(cast, period, "2026-Q3", "baik")
    with pytest.raises(ValidationError, match="Butuh Perbaikan"):
        plan_for(cast, evaluation)


def test_sessions_are_acknowledged_by_the_employee_and_remeasured_from_the_next_evaluation(cast, period):
    plan = plan_for(cast, final_evaluation(cast, period, "2026-Q3", "butuh_perbaikan"))
    session = services_coaching.coaching_session_add(
        plan=plan, by=cast.atasan, held_on=dt.date(2026, 10, 12), notes="Tinjau jadwal.", agreed="Dua kunjungan."
    )
    with pytest.raises(ValidationError, match="pegawai yang dibimbing"):
        services_coaching.coaching_session_acknowledge(session=session, by=cast.atasan)
    services_coaching.coaching_session_acknowledge(session=session, by=cast.pegawai)
    assert services_coaching.coaching_remeasure(plan=plan, by=cast.admin) is None  # no next evaluation yet
    final_evaluation(cast, period, "2026-Q4", "baik")
    plan = services_coaching.coaching_remeasure(plan=plan, by=cast.admin)
    assert (plan.status, plan.outcome, plan.next_evaluation.cut_key) == ("closed", "improved", "2026-Q4")
    assert CoachingStatusChange.objects.filter(plan=plan).count() == 4  # opened, session, acknowledged, measured


# -------------------------------------------------------------------------------- reassignment
def test_two_poor_cuts_after_coaching_put_the_employee_on_the_list_once(cast, period):
    plan = plan_for(cast, final_evaluation(cast, period, "2026-Q2", "butuh_perbaikan"), starts_on=dt.date(2026, 7, 1))
    final_evaluation(cast, period, "2026-Q3", "kurang")
    assert services_coaching.reassignment_sync(instansi=cast.instansi, by=cast.admin) == 0
    final_evaluation(cast, period, "2026-Q4", "sangat_kurang")
    result = services.development_sync(instansi=cast.instansi, by=cast.admin)
    assert result["recommended"] == 1 and result["remeasured"] == 1
    assert services.development_sync(instansi=cast.instansi, by=cast.admin)["recommended"] == 0
    case = ReassignmentCase.objects.get()
    assert case.trigger_cuts == ["2026-Q3", "2026-Q4"] and case.coaching_plan == plan
    plan.refresh_from_db()
    assert plan.outcome == "worse"


def test_a_decision_without_a_reason_is_refused_and_a_decision_is_audited(cast, period):
    plan_for(cast, final_evaluation(cast, period, "2026-Q2", "butuh_perbaikan"), starts_on=dt.date(2026, 7, 1))
    final_evaluation(cast, period, "2026-Q3", "kurang")
    final_evaluation(cast, period, "2026-Q4", "kurang")
    services_coaching.reassignment_sync(instansi=cast.instansi, by=cast.admin)
    case = ReassignmentCase.objects.get()
    with pytest.raises(ValidationError, match="alasan"):
        services_coaching.reassignment_decide(case=case, by=cast.admin, decision="keep", reason=" ", decree_number="1")
    with pytest.raises(ValidationError, match="jabatan baru"):
        services_coaching.reassignment_decide(case=case, by=cast.admin, decision="move", reason="x", decree_number="1")
    with pytest.raises(ValidationError, match="BKPSDM"):
        services_coaching.reassignment_decide(case=case, by=cast.atasan, decision="keep", reason="x", decree_number="1")
    case.refresh_from_db()
    assert case.status == "recommended" and not case.decision
    position = PositionFactory(unit=cast.other_opd, name="Pengadministrasi Umum")
    services_coaching.reassignment_decide(
        case=case,
        by=cast.admin,
        decision="move",
        reason="Kompetensi lebih sesuai pada layanan administrasi.",
        decree_number="800/123/BKPSDM/2026",
        new_position=position,
    )
    case.refresh_from_db()
    assert case.status == "decided" and case.new_position == position
    assert list(ReassignmentStatusChange.objects.values_list("to_status", flat=True)) == ["recommended", "decided"]


# ------------------------------------------------------------------------------------- career
@pytest.fixture
def functional(cast):
    position = PositionFactory(
        unit=cast.bidang, name="Epidemiolog Ahli Pertama", kind="fungsional", level="ahli_pertama"
    )
    cast.employee.position = position
    cast.employee.rank_start = dt.date(2024, 4, 1)
    cast.employee.save()
    return position


def test_the_ledger_appends_one_row_per_settled_evaluation(cast, period, functional):
    evaluation = final_evaluation(cast, period, "2026-Q3", "baik")
    assert services_career.credit_sync(instansi=cast.instansi) == 0  # still inside the objection window
    from kinerja.appraisal import services as appraisal

    appraisal.evaluation_acknowledge(evaluation=evaluation, by=cast.pegawai)
    assert services_career.credit_sync(instansi=cast.instansi) == 1
    assert services_career.credit_sync(instansi=cast.instansi) == 0
    entry = CreditEntry.objects.get()
    assert (entry.amount, entry.as_of, entry.level) == (Decimal("3.125"), dt.date(2026, 9, 30), "ahli_pertama")


def test_earlier_credit_is_integrated_but_not_for_a_non_functional_position(cast, functional):
    services_career.credit_integrate(employee=cast.employee, by=cast.admin, amount="45,5", as_of=dt.date(2025, 12, 31))
    with pytest.raises(ValidationError, match="fungsional"):
        services_career.credit_integrate(employee=cast.outsider, by=cast.admin, amount="10", as_of=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="3 desimal"):
        services_career.credit_integrate(
            employee=cast.employee, by=cast.admin, amount="1.2345", as_of=dt.date(2025, 1, 1)
        )
    assert CreditEntry.objects.count() == 1


def test_a_credit_import_saves_nothing_when_one_row_is_wrong(cast, functional):
    good = f"NIP,ANGKA_KREDIT,PER_TANGGAL\n{cast.employee.nip},12.5,2025-12-31\n".encode()
    bad = good + f"{cast.outsider.nip},3,2025-12-31\n".encode()
    with pytest.raises(ValidationError, match="Baris 3"):
        services_career.credit_import(instansi=cast.instansi, by=cast.admin, content=bad, filename="ak.csv")
    assert not CreditEntry.objects.exists()
    assert services_career.credit_import(instansi=cast.instansi, by=cast.admin, content=good, filename="ak.csv") == 1


def test_a_potential_score_outside_its_scale_is_refused(cast):
    with pytest.raises(ValidationError, match="antara 1 dan 5"):
        services_career.potential_record(employee=cast.employee, by=cast.admin, year=2026, score="7")
    with pytest.raises(ValidationError, match="angka"):
        services_career.potential_record(employee=cast.employee, by=cast.admin, year=2026, score="tinggi")
    assert not PotentialAssessment.objects.exists()
    services_career.potential_record(employee=cast.employee, by=cast.admin, year=2026, score="4.25")
    assert PotentialAssessment.objects.get().score == Decimal("4.25")


def test_a_running_sanction_blocks_promotion(cast):
    """Sanctions are the attendance app's, recorded from their decree; one rule for who is under one."""
    from kinerja.attendance import services as attendance
    from kinerja.development import selectors

    cast.employee.rank_start = dt.date(2020, 4, 1)
    cast.employee.save()
    attendance.sanction_create(
        employee=cast.employee,
        kind="potongan_tunjangan_6",
        decree_number="862/5/2026",
        decree_date=dt.date(2026, 8, 25),
        start=dt.date(2026, 9, 1),
        months=6,
        cut_pct=Decimal(25),
        by=cast.admin,
    )
    row = next(r for r in selectors.eligibility(cast.instansi, dt.date(2026, 12, 1)) if r.employee == cast.employee)
    assert "Sedang menjalani hukuman disiplin." in row.result.reasons
    later = next(r for r in selectors.eligibility(cast.instansi, dt.date(2027, 3, 1)) if r.employee == cast.employee)
    assert "Sedang menjalani hukuman disiplin." not in later.result.reasons
    assert not Evaluation.objects.exists()
