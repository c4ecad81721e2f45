import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kinerja.appraisal.models import Evaluation, EvaluationStatusChange
from kinerja.insight import services
from kinerja.insight.fairness import fairness_compute
from kinerja.insight.models import CalibrationDecision, CalibrationSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(cast, story, period, settings):
    settings.INSIGHT_FAIRNESS = {"min_rated": 1, "leniency_gap": 1, "leniency_share": 0.5}
    fairness_compute(instansi=cast.instansi, period=period, cut_key="2026-Q4")
    return services.calibration_open(period=period, cut_key="2026-Q4", unit=cast.opd, by=cast.admin)


def test_a_change_goes_through_the_appraisal_service_and_its_history(cast, story, session):
    evaluation = story["evaluation"]
    decision = services.calibration_decide(
        session=session,
        evaluation=evaluation,
        by=cast.admin,
        outcome="changed",
        results_rating="sesuai",
        reason="Bukti hanya 40 dari target 100.",
    )
    evaluation.refresh_from_db()
    assert evaluation.results_rating == "sesuai" and evaluation.predikat == "baik"
    assert decision.from_results == "di_atas" and decision.to_results == "sesuai"
    assert EvaluationStatusChange.objects.filter(evaluation=evaluation, comment__startswith="Kalibrasi").exists()
    with pytest.raises(ValidationError):  # one decision per case and meeting
        services.calibration_decide(session=session, evaluation=evaluation, by=cast.admin, outcome="kept", reason="x")


def test_bad_decisions_change_nothing(cast, story, session, other):
    evaluation = story["evaluation"]
    for kwargs in (
        {"outcome": "changed", "results_rating": "di_atas", "reason": "sama"},  # the same rating
        {"outcome": "changed", "results_rating": "bogus", "reason": "x"},
        {"outcome": "maybe", "reason": "x"},
        {"outcome": "kept", "reason": "  "},
    ):
        with pytest.raises(ValidationError):
            services.calibration_decide(session=session, evaluation=evaluation, by=cast.admin, **kwargs)
    with pytest.raises(PermissionDenied):
        services.calibration_decide(session=session, evaluation=evaluation, by=cast.pegawai, outcome="kept", reason="x")
    evaluation.refresh_from_db()
    assert evaluation.results_rating == "di_atas" and not CalibrationDecision.objects.exists()
    with pytest.raises(ValidationError):  # one open meeting per unit and cut
        services.calibration_open(period=session.period, cut_key="2026-Q4", unit=cast.opd, by=cast.admin)
    with pytest.raises(PermissionDenied):  # the employee heads nothing
        services.calibration_open(period=session.period, cut_key="2026-Q4", unit=cast.bidang, by=cast.pegawai)


def test_the_pages_and_the_minutes(client, cast, story, session, other):
    client.force_login(cast.admin)
    page = client.get(reverse("insight:calibration", args=[session.pk])).content.decode()
    assert "Memberi 1 dari 1 pegawai Di Atas Ekspektasi" in page and f"kasus-{story['evaluation'].pk}" in page
    response = client.post(
        reverse("insight:calibration_decide", args=[session.pk]),
        {"evaluation": story["evaluation"].pk, "outcome": "kept", "results_rating": "", "reason": "Bukti cukup."},
    )
    assert response.status_code == 302 and CalibrationDecision.objects.get().outcome == "kept"
    client.post(reverse("insight:calibration_close", args=[session.pk]), {"participants": "Sekda, BKPSDM", "notes": ""})
    session.refresh_from_db()
    assert session.status == CalibrationSession.Status.CLOSED
    pdf = client.get(reverse("insight:calibration_pdf", args=[session.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    client.force_login(other.admin)
    assert client.get(reverse("insight:calibration", args=[session.pk])).status_code == 404
    client.force_login(cast.pegawai)
    assert client.get(reverse("insight:calibration", args=[session.pk])).status_code == 404
    assert client.get(reverse("insight:calibration_list")).status_code == 403
    client.force_login(story["head_user"])  # the head of the OPD sees the meeting of their unit
    assert client.get(reverse("insight:calibration", args=[session.pk])).status_code == 200
    assert Evaluation.objects.get(pk=story["evaluation"].pk).results_rating == "di_atas"


def test_opening_from_the_list(client, cast, story, period):
    client.force_login(story["head_user"])
    response = client.post(reverse("insight:calibration_list") + "?cut=2026-Q4", {"unit": cast.bidang.pk})
    session = CalibrationSession.objects.get()
    assert response.url == reverse("insight:calibration", args=[session.pk]) and session.unit == cast.bidang
    response = client.post(reverse("insight:calibration_list") + "?cut=2026-Q4", {"unit": cast.other_opd.pk})
    assert response.status_code == 200 and CalibrationSession.objects.count() == 1  # not theirs: not a choice
