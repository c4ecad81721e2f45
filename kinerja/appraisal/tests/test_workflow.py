import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from conftest import approved_skp
from kinerja.appraisal import services
from kinerja.appraisal.models import Evaluation, EvaluationStatusChange, Objection, UnitPredicate
from kinerja.org.tests.factories import EmployeeFactory, PositionFactory, UserFactory
from kinerja.skp import services as skp_services

pytestmark = pytest.mark.django_db
CUT = "2026-Q4"


@pytest.fixture
def evaluation(cast, period):
    approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    services.evaluations_compute(instansi=cast.instansi, period=period, cut_key=CUT)
    return Evaluation.objects.get(employee=cast.employee, cut_key=CUT)


@pytest.fixture
def head_user(cast):
    return UserFactory(employee=cast.head)


def set_predicate(cast, period, unit=None, predicate="baik"):
    return services.unit_predicate_set(
        unit=unit or cast.bidang, period=period, cut_key=CUT, predicate=predicate, by=cast.admin
    )


def rate(evaluation, user, results="di_bawah", behaviour="sesuai", reason=""):
    return services.evaluation_rate(
        evaluation=evaluation, by=user, results_rating=results, behaviour_rating=behaviour, results_reason=reason
    )


def test_compute_snapshots_the_chain_and_the_unit(cast, evaluation):
    assert evaluation.evaluator == cast.supervisor and evaluation.evaluator_supervisor == cast.head
    assert evaluation.unit == cast.bidang and not evaluation.is_unit_head
    assert evaluation.suggested_results == "di_bawah"  # no verified work yet


def test_the_predikat_comes_from_the_matrix_and_a_different_choice_needs_a_reason(cast, evaluation):
    rated = rate(evaluation, cast.atasan, "di_bawah", "di_atas")
    assert rated.predikat == "butuh_perbaikan" and rated.results_reason == ""
    with pytest.raises(ValidationError) as error:
        rate(evaluation, cast.atasan, "sesuai", "sesuai")
    assert "alasan" in str(error.value)
    assert Evaluation.objects.get(pk=evaluation.pk).predikat == "butuh_perbaikan"  # unchanged
    rated = rate(evaluation, cast.atasan, "sesuai", "sesuai", reason="Layanan lapangan belum tercatat.")
    assert rated.predikat == "baik" and rated.results_reason.startswith("Layanan")


@pytest.mark.parametrize("who", ["pegawai", "admin", "pimpinan", "outsider_user"])
def test_only_the_pejabat_penilai_rates(cast, evaluation, who):
    with pytest.raises(ValidationError):
        rate(evaluation, getattr(cast, who))


def test_bad_ratings_and_oversized_text_are_refused(cast, evaluation):
    with pytest.raises(ValidationError):
        rate(evaluation, cast.atasan, "luar_biasa", "sesuai")
    with pytest.raises(ValidationError):
        rate(evaluation, cast.atasan, "sesuai", "sesuai", reason="x" * 4001)
    assert Evaluation.objects.get(pk=evaluation.pk).predikat == ""


def test_no_rating_without_an_approved_skp(cast, period, evaluation):
    revision = skp_services.skp_revise(skp=evaluation.skp, by=cast.pegawai, reason="Mutasi tugas", category="transfer")
    skp_services.skp_submit(skp=revision, by=cast.pegawai)
    skp_services.skp_approve(skp=revision, by=cast.atasan)  # the rated revision is superseded
    with pytest.raises(ValidationError) as error:
        rate(evaluation, cast.atasan)
    assert "SKP" in str(error.value)


