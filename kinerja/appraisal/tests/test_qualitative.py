"""The kualitatif SKP approach (DOMAIN.md §1.2, issue 12): expectations described in words in the
plan, judged by the pejabat penilai without a numeric suggestion, and printed in the documents."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kinerja.activities import selectors as activity_selectors
from kinerja.activities import services as activities
from kinerja.appraisal import services
from kinerja.appraisal.models import Evaluation
from kinerja.skp import services as skp_services
from kinerja.skp.models import Indicator

pytestmark = pytest.mark.django_db
NARRATIVE = "Kajian kebijakan imunisasi diterima pimpinan tanpa revisi substansi"


@pytest.fixture
def qualitative(cast, period):
    skp = skp_services.skp_create(employee=cast.employee, period=period, by=cast.pegawai, approach="kualitatif")
    rhk = skp_services.rhk_save(skp=skp, text="Kajian kebijakan", kind="utama", own_initiative=True)
    with pytest.raises(ValidationError, match="ekspektasi"):
        skp_services.indicator_save(
            rhk=rhk, text="Kajian", aspect="kualitas", target="", target_unit="", direction="higher"
        )
    indicator = skp_services.indicator_save(
        rhk=rhk, text="Kajian", aspect="kualitas", target="", target_unit="", direction="higher", expectation=NARRATIVE
    )
    assert indicator.target is None and not indicator.periodic_targets.exists()
    skp_services.skp_submit(skp=skp, by=cast.pegawai)
    skp_services.skp_approve(skp=skp, by=cast.atasan)
    return skp, Indicator.objects.get(pk=indicator.pk)  # as approved, not the draft in memory


def test_a_quantitative_skp_still_needs_a_number(cast, period):
    skp = skp_services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    rhk = skp_services.rhk_save(skp=skp, text="X", kind="utama", own_initiative=True)
    with pytest.raises(ValidationError) as error:
        skp_services.indicator_save(
            rhk=rhk, text="X", aspect="kuantitas", target="", target_unit="", direction="higher", expectation="banyak"
        )
    assert "target" in error.value.message_dict
    with pytest.raises(ValidationError):
        skp_services.skp_create(employee=cast.outsider, period=period, by=cast.outsider_user, approach="bebas")


def test_the_pejabat_penilai_judges_against_the_narrative(client, cast, period, qualitative):
    skp, indicator = qualitative
    entry = activities.activity_create(
        employee=cast.employee,
        by=cast.pegawai,
        day=dt.date(2026, 11, 3),
        description="Draf kajian",
        minutes=120,
        indicator=indicator,
        quantity=1,
    )
    activities.activity_verify(activity=entry, by=cast.atasan)
    services.evaluations_compute(instansi=cast.instansi, period=period, cut_key="2026-Q4")
    evaluation = Evaluation.objects.get(employee=cast.employee, cut_key="2026-Q4")
    assert evaluation.suggested_results == "" and evaluation.indicator_count == 1 and evaluation.verified_entries == 1
    # No suggestion to differ from: no reason is asked.
    services.evaluation_rate(evaluation=evaluation, by=cast.atasan, results_rating="di_atas", behaviour_rating="sesuai")
    evaluation.refresh_from_db()
    assert evaluation.predikat == "baik"
    client.force_login(cast.atasan)
    body = client.get(reverse("appraisal:detail", args=[evaluation.pk])).content.decode()
    assert NARRATIVE in body and "tidak ada saran rating dari angka" in body
    progress = activity_selectors.progress(cast.employee, period)
    assert progress[0].realized is None and "naratif" in progress[0].source.lower()
    client.force_login(cast.pegawai)
    assert NARRATIVE in client.get(reverse("skp:detail", args=[skp.pk])).content.decode()
    assert NARRATIVE in client.get(reverse("activities:home")).content.decode()


def test_the_documents_print_the_narrative(client, cast, period, qualitative):
    from io import BytesIO

    from pypdf import PdfReader

    skp, _indicator = qualitative
    services.evaluations_compute(instansi=cast.instansi, period=period, cut_key="2026")
    evaluation = Evaluation.objects.get(employee=cast.employee, cut_key="2026")
    client.force_login(cast.pegawai)
    for url in (reverse("skp:pdf", args=[skp.pk]), reverse("appraisal:pdf", args=[evaluation.pk])):
        response = client.get(url)
        assert response.status_code == 200
        text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
        assert "Kajian kebijakan imunisasi" in " ".join(text.split())
