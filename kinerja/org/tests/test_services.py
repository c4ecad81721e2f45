import pytest
from django.core.exceptions import ValidationError

from kinerja.accounts.models import User
from kinerja.org import services
from kinerja.org.models import Employee, Unit
from kinerja.org.tests.factories import EmployeeFactory, UnitFactory, nip_for

pytestmark = pytest.mark.django_db


def _new(cast, **overrides):
    fields = {"nip": nip_for(900), "name": "Budi Santoso", "status": Employee.Status.PNS, "unit": cast.bidang}
    fields.update(overrides)
    return services.employee_save(instansi=cast.instansi, **fields)


def test_it_derives_birth_date_gender_and_tmt_from_the_nip(cast):
    employee = _new(cast, nip="19800315 200501 2 002", rank="3b")
    assert str(employee.birth_date) == "1980-03-15"
    assert employee.gender == "P"
    assert str(employee.cpns_start) == "2005-01-01"
    assert employee.rank == "III/b"
    assert employee.history.count() == 1


def test_it_refuses_a_bad_nip_with_a_message_for_that_part_and_stores_nothing(cast):
    before = Employee.objects.count()
    with pytest.raises(ValidationError) as error:
        _new(cast, nip="198003152005131001")
    assert "01 sampai 12" in error.value.message_dict["nip"][0]
    assert Employee.objects.count() == before


def test_it_refuses_a_duplicate_nip_in_the_same_instansi(cast):
    with pytest.raises(ValidationError) as error:
        _new(cast, nip=cast.employee.nip)
    assert "sudah terdaftar" in error.value.message_dict["nip"][0]


def test_the_same_nip_may_exist_in_another_instansi(cast, other):
    employee = services.employee_save(instansi=other.instansi, nip=cast.employee.nip, name="X", unit=other.bidang)
    assert employee.instansi == other.instansi


def test_it_refuses_a_supervisor_from_another_instansi(cast, other):
    with pytest.raises(ValidationError) as error:
        _new(cast, supervisor=other.supervisor)
    assert "instansi yang sama" in error.value.message_dict["supervisor"][0]


def test_it_refuses_a_supervisor_cycle(cast):
    # head -> (supervises) supervisor -> employee; making the employee the head's supervisor closes a loop.
    with pytest.raises(ValidationError) as error:
        services.employee_save(instansi=cast.instansi, employee=cast.head, supervisor=cast.employee)
    assert "bawahan" in error.value.message_dict["supervisor"][0]
    cast.head.refresh_from_db()
    assert cast.head.supervisor is None


def test_it_refuses_a_unit_of_another_instansi(cast, other):
    with pytest.raises(ValidationError):
        _new(cast, unit=other.bidang)


def test_it_refuses_an_unknown_rank_for_the_status(cast):
    with pytest.raises(ValidationError) as error:
        _new(cast, rank="IX")  # a PPPK golongan on a PNS
    assert "rank" in error.value.message_dict


def test_deactivating_keeps_the_record_and_blocks_the_login(cast):
    services.employee_set_active(employee=cast.employee, active=False)
    assert Employee.objects.filter(pk=cast.employee.pk, is_active=False).exists()
    assert not User.objects.get(pk=cast.pegawai.pk).is_active


def test_a_supervisor_with_active_subordinates_cannot_be_deactivated(cast):
    with pytest.raises(ValidationError):
        services.employee_set_active(employee=cast.supervisor, active=False)


def test_moving_a_unit_rewrites_the_paths_of_its_whole_subtree(cast):
    seksi = UnitFactory(instansi=cast.instansi, parent=cast.bidang, kind=Unit.Kind.SUBBAGIAN)
    services.unit_update(unit=cast.bidang, parent=cast.other_opd)
    seksi.refresh_from_db()
    cast.bidang.refresh_from_db()
    assert cast.bidang.path.startswith(cast.other_opd.path) and cast.bidang.depth == 1
    assert seksi.path.startswith(cast.bidang.path) and seksi.depth == 2
    assert set(Unit.objects.filter(path__startswith=cast.other_opd.path)) == {cast.other_opd, cast.bidang, seksi}


def test_a_unit_cannot_move_under_itself(cast):
    seksi = UnitFactory(instansi=cast.instansi, parent=cast.bidang)
    with pytest.raises(ValidationError):
        services.unit_update(unit=cast.bidang, parent=seksi)


def test_account_create_gives_a_temporary_password_that_must_be_changed(cast):
    user, password = services.account_create(employee=cast.head)
    assert user.username == cast.head.nip and user.must_change_password
    assert user.check_password(password)
    with pytest.raises(ValidationError):
        services.account_create(employee=cast.head)


def test_superadmin_role_cannot_be_granted_to_an_employee(cast):
    with pytest.raises(ValidationError):
        services.account_create(employee=EmployeeFactory(unit=cast.opd), role=User.Role.SUPERADMIN)


def test_reset_password_replaces_the_old_one(cast):
    password = services.account_reset_password(user=cast.pegawai)
    cast.pegawai.refresh_from_db()
    assert cast.pegawai.check_password(password)
    assert not cast.pegawai.check_password("rahasia-123")
