"""The four aspects, each measured its own way (issue 12): kuantitas sums output, kualitas is the
mean of the supervisor's quality scores, waktu the mean turnaround (lower is better), biaya the
spending against budget entered with evidence (lower is better)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from kinerja.activities import selectors as activity_selectors
from kinerja.activities import services as activities
from kinerja.appraisal import selectors
from kinerja.appraisal.models import Evaluation
from kinerja.appraisal.services import evaluations_compute
from kinerja.skp import rules
from kinerja.skp import services as skp_services
from kinerja.skp.models import Indicator

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# ------------------------------------------------------------------------------------ rules
def test_each_aspect_has_its_own_figure():
    assert rules.aspect_figure("kuantitas", quantity=Decimal(12), entries=3) == 12
    assert rules.aspect_figure("kualitas", quantity=Decimal(3), entries=3, score_total=Decimal(255), scored=3) == 85
    assert rules.aspect_figure("kualitas", quantity=Decimal(3), entries=3) is None  # no score given yet
    assert rules.aspect_figure("waktu", quantity=Decimal(10), entries=4) == Decimal("2.50")  # days per case
    assert rules.aspect_figure("biaya", quantity=Decimal(900), entries=2) == 900
    assert rules.aspect_figure("biaya", quantity=Decimal(0), entries=0) is None


def test_lower_is_better_aspects_are_inverted():
    assert rules.measure("waktu", "lower", Decimal(3), quantity=Decimal(12), entries=4) == (3, 100)
    assert rules.measure("waktu", "lower", Decimal(3), quantity=Decimal(24), entries=4) == (6, 50)
    assert rules.measure("biaya", "lower", Decimal(1000), quantity=Decimal(800), entries=1) == (800, 120)
    assert rules.measure("waktu", "lower", Decimal(3), quantity=Decimal(0), entries=0) == (None, 0)
    # a count of output with nothing verified is 0 against its target, never rewarded as "lower is better"
    assert rules.measure("kuantitas", "higher", Decimal(100), quantity=Decimal(0), entries=0) == (0, 0)
    assert rules.measure("kuantitas", "lower", Decimal(5), quantity=Decimal(0), entries=0) == (0, 0)


@pytest.mark.parametrize(("raw", "value"), [("", None), (None, None), ("85", Decimal(85)), ("0", 0), ("99,5", "99.5")])
def test_quality_scores(raw, value):
    assert rules.check_quality_score(raw) == (Decimal(value) if value is not None else None)


@pytest.mark.parametrize("raw", ["101", "-1", "baik", "NaN"])
def test_bad_quality_scores(raw):
    with pytest.raises(rules.RuleError):
        rules.check_quality_score(raw)


@given(
    st.sampled_from(["kuantitas", "kualitas", "waktu", "biaya"]),
    st.sampled_from(["higher", "lower"]),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**6), places=2),
    st.decimals(min_value=Decimal(0), max_value=Decimal(10**8), places=2),
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=100),
)
def test_achievement_is_never_negative_and_capped_for_every_aspect(aspect, direction, target, quantity, entries, q):
    scored = min(entries, 50)
    figure, pct = rules.measure(
        aspect, direction, target, quantity=quantity, entries=entries, score_total=Decimal(q * scored), scored=scored
    )
    assert 0 <= pct <= 120
    if aspect == "kualitas" and scored:
        assert figure == q


def test_every_aspect_says_where_its_figure_comes_from():
    sources = {rules.aspect_source(a, "") for a in ("kuantitas", "kualitas", "waktu", "biaya")}
    assert len(sources) == 4 and "atasan" in rules.aspect_source("kualitas", "")


# ------------------------------------------------------------------------- through the services
pytestmark = pytest.mark.django_db


def skp_with(cast, period, *indicators):
    skp = skp_services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    rhk = skp_services.rhk_save(skp=skp, text="Layanan akta", kind="utama", own_initiative=True)
    made = [skp_services.indicator_save(rhk=rhk, **fields) for fields in indicators]
    skp_services.skp_submit(skp=skp, by=cast.pegawai)
    skp_services.skp_approve(skp=skp, by=cast.atasan)
    return [Indicator.objects.get(pk=i.pk) for i in made]  # as approved, not the draft in memory


def entry(cast, indicator, hour, quantity, **extra):
    return activities.activity_create(
        employee=cast.employee,
        by=cast.pegawai,
        day=dt.date(2026, 11, 16),
        description=f"Perkara {hour}",
        start_time=dt.time(hour),
        end_time=dt.time(hour, 30),
        indicator=indicator,
        quantity=quantity,
        **extra,
    )


def test_quality_time_and_cost_in_the_evaluation(cast, period):
    quality, time, cost = skp_with(
        cast,
        period,
        dict(text="Akta tanpa kesalahan", aspect="kualitas", target="90", target_unit="nilai", direction="higher"),
        dict(text="Lama penerbitan akta", aspect="waktu", target="3", target_unit="hari", direction="lower"),
        dict(text="Belanja cetak blangko", aspect="biaya", target="4000000", target_unit="rupiah", direction="lower"),
    )
    activities.activity_verify(activity=entry(cast, quality, 8, 1), by=cast.atasan, quality="90")
    activities.activity_verify(activity=entry(cast, quality, 9, 1), by=cast.atasan, quality="72")
    activities.activity_verify(activity=entry(cast, quality, 10, 1), by=cast.atasan)  # no score: not in the mean
    with pytest.raises(ValidationError):
        activities.activity_verify(activity=entry(cast, quality, 11, 1), by=cast.atasan, quality="150")
    for hour, days in ((12, 2), (13, 4)):
        activities.activity_verify(activity=entry(cast, time, hour, days), by=cast.atasan)
    with pytest.raises(ValidationError, match="bukti"):
        entry(cast, cost, 14, 900000)  # spending without a receipt is refused
    spent = entry(cast, cost, 14, 900000, files=[SimpleUploadedFile("kuitansi.pdf", PDF)])
    activities.activity_verify(activity=spent, by=cast.atasan)
    evaluations_compute(instansi=cast.instansi, period=period, cut_key="2026-Q4")
    evaluation = Evaluation.objects.get(employee=cast.employee, cut_key="2026-Q4")
    rows = {r.indicator.pk: r for r in selectors.indicator_rows(evaluation)}
    assert (rows[quality.pk].realized, rows[quality.pk].pct) == (81, 90)  # mean 81 of 90
    assert (rows[time.pk].realized, rows[time.pk].pct) == (3, 100)  # 3 days per case, as planned
    assert (rows[cost.pk].realized, rows[cost.pk].pct) == (900000, 111)  # 1,000,000 budget this quarter
    assert rows[quality.pk].source.startswith("Rata-rata nilai mutu")
    assert evaluation.achievement_pct == Decimal("100.33")  # one RHK: the mean of 90, 100 and 111
    progress = {p.indicator.pk: p for p in activity_selectors.progress(cast.employee, period)}
    assert progress[quality.pk].cut_realized == 81 and progress[time.pk].cut_pct == 100


def test_the_supervisor_scores_quality_in_the_inbox(client, cast, period):
    (quality,) = skp_with(
        cast, period, dict(text="Mutu", aspect="kualitas", target="80", target_unit="nilai", direction="higher")
    )
    first, second = entry(cast, quality, 8, 1), entry(cast, quality, 9, 1)
    client.force_login(cast.atasan)
    body = client.get(reverse("activities:inbox")).content.decode()
    assert f'name="quality-{first.pk}"' in body
    client.post(
        reverse("activities:decide"),
        {"ids": [first.pk, second.pk], "decision": "verify", f"quality-{first.pk}": "88", f"quality-{second.pk}": "x"},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "verified" and first.quality_score == 88
    assert second.status == "submitted"  # a bad score refuses that entry only


def test_the_api_takes_the_quality_score_on_acceptance(client, cast, period):
    from kinerja.accounts.models import ApiToken

    (quality,) = skp_with(
        cast, period, dict(text="Mutu", aspect="kualitas", target="80", target_unit="nilai", direction="higher")
    )
    first = entry(cast, quality, 8, 1)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(cast.atasan)[1]}"}
    response = client.post(
        "/api/v1/activities/decisions",
        {"ids": [first.pk], "decision": "verify", "quality": {str(first.pk): "77"}},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 200 and response.json()["decided"] == 1
    assert client.get(f"/api/v1/activities/{first.pk}", **auth).json()["quality_score"] == "77.00"
