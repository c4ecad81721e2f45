"""A notification is stored untranslated (msgid + parameters) and read in the reader's language;
rows from before that keep their Indonesian text; the e-mail is written in the site's language
whatever the language of whoever caused it."""

import pytest
from django.core import mail
from django.utils import translation

from kinerja.core.i18n import Message, deferred, ndeferred, render
from kinerja.notifications import services
from kinerja.notifications.models import Kind, Notification
from kinerja.skp import services as skp_services

pytestmark = pytest.mark.django_db


def test_a_notification_created_in_indonesian_reads_in_english(cast):
    with translation.override("id"):
        note = services.notify(
            cast.pegawai, Kind.SKP_APPROVED, text=deferred("SKP %(year)s Anda disetujui") % {"year": 2026}
        )
    note = Notification.objects.get(pk=note.pk)
    assert note.text == "SKP 2026 Anda disetujui"  # the record as sent
    assert note.message == {"m": "SKP %(year)s Anda disetujui", "p": {"year": 2026}}
    with translation.override("en"):
        assert note.display_text == "Your SKP 2026 was approved"
    with translation.override("id"):
        assert note.display_text == "SKP 2026 Anda disetujui"


def test_an_english_sender_still_stores_and_mails_indonesian(cast, settings):
    cast.pegawai.email = "pegawai@example.org"
    cast.pegawai.save()
    with translation.override("en"), pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda fn, **kw: fn())
        note = services.notify(
            cast.pegawai, Kind.SKP_APPROVED, text=deferred("SKP %(year)s Anda disetujui") % {"year": 2026}
        )
    assert note.text == "SKP 2026 Anda disetujui"
    assert "SKP 2026 Anda disetujui" in mail.outbox[-1].body


def test_old_rows_without_a_message_show_their_text(cast):
    old = Notification.objects.create(instansi=cast.instansi, user=cast.pegawai, text="Dari ronde dua", url="/")
    with translation.override("en"):
        assert Notification.objects.get(pk=old.pk).display_text == "Dari ronde dua"


def test_list_page_and_api_render_in_the_readers_language(client, cast):
    with translation.override("id"):
        services.notify(cast.pegawai, Kind.SKP_APPROVED, text=deferred("SKP %(year)s Anda disetujui") % {"year": 2026})
    client.force_login(cast.pegawai)
    page = client.get("/notifikasi/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Your SKP 2026 was approved" in page.content.decode()
    api = client.get("/api/v1/notifications", HTTP_ACCEPT_LANGUAGE="en")
    assert api.json()["items"][0]["text"] == "Your SKP 2026 was approved"
    page = client.get("/notifikasi/", HTTP_ACCEPT_LANGUAGE="id")
    assert "SKP 2026 Anda disetujui" in page.content.decode()


def test_a_choice_label_parameter_is_translated_when_read(cast, period):
    """The SKP service's notification, and a status label inside a message."""
    skp = skp_services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    rhk = skp_services.rhk_save(skp=skp, text="Layanan", kind="utama", own_initiative=True)
    skp_services.indicator_save(
        rhk=rhk, text="Jumlah", aspect="kuantitas", target="10", target_unit="x", direction="higher"
    )
    with translation.override("en"):
        skp_services.skp_submit(skp=skp, by=cast.pegawai)
    note = Notification.objects.get(user=cast.atasan)
    assert note.message["m"] == "SKP %(year)s %(name)s menunggu persetujuan Anda"
    assert "menunggu persetujuan Anda" in note.text
    with translation.override("en"):
        assert "approval" in note.display_text

    from kinerja.attendance.models import Correction

    message = deferred("Koreksi kehadiran %(date)s: %(status)s.") % {
        "date": "01-12-2026",
        "status": Correction.Status.APPROVED.label,
    }
    stored = message.to_json()
    assert stored["p"]["status"] == {"m": "Disetujui"}
    with translation.override("en"):
        assert render(stored) == str(Message.from_json(stored))
        assert "Disetujui" not in render(stored)


def test_reminder_counts_use_the_readers_plural():
    message = ndeferred(
        "%(n)s kegiatan Anda dikembalikan dan belum diperbaiki.",
        "%(n)s kegiatan Anda dikembalikan dan belum diperbaiki.",
        "n",
    )
    with translation.override("en"):
        assert str(message % {"n": 1}) != str(message % {"n": 5})
        assert str(message % {"n": 5}).startswith("5 ")


def test_a_broken_translation_never_hides_the_message():
    message = Message("Tidak ada %(x)s", params={"y": 1})
    assert str(message) == "Tidak ada %(x)s"
