import pytest
from django.core.management import CommandError, call_command

from kinerja.accounts.models import User
from kinerja.org import rules
from kinerja.org.models import Employee, Instansi
from kinerja.skp.models import Rhk, Skp

pytestmark = pytest.mark.django_db


def test_generate_scale_makes_exactly_n_valid_employees_with_plans():
    call_command("generate_scale", employees=300, seed=7)
    instansi = Instansi.objects.get(code="skala")
    employees = Employee.objects.filter(instansi=instansi)
    assert employees.count() == 300
    for nip in employees.values_list("nip", flat=True):
        rules.parse_nip(nip)
    assert employees.filter(supervisor__isnull=True).count() == 1  # only the Sekda
    assert Skp.objects.filter(instansi=instansi, status="approved").count() == 300
    # every non-top RHK Utama intervenes the supervisor's RHK
    assert (
        not Rhk.objects.filter(instansi=instansi, order=1, parent__isnull=True, goal__isnull=True)
        .exclude(skp__employee__supervisor__isnull=True)
        .exists()
    )


def test_generate_scale_is_deterministic_and_refuses_to_overwrite():
    call_command("generate_scale", employees=50, seed=3)
    first = list(Employee.objects.order_by("nip").values_list("nip", "name"))
    with pytest.raises(CommandError):
        call_command("generate_scale", employees=50, seed=3)
    call_command("generate_scale", employees=50, seed=3, replace=True)
    assert list(Employee.objects.order_by("nip").values_list("nip", "name")) == first


def test_seed_demo_is_idempotent():
    call_command("seed_demo", employees=40)
    counts = (Instansi.objects.count(), Employee.objects.count(), User.objects.count(), Skp.objects.count())
    call_command("seed_demo", employees=40)
    assert (Instansi.objects.count(), Employee.objects.count(), User.objects.count(), Skp.objects.count()) == counts
    assert Instansi.objects.get(code="sorong").timezone == "Asia/Jayapura"
    assert User.objects.filter(role="admin").count() == 5 and User.objects.filter(role="pimpinan").count() == 5
