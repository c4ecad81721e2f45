"""Awards (pegawai teladan / terbaik): a nomination by a supervisor or from the ranking, the
committee's decision with its reasons, an optional public announcement, and a certificate whose
code a public page verifies (and says clearly when it was revoked)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TimeStampedModel
from kinerja.org.models import Employee, Instansi


def new_code() -> str:
    return secrets.token_urlsafe(12)


class RecognitionSetting(TimeStampedModel):
    instansi = models.OneToOneField(Instansi, on_delete=models.PROTECT, related_name="+")
    public_announcements = models.BooleanField(_("umumkan penghargaan di halaman publik"), default=False)


class Award(TimeStampedModel):
    class Category(models.TextChoices):
        TELADAN = "teladan", _("Pegawai Teladan")
        TERBAIK = "terbaik", _("Pegawai Terbaik")
        PELAYANAN = "pelayanan", _("Pelayanan Publik Terbaik")
        INOVASI = "inovasi", _("Inovator Terbaik")

    class Source(models.TextChoices):
        SUPERVISOR = "supervisor", _("Usulan atasan")
        RANKING = "ranking", _("Dari peringkat")

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Diusulkan")
        AWARDED = "awarded", _("Ditetapkan")
        DECLINED = "declined", _("Tidak ditetapkan")
        REVOKED = "revoked", _("Dicabut")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+", verbose_name=_("pegawai"))
    period = models.CharField(_("periode"), max_length=8)  # a cut key: "2026", "2026-Q4", "2026-11"
    category = models.CharField(_("kategori"), max_length=12, choices=Category.choices)
    source = models.CharField(max_length=12, choices=Source.choices)
    nomination_reason = models.TextField(_("alasan usulan"))
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ranking_position = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NOMINATED)
    decision_reason = models.TextField(_("pertimbangan tim penilai"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    code = models.CharField(max_length=24, unique=True, default=new_code, editable=False)
    employee_name = models.CharField(max_length=250)  # snapshots for the certificate
    unit_name = models.CharField(max_length=200)
    revoked_reason = models.TextField(blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "period", "category"],
                condition=~models.Q(status="declined"),
                name="award_once_per_period_category",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee_name} {self.category} {self.period}"
