import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import bound_skp
from kinerja.activities import selectors as activity_selectors
from kinerja.citizen import metrics, rules, services
from kinerja.citizen.models import Complaint, SurveyResponse
from kinerja.skp import services as skp_services

pytestmark = pytest.mark.django_db
GOOD = dict.fromkeys(rules.ELEMENT_CODES, 3)


@pytest.fixture
def point(cast):
    return services.point_create(unit=cast.bidang, counter="Loket 1")


def answer(point, device="d1", **extra):
    return services.survey_submit(
        point=point, answers=extra.pop("answers", GOOD), token=services.visit_token(point), device=device, **extra
    )


def test_a_valid_answer_is_stored_with_its_profile(point):
    response = answer(point, gender="P", age=34, education="s1", suggestion="Ruang tunggu panas")
    assert response.u1 == 3 and response.gender == "P" and not response.is_flagged
    assert response.device != "d1"  # stored hashed


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"answers": {**GOOD, "u5": 5}}, "u5"),
        ({"answers": {k: v for k, v in GOOD.items() if k != "u9"}}, "u9"),
        ({"suggestion": "<script>alert(1)</script>"}, "suggestion"),
        ({"suggestion": "x" * 2001}, "suggestion"),
        ({"age": 7}, "age"),
        ({"gender": "X"}, "gender"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_stored(point, extra, field):
    with pytest.raises(ValidationError) as error:
        answer(point, **extra)
    assert field in error.value.message_dict
    assert not SurveyResponse.objects.exists()


def test_one_response_per_visit_token_and_forged_tokens(point, cast):
    token = services.visit_token(point)
    services.survey_submit(point=point, answers=GOOD, token=token)
    with pytest.raises(ValidationError):
        services.survey_submit(point=point, answers=GOOD, token=token)
    other_point = services.point_create(unit=cast.opd)
    with pytest.raises(ValidationError):
        services.survey_submit(point=point, answers=GOOD, token=services.visit_token(other_point))
    with pytest.raises(ValidationError):
        services.survey_submit(point=point, answers=GOOD, token="forged")
    assert SurveyResponse.objects.count() == 1


def test_the_honeypot_stores_nothing(point):
    with pytest.raises(services.Honeypot):
        answer(point, honeypot="http://spam")
    assert not SurveyResponse.objects.exists()


def test_repeats_from_one_device_are_flagged_kept_and_left_out(point, cast):
    answer(point, device="phone-a", answers=dict.fromkeys(rules.ELEMENT_CODES, 4))
    repeat = answer(point, device="phone-a", answers=dict.fromkeys(rules.ELEMENT_CODES, 1))
    answer(point, device="phone-b", answers=dict.fromkeys(rules.ELEMENT_CODES, 4))
    assert repeat.is_flagged and SurveyResponse.objects.count() == 3
    today = timezone.localdate()
    result = metrics.ikm_by_unit([cast.bidang.pk], today, today)[cast.bidang.pk]
    assert result.respondents == 2 and result.converted == Decimal("100.00")
    # Past the repeat window the same device counts again.
    later = timezone.now() + dt.timedelta(minutes=rules.REPEAT_MINUTES + 1)
    with time_machine.travel(later, tick=False):
        assert not answer(point, device="phone-a").is_flagged


def complaint(cast, **extra):
    values = {"subject": "Antrean KTP", "description": "Menunggu tiga jam tanpa kepastian."} | extra
    return services.complaint_submit(unit=cast.bidang, **values)


def test_complaint_flow_with_sla_and_the_citizens_rating(cast):
    services.settings_save(unit=cast.bidang, response_hours=4, resolution_hours=48)
    c = complaint(cast, contact="0812")
    assert c.status == "new" and c.response_hours == 4 and len(c.code) == 8
    with pytest.raises(ValidationError):
        services.complaint_assign(complaint=c, employee=cast.outsider, by=cast.admin)  # another unit
    c = services.complaint_assign(complaint=c, employee=cast.employee, by=cast.admin)
    with pytest.raises(ValidationError):
        services.complaint_respond(complaint=c, by=cast.atasan, text="Bukan petugasnya")
    with pytest.raises(ValidationError):
        services.complaint_rate(complaint=c, rating=4)  # not resolved yet
    c = services.complaint_respond(complaint=c, by=cast.pegawai, text="Kami cek antreannya.")
    c = services.complaint_respond(complaint=c, by=cast.pegawai, text="Loket tambahan dibuka.", resolve=True)
    assert c.status == "resolved" and c.responded_at <= c.resolved_at
    assert list(c.events.values_list("status", flat=True)) == ["new", "assigned", "responded", "resolved"]
    services.complaint_rate(complaint=c, rating=4, comment="Cepat")
    with pytest.raises(ValidationError):
        services.complaint_rate(complaint=c, rating=1)
    today = timezone.localdate()
    figures = metrics.complaint_figures([cast.bidang.pk], today, today)[cast.bidang.pk]
    assert figures["count"] == 1 and figures["sla_pct"] == Decimal("100.00")
    assert metrics.handled_by([cast.employee.pk], today, today) == {cast.employee.pk: 1}


@pytest.mark.parametrize(
    "extra",
    [{"subject": ""}, {"description": "pendek"}, {"description": "<script>x</script> tolong"}, {"contact": "x" * 101}],
)
def test_bad_complaints_are_refused(cast, extra):
    with pytest.raises(ValidationError):
        complaint(cast, **extra)
    assert not Complaint.objects.exists()


def test_bad_sla_targets(cast):
    with pytest.raises(ValidationError):
        services.settings_save(unit=cast.bidang, response_hours=48, resolution_hours=24)
    with pytest.raises(ValidationError):
        services.settings_save(unit=cast.bidang, response_hours=0, resolution_hours=24)


def test_a_bound_indicator_moves_without_self_report(cast, period):
    bound_skp(cast, period, text="Pengaduan selesai")
    assert activity_selectors.progress(cast.employee, period)[0].pct == 0
    c = services.complaint_assign(complaint=complaint(cast), employee=cast.employee, by=cast.admin)
    services.complaint_respond(complaint=c, by=cast.pegawai, text="Selesai", resolve=True)
    row = activity_selectors.progress(cast.employee, period)[0]
    assert row.realized == 1 and row.pct == 25


def test_the_median_response_metric_must_go_down(cast, period):
    skp = skp_services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    rhk = skp_services.rhk_save(skp=skp, text="Tanggap", kind="utama", own_initiative=True)
    with pytest.raises(ValidationError) as error:
        skp_services.indicator_save(
            rhk=rhk,
            text="Median",
            aspect="waktu",
            target="4",
            target_unit="jam",
            direction="higher",
            metric="complaints_median_response",
        )
    assert "direction" in error.value.message_dict
    with pytest.raises(ValidationError):
        skp_services.indicator_save(
            rhk=rhk, text="X", aspect="waktu", target="4", target_unit="jam", direction="higher", metric="rahasia"
        )


def test_the_appraisal_reads_the_bound_indicator_too(cast, period):
    from kinerja.appraisal import selectors as appraisal_selectors
    from kinerja.appraisal.models import Evaluation
    from kinerja.appraisal.services import evaluations_compute

    bound_skp(cast, period, target="2", text="Pengaduan selesai")
    c = services.complaint_assign(complaint=complaint(cast), employee=cast.employee, by=cast.admin)
    services.complaint_respond(complaint=c, by=cast.pegawai, text="Selesai", resolve=True)
    year = str(timezone.localdate().year)
    evaluations_compute(instansi=cast.instansi, period=period, cut_key=year)
    evaluation = Evaluation.objects.get(employee=cast.employee, cut_key=year)
    assert evaluation.achievement_pct == 50
    assert appraisal_selectors.indicator_rows(evaluation)[0].realized == 1


def test_a_bound_indicator_measures_the_service_unit_it_names(cast, period):
    """Staff of Bidang P2P serve the whole Dinas: the IKM of the Dinas counts, not their bidang's
    (which has no survey of its own and showed 0)."""
    from kinerja.appraisal.models import Evaluation
    from kinerja.appraisal.services import evaluations_compute

    dinas_point = services.point_create(unit=cast.opd, counter="Loket Dinas")
    with time_machine.travel(dt.datetime(2026, 11, 3, 9, tzinfo=dt.UTC)):
        answer(dinas_point, device="a", answers=dict.fromkeys(rules.ELEMENT_CODES, 4))
        answer(dinas_point, device="b", answers=dict.fromkeys(rules.ELEMENT_CODES, 3))
    skp = skp_services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    rhk = skp_services.rhk_save(skp=skp, text="Layanan Dinas memuaskan", kind="utama", own_initiative=True)
    common = {"rhk": rhk, "aspect": "kualitas", "target": "80", "target_unit": "indeks", "direction": "higher"}
    named = skp_services.indicator_save(**common, text="IKM Dinas", metric="ikm_unit", service_unit=cast.opd)
    own = skp_services.indicator_save(**common, text="IKM bidang sendiri", metric="ikm_unit")
    skp_services.skp_submit(skp=skp, by=cast.pegawai)
    skp_services.skp_approve(skp=skp, by=cast.atasan)
    rows = {row.indicator.pk: row for row in activity_selectors.progress(cast.employee, period)}
    assert rows[named.pk].realized == Decimal("87.50") and rows[own.pk].realized == 0
    assert rows[named.pk].cut_target == 80  # a level: the same target every quarter
    evaluations_compute(instansi=cast.instansi, period=period, cut_key="2026-Q4")
    evaluation = Evaluation.objects.get(employee=cast.employee, cut_key="2026-Q4")
    assert evaluation.achievement_pct == Decimal("54.50")  # (109 + 0) / 2
