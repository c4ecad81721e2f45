import pytest
from django.core.exceptions import ValidationError

from kinerja.datafix import services
from kinerja.datafix.models import DataReport
from kinerja.notifications.models import Notification
from kinerja.org.models import Employee

pytestmark = pytest.mark.django_db


def report(cast, **fields):
    values = {"employee": cast.employee, "by": cast.pegawai, "subject": "supervisor", "wanted": "Kepala Dinas"}
    values.update(fields)
    return services.report_submit(**values)


def test_a_supervisor_report_is_fixed_through_the_org_services_audited_and_told(cast):
    filed = report(cast, wanted_supervisor=cast.head, note="SK mutasi 12/2026")
    assert filed.status == "open" and filed.recorded.startswith("Kepala Bidang")
    services.report_fix(report=filed, by=cast.admin)
    employee = Employee.objects.get(pk=cast.employee.pk)
    assert employee.supervisor == cast.head
    last = employee.history.first()
    assert last.supervisor_id == cast.head.pk and last.history_change_reason == f"Laporan data #{filed.pk}"
    filed.refresh_from_db()
    assert filed.status == "fixed" and filed.decided_by == cast.admin
    assert [c.to_status for c in filed.status_changes.all()] == ["open", "fixed"]
    told = Notification.objects.get(user=cast.pegawai)
    assert told.kind == "data_report" and "ditindaklanjuti" in told.text and told.url == f"/laporan-data/{filed.pk}/"


def test_a_position_in_another_unit_moves_the_employee_with_it(cast):
    position = cast.head_position
    filed = report(cast, subject="position", wanted="Kepala Dinas")
    services.report_fix(report=filed, by=cast.admin, value=position)
    employee = Employee.objects.get(pk=cast.employee.pk)
    assert employee.position == position and employee.unit == position.unit


def test_a_unit_report_names_the_unit(cast):
    filed = report(cast, subject="unit", wanted="", wanted_unit=cast.other_opd)
    assert filed.wanted == "Dinas Pendidikan"
    services.report_fix(report=filed, by=cast.admin)
    assert Employee.objects.get(pk=cast.employee.pk).unit == cast.other_opd


def test_a_refusal_needs_a_reason_and_tells_it(cast):
    filed = report(cast)
    with pytest.raises(ValidationError):
        services.report_refuse(report=filed, by=cast.admin, reason="")
    services.report_refuse(report=filed, by=cast.admin, reason="SK mutasi belum kami terima.")
    filed.refresh_from_db()
    assert filed.status == "refused" and filed.reason == "SK mutasi belum kami terima."
    assert "SK mutasi belum kami terima." in Notification.objects.get(user=cast.pegawai).text
    with pytest.raises(ValidationError, match="sudah diputuskan"):
        services.report_fix(report=filed, by=cast.admin, value=cast.head)
    assert Employee.objects.get(pk=cast.employee.pk).supervisor == cast.supervisor


def test_bad_reports_store_nothing(cast, other):
    report(cast)
    with pytest.raises(ValidationError, match="masih menunggu admin"):
        report(cast)  # one open report per subject
    with pytest.raises(ValidationError):
        report(cast, subject="unit", wanted="", wanted_unit=cast.bidang)  # what is recorded already
    with pytest.raises(ValidationError):
        report(cast, subject="unit", wanted="", wanted_unit=other.bidang)  # another instansi
    with pytest.raises(ValidationError):
        report(cast, subject="nama", wanted="x")
    assert DataReport.objects.count() == 1


def test_a_fix_that_would_make_a_loop_is_refused_and_leaves_everything(cast):
    filed = services.report_submit(
        employee=cast.supervisor, by=cast.atasan, subject="supervisor", wanted="", wanted_supervisor=cast.employee
    )
    with pytest.raises(ValidationError) as error:
        services.report_fix(report=filed, by=cast.admin)
    assert "bawahan" in " ".join(error.value.messages)
    filed.refresh_from_db()
    assert filed.status == "open"
    assert Employee.objects.get(pk=cast.supervisor.pk).supervisor == cast.head


def test_an_open_report_does_not_block_drafting_the_skp(cast, period):
    from kinerja.skp import services as skp_services

    report(cast)
    skp = skp_services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    rhk = skp_services.rhk_save(skp=skp, text="Layanan", kind="utama", own_initiative=True)
    skp_services.indicator_save(
        rhk=rhk, text="Jumlah layanan", aspect="kuantitas", target="10", target_unit="layanan", direction="higher"
    )
    submitted = skp_services.skp_submit(skp=skp, by=cast.pegawai)
    assert submitted.status == "submitted"
