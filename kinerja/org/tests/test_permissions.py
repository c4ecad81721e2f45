"""Walks every page and API endpoint as every role of *another* instansi, and the role matrix
inside one instansi. Cross-tenant objects are 404 (ids leak nothing); forbidden actions 403."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from kinerja.accounts.models import ApiToken
from kinerja.org import imports
from kinerja.org.models import ImportBatch

pytestmark = pytest.mark.django_db

OBJECT_OF = {"unit": "unit", "position": "position", "employee": "employee", "account": "employee", "import": "batch"}


def org_object_url_names() -> list[str]:
    """Names of every org URL that takes an object id: new pages join the walk by themselves."""
    names = []
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) == "org":
            names += [
                p.name for p in pattern.url_patterns if isinstance(p, URLPattern) and "pk" in p.pattern.converters
            ]
    return names


def object_urls(cast) -> list[str]:
    """Every org URL that names an object, filled with objects of ``cast``'s instansi."""
    batch = imports.import_preview(
        instansi=cast.instansi,
        kind=ImportBatch.Kind.UNITS,
        content=b"UNOR_ID,NAMA_UNOR\r\nX,Unit X\r\n",
        filename="u.csv",
        by=cast.admin,
    )
    objects = {
        "unit": cast.bidang.pk,
        "position": cast.head_position.pk,
        "employee": cast.employee.pk,
        "batch": batch.pk,
    }
    urls = []
    for name in org_object_url_names():
        prefix = name.split("_")[0]
        urls.append(reverse(f"org:{name}", kwargs={"pk": objects[OBJECT_OF[prefix]]}))
    return urls


def test_the_walk_covers_every_object_url(cast):
    assert len(object_urls(cast)) == len(org_object_url_names()) >= 11


@pytest.mark.parametrize("role", ["admin", "pimpinan", "atasan", "pegawai"])
def test_every_object_url_is_not_found_for_every_role_of_another_instansi(client, cast, other, role):
    client.force_login(getattr(other, role))
    for url in object_urls(cast):
        get, post = client.get(url), client.post(url)
        # A POST-only URL answers GET with 405 before any lookup, which reveals nothing.
        assert get.status_code in (404, 405), (role, url, get.status_code)
        assert post.status_code in (404, 405), (role, url, post.status_code)  # 405: a page that only reads


@pytest.mark.parametrize("role", ["admin", "pimpinan", "atasan", "pegawai"])
def test_list_pages_of_another_instansi_show_none_of_its_people(client, cast, other, role):
    client.force_login(getattr(other, role))
    for name in ["org:employee_list", "org:unit_tree", "org:position_list", "core:home"]:
        response = client.get(reverse(name), {"instansi": cast.instansi.code})
        assert response.status_code in (200, 403), name
        body = response.content.decode()
        assert cast.employee.nip not in body and cast.instansi.name not in body, name


@pytest.mark.parametrize("role", ["admin", "pimpinan", "atasan", "pegawai"])
def test_every_api_endpoint_refuses_another_instansi(client, cast, other, role):
    _token, key = ApiToken.issue(getattr(other, role))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    code = cast.instansi.code
    for url in [
        f"/api/v1/units?instansi={code}",
        f"/api/v1/units/{cast.bidang.pk}",
        f"/api/v1/positions?instansi={code}",
        f"/api/v1/employees?instansi={code}",
        f"/api/v1/employees/{cast.employee.pk}",
        f"/api/v1/employees/{cast.employee.pk}/nip",
    ]:
        assert client.get(url, **auth).status_code == 404, url
    # Pimpinan changes nothing anywhere: refused by role (403) before the object is looked up.
    refused = {403} if role == "pimpinan" else {404}
    patch = client.patch(
        f"/api/v1/employees/{cast.employee.pk}", {"name": "X"}, content_type="application/json", **auth
    )
    assert patch.status_code in refused
    post = client.post(
        f"/api/v1/employees?instansi={code}",
        {"nip": "1", "name": "X", "unit_id": cast.bidang.pk},
        content_type="application/json",
        **auth,
    )
    assert post.status_code in refused
    listed = client.get("/api/v1/instansi", **auth).json()
    assert [i["code"] for i in listed] == [other.instansi.code]


def test_anonymous_users_are_sent_to_login_and_the_api_answers_401(client, cast):
    for url in [
        reverse("core:home"),
        reverse("org:employee_list"),
        reverse("org:employee_detail", args=[cast.employee.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert client.get("/api/v1/employees").status_code == 401


# --------------------------------------------------------------------- the matrix inside an instansi
def test_a_pegawai_sees_only_themselves(client, cast):
    client.force_login(cast.pegawai)
    assert client.get(reverse("org:employee_detail", args=[cast.employee.pk])).status_code == 200
    assert client.get(reverse("org:employee_detail", args=[cast.supervisor.pk])).status_code == 404
    assert client.get(reverse("org:employee_detail", args=[cast.outsider.pk])).status_code == 404
    assert client.get(reverse("org:employee_edit", args=[cast.employee.pk])).status_code == 403
    assert client.get(reverse("org:import_upload")).status_code == 403


def test_an_atasan_sees_subordinates_two_levels_down_but_cannot_edit(client, cast):
    client.force_login(cast.atasan)
    assert client.get(reverse("org:employee_detail", args=[cast.employee.pk])).status_code == 200
    assert client.get(reverse("org:employee_detail", args=[cast.outsider.pk])).status_code == 404
    assert client.post(reverse("org:employee_set_active", args=[cast.employee.pk]), {"active": "0"}).status_code == 403
    head_user = cast.head
    from kinerja.org.tests.factories import UserFactory

    client.force_login(UserFactory(employee=head_user))
    assert client.get(reverse("org:employee_detail", args=[cast.employee.pk])).status_code == 200


def test_pimpinan_reads_the_whole_instansi_and_changes_nothing(client, cast):
    client.force_login(cast.pimpinan)
    assert client.get(reverse("org:employee_detail", args=[cast.outsider.pk])).status_code == 200
    assert client.get(reverse("org:employee_edit", args=[cast.outsider.pk])).status_code == 403
    assert client.get(reverse("org:unit_create")).status_code == 403
    assert client.get(reverse("org:audit_log")).status_code == 403


def test_the_admin_manages_their_instansi(client, cast):
    client.force_login(cast.admin)
    for url in [
        reverse("org:employee_edit", args=[cast.outsider.pk]),
        reverse("org:unit_create"),
        reverse("org:audit_log"),
        reverse("org:import_upload"),
        reverse("org:employee_history", args=[cast.employee.pk]),
    ]:
        assert client.get(url).status_code == 200, url


def test_a_superadmin_picks_any_instansi(client, cast, other, superadmin):
    client.force_login(superadmin)
    response = client.get(reverse("org:employee_list"), {"instansi": other.instansi.code})
    assert other.employee.nip in response.content.decode()
    assert client.get(reverse("org:employee_edit", args=[cast.employee.pk])).status_code == 200
