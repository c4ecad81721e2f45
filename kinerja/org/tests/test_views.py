"""Pages: forms with bad input, query budgets of the list pages."""

import pytest
from django.urls import reverse

from kinerja.org.models import Employee
from kinerja.org.tests.factories import EmployeeFactory, UnitFactory, nip_for

pytestmark = pytest.mark.django_db


def test_employee_list_runs_a_fixed_number_of_queries(client, cast, django_assert_num_queries):
    for _ in range(30):
        EmployeeFactory(unit=cast.bidang, supervisor=cast.supervisor, position=cast.head_position)
    client.force_login(cast.admin)
    # 1 session, 2 user, 3 the user's instansi (time zone), 4 paginator count,
    # 5 is_supervisor (menu roles), 6 the page rows (unit, position, supervisor joined in).
    with django_assert_num_queries(6):
        response = client.get(reverse("org:employee_list"))
    assert response.status_code == 200
    assert response.content.decode().count("/organisasi/pegawai/") >= 30


def test_employee_list_query_count_does_not_grow_with_rows(client, cast, django_assert_max_num_queries):
    client.force_login(cast.admin)
    client.get(reverse("org:employee_list"))
    for _ in range(60):
        EmployeeFactory(unit=cast.bidang)
    with django_assert_max_num_queries(6):
        client.get(reverse("org:employee_list"), {"page": 2})


def test_unit_tree_is_one_query_for_all_units_with_counts(client, cast, django_assert_num_queries):
    for i in range(20):
        UnitFactory(instansi=cast.instansi, parent=cast.opd, name=f"Seksi {i}")
    client.force_login(cast.pimpinan)
    # 1 session, 2 user, 3 instansi (time zone), 4 the tree with employee counts, 5 is_supervisor (menu)
    with django_assert_num_queries(5):
        response = client.get(reverse("org:unit_tree"))
    assert "Seksi 19" in response.content.decode()


def test_search_by_name_or_nip_and_filter_by_unit_subtree(client, cast):
    client.force_login(cast.admin)
    body = client.get(reverse("org:employee_list"), {"q": cast.employee.nip[:10]}).content.decode()
    assert cast.employee.display_name in body
    body = client.get(reverse("org:employee_list"), {"unit": cast.opd.pk}).content.decode()
    assert "Staf Bidang" in body and "Staf Lain" not in body  # bidang is under the OPD


def test_the_htmx_search_returns_only_the_rows(client, cast):
    client.force_login(cast.admin)
    response = client.get(reverse("org:employee_list"), {"q": "Staf"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode() and "Staf Bidang" in response.content.decode()


def test_creating_an_employee_with_a_bad_nip_shows_the_part_and_stores_nothing(client, cast):
    client.force_login(cast.admin)
    before = Employee.objects.count()
    response = client.post(
        reverse("org:employee_create"),
        {"nip": "19800315 200501 3 001", "name": "Budi", "status": "pns", "unit": cast.bidang.pk},
    )
    assert response.status_code == 200
    assert "jenis kelamin" in response.content.decode()
    assert Employee.objects.count() == before


def test_creating_an_employee_with_a_supervisor_by_nip(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("org:employee_create"),
        {
            "nip": nip_for(777),
            "name": "Siti Aminah",
            "status": "pns",
            "rank": "III/a",
            "unit": cast.bidang.pk,
            "supervisor_nip": cast.supervisor.nip_formatted,
        },
    )
    employee = Employee.objects.get(nip=nip_for(777))
    assert response.status_code == 302 and employee.supervisor == cast.supervisor
    history = client.get(reverse("org:employee_history", args=[employee.pk])).content.decode()
    assert "dibuat" in history and cast.admin.full_name in history


def test_an_unknown_supervisor_nip_is_a_form_error(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("org:employee_edit", args=[cast.employee.pk]),
        {"nip": cast.employee.nip, "name": "X", "status": "pns", "unit": cast.bidang.pk, "supervisor_nip": "1" * 18},
    )
    assert "Tidak ada pegawai dengan NIP" in response.content.decode()


def test_admin_creates_a_login_and_sees_the_temporary_password_once(client, cast):
    client.force_login(cast.admin)
    response = client.post(reverse("org:account_create", args=[cast.head.pk]), {"role": "pegawai"}, follow=True)
    assert "Kata sandi sementara" in response.content.decode()
    again = client.get(reverse("org:employee_detail", args=[cast.head.pk])).content.decode()
    assert "Kata sandi sementara" not in again


def test_audit_log_lists_master_data_changes(client, cast):
    client.force_login(cast.admin)
    client.post(
        reverse("org:employee_edit", args=[cast.employee.pk]),
        {"nip": cast.employee.nip, "name": "Staf Bidang Baru", "status": "pns", "unit": cast.bidang.pk},
    )
    body = client.get(reverse("org:audit_log")).content.decode()
    assert "Staf Bidang Baru" in body


def test_times_are_shown_in_the_instansi_time_zone(client, other):
    client.force_login(other.admin)  # Sorong: WIT
    body = client.get(reverse("org:employee_detail", args=[other.employee.pk])).content.decode()
    assert "WIT" in body


def test_english_is_available(client, cast):
    client.force_login(cast.admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/beranda/"})
    body = client.get(reverse("core:home")).content.decode()
    assert 'lang="en"' in body and "Employees" in body
