import pytest
from django.urls import URLPattern, get_resolver, reverse

from conftest import approved_skp
from kinerja.org.tests.factories import UserFactory
from kinerja.skp import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss_skp(cast, period):
    return approved_skp(
        cast.supervisor, period, cast.atasan, UserFactory(employee=cast.head), text="Menurunkan kasus DBD"
    )


def skp_object_urls(skp, period) -> list[str]:
    """Every skp URL that names an object, filled with objects of one instansi."""
    rhk = skp.rhks.get()
    values = {"pk": skp.pk, "rhk_pk": rhk.pk, "indicator_pk": rhk.indicators.get().pk}
    urls = []
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) != "skp":
            continue
        for p in pattern.url_patterns:
            if isinstance(p, URLPattern) and "pk" in p.pattern.converters:
                kwargs = {k: values[k] for k in p.pattern.converters}
                if p.name in ("plan", "cascade"):
                    kwargs["pk"] = period.pk
                urls.append(reverse(f"skp:{p.name}", kwargs=kwargs))
    return urls


@pytest.mark.parametrize("role", ["admin", "pimpinan", "atasan", "pegawai"])
def test_every_skp_url_is_not_found_for_another_instansi(client, cast, other, period, boss_skp, role):
    client.force_login(getattr(other, role))
    urls = skp_object_urls(boss_skp, period)
    assert len(urls) >= 15
    for url in urls:
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url).status_code in (404, 405), url  # 405: a page that only reads


def test_a_colleague_in_another_unit_cannot_open_an_skp(client, cast, boss_skp):
    client.force_login(cast.outsider_user)
    assert client.get(reverse("skp:detail", args=[boss_skp.pk])).status_code == 404


def test_the_evaluator_sees_but_cannot_edit_the_content(client, cast, period, boss_skp):
    skp = services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    client.force_login(cast.atasan)
    assert client.get(reverse("skp:detail", args=[skp.pk])).status_code == 200
    assert client.post(reverse("skp:rhk_add", args=[skp.pk]), {"text": "X", "kind": "utama"}).status_code == 403
    assert client.post(reverse("skp:submit", args=[skp.pk])).status_code == 403


def test_the_owner_cannot_decide_or_set_behaviour(client, cast, period, boss_skp):
    skp = services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    client.force_login(cast.pegawai)
    assert client.post(reverse("skp:decide", args=[skp.pk]), {"decision": "approve"}).status_code == 403
    assert client.post(reverse("skp:behaviours", args=[skp.pk]), {"akuntabel": "x"}).status_code == 403


def test_an_rhk_form_with_a_foreign_parent_is_refused(client, cast, period, boss_skp):
    skp = services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    client.force_login(cast.pegawai)
    response = client.post(reverse("skp:rhk_add", args=[skp.pk]), {"text": "X", "kind": "utama", "parent": 999999})
    assert response.status_code == 400 and skp.rhks.count() == 0


def test_skp_detail_query_count_does_not_grow_with_rhks(client, cast, period, boss_skp, django_assert_max_num_queries):
    skp = services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    for n in range(8):
        rhk = services.rhk_save(skp=skp, text=f"RHK {n}", kind="utama", parent=boss_skp.rhks.get())
        services.indicator_save(rhk=rhk, text="I", aspect="kuantitas", target="1", target_unit="x", direction="higher")
    client.force_login(cast.pegawai)
    # session, user, instansi, skp access, skp+joins, rhks, indicators, periodic targets, behaviours,
    # history, parents, goals, units (service unit choice), revisions, roles: a fixed budget whatever
    # the number of RHKs (the submission check reads the prefetched rows).
    with django_assert_max_num_queries(22):
        response = client.get(reverse("skp:detail", args=[skp.pk]))
    assert response.content.decode().count('class="border rounded p-2 mb-2 rhk"') == 8


def test_cascade_shows_unclaimed_goals_and_orphan_rhks(client, cast, period, boss_skp):
    services.goal_create(period=period, code="SS9", title="Sasaran tanpa pengampu")
    skp = services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    services.rhk_save(skp=skp, text="RHK yatim", kind="utama")
    linked = services.skp_create(employee=cast.outsider, period=period, by=cast.outsider_user)
    services.rhk_save(skp=linked, text="RHK sendiri", kind="utama", own_initiative=True)
    client.force_login(cast.pimpinan)
    body = client.get(reverse("skp:cascade", args=[period.pk])).content.decode()
    unclaimed = body.split('id="unclaimed"')[1].split('id="orphans"')[0]
    orphans = body.split('id="orphans"')[1]
    assert "Sasaran tanpa pengampu" in unclaimed
    assert "RHK yatim" in orphans and "RHK sendiri" not in orphans


def test_the_pdf_downloads_as_a_real_pdf(client, cast, boss_skp):
    client.force_login(cast.atasan)
    response = client.get(reverse("skp:pdf", args=[boss_skp.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content[:5] == b"%PDF-"


def test_admin_pages_for_periods_plan_and_templates(client, cast, period):
    client.force_login(cast.admin)
    response = client.post(reverse("skp:template_list"), {"name": "T", "sector": "health", "source": "rusak"})
    assert "6 bagian" in response.content.decode()
    response = client.post(reverse("skp:plan", args=[period.pk]), {"goal": "1", "code": "SS1", "title": "Sasaran"})
    assert response.status_code == 302
    response = client.post(
        reverse("skp:period_list"),
        {"year": 2026, "cut": "monthly", "planning_deadline": "2026-01-31", "closes_on": "2026-12-31"},
    )
    assert "sudah ada" in response.content.decode()
    client.force_login(cast.pegawai)
    assert client.post(reverse("skp:period_list"), {"year": 2030}).status_code == 403
