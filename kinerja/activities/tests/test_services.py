import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import approved_skp
from kinerja.activities import services
from kinerja.activities.models import Activity, ActivityStatusChange, Evidence, Realization
from kinerja.notifications.models import Notification

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 20)
T = dt.time
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def indicator(cast, period):
    skp = approved_skp(cast.employee, period, cast.pegawai, cast.atasan)
    return skp.rhks.get().indicators.get()


def log(cast, indicator=None, **overrides):
    fields = dict(
        employee=cast.employee,
        by=cast.pegawai,
        day=DAY,
        description="Fogging RW 03",
        start_time=T(8),
        end_time=T(10),
        indicator=indicator,
        quantity=3,
    )
    fields.update(overrides)
    return services.activity_create(**fields)


def realization(indicator):
    row = Realization.objects.filter(indicator=indicator).first()
    return (row.quantity, row.count) if row else (Decimal(0), 0)


def test_logging_an_activity_stores_it_for_the_supervisor(cast, indicator):
    activity = log(
        cast, indicator, files=[SimpleUploadedFile("laporan.pdf", PDF)], links=["https://example.go.id/foto"]
    )
    assert activity.status == "submitted" and activity.verifier == cast.supervisor and activity.minutes == 120
    assert activity.period_key == "2026-Q4"
    assert Evidence.objects.filter(activity=activity).count() == 2
    assert ActivityStatusChange.objects.filter(activity=activity).count() == 1
    assert realization(indicator) == (Decimal(0), 0)  # nothing counts before verification


def test_the_same_form_posted_twice_creates_one_entry(cast, indicator):
    token = uuid.uuid4()
    first = log(cast, indicator, client_token=token)
    second = log(cast, indicator, client_token=token)
    assert first.pk == second.pk and Activity.objects.count() == 1


def test_a_resend_moved_to_another_day_answers_with_the_stored_entry(cast, indicator):
    # The unique constraint holds the date (the table is partitioned by year on PostgreSQL), so
    # the day query must find the token on whatever day it was stored.
    token = uuid.uuid4()
    first = log(cast, indicator, client_token=token)
    again = log(cast, indicator, client_token=token, day=DAY - dt.timedelta(days=1))
    assert again.pk == first.pk and again.resent and Activity.objects.count() == 1
    assert again.date == DAY


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"day": dt.date(2030, 1, 1)}, "date"),
        ({"start_time": T(10), "end_time": T(9)}, "end_time"),
        ({"start_time": None, "end_time": None, "minutes": 1500}, "minutes"),
        ({"quantity": -1}, "quantity"),
        ({"description": "  "}, "description"),
    ],
)
def test_bad_entries_are_refused_and_nothing_is_stored(cast, indicator, overrides, field):
    with pytest.raises(ValidationError) as error:
        log(cast, indicator, **overrides)
    assert field in error.value.message_dict
    assert not Activity.objects.exists()


def test_overlapping_times_are_refused(cast, indicator):
    log(cast, indicator)
    with pytest.raises(ValidationError) as error:
        log(cast, indicator, start_time=T(9), end_time=T(11))
    assert "tumpang tindih" in str(error.value)


def test_an_indicator_outside_the_employee_s_skp_is_refused(cast, period):
    cast.outsider.supervisor = cast.head
    cast.outsider.save()
    from kinerja.org.tests.factories import UserFactory

    other = (
        approved_skp(cast.outsider, period, cast.outsider_user, UserFactory(employee=cast.head))
        .rhks.get()
        .indicators.get()
    )
    with pytest.raises(ValidationError) as error:
        log(cast, other)
    assert "indicator" in error.value.message_dict


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("virus.pdf", b"MZ\x90\x00 this is an exe", "tidak diterima"),
        ("halaman.html", b"<html><script>alert(1)</script>", "tidak diterima"),
        ("rusak.pdf", b"%PDF-1.4 truncated", "rusak"),
        ("kosong.pdf", b"", "kosong"),
    ],
)
def test_bad_evidence_is_refused_and_nothing_is_stored(cast, indicator, name, content, fragment):
    with pytest.raises(ValidationError) as error:
        log(cast, indicator, files=[SimpleUploadedFile(name, content)])
    assert fragment in str(error.value)
    assert not Activity.objects.exists() and not Evidence.objects.exists()


def test_too_big_evidence_is_refused(cast, indicator, monkeypatch):
    from kinerja.activities import rules

    monkeypatch.setattr(rules, "MAX_EVIDENCE_BYTES", 10)
    with pytest.raises(ValidationError, match="terlalu besar"):
        log(cast, indicator, files=[SimpleUploadedFile("a.pdf", PDF)])


