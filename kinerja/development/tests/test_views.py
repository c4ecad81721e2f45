"""Development pages: each role sees its own, other tenants get 404, list pages keep a fixed
number of queries however many rows they show."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, get_resolver, reverse

from kinerja.development import services_career, services_training
from kinerja.development.models import ReassignmentCase
from kinerja.org.tests.factories import EmployeeFactory

from .conftest import build_story

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media", "december")]
ROLES = ["admin", "pimpinan", "atasan", "pegawai"]
ADMIN_PAGES = ["approvals", "jp", "jp_xlsx", "effect", "reassignments", "eligibility", "talent"]


@pytest.fixture
def story(cast, period):
    return build_story(cast, period)


def object_urls(cast, story) -> list[str]:
    """Every development URL that names an object: new pages join the walk by themselves."""
    case = ReassignmentCase.objects.get()
    values = {
        "pk": {
            "course_edit": story["course"].pk,
            "coaching": story["plan"].pk,
            "coaching_remeasure": story["plan"].pk,
            "session_acknowledge": story["session"].pk,
            "reassignment": case.pk,
        },
        "employee_pk": cast.employee.pk,
        "evaluation_pk": story["evaluation"].pk,
        "step": "verifikasi",
    }
    urls = []
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) == "development":
            for p in pattern.url_patterns:
                if isinstance(p, URLPattern) and p.pattern.converters:
                    kwargs = {}
                    for name in p.pattern.converters:
                        value = values[name]
                        kwargs[name] = value.get(p.name, story["enrolment"].pk) if isinstance(value, dict) else value
                    urls.append(reverse(f"development:{p.name}", kwargs=kwargs))
    return urls


def test_the_walk_covers_every_object_url(cast, story):
    assert len(object_urls(cast, story)) == 12


@pytest.mark.parametrize("role", ROLES)
def test_every_url_is_not_found_for_another_instansi(client, cast, other, story, role):
    client.force_login(getattr(other, role))
    for url in object_urls(cast, story):
        get, post = client.get(url), client.post(url)
        assert get.status_code in (404, 405), (role, url, get.status_code)
        assert post.status_code == 404, (role, url, post.status_code)
    for name in ["home", "catalogue"]:
        page = client.get(reverse(f"development:{name}")).content.decode()
        assert reverse("development:idp", args=[cast.employee.pk]) not in page  # the other cast has a "Staf Bidang" too
        assert "Analisis Data Layanan" not in page


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_pages_are_for_admin_and_pimpinan_only(client, cast, story, name):
    for role, status in [("admin", 200), ("pimpinan", 200), ("atasan", 403), ("pegawai", 403)]:
        client.force_login(getattr(cast, role))
        assert client.get(reverse(f"development:{name}")).status_code == status, (role, name)


def test_pimpinan_reads_but_may_not_act(client, cast, story):
    client.force_login(cast.pimpinan)
    case = ReassignmentCase.objects.get()
    response = client.post(reverse("development:reassignment", args=[case.pk]), {"decision": "keep"})
    assert response.status_code == 403
    assert client.post(reverse("development:sync")).status_code == 403
    assert client.post(reverse("development:catalogue"), {"title": "x"}).status_code == 403


def test_the_employee_sees_their_own_stages(client, cast, story):
    client.force_login(cast.pegawai)
    page = client.get(reverse("development:home")).content.decode()
    assert "Analisis Data Layanan" in page and "16" in page and "Memburuk" in page
    # The recommendation is not theirs to see until the BKPSDM decides.
    case = ReassignmentCase.objects.get()
    assert client.get(reverse("development:reassignment", args=[case.pk])).status_code == 404


def test_the_supervisor_sees_the_team_and_the_overdue_plan(client, cast, story):
    client.force_login(cast.atasan)
    page = client.get(reverse("development:home")).content.decode()
    assert "Tim saya" in page and cast.employee.display_name in page
    # Q3 and Q4 (Kurang) have no plan yet: they are on the supervisor's to-do list.
    assert page.count(reverse("development:coaching_new", args=[story["evaluation"].pk + 1])) == 1


def test_a_coaching_plan_for_someone_not_a_subordinate_is_forbidden(client, cast, story):
    client.force_login(cast.outsider_user)
    url = reverse("development:coaching_new", args=[story["evaluation"].pk])
    assert client.get(url).status_code == 404
    client.force_login(cast.admin)
    assert client.post(url, {"causes": "x"}).status_code == 403


def test_the_admin_decides_and_the_employee_then_sees_it(client, cast, story):
    case = ReassignmentCase.objects.get()
    client.force_login(cast.admin)
    url = reverse("development:reassignment", args=[case.pk])
    response = client.post(url, {"decision": "keep", "reason": "", "decree_number": "800/1"})
    assert response.status_code == 400 and "Tuliskan alasan keputusan." in response.content.decode()
    response = client.post(url, {"decision": "keep", "reason": "Diberi satu periode lagi.", "decree_number": "800/1"})
    assert response.status_code == 302
    client.force_login(cast.pegawai)
    assert "Diberi satu periode lagi." in client.get(url).content.decode()


def test_the_jp_export_neutralises_formula_cells(client, cast, story):
    from io import BytesIO

    from openpyxl import load_workbook

    from kinerja.org import services as org_services

    behind = EmployeeFactory(unit=cast.bidang)
    org_services.employee_save(instansi=cast.instansi, employee=behind, name='=HYPERLINK("http://x")')
    client.force_login(cast.admin)
    response = client.get(reverse("development:jp_xlsx"))
    sheet = load_workbook(BytesIO(response.content)).active
    names = {row[1].value: row[1].data_type for row in sheet.iter_rows(min_row=3)}
    assert names['\'=HYPERLINK("http://x")'] == "s" and cast.employee.display_name in names
    assert all(row[4].data_type == "n" for row in sheet.iter_rows(min_row=3))  # JP stays a number


# ----------------------------------------------------------------------------- query budgets
def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def grow(cast, n=4, tag=""):
    """More employees with training, credit and potential: the counts must not move."""
    course = services_training.course_save(
        instansi=cast.instansi, by=cast.admin, title=f"Kursus Tambahan {tag}", area="manajerial", jp=8, provider="LAN"
    )
    for i in range(n):
        e = EmployeeFactory(
            unit=cast.bidang, supervisor=cast.supervisor, name=f"Tambahan {tag}{i}", rank_start=dt.date(2018, 1, 1)
        )
        services_training.enrolment_propose(employee=e, course=course, by=cast.atasan)
        services_career.potential_record(employee=e, by=cast.admin, year=2026, score="2")


# Pinned budgets. Every page: session, user, the user's instansi (3); the menu's atasan check (1);
# then each page's own queries:
BUDGETS = {
    # settings (JP target), the behind count, the grouped per-unit row, the behind page
    "jp": 8,
    # courses count, page
    "catalogue": 6,
    # waiting enrolments count, page
    "approvals": 6,
    # cases count, the policy (settings), page
    "reassignments": 7,
    # every PNS with last two annual predikat and credit in rank as subqueries; the running sanctions
    "eligibility": 6,
    # the grid (one query with subqueries), the unit filter's units
    "talent": 6,
    # verified enrolments, their indicators (prefetch), the realizations of both cuts
    "effect": 7,
}


@pytest.mark.parametrize("name", sorted(BUDGETS))
def test_list_pages_have_a_fixed_query_count(client, cast, story, name):
    client.force_login(cast.admin)
    url = reverse(f"development:{name}")
    grow(cast, 1, "a")
    before = queries(client, url)
    grow(cast, 5, "b")
    after = queries(client, url)
    assert before == after == BUDGETS[name], (before, after)


def test_home_and_coaching_list_do_not_grow_with_the_team(client, cast, story):
    client.force_login(cast.atasan)
    urls = [reverse("development:home"), reverse("development:coaching_index")]
    grow(cast, 1, "a")
    before = [queries(client, url) for url in urls]
    grow(cast, 5, "b")
    assert [queries(client, url) for url in urls] == before


def test_the_home_page_lists_coaching_to_dos_for_the_supervisor_and_the_admin(client, cast, period, december):
    from kinerja.development import services_coaching

    from .helpers import final_evaluation

    q2 = final_evaluation(cast, period, "2026-Q2", "butuh_perbaikan")
    client.force_login(cast.atasan)
    home = client.get(reverse("core:home")).content.decode()
    assert "1 bawahan berpredikat di bawah Baik belum punya rencana bimbingan" in home
    assert 'href="/pengembangan/#todo"' in home or "#todo" in home
    services_coaching.coaching_plan_open(
        evaluation=q2,
        by=cast.atasan,
        causes="Target tidak tercapai.",
        actions="Pendampingan mingguan.",
        targets="40 layanan per triwulan.",
        starts_on=dt.date(2026, 7, 1),
        due_on=dt.date(2026, 9, 30),
    )
    home = client.get(reverse("core:home")).content.decode()
    assert "belum punya rencana bimbingan" not in home
    assert "1 rencana bimbingan melewati batas waktu" in home  # due 30 September, open on 1 December
    client.force_login(cast.admin)
    assert "1 rencana bimbingan melewati batas waktu" in client.get(reverse("core:home")).content.decode()
    client.force_login(cast.pegawai)  # the coached employee has nothing to do about it here
    assert "rencana bimbingan" not in client.get(reverse("core:home")).content.decode()
