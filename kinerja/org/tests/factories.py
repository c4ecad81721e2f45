import datetime as dt

import factory

from kinerja.accounts.models import User
from kinerja.org import rules, services
from kinerja.org.models import Employee, Instansi, Position, Unit


class InstansiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instansi
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"instansi-{n}")
    name = factory.Sequence(lambda n: f"Pemerintah Kabupaten Uji {n}")
    kind = Instansi.Kind.KABUPATEN
    province = "Jambi"


class UnitFactory(factory.django.DjangoModelFactory):
    """Units go through the service so their materialized path is right."""

    class Meta:
        model = Unit

    instansi = factory.SubFactory(InstansiFactory)
    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    kind = Unit.Kind.DINAS
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.unit_create(**kwargs)


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    unit = factory.SubFactory(UnitFactory)
    instansi = factory.SelfAttribute("unit.instansi")
    name = factory.Sequence(lambda n: f"Jabatan Uji {n}")
    kind = Position.Kind.PELAKSANA
    grade = 7


def nip_for(n: int, gender: rules.Gender = rules.Gender.MALE) -> str:
    birth = dt.date(1975 + n % 20, 1 + n % 12, 1 + n % 28)
    return rules.build_nip(birth, dt.date(birth.year + 25, 3, 1), gender, 1 + n % 999)


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    unit = factory.SubFactory(UnitFactory)
    instansi = factory.SelfAttribute("unit.instansi")
    nip = factory.Sequence(nip_for)
    name = factory.Faker("name", locale="id_ID")
    status = Employee.Status.PNS
    rank = "III/a"
    birth_date = factory.LazyAttribute(lambda o: rules.parse_nip(o.nip).birth_date)
    gender = factory.LazyAttribute(lambda o: rules.parse_nip(o.nip).gender.value)
    cpns_start = factory.LazyAttribute(lambda o: rules.parse_nip(o.nip).cpns_start)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.LazyAttribute(lambda o: o.employee.nip if o.employee else "root")
    employee = None
    instansi = factory.LazyAttribute(lambda o: o.employee.instansi if o.employee else None)
    full_name = factory.LazyAttribute(lambda o: o.employee.display_name if o.employee else "Superadmin")
    role = User.Role.PEGAWAI
    password = factory.PostGenerationMethodCall("set_password", "rahasia-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()
