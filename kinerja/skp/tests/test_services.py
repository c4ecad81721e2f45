import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from conftest import approved_skp
from kinerja.org.tests.factories import EmployeeFactory, UserFactory
from kinerja.skp import services
from kinerja.skp.models import Indicator, Rhk, Skp, SkpStatusChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def head_user(cast):
    return UserFactory(employee=cast.head)


@pytest.fixture
def boss_skp(cast, period, head_user):
    """The supervisor's (Kepala Bidang) approved SKP, approved by the head of the dinas."""
    return approved_skp(cast.supervisor, period, cast.atasan, head_user, text="Menurunkan kasus DBD")


def filled(cast, period, boss_skp):
    skp = services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    rhk = services.rhk_save(skp=skp, text="Fogging di 10 kelurahan", kind="utama", parent=boss_skp.rhks.get())
    services.indicator_save(
        rhk=rhk,
        text="Kelurahan di-fogging",
        aspect="kuantitas",
        target="10",
        target_unit="kelurahan",
        direction="higher",
    )
    return skp


def test_a_new_skp_snapshots_the_evaluator_and_has_seven_behaviours(cast, period):
    skp = services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    assert skp.evaluator == cast.supervisor and skp.evaluator_supervisor == cast.head
    assert skp.unit_name == "Bidang P2P" and skp.behaviours.count() == 7
    assert SkpStatusChange.objects.get(skp=skp).to_status == "draft"


def test_an_skp_starts_from_a_template(cast, period):
    template = services.template_save(
        instansi=cast.instansi,
        name="Imunisasi",
        sector="health",
        source="Imunisasi dasar lengkap | Bayi diimunisasi lengkap | kuantitas | 95 | % | naik\n"
        "Imunisasi dasar lengkap | Laporan bulanan tepat waktu | waktu | 12 | laporan | naik",
    )
    skp = services.skp_create(employee=cast.employee, period=period, by=cast.pegawai, template=template)
    assert Indicator.objects.filter(rhk__skp=skp).count() == 2


def test_one_skp_per_employee_and_year(cast, period):
    services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    with pytest.raises(ValidationError, match="sudah ada"):
        services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)


def test_a_closed_period_takes_no_new_skp(cast, period):
    period.is_closed = True
    period.save()
    with pytest.raises(ValidationError, match="ditutup"):
        services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)


@pytest.mark.parametrize(
    ("target", "unit", "field"),
    [("0", "x", "target"), ("-1", "x", "target"), ("abc", "x", "target"), ("5", "", "target_unit")],
)
def test_bad_targets_are_refused_and_nothing_is_stored(cast, period, target, unit, field):
    skp = services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    rhk = services.rhk_save(skp=skp, text="X", kind="utama", own_initiative=True)
    with pytest.raises(ValidationError) as error:
        services.indicator_save(
            rhk=rhk, text="Y", aspect="kuantitas", target=target, target_unit=unit, direction="higher"
        )
    assert field in error.value.message_dict
    assert not Indicator.objects.filter(rhk=rhk).exists()


def test_linking_to_an_rhk_of_someone_who_is_not_the_supervisor_is_refused(cast, period, head_user):
    cast.outsider.supervisor = cast.head
    cast.outsider.save()
    other_skp = approved_skp(cast.outsider, period, cast.outsider_user, head_user)
    skp = services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    with pytest.raises(ValidationError, match="atasan langsung"):
        services.rhk_save(skp=skp, text="X", kind="utama", parent=other_skp.rhks.get())


def test_linking_to_an_rhk_of_another_year_is_refused(cast, period, head_user):
    other_year = services.period_create(
        instansi=cast.instansi,
        year=2025,
        cut="monthly",
        planning_deadline=dt.date(2025, 1, 31),
        closes_on=dt.date(2027, 1, 31),  # still open: its SKP is built today
    )
    old = approved_skp(cast.supervisor, other_year, cast.atasan, head_user)
    skp = services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    with pytest.raises(ValidationError, match="tahun yang sama"):
        services.rhk_save(skp=skp, text="X", kind="utama", parent=old.rhks.get())


def test_linking_to_an_rhk_of_another_instansi_is_refused(cast, other, period, head_user):
    import datetime as dt

    other_period = services.period_create(
        instansi=other.instansi,
        year=2026,
        cut="monthly",
        planning_deadline=dt.date(2026, 1, 31),
        closes_on=dt.date(2026, 12, 31),
    )
    foreign = approved_skp(other.supervisor, other_period, other.atasan, UserFactory(employee=other.head))
    skp = services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    with pytest.raises(ValidationError, match="instansi yang sama"):
        services.rhk_save(skp=skp, text="X", kind="utama", parent=foreign.rhks.get())


def test_an_empty_skp_cannot_be_submitted(cast, period):
    skp = services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    with pytest.raises(ValidationError, match="utama"):
        services.skp_submit(skp=skp, by=cast.pegawai)
    skp.refresh_from_db()
    assert skp.status == "draft"


