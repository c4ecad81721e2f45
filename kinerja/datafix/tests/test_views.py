"""The report pages: who sees what (another instansi 404, a colleague 404, pimpinan reads and
changes nothing) and the queue's query budget."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from kinerja.datafix import services
from kinerja.datafix.models import DataReport
from kinerja.org.models import Employee

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(cast):
    return services.report_submit(
        employee=cast.employee, by=cast.pegawai, subject="supervisor", wanted="", wanted_supervisor=cast.head
    )


def object_urls(report) -> list[str]:
    """Every datafix URL that names a report: a new one joins the walk by itself."""
    urls = []
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) == "datafix":
            for p in pattern.url_patterns:
                if isinstance(p, URLPattern) and "pk" in p.pattern.converters:
                    urls.append(reverse(f"datafix:{p.name}", kwargs={"pk": report.pk}))
    return urls


@pytest.mark.parametrize("role", ["admin", "pimpinan", "atasan", "pegawai"])
def test_another_instansi_finds_nothing(client, other, filed, role):
    client.force_login(getattr(other, role))
    urls = object_urls(filed)
    assert len(urls) == 2
    for url in urls:
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {"action": "refuse", "reason": "x"}).status_code in (404, 405), url
    queue = client.get(reverse("datafix:queue") + "?status=all")
    assert queue.status_code in (200, 403)
    assert reverse("datafix:detail", args=[filed.pk]) not in queue.content.decode()
    assert DataReport.objects.get().status == "open"


def test_a_colleague_or_the_supervisor_cannot_see_an_employees_report(client, cast, filed):
    for user in (cast.outsider_user, cast.atasan):
        client.force_login(user)
        assert client.get(reverse("datafix:detail", args=[filed.pk])).status_code == 404
        assert client.get(reverse("datafix:queue")).status_code == 403
        assert reverse("datafix:detail", args=[filed.pk]) not in client.get(reverse("datafix:mine")).content.decode()
    client.force_login(cast.pegawai)
    assert client.get(reverse("datafix:detail", args=[filed.pk])).status_code == 200
    assert (
        client.post(reverse("datafix:decide", args=[filed.pk]), {"action": "refuse", "reason": "x"}).status_code == 403
    )


def test_pimpinan_reads_the_queue_and_decides_nothing(client, cast, filed):
    client.force_login(cast.pimpinan)
    assert reverse("datafix:detail", args=[filed.pk]) in client.get(reverse("datafix:queue")).content.decode()
    page = client.get(reverse("datafix:detail", args=[filed.pk])).content.decode()
    assert "fix-form" not in page
    assert (
        client.post(reverse("datafix:decide", args=[filed.pk]), {"action": "fix", "value": cast.head.nip}).status_code
        == 403
    )
    response = client.post(reverse("datafix:mine"), {"subject": "unit", "wanted": "Setda"})
    assert response.status_code == 403
    assert DataReport.objects.count() == 1 and DataReport.objects.get().status == "open"


def test_the_employee_reports_from_the_home_page_and_the_admin_fixes(client, cast):
    client.force_login(cast.pegawai)
    assert reverse("datafix:mine") in client.get(reverse("core:home")).content.decode()
    response = client.post(
        reverse("datafix:mine"), {"subject": "supervisor", "wanted": "Kepala Dinas", "supervisor_nip": cast.head.nip}
    )
    assert response.status_code == 302
    bad = client.post(reverse("datafix:mine"), {"subject": "supervisor", "supervisor_nip": "1234"})
    assert bad.status_code == 400 and "Tidak ada pegawai aktif" in bad.content.decode()
    report = DataReport.objects.get()
    client.force_login(cast.admin)
    home = client.get(reverse("core:home")).content.decode()
    assert "1 laporan data pegawai yang salah menunggu perbaikan Anda" in home
    wrong = client.post(reverse("datafix:decide", args=[report.pk]), {"action": "fix", "value": cast.employee.nip})
    assert wrong.status_code == 400  # the employee as their own supervisor: refused by the org rules
    response = client.post(reverse("datafix:decide", args=[report.pk]), {"action": "fix", "value": cast.head.nip})
    assert response.status_code == 302
    assert Employee.objects.get(pk=cast.employee.pk).supervisor == cast.head


def test_the_queue_costs_the_same_for_three_reports_or_thirty(client, cast, django_assert_max_num_queries):
    from kinerja.org.tests.factories import EmployeeFactory, UserFactory

    def fill(n):
        for _i in range(n):
            employee = EmployeeFactory(instansi=cast.instansi, unit=cast.bidang, supervisor=cast.supervisor)
            services.report_submit(
                employee=employee, by=UserFactory(employee=employee), subject="unit", wanted="", wanted_unit=cast.opd
            )

    client.force_login(cast.admin)
    fill(3)
    # session, user, the menu's one count query, the page count, the page of reports with
    # employee, unit, position, supervisor and the named records joined; the layout's reads
    with django_assert_max_num_queries(8):
        assert client.get(reverse("datafix:queue")).status_code == 200
    fill(27)
    with django_assert_max_num_queries(8):
        body = client.get(reverse("datafix:queue")).content.decode()
    assert body.count("report-queue") == 1 and body.count("Seharusnya") == 30
