"""Evidence rule per instansi (issue 12): whether a verified entry without evidence counts towards
realization is the instansi's setting, an indicator may override it; the inbox shows at a glance
which entries have evidence, image evidence as a thumbnail through the access-checked download."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from conftest import approved_skp
from kinerja.activities import rules, services
from kinerja.activities.models import Activity, Realization
from kinerja.skp.models import Indicator

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# ------------------------------------------------------------------------------------ the rule
@pytest.mark.parametrize(
    ("rule", "instansi", "required"),
    [("", False, False), ("", True, True), ("required", False, True), ("optional", True, False)],
)
def test_an_indicator_overrides_the_instansi(rule, instansi, required):
    assert rules.evidence_required(rule, instansi) is required


@given(st.booleans(), st.sampled_from(["", "required", "optional"]), st.booleans())
def test_an_entry_with_evidence_always_counts(has_evidence, rule, instansi):
    counted = rules.counts_towards_realization(
        has_evidence=has_evidence, indicator_rule=rule, instansi_requires=instansi
    )
    assert counted is (has_evidence or not rules.evidence_required(rule, instansi))
    assert rules.counts_towards_realization(has_evidence=True, indicator_rule=rule, instansi_requires=instansi)


# ------------------------------------------------------------------------------- the services
pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(cast, period):
    return approved_skp(cast.employee, period, cast.pegawai, cast.atasan).rhks.get().indicators.get()


def log(cast, indicator, hour, qty, files=None, links=None):
    return services.activity_create(
        employee=cast.employee,
        by=cast.pegawai,
        day=dt.date(2026, 11, 20),
        description=f"Kegiatan {hour}",
        start_time=dt.time(hour),
        end_time=dt.time(hour, 30),
        indicator=indicator,
        quantity=qty,
        files=files,
        links=links,
    )


def realized(indicator) -> Decimal:
    return sum(Realization.objects.filter(indicator=indicator).values_list("quantity", flat=True), Decimal(0))


def test_without_a_setting_every_verified_entry_counts(cast, indicator):
    services.activity_verify(activity=log(cast, indicator, 8, 3), by=cast.atasan)
    assert realized(indicator) == 3


def test_when_the_instansi_requires_evidence_only_entries_with_it_count(cast, indicator, period):
    services.work_settings_save(instansi=cast.instansi, evidence_required=True)
    bare = services.activity_verify(activity=log(cast, indicator, 8, 3), by=cast.atasan)
    services.activity_verify(
        activity=log(cast, indicator, 9, 5, files=[SimpleUploadedFile("foto.png", PNG)]), by=cast.atasan
    )
    services.activity_verify(activity=log(cast, indicator, 10, 7, links=["https://drive.example/x"]), by=cast.atasan)
    assert realized(indicator) == 12
    services.activity_delete(activity=bare, by=cast.pegawai)  # never counted: nothing to take back
    assert realized(indicator) == 12
    incremental = sorted(Realization.objects.values_list("indicator_id", "period_key", "quantity", "count"))
    services.realizations_rebuild(instansi_id=cast.instansi.pk, period=period)
    assert sorted(Realization.objects.values_list("indicator_id", "period_key", "quantity", "count")) == incremental


def test_changing_the_setting_recounts_the_year(cast, indicator):
    services.activity_verify(activity=log(cast, indicator, 8, 3), by=cast.atasan)
    services.activity_verify(activity=log(cast, indicator, 9, 4, links=["https://drive.example/x"]), by=cast.atasan)
    services.work_settings_save(instansi=cast.instansi, evidence_required=True)
    assert realized(indicator) == 4
    services.work_settings_save(instansi=cast.instansi, evidence_required=False)
    assert realized(indicator) == 7


def test_an_optional_indicator_counts_even_when_the_instansi_is_strict(cast, period):
    from kinerja.skp import services as skp_services

    skp = skp_services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    rhk = skp_services.rhk_save(skp=skp, text="Piket", kind="utama", own_initiative=True)
    indicator = skp_services.indicator_save(
        rhk=rhk,
        text="Piket malam",
        aspect="kuantitas",
        target="50",
        target_unit="kali",
        direction="higher",
        evidence_rule="optional",
    )
    skp_services.skp_submit(skp=skp, by=cast.pegawai)
    skp_services.skp_approve(skp=skp, by=cast.atasan)
    indicator = Indicator.objects.select_related("rhk__skp").get(pk=indicator.pk)  # the SKP as approved
    services.work_settings_save(instansi=cast.instansi, evidence_required=True)
    services.activity_verify(activity=log(cast, indicator, 8, 2), by=cast.atasan)
    assert realized(indicator) == 2


# ---------------------------------------------------------------------------------- the pages
def test_the_inbox_shows_evidence_at_a_glance_with_an_image_thumbnail(client, cast, indicator):
    services.work_settings_save(instansi=cast.instansi, evidence_required=True)
    log(cast, indicator, 8, 1)
    photo = log(cast, indicator, 9, 1, files=[SimpleUploadedFile("foto.png", PNG)])
    log(cast, indicator, 10, 1, files=[SimpleUploadedFile("surat.pdf", PDF)])
    client.force_login(cast.atasan)
    body = client.get(reverse("activities:inbox")).content.decode()
    assert body.count("Tanpa bukti: tidak dihitung") == 1 and body.count("1 bukti") == 2
    image = photo.evidence.get()
    assert body.count('class="evidence-thumb') == 1 and f"/kegiatan/bukti/{image.pk}/?inline=1" in body
    shown = client.get(reverse("activities:evidence", args=[image.pk]) + "?inline=1")
    assert shown.status_code == 200 and "attachment" not in shown["Content-Disposition"]
    assert shown["Content-Type"] == "image/png"
    pdf = Activity.objects.get(description="Kegiatan 10").evidence.get()
    download = client.get(reverse("activities:evidence", args=[pdf.pk]) + "?inline=1")  # only images inline
    assert "attachment" in download["Content-Disposition"]
    client.force_login(cast.outsider_user)
    assert client.get(reverse("activities:evidence", args=[image.pk]) + "?inline=1").status_code == 404


def test_the_inbox_query_count_stays_fixed_with_thumbnails(client, cast, indicator, django_assert_max_num_queries):
    for hour in range(7, 17):
        log(cast, indicator, hour, 1, files=[SimpleUploadedFile("foto.png", PNG)])
    client.force_login(cast.atasan)
    # session, user, instansi, employee (me), count, page rows (+evidence counts and thumbnails),
    # the evidence setting, subordinates, roles
    with django_assert_max_num_queries(10):
        response = client.get(reverse("activities:inbox"))
    assert response.content.decode().count('class="evidence-thumb') == 10


def test_only_the_admin_of_the_instansi_sets_the_rule(client, cast, other):
    url = reverse("activities:work_settings")
    for user in (cast.pegawai, cast.atasan, cast.pimpinan):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"evidence_required": "on"}).status_code == 403
    client.force_login(other.admin)
    client.post(url, {"evidence_required": "on"})  # their own instansi, not this one
    assert not services.requires_evidence_by_default(cast.instansi.pk)
    client.force_login(cast.admin)
    assert client.get(url).status_code == 200
    assert client.post(url, {"evidence_required": "on"}).status_code == 302
    assert services.requires_evidence_by_default(cast.instansi.pk)
    assert services.requires_evidence_by_default(other.instansi.pk)