def test_the_whole_workflow_with_history(cast, period, boss_skp):
    skp = filled(cast, period, boss_skp)
    services.skp_submit(skp=skp, by=cast.pegawai)
    with pytest.raises(ValidationError, match="sudah diajukan"):
        services.skp_submit(skp=skp, by=cast.pegawai)
    with pytest.raises(ValidationError, match="menunggu persetujuan"):
        services.rhk_save(skp=skp, text="Y", kind="utama", own_initiative=True)
    with pytest.raises(ValidationError):
        services.skp_return(skp=skp, by=cast.atasan, comment="  ")
    services.skp_return(skp=skp, by=cast.atasan, comment="Target terlalu rendah")
    rhk = skp.rhks.get()
    services.indicator_save(
        rhk=rhk,
        indicator=rhk.indicators.get(),
        text="Kelurahan di-fogging",
        aspect="kuantitas",
        target="15",
        target_unit="kelurahan",
        direction="higher",
    )
    services.skp_submit(skp=skp, by=cast.pegawai)
    services.skp_approve(skp=skp, by=cast.atasan)
    skp.refresh_from_db()
    assert skp.status == "approved"
    steps = list(skp.status_changes.values_list("to_status", flat=True))
    assert steps == ["draft", "submitted", "returned", "submitted", "approved"]
    with pytest.raises(ValidationError, match="terkunci"):
        services.indicator_save(
            rhk=rhk,
            indicator=rhk.indicators.get(),
            text="X",
            aspect="kuantitas",
            target="1",
            target_unit="x",
            direction="higher",
        )


def test_nobody_approves_their_own_skp(cast, period, boss_skp):
    skp = filled(cast, period, boss_skp)
    services.skp_submit(skp=skp, by=cast.pegawai)
    with pytest.raises(ValidationError, match="sendiri"):
        services.skp_approve(skp=skp, by=cast.pegawai)


def test_a_revision_keeps_history_and_moves_subordinate_links(cast, period, boss_skp, head_user):
    skp = filled(cast, period, boss_skp)
    services.skp_submit(skp=skp, by=cast.pegawai)
    services.skp_approve(skp=skp, by=cast.atasan)
    with pytest.raises(ValidationError, match="Alasan"):
        services.skp_revise(skp=boss_skp, by=cast.atasan, reason="", category="budget")
    revision = services.skp_revise(skp=boss_skp, by=cast.atasan, reason="Refocusing anggaran 2026", category="budget")
    assert revision.revision == 2 and revision.status == "draft" and boss_skp.rhks.count() == 1
    services.skp_submit(skp=revision, by=cast.atasan)
    services.skp_approve(skp=revision, by=head_user)
    boss_skp.refresh_from_db()
    assert boss_skp.status == "superseded"
    # the subordinate's RHK now intervenes the RHK of the new revision
    assert Rhk.objects.get(skp=skp).parent.skp_id == revision.pk
    assert Skp.objects.filter(employee=cast.supervisor, period=period).count() == 2


def test_behaviour_expectations_are_set_by_the_evaluator(cast, period):
    skp = services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    services.behaviours_set(skp=skp, expectations={"akuntabel": "Laporan tepat waktu"})
    assert skp.behaviours.get(value="akuntabel").expectation == "Laporan tepat waktu"
    with pytest.raises(ValidationError):
        services.behaviours_set(skp=skp, expectations={"tidak_ada": "x"})


def test_goals_and_iku(cast, period):
    goal = services.goal_create(period=period, code="SS1", title="Meningkatnya derajat kesehatan")
    services.key_indicator_create(goal=goal, name="Cakupan imunisasi", target="95", target_unit="%", direction="higher")
    with pytest.raises(ValidationError):
        services.key_indicator_create(goal=goal, name="X", target="0", target_unit="%", direction="higher")
    with pytest.raises(ValidationError):
        services.goal_create(period=period, code="SS1", title="Duplikat")


def test_a_jpt_skp_links_to_goals(cast, period):
    goal = services.goal_create(period=period, code="SS1", title="Derajat kesehatan")
    skp = services.skp_create(
        employee=cast.head, period=period, by=UserFactory(employee=EmployeeFactory(unit=cast.opd))
    )
    assert skp.is_jpt
    rhk = services.rhk_save(
        skp=skp, text="Meningkatnya cakupan imunisasi", kind="utama", goal=goal, perspective="penerima_layanan"
    )
    services.indicator_save(
        rhk=rhk, text="Cakupan", aspect="kuantitas", target="95", target_unit="%", direction="higher"
    )
    assert services.submission_problems(skp) == []


def test_plans_lock_after_the_closing_date(cast, period, time_machine):
    skp = services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    time_machine.move_to(dt.datetime(2027, 1, 2, 9, 0, tzinfo=dt.UTC))
    with pytest.raises(ValidationError, match="ditutup"):
        services.rhk_save(skp=skp, text="Terlambat", kind="utama", own_initiative=True)
    with pytest.raises(ValidationError, match="ditutup"):
        services.skp_create(employee=cast.outsider, period=period, by=cast.outsider_user)
