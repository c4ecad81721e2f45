import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.development import services, services_career, services_coaching, services_training
from kinerja.org.tests.factories import PositionFactory

from .helpers import final_evaluation

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def december():
    with time_machine.travel(dt.datetime(2026, 12, 1, 3, tzinfo=dt.UTC), tick=False):
        yield


def build_story(cast, period):
    """Every stage for one employee: a poor Q2 with a coaching plan and a session, a course linked
    to the weak indicator, two Kurang quarters, the recommendation, a ledger and potential."""
    cast.employee.position = PositionFactory(
        unit=cast.bidang, name="Epidemiolog Ahli Pertama", kind="fungsional", level="ahli_pertama"
    )
    cast.employee.rank_start = dt.date(2023, 4, 1)
    cast.employee.save()
    q2 = final_evaluation(cast, period, "2026-Q2", "butuh_perbaikan")
    plan = services_coaching.coaching_plan_open(
        evaluation=q2,
        by=cast.atasan,
        causes="Target tidak tercapai.",
        actions="Pendampingan mingguan.",
        targets="40 layanan per triwulan.",
        starts_on=dt.date(2026, 7, 1),
        due_on=dt.date(2026, 9, 30),
    )
    session = services_coaching.coaching_session_add(
        plan=plan, by=cast.atasan, held_on=dt.date(2026, 7, 8), notes="Tinjau jadwal.", agreed="Dua kunjungan."
    )
    course = services_training.course_save(
        instansi=cast.instansi, by=cast.admin, title="Analisis Data Layanan", area="teknis", jp=16, provider="BPSDM"
    )
    enrolment = services_training.enrolment_propose(
        employee=cast.employee,
        course=course,
        by=cast.atasan,
        indicators=list(q2.skp.rhks.get().indicators.all()),
    )
    services_training.enrolment_approve(enrolment=enrolment, by=cast.admin)
    services_training.enrolment_report(
        enrolment=enrolment,
        by=cast.pegawai,
        started_on=dt.date(2026, 7, 14),
        completed_on=dt.date(2026, 7, 16),
        jp=16,
        certificate=SimpleUploadedFile("sertifikat.pdf", PDF),
    )
    services_training.enrolment_verify(enrolment=enrolment, by=cast.admin)
    final_evaluation(cast, period, "2026-Q3", "kurang")
    final_evaluation(cast, period, "2026-Q4", "kurang")
    services_career.credit_integrate(employee=cast.employee, by=cast.admin, amount="20", as_of=dt.date(2025, 12, 31))
    services_career.potential_record(employee=cast.employee, by=cast.admin, year=2026, score="3.5")
    services.development_sync(instansi=cast.instansi, by=cast.admin)
    return {"plan": plan, "session": session, "course": course, "enrolment": enrolment, "evaluation": q2}
