"""Periodic targets (rencana aksi): set with the SKP, adjusted by the employee while drafting and
by the pejabat penilai before approval, copied into a revision, and the same through the API."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import approved_skp
from kinerja.accounts.models import ApiToken
from kinerja.skp import services
from kinerja.skp.models import PeriodicTarget

pytestmark = pytest.mark.django_db


def draft(cast, period, target="100", mode=""):
    skp = services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    rhk = services.rhk_save(skp=skp, text="Surat", kind="utama", own_initiative=True)
    indicator = services.indicator_save(
        rhk=rhk,
        text="Surat keluar",
        aspect="kuantitas",
        target=target,
        target_unit="surat",
        direction="higher",
        target_mode=mode,
    )
    return skp, indicator


def plan(indicator) -> list[Decimal]:
    return list(
        PeriodicTarget.objects.filter(indicator=indicator).order_by("period_key").values_list("target", flat=True)
    )


def test_an_indicator_starts_with_an_even_split_that_follows_its_target(cast, period):
    skp, indicator = draft(cast, period, "10")
    assert plan(indicator) == [3, 3, 2, 2]
    services.indicator_save(
        rhk=indicator.rhk,
        indicator=indicator,
        text="Surat keluar",
        aspect="kuantitas",
        target="40",
        target_unit="surat",
        direction="higher",
    )
    assert plan(indicator) == [10, 10, 10, 10]


def test_a_percentage_keeps_its_level_every_quarter(cast, period):
    skp = services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    rhk = services.rhk_save(skp=skp, text="Imunisasi", kind="utama", own_initiative=True)
    indicator = services.indicator_save(
        rhk=rhk, text="Bayi diimunisasi", aspect="kuantitas", target="95", target_unit="%", direction="higher"
    )
    assert indicator.target_mode == "constant" and plan(indicator) == [95] * 4


def test_the_employee_adjusts_while_drafting_and_a_wrong_sum_changes_nothing(cast, period):
    skp, indicator = draft(cast, period)
    services.period_targets_set(
        indicator=indicator,
        by=cast.pegawai,
        values={"2026-Q1": "10", "2026-Q2": "30", "2026-Q3": "30", "2026-Q4": "30"},
    )
    assert plan(indicator) == [10, 30, 30, 30]
    with pytest.raises(ValidationError, match="harus sama dengan target tahunan"):
        services.period_targets_set(
            indicator=indicator,
            by=cast.pegawai,
            values={"2026-Q1": "1", "2026-Q2": "1", "2026-Q3": "1", "2026-Q4": "1"},
        )
    with pytest.raises(ValidationError):
        services.period_targets_set(indicator=indicator, by=cast.pegawai, values={"2026-Q1": "x"})
    assert plan(indicator) == [10, 30, 30, 30]


def test_the_evaluator_adjusts_before_approval_and_nobody_after(cast, period):
    skp, indicator = draft(cast, period)
    services.skp_submit(skp=skp, by=cast.pegawai)
    values = {"2026-Q1": "40", "2026-Q2": "20", "2026-Q3": "20", "2026-Q4": "20"}
    with pytest.raises(ValidationError):  # submitted: the employee waits
        services.period_targets_set(indicator=indicator, by=cast.pegawai, values=values)
    services.period_targets_set(indicator=indicator, by=cast.atasan, values=values)
    assert plan(indicator) == [40, 20, 20, 20]
    services.skp_approve(skp=skp, by=cast.atasan)
    for user in (cast.atasan, cast.pegawai, cast.outsider_user):
        with pytest.raises(ValidationError):
            services.period_targets_set(indicator=indicator, by=user, values=values)


def test_a_revision_keeps_the_adjusted_targets(cast, period):
    skp, indicator = draft(cast, period)
    services.period_targets_set(
        indicator=indicator,
        by=cast.pegawai,
        values={"2026-Q1": "10", "2026-Q2": "30", "2026-Q3": "30", "2026-Q4": "30"},
    )
    services.skp_submit(skp=skp, by=cast.pegawai)
    services.skp_approve(skp=skp, by=cast.atasan)
    new = services.skp_revise(skp=skp, by=cast.pegawai, reason="Anggaran berubah", category="budget")
    assert plan(new.rhks.get().indicators.get()) == [10, 30, 30, 30]
    assert plan(indicator) == [10, 30, 30, 30]


def test_the_page_shows_and_saves_the_targets(client, cast, period):
    skp, indicator = draft(cast, period)
    client.force_login(cast.pegawai)
    body = client.get(reverse("skp:detail", args=[skp.pk])).content.decode()
    assert 'name="2026-Q3"' in body and "TW III" in body
    url = reverse("skp:period_targets", args=[skp.pk, indicator.pk])
    response = client.post(url, {"2026-Q1": "0", "2026-Q2": "40", "2026-Q3": "30", "2026-Q4": "30"})
    assert response.status_code == 302 and plan(indicator) == [0, 40, 30, 30]
    client.force_login(cast.outsider_user)
    assert client.post(url, {"2026-Q1": "100"}).status_code == 404
    client.force_login(cast.admin)  # the admin reads the SKP but does not plan it
    assert client.post(url, {"2026-Q1": "100"}).status_code == 403
    assert plan(indicator) == [0, 40, 30, 30]


def test_the_api_reads_and_sets_them(client, cast, other, period):
    skp, indicator = draft(cast, period)
    url = f"/api/v1/skp/{skp.pk}/indicators/{indicator.pk}/periodic-targets"
    me = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(cast.pegawai)[1]}"}
    got = client.get(url, **me).json()
    assert [row["period_key"] for row in got] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert [Decimal(row["target"]) for row in got] == [25] * 4
    bad = client.put(url, {"targets": {"2026-Q1": "99"}}, content_type="application/json", **me)
    assert bad.status_code == 422
    ok = client.put(
        url,
        {"targets": {"2026-Q1": "10", "2026-Q2": "20", "2026-Q3": "30", "2026-Q4": "40"}},
        content_type="application/json",
        **me,
    )
    assert ok.status_code == 200 and plan(indicator) == [10, 20, 30, 40]
    stranger = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(other.pegawai)[1]}"}
    assert client.get(url, **stranger).status_code == 404
    assert client.put(url, {"targets": {}}, content_type="application/json", **stranger).status_code == 404


def test_bound_indicators_name_a_service_unit_of_the_same_instansi(cast, other, period):
    skp = services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    rhk = services.rhk_save(skp=skp, text="Layanan", kind="utama", own_initiative=True)
    common = {
        "rhk": rhk,
        "text": "IKM",
        "aspect": "kualitas",
        "target": "85",
        "target_unit": "indeks",
        "direction": "higher",
    }
    with pytest.raises(ValidationError):
        services.indicator_save(**common, metric="ikm_unit", service_unit=other.opd)
    with pytest.raises(ValidationError):
        services.indicator_save(**common, service_unit=cast.opd)  # not a bound indicator
    indicator = services.indicator_save(**common, metric="ikm_unit", service_unit=cast.opd)
    assert indicator.service_unit == cast.opd


def test_approved_skp_helper_still_has_a_plan(cast, period):
    skp = approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    assert plan(skp.rhks.get().indicators.get()) == [25] * 4