def test_finalising_needs_the_org_predicate_and_a_justification_off_the_curve(cast, period, evaluation, settings):
    settings.APPRAISAL_CURVE_MIN_PEOPLE = 1  # the curve is checked on this one-person unit
    rate(evaluation, cast.atasan, "di_bawah", "sesuai")  # Butuh Perbaikan
    with pytest.raises(ValidationError) as error:
        services.evaluation_finalise(evaluation=evaluation, by=cast.atasan)
    assert "belum ditetapkan" in str(error.value)
    set_predicate(cast, period, predicate="istimewa")  # needs Sangat Baik as the majority
    with pytest.raises(ValidationError) as error:
        services.evaluation_finalise(evaluation=evaluation, by=cast.atasan)
    assert "justifikasi" in str(error.value)
    final = services.evaluation_finalise(evaluation=evaluation, by=cast.atasan, justification="Unit kecil, satu orang.")
    assert final.status == "final" and final.received_on is not None
    assert UnitPredicate.objects.get().curve_justification == "Unit kecil, satu orang."
    with pytest.raises(ValidationError):
        rate(final, cast.atasan)  # a finalised evaluation cannot change
    with pytest.raises(ValidationError):
        set_predicate(cast, period, predicate="baik")  # nor the predicate under it


def test_a_curve_that_fits_needs_no_justification(cast, period, evaluation):
    set_predicate(cast, period, unit=cast.opd, predicate="butuh_perbaikan")  # governs the bidang below it
    rate(evaluation, cast.atasan, "di_bawah", "sesuai")
    assert services.evaluation_finalise(evaluation=evaluation, by=cast.atasan).status == "final"


def finalised(cast, period, evaluation):
    set_predicate(cast, period, predicate="butuh_perbaikan")
    rate(evaluation, cast.atasan, "di_bawah", "sesuai")
    return services.evaluation_finalise(evaluation=evaluation, by=cast.atasan)


def test_objection_within_14_days_once_and_decided_by_the_atasan_pejabat_penilai(cast, period, evaluation, head_user):
    evaluation = finalised(cast, period, evaluation)
    services.evaluation_acknowledge(evaluation=evaluation, by=cast.pegawai)
    with pytest.raises(ValidationError):
        services.objection_file(evaluation=evaluation, by=cast.atasan, reason="Bukan saya")
    with pytest.raises(ValidationError):
        services.objection_file(evaluation=evaluation, by=cast.pegawai, reason="  ")
    with pytest.raises(ValidationError, match="pokok keberatan"):  # an unknown category changes nothing
        services.objection_file(evaluation=evaluation, by=cast.pegawai, reason="Alasan", category="gaji")
    assert not Objection.objects.filter(evaluation=evaluation).exists()
    objection = services.objection_file(
        evaluation=evaluation, by=cast.pegawai, reason="Kegiatan lapangan tidak dihitung.", category="results"
    )
    assert objection.get_category_display().startswith("Penilaian hasil kerja")
    with pytest.raises(ValidationError) as error:
        services.objection_file(evaluation=evaluation, by=cast.pegawai, reason="Lagi")
    assert "sudah pernah" in str(error.value)
    with pytest.raises(ValidationError):  # the pejabat penilai does not decide their own case
        services.objection_decide(evaluation=evaluation, by=cast.atasan, decision="uphold", reason="x")
    with pytest.raises(ValidationError):
        services.objection_decide(
            evaluation=evaluation,
            by=head_user,
            decision="change",
            reason="x",
            results_rating="di_bawah",
            behaviour_rating="sesuai",
        )  # "change" must change something
    decided = services.objection_decide(
        evaluation=evaluation,
        by=head_user,
        decision="change",
        reason="Bukti lapangan sah.",
        results_rating="sesuai",
        behaviour_rating="sesuai",
    )
    assert decided.predikat == "baik" and decided.status == "decided"
    objection = Objection.objects.get()
    assert objection.original_predikat == "butuh_perbaikan" and objection.decided_by == head_user
    with pytest.raises(ValidationError):  # final
        services.objection_decide(evaluation=decided, by=head_user, decision="uphold", reason="x")
    steps = list(EvaluationStatusChange.objects.filter(evaluation=evaluation).values_list("to_status", flat=True))
    assert steps == ["draft", "final", "acknowledged", "objected", "decided"]