def test_verification_moves_the_realization_and_return_notifies(cast, indicator):
    accepted = log(cast, indicator, quantity=4)
    returned = log(cast, indicator, start_time=T(13), end_time=T(14), quantity=2)
    services.activity_verify(activity=accepted, by=cast.atasan)
    assert realization(indicator) == (Decimal(4), 1)
    with pytest.raises(ValidationError):
        services.activity_return(activity=returned, by=cast.atasan, comment="")
    services.activity_return(activity=returned, by=cast.atasan, comment="Lampirkan foto")
    assert Notification.objects.filter(user=cast.pegawai, text__contains="Lampirkan foto").exists()
    corrected = services.activity_update(
        activity=returned, by=cast.pegawai, quantity=2, files=[SimpleUploadedFile("foto.pdf", PDF)]
    )
    assert corrected.pk == returned.pk and corrected.status == "submitted"
    services.activity_verify(activity=corrected, by=cast.atasan)
    assert realization(indicator) == (Decimal(6), 2)


def test_nobody_verifies_their_own_entry(cast, indicator):
    activity = log(cast, indicator)
    with pytest.raises(ValidationError):
        services.activity_verify(activity=activity, by=cast.pegawai)


def test_changing_a_verified_entry_makes_a_new_version(cast, indicator):
    activity = services.activity_verify(activity=log(cast, indicator, quantity=5), by=cast.atasan)
    new = services.activity_update(activity=activity, by=cast.pegawai, quantity=7)
    activity.refresh_from_db()
    assert activity.status == "superseded" and new.previous == activity and new.status == "submitted"
    assert realization(indicator) == (Decimal(0), 0)  # the old output left; the new one waits
    services.activity_verify(activity=new, by=cast.atasan)
    assert realization(indicator) == (Decimal(7), 1)


def test_deleting_is_soft_and_reverses_the_realization(cast, indicator):
    activity = services.activity_verify(activity=log(cast, indicator, quantity=5), by=cast.atasan)
    services.activity_delete(activity=activity, by=cast.pegawai)
    activity.refresh_from_db()
    assert activity.status == "deleted" and realization(indicator) == (Decimal(0), 0)
    assert list(activity.status_changes.values_list("to_status", flat=True)) == ["submitted", "verified", "deleted"]


def test_the_rebuild_equals_the_incremental_path(cast, indicator, period):
    for hour, qty in ((7, 1), (9, 2), (11, 3), (13, 4)):
        entry = log(cast, indicator, start_time=T(hour), end_time=T(hour + 1), quantity=qty)
        if qty != 3:
            services.activity_verify(activity=entry, by=cast.atasan)
    services.activity_delete(activity=Activity.objects.get(quantity=4), by=cast.pegawai)
    incremental = sorted(
        Realization.objects.filter(count__gt=0).values_list("indicator_id", "period_key", "quantity", "count")
    )
    services.realizations_rebuild(instansi_id=cast.instansi.pk, period=period)
    assert sorted(Realization.objects.values_list("indicator_id", "period_key", "quantity", "count")) == incremental


def test_bulk_decisions_report_the_refused_ones(cast, indicator):
    a = log(cast, indicator)
    b = log(cast, indicator, start_time=T(11), end_time=T(12))
    services.activity_verify(activity=b, by=cast.atasan)
    done, refused = services.activities_decide(activities=[a, b], by=cast.atasan, decision="verify")
    assert done == 1 and len(refused) == 1


def test_dialogue_and_reflection(cast):
    dialogue = services.dialogue_save(
        employee=cast.employee, by=cast.atasan, day=DAY, topics="Target fogging", agreements="Tambah 2 RW", follow_up=""
    )
    assert dialogue.supervisor == cast.supervisor
    services.reflection_save(employee=cast.employee, period_key="2026-Q4", text="Perlu lebih tepat waktu")
    services.reflection_save(employee=cast.employee, period_key="2026-Q4", text="Diperbarui")
    assert cast.employee.reflections.get().text == "Diperbarui"
    with pytest.raises(ValidationError):
        services.dialogue_save(employee=cast.employee, by=cast.atasan, day=DAY, topics=" ", agreements="", follow_up="")


def test_comments_notify_the_other_side(cast, indicator):
    activity = log(cast, indicator)
    services.comment_add(author=cast.atasan, text="Bagus, tambahkan foto", activity=activity)
    assert Notification.objects.filter(user=cast.pegawai).exists()
    services.comment_add(author=cast.pegawai, text="Siap", activity=activity)
    assert Notification.objects.filter(user=cast.atasan).exists()
