import datetime as dt

import pytest
import time_machine

from conftest import approved_skp
from kinerja.activities import services as activities
from kinerja.appraisal.models import Evaluation
from kinerja.appraisal.services import evaluation_rate, evaluations_compute
from kinerja.org.tests.factories import UserFactory
from kinerja.skp import services as skp_services


@pytest.fixture
def story(cast, period):
    """The supervisor rates the employee Di Atas although the evidence suggests less; the head
    has an approved SKP whose RHK intervenes the instansi's goal with an IKU."""
    goal = skp_services.goal_create(period=period, code="SS1", title="Meningkatnya layanan kesehatan")
    skp_services.key_indicator_create(
        goal=goal, name="Cakupan layanan", target="200", target_unit="layanan", direction="higher"
    )
    head_user = UserFactory(employee=cast.head)
    type(cast.head).objects.filter(pk=cast.head.pk).update(supervisor=cast.pimpinan.employee)
    cast.head.refresh_from_db()
    type(cast.opd).objects.filter(pk=cast.opd.pk).update(head_position=cast.head_position)
    with time_machine.travel(dt.datetime(2026, 11, 20, 9), tick=False):
        head_skp = skp_services.skp_create(employee=cast.head, period=period, by=head_user)
        rhk = skp_services.rhk_save(
            skp=head_skp, text="Layanan kesehatan", kind="utama", goal=goal, perspective="penerima_layanan"
        )
        head_indicator = skp_services.indicator_save(
            rhk=rhk, text="Layanan", aspect="kuantitas", target="100", target_unit="layanan", direction="higher"
        )
        skp_services.skp_submit(skp=head_skp, by=head_user)
        skp_services.skp_approve(skp=head_skp, by=cast.pimpinan)
        skp = approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
        indicator = skp.rhks.get().indicators.get()
        for hour in (8, 9):
            entry = activities.activity_create(
                employee=cast.employee,
                by=cast.pegawai,
                day=dt.date(2026, 11, 20),
                description="Layanan",
                start_time=dt.time(hour),
                end_time=dt.time(hour, 30),
                indicator=indicator,
                quantity=5,  # 10 of the quarter's 25: the evidence suggests Di Bawah
            )
            activities.activity_verify(activity=entry, by=cast.atasan)
        activities.activity_create(
            employee=cast.employee,
            by=cast.pegawai,
            day=dt.date(2026, 11, 20),
            description="Menunggu",
            start_time=dt.time(11),
            end_time=dt.time(11, 30),
            indicator=indicator,
            quantity=5,
        )
        evaluations_compute(instansi=cast.instansi, period=period, cut_key="2026-Q4")
        evaluation = Evaluation.objects.get(employee=cast.employee, cut_key="2026-Q4")
        evaluation_rate(
            evaluation=evaluation,
            by=cast.atasan,
            results_rating="di_atas",
            behaviour_rating="di_atas",
            results_reason="Kedekatan",
        )
    from kinerja.activities.models import Realization

    Realization.objects.create(
        instansi=cast.instansi, indicator=head_indicator, period_key="2026-Q4", quantity=150, count=3
    )
    return {"goal": goal, "evaluation": evaluation, "skp": skp, "head_user": head_user}
