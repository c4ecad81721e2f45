"""Each kind is sent by the event that causes it (through that app's service), to the right
person; preferences pick the channels; reminders are de-duplicated per local day."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import approved_skp
from kinerja.activities import services as activity_services
from kinerja.activities.reminders import send_reminders
from kinerja.appraisal import services as appraisal_services
from kinerja.appraisal.models import Evaluation
from kinerja.citizen import services as citizen_services
from kinerja.citizen.reminders import send_sla_reminders
from kinerja.notifications import services
from kinerja.notifications.models import Kind, Notification, Preference
from kinerja.org.tests.factories import UserFactory
from kinerja.skp import services as skp_services

pytestmark = pytest.mark.django_db
CUT = "2026-Q4"


def kinds_of(user):
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_skp_submitted_returned_and_approved(cast, period):
    skp = skp_services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    rhk = skp_services.rhk_save(skp=skp, text="Layanan", kind="utama", own_initiative=True)
    skp_services.indicator_save(
        rhk=rhk, text="Jumlah", aspect="kuantitas", target="10", target_unit="x", direction="higher"
    )
    skp_services.skp_submit(skp=skp, by=cast.pegawai)
    assert kinds_of(cast.atasan) == [Kind.SKP_SUBMITTED]
    assert f"/skp/{skp.pk}/" == Notification.objects.get(user=cast.atasan).url
    skp_services.skp_return(skp=skp, by=cast.atasan, comment="Target terlalu rendah")
    note = Notification.objects.get(user=cast.pegawai)
    assert note.kind == Kind.SKP_RETURNED and "Target terlalu rendah" in note.text
    skp_services.skp_submit(skp=skp, by=cast.pegawai)
    skp_services.skp_approve(skp=skp, by=cast.atasan)
    assert kinds_of(cast.pegawai) == [Kind.SKP_APPROVED, Kind.SKP_RETURNED]


def test_evaluation_final_objection_filed_and_decided(cast, period):
    head_user = UserFactory(employee=cast.head)
    approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    appraisal_services.evaluations_compute(instansi=cast.instansi, period=period, cut_key=CUT)
    evaluation = Evaluation.objects.get(employee=cast.employee, cut_key=CUT)
    appraisal_services.unit_predicate_set(
        unit=cast.bidang, period=period, cut_key=CUT, predicate="butuh_perbaikan", by=cast.admin
    )
    appraisal_services.evaluation_rate(
        evaluation=evaluation, by=cast.atasan, results_rating="di_bawah", behaviour_rating="sesuai"
    )
    appraisal_services.evaluation_finalise(evaluation=evaluation, by=cast.atasan)
    assert Kind.EVALUATION_FINALISED in kinds_of(cast.pegawai)
    appraisal_services.objection_file(evaluation=evaluation, by=cast.pegawai, reason="Kegiatan lapangan.")
    assert kinds_of(head_user) == [Kind.OBJECTION_FILED]
    appraisal_services.objection_decide(evaluation=evaluation, by=head_user, decision="uphold", reason="Sesuai data.")
    assert Kind.OBJECTION_DECIDED in kinds_of(cast.pegawai)


def test_complaint_assigned_tells_the_officer(cast):
    complaint = citizen_services.complaint_submit(unit=cast.bidang, subject="Antrean", description="Lama sekali.")
    citizen_services.complaint_assign(complaint=complaint, employee=cast.employee, by=cast.admin)
    note = Notification.objects.get(user=cast.pegawai)
    assert note.kind == Kind.COMPLAINT_ASSIGNED and complaint.code_display in note.text


def test_sla_about_to_be_breached_is_reminded_once_a_day(cast):
    start = dt.datetime(2026, 11, 30, 1, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        complaint = citizen_services.complaint_submit(
            unit=cast.bidang, subject="Antrean", description="Menunggu tiga jam."
        )
        citizen_services.complaint_assign(complaint=complaint, employee=cast.employee, by=cast.admin)
    # Created 01:00 UTC with a 24-hour response target: due 01:00 the next day.

    def run(hours):
        with time_machine.travel(start + dt.timedelta(hours=hours), tick=False):
            return send_sla_reminders(now=start + dt.timedelta(hours=hours), warn_hours=12)

    assert run(2) == 0  # not yet
    assert run(14) == 1
    assert run(15) == 0  # the same day
    note = Notification.objects.get(user=cast.pegawai, kind=Kind.SLA_DUE)
    assert "01-12-2026 08:00" in note.text  # the deadline in the tenant's time (WIB)
    assert run(26) == 0  # already missed


def test_comment_and_returned_entry(cast, period):
    entry = activity_services.activity_create(
        employee=cast.employee, by=cast.pegawai, day=dt.date(2026, 11, 18), description="Rapat", minutes=60
    )
    activity_services.comment_add(author=cast.atasan, text="Mana notulennya?", activity=entry)
    activity_services.activity_return(activity=entry, by=cast.atasan, comment="Lampirkan notulen")
    assert sorted(kinds_of(cast.pegawai)) == sorted([Kind.COMMENT, Kind.ACTIVITY_RETURNED])


def test_reminders_are_not_sent_twice_on_the_same_local_day(cast, period):
    now = dt.datetime(2026, 1, 26, 3, tzinfo=dt.UTC)
    with time_machine.travel(now - dt.timedelta(days=3), tick=False):
        activity_services.activity_create(
            employee=cast.employee, by=cast.pegawai, day=dt.date(2026, 1, 22), description="Rapat", minutes=60
        )

    def run(at):
        with time_machine.travel(at, tick=False):
            return send_reminders(pending_days=2, deadline_days=7, now=at)

    first = run(now)
    again = run(now + dt.timedelta(hours=5))
    assert first["pending"] == 1 and first["deadline"] >= 2
    assert again == {"pending": 0, "returned": 0, "deadline": 0}
    next_day = run(now + dt.timedelta(days=1))
    assert next_day["pending"] == 1
    assert Notification.objects.filter(user=cast.atasan, kind=Kind.REMINDER_PENDING).count() == 2


def test_the_local_day_decides_the_duplicate(other):
    """16:30 UTC is 23:30 in Jakarta but already tomorrow in Sorong."""
    user = other.pegawai
    with time_machine.travel(dt.datetime(2026, 11, 30, 14, 0, tzinfo=dt.UTC), tick=False):
        assert services.notify(user, Kind.TPP, text="a", dedup_key="m11")
    with time_machine.travel(dt.datetime(2026, 11, 30, 16, 30, tzinfo=dt.UTC), tick=False):
        assert services.notify(user, Kind.TPP, text="a", dedup_key="m11")  # 01:30 WIT, a new day
        assert services.notify(user, Kind.TPP, text="a", dedup_key="m11") is None
    assert list(Notification.objects.filter(user=user).values_list("local_date", flat=True)) == [
        dt.date(2026, 12, 1),
        dt.date(2026, 11, 30),
    ]


def test_the_deadline_window_counts_the_tenants_calendar(other):
    from kinerja.skp import services as skp

    skp.period_create(
        instansi=other.instansi,
        year=2026,
        cut="quarterly",
        planning_deadline=dt.date(2026, 2, 2),
        closes_on=dt.date(2026, 12, 31),
    )
    # 26 Jan 16:00 UTC is 27 Jan 01:00 in Sorong: the deadline is 6 days away there, 7 in UTC.
    sent = send_reminders(pending_days=2, deadline_days=6, now=dt.datetime(2026, 1, 26, 16, tzinfo=dt.UTC))
    assert sent["deadline"] >= 2
    sent = send_reminders(pending_days=2, deadline_days=6, now=dt.datetime(2026, 1, 26, 14, tzinfo=dt.UTC))
    assert sent["deadline"] == 0  # 23:00 WIT on the 26th: 7 days away


def test_preferences_choose_the_channels(cast, django_capture_on_commit_callbacks):
    cast.pegawai.email = "staf@example.go.id"
    cast.pegawai.save()
    services.preferences_save(
        user=cast.pegawai, choices={Kind.SKP_APPROVED: (True, False), Kind.COMMENT: (False, True)}
    )
    with django_capture_on_commit_callbacks(execute=True):
        approved = services.notify(cast.pegawai, Kind.SKP_APPROVED, text="SKP disetujui")
        comment = services.notify(cast.pegawai, Kind.COMMENT, text="Komentar")
        general = services.notify(cast.pegawai, Kind.GENERAL, text="Lain")
    assert (approved.in_app, approved.emailed) == (True, False)
    assert (comment.in_app, comment.emailed) == (False, True)
    assert (general.in_app, general.emailed) == (True, True)  # the default
    assert sorted(m.subject for m in mail.outbox) == ["[Kinerja] Komentar", "[Kinerja] Lain"]


def test_only_choices_that_differ_from_the_default_are_stored(cast):
    assert services.preferences_save(user=cast.pegawai, choices={k: (True, True) for k in Kind.values}) == 0
    with pytest.raises(ValidationError):
        services.preferences_save(user=cast.pegawai, choices={"nonsense": (True, True)})
    assert not Preference.objects.exists()


def test_nothing_for_users_without_a_login_or_instansi(cast, superadmin):
    assert services.notify(None, Kind.GENERAL, text="x") is None
    assert services.notify(superadmin, Kind.GENERAL, text="x") is None
    cast.pegawai.is_active = False
    assert services.notify(cast.pegawai, Kind.GENERAL, text="x") is None
    with pytest.raises(ValueError):
        services.notify(cast.atasan, "no-such-kind", text="x")
    assert not Notification.objects.exists()


def test_read_all_marks_only_the_users_own(cast):
    services.notify(cast.pegawai, Kind.GENERAL, text="a")
    services.notify(cast.atasan, Kind.GENERAL, text="b")
    assert services.notifications_read_all(user=cast.pegawai) == 1
    assert Notification.objects.get(user=cast.atasan).read_at is None
    assert Notification.objects.get(user=cast.pegawai).read_at <= timezone.now()
