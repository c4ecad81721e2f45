"""Notifications: one row per message to one user, and each user's channel choice per kind.

The table was created by ``activities`` (round one) and moved here without copying rows
(migrations 0001–0002 of this app)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.core.i18n import render
from kinerja.org.models import Instansi


class Kind(models.TextChoices):
    SKP_SUBMITTED = "skp_submitted", _("SKP diajukan untuk disetujui")
    SKP_RETURNED = "skp_returned", _("SKP dikembalikan untuk diperbaiki")
    SKP_APPROVED = "skp_approved", _("SKP disetujui")
    ACTIVITY_RETURNED = "activity_returned", _("Kegiatan dikembalikan")
    EVALUATION_FINALISED = "evaluation_finalised", _("Penilaian final, menunggu tanda terima")
    OBJECTION_FILED = "objection_filed", _("Keberatan diajukan")
    OBJECTION_DECIDED = "objection_decided", _("Keberatan diputuskan")
    COMPLAINT_ASSIGNED = "complaint_assigned", _("Pengaduan warga ditugaskan")
    SLA_DUE = "sla_due", _("Batas waktu layanan pengaduan hampir lewat")
    COMMENT = "comment", _("Komentar baru")
    REMINDER_PENDING = "reminder_pending", _("Pengingat: kegiatan menunggu verifikasi")
    REMINDER_RETURNED = "reminder_returned", _("Pengingat: kegiatan dikembalikan belum diperbaiki")
    REMINDER_DEADLINE = "reminder_deadline", _("Pengingat: batas penyusunan SKP")
    # For the apps of round two (development, tpp, queue) to use without a migration here.
    COACHING = "coaching", _("Bimbingan kinerja")
    TRAINING = "training", _("Pengembangan kompetensi")
    ATTENDANCE = "attendance", _("Kehadiran")
    TPP = "tpp", _("TPP")
    QUEUE = "queue", _("Antrean layanan")
    DATA_REPORT = "data_report", _("Laporan data pegawai diputuskan")
    GENERAL = "general", _("Lainnya")


class Notification(models.Model):
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=24, choices=Kind.choices, default=Kind.GENERAL)
    # The Indonesian sentence as sent (rows from before ``message`` existed have only this).
    text = models.CharField(max_length=300)
    # The untranslated msgid and its parameters (kinerja.core.i18n), rendered when read so each
    # reader sees their own language; empty on old rows, which show ``text``.
    message = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Kept even when the user turned the in-app channel off: the row is also the record that
    # de-duplicates and that the e-mail was sent.
    in_app = models.BooleanField(default=True)
    emailed = models.BooleanField(default=False)
    # "The same reminder about the same object": repeated on the same local day, it is not sent.
    dedup_key = models.CharField(max_length=80, blank=True)
    local_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The navigation's unread count and the list page: WHERE user_id = ? AND read_at IS NULL.
            models.Index(fields=["user", "read_at"], name="notification_unread"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "dedup_key", "local_date"],
                condition=~Q(dedup_key=""),
                name="notification_once_a_day",
            )
        ]

    def __str__(self) -> str:
        return self.display_text

    @property
    def display_text(self) -> str:
        """The message in the active language (old rows: the stored Indonesian text)."""
        return render(self.message)[:300] if self.message else self.text


class Preference(models.Model):
    """A user's channels for one kind; a kind without a row uses ``rules.default_channels``."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    in_app = models.BooleanField(_("di aplikasi"), default=True)
    email = models.BooleanField(_("surel"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_pref_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"
