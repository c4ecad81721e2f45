"""Shared fixtures: two regional governments with the same cast, after healthchecks' personas.

Instansi A ("tebo"):  Dinas Kesehatan (head: ``head``) → Bidang P2P (head: ``supervisor``)
                      → staff ``employee``; another Dinas with staff ``outsider``.
Instansi B ("sorong"): the same shape; its people are the *other tenant* in permission tests.
"""

import os
from dataclasses import dataclass

import pytest

from kinerja.accounts.models import User
from kinerja.org.models import Employee, Instansi, Position, Unit
from kinerja.org.tests.factories import EmployeeFactory, InstansiFactory, PositionFactory, UnitFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# fixtures there are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "rahasia-123"


@dataclass
class Cast:
    instansi: Instansi
    opd: Unit
    bidang: Unit
    other_opd: Unit
    head: Employee
    supervisor: Employee
    employee: Employee
    outsider: Employee
    head_position: Position
    admin: User
    pimpinan: User
    atasan: User
    pegawai: User
    outsider_user: User


def make_cast(code: str, tz: str = "Asia/Jakarta") -> Cast:
    instansi = InstansiFactory(code=code, name=f"Pemerintah Kabupaten {code.title()}", timezone=tz)
    opd = UnitFactory(instansi=instansi, code=f"{code}-DINKES", name="Dinas Kesehatan")
    bidang = UnitFactory(instansi=instansi, code=f"{code}-P2P", name="Bidang P2P", kind=Unit.Kind.BAGIAN, parent=opd)
    other = UnitFactory(instansi=instansi, code=f"{code}-DISDIK", name="Dinas Pendidikan")
    head_position = PositionFactory(unit=opd, name="Kepala Dinas Kesehatan", kind=Position.Kind.JPT, grade=14)
    head = EmployeeFactory(unit=opd, position=head_position, name="Kepala Dinas")
    supervisor = EmployeeFactory(
        unit=bidang, supervisor=head, name="Kepala Bidang", position=PositionFactory(unit=bidang, kind="administrator")
    )
    employee = EmployeeFactory(
        unit=bidang, supervisor=supervisor, name="Staf Bidang", position=PositionFactory(unit=bidang)
    )
    outsider = EmployeeFactory(unit=other, name="Staf Lain")
    admin_employee = EmployeeFactory(unit=other, name="Admin BKPSDM")
    leader = EmployeeFactory(unit=other, name="Sekretaris Daerah")
    return Cast(
        instansi=instansi,
        opd=opd,
        bidang=bidang,
        other_opd=other,
        head=head,
        supervisor=supervisor,
        employee=employee,
        outsider=outsider,
        head_position=head_position,
        admin=UserFactory(employee=admin_employee, role=User.Role.ADMIN),
        pimpinan=UserFactory(employee=leader, role=User.Role.PIMPINAN),
        atasan=UserFactory(employee=supervisor),
        pegawai=UserFactory(employee=employee),
        outsider_user=UserFactory(employee=outsider),
    )


@pytest.fixture
def cast(db) -> Cast:
    return make_cast("tebo")


@pytest.fixture
def other(db) -> Cast:
    return make_cast("sorong", tz="Asia/Jayapura")


@pytest.fixture
def superadmin(db) -> User:
    return User.objects.create_superuser("superadmin", PASSWORD, full_name="Superadmin")