def test_no_objection_after_14_days(cast, period, evaluation):
    evaluation = finalised(cast, period, evaluation)
    Evaluation.objects.filter(pk=evaluation.pk).update(received_on=dt.date.today() - dt.timedelta(days=15))
    with pytest.raises(ValidationError) as error:
        services.objection_file(evaluation=evaluation, by=cast.pegawai, reason="Terlambat")
    assert "14 hari" in str(error.value)
    assert not Objection.objects.exists()


def test_the_head_of_a_unit_is_rated_by_the_units_achievement(cast, period):
    cast.bidang.head_position = cast.supervisor.position
    cast.bidang.save()
    head_user = UserFactory(employee=cast.head)
    approved_skp(cast.supervisor, period, cast.atasan, head_user)
    services.evaluations_compute(instansi=cast.instansi, period=period, cut_key=CUT)
    evaluation = Evaluation.objects.get(employee=cast.supervisor, cut_key=CUT)
    assert evaluation.is_unit_head
    with pytest.raises(ValidationError):  # no unit predicate yet
        rate(evaluation, head_user, "sesuai", "sesuai")
    set_predicate(cast, period, predicate="istimewa")
    evaluation.refresh_from_db()
    assert evaluation.suggested_results == "di_atas"
    with pytest.raises(ValidationError):
        rate(evaluation, head_user, "sesuai", "sesuai", reason="Saya kira sesuai")
    assert rate(evaluation, head_user, "di_atas", "di_atas").predikat == "sangat_baik"


def test_peer_input_from_peers_and_subordinates_only(cast, period, evaluation):
    peer = EmployeeFactory(unit=cast.bidang, supervisor=cast.supervisor, name="Rekan")
    ratings = {code: "sesuai" for code in services.VALUES}
    services.peer_input_save(evaluation=evaluation, author=peer, ratings=ratings, comment="Suka membantu")
    services.peer_input_save(evaluation=evaluation, author=peer, ratings=ratings, comment="Diubah")  # one per author
    assert evaluation.peer_inputs.get().comment == "Diubah"
    for stranger in (cast.outsider, cast.employee, cast.head):
        with pytest.raises(ValidationError):
            services.peer_input_save(evaluation=evaluation, author=stranger, ratings=ratings)
    with pytest.raises(ValidationError):
        services.peer_input_save(evaluation=evaluation, author=peer, ratings={"akuntabel": "sesuai"})


def test_follow_up_facts(cast, period, evaluation):
    from kinerja.appraisal import selectors

    position = PositionFactory(unit=cast.bidang, kind="fungsional", level="ahli_pertama")
    cast.employee.position = position
    cast.employee.save()
    evaluation = finalised(cast, period, evaluation)  # Butuh Perbaikan, a quarter
    facts = selectors.follow_up(Evaluation.objects.select_related("employee__position", "period").get(pk=evaluation.pk))
    assert str(facts.angka_kredit) == "2.344"  # 3/12 × 75% × 12.5 = 2.34375
    assert facts.coaching and facts.promotion_eligible is None


def test_the_result_is_received_and_the_objection_window_counted_on_the_tenants_date(cast, period, evaluation):
    """At 2026-12-31 16:30 UTC it is already 1 January 2027 in a WIT instansi (the server runs WIB)."""
    import time_machine
    from django.utils import timezone

    cast.instansi.timezone = "Asia/Jayapura"
    cast.instansi.save(update_fields=["timezone"])
    moment = dt.datetime(2026, 12, 31, 16, 30, tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False), timezone.override("Asia/Jakarta"):
        final = finalised(cast, period, evaluation)
    assert final.received_on == dt.date(2027, 1, 1)
    # 15 January (WIT) is the 14th and last day; at 01:30 WIT on 16 January it is still the 15th in
    # WIB, yet the window has closed in the instansi's calendar.
    with time_machine.travel(moment + dt.timedelta(days=15), tick=False), timezone.override("Asia/Jakarta"):
        with pytest.raises(ValidationError):
            services.objection_file(evaluation=final, by=cast.pegawai, reason="Kegiatan lapangan tidak dihitung.")
    assert not Objection.objects.exists()
