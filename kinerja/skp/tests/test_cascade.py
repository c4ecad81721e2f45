"""The cascade has no silent cut-off: branches load on demand, a page at a time, and everyone
sees their own branch (insight issue 15)."""

import pytest
from django.urls import reverse

from kinerja.org.tests.factories import EmployeeFactory, PositionFactory, UserFactory
from kinerja.skp import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(cast, period):
    """A goal ← the head's RHK ← the supervisor's RHK ← the employee's RHK."""
    goal = services.goal_create(period=period, code="SS1", title="Derajat kesehatan")
    head_user = UserFactory(employee=cast.head)
    type(cast.head).objects.filter(pk=cast.head.pk).update(supervisor=cast.pimpinan.employee)
    cast.head.refresh_from_db()
    head_skp = services.skp_create(employee=cast.head, period=period, by=head_user)
    head_rhk = services.rhk_save(
        skp=head_skp, text="RHK kepala", kind="utama", goal=goal, perspective="penerima_layanan"
    )
    boss = services.skp_create(employee=cast.supervisor, period=period, by=cast.atasan)
    boss_rhk = services.rhk_save(skp=boss, text="RHK kabid", kind="utama", parent=head_rhk)
    mine = services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    services.rhk_save(skp=mine, text="RHK staf", kind="utama", parent=boss_rhk)
    return {"goal": goal, "head_rhk": head_rhk, "boss_rhk": boss_rhk, "head_user": head_user}


def test_the_whole_tree_opens_branch_by_branch(client, cast, period, tree):
    client.force_login(cast.pimpinan)
    body = client.get(reverse("skp:cascade", args=[period.pk])).content.decode()
    assert "RHK kepala" in body and "RHK kabid" not in body  # loaded when the branch opens
    assert reverse("skp:cascade_children", args=[tree["head_rhk"].pk]) in body and "1 RHK turunan" in body
    branch = client.get(reverse("skp:cascade_children", args=[tree["head_rhk"].pk]), HTTP_HX_REQUEST="true")
    assert "RHK kabid" in branch.content.decode()


def test_a_branch_pages_instead_of_cutting_off(client, cast, period, tree, monkeypatch):
    monkeypatch.setattr(selectors, "CASCADE_PAGE", 2)
    for i in range(4):
        person = EmployeeFactory(
            unit=cast.bidang, supervisor=cast.supervisor, position=PositionFactory(unit=cast.bidang)
        )
        skp = services.skp_create(employee=person, period=period, by=UserFactory(employee=person))
        services.rhk_save(skp=skp, text=f"RHK anggota {i}", kind="utama", parent=tree["boss_rhk"])
    client.force_login(cast.admin)
    url = reverse("skp:cascade_children", args=[tree["boss_rhk"].pk])
    seen = []
    offset = "0"
    while offset:
        body = client.get(url, {"offset": offset}).content.decode()
        seen += [line for line in body.split("<li>") if "RHK " in line]
        offset = body.split("?offset=")[1].split('"')[0] if "?offset=" in body else ""
    assert len(seen) == 5  # the employee's RHK and the four others, over three pages


def test_orphans_page_too(client, cast, period, monkeypatch):
    monkeypatch.setattr(selectors, "CASCADE_PAGE", 2)
    for i in range(3):
        person = EmployeeFactory(unit=cast.bidang, supervisor=cast.supervisor)
        skp = services.skp_create(employee=person, period=period, by=UserFactory(employee=person))
        services.rhk_save(skp=skp, text=f"RHK yatim {i}", kind="utama")
    client.force_login(cast.admin)
    body = client.get(reverse("skp:cascade", args=[period.pk])).content.decode()
    assert body.count("RHK yatim") == 2 and "?yatim=2" in body
    more = client.get(reverse("skp:cascade", args=[period.pk]), {"yatim": "2"}, HTTP_HX_REQUEST="true")
    assert more.content.decode().count("RHK yatim") == 1


def test_each_employee_sees_their_own_branch(client, cast, period, tree):
    client.force_login(cast.pegawai)
    body = client.get(reverse("skp:cascade", args=[period.pk])).content.decode()
    assert "RHK staf" in body and "RHK kabid" in body and "RHK kepala" in body and "SS1 · Derajat kesehatan" in body
    client.force_login(cast.atasan)
    body = client.get(reverse("skp:cascade", args=[period.pk])).content.decode()
    assert "RHK kabid" in body and reverse("skp:cascade_children", args=[tree["boss_rhk"].pk]) in body
    assert client.get(reverse("skp:cascade_children", args=[tree["boss_rhk"].pk])).status_code == 200
    client.force_login(cast.outsider_user)  # not their branch
    assert client.get(reverse("skp:cascade_children", args=[tree["boss_rhk"].pk])).status_code == 403


def test_another_tenant_finds_no_branch(client, cast, other, period, tree):
    client.force_login(other.admin)
    assert client.get(reverse("skp:cascade_children", args=[tree["head_rhk"].pk])).status_code == 404


def test_the_top_of_the_tree_has_a_fixed_query_count(client, cast, period, tree, django_assert_max_num_queries):
    client.force_login(cast.pimpinan)
    url = reverse("skp:cascade", args=[period.pk])
    with django_assert_max_num_queries(20) as before:
        client.get(url)
    for i in range(5):
        goal = services.goal_create(period=period, code=f"SX{i}", title=f"Sasaran {i}")
        person = EmployeeFactory(unit=cast.other_opd)
        skp = services.skp_create(employee=person, period=period, by=UserFactory(employee=person))
        services.rhk_save(skp=skp, text=f"RHK {i}", kind="utama", own_initiative=True)
        assert goal
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(url)
