"""Insight: the stored figures and flags of each rater per cut, and calibration meetings.

A `RaterReview` keeps the figures its flags cite, computed in one pass, so the explanation a
reader sees does not change under them (ARCHITECTURE.md, round two). Calibration decisions that
change a rating go through the appraisal service; this table keeps the meeting's record.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kinerja.appraisal.models import RATING_CHOICES, Evaluation
from kinerja.core.models import TimeStampedModel
from kinerja.org.models import Employee, Instansi, Unit
from kinerja.skp.models import Period


class RaterReview(models.Model):
    """One pejabat penilai's figures and flags for one cut ("2026-Q4", or "2026" for the year)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    cut_key = models.CharField(max_length=8)
    rater = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    figures = models.JSONField(default=dict)
    flags = models.JSONField(default=list)  # [{code, message, params, employee_ids}]
    flag_count = models.PositiveSmallIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rater", "period", "cut_key"], name="rater_review_unique_cut")]
        indexes = [
            # The fairness page and a calibration session: WHERE instansi_id=? AND period_id=? AND cut_key=?
            models.Index(fields=["instansi", "period", "cut_key", "flag_count"], name="rater_review_cut"),
        ]

    def __str__(self) -> str:
        return f"{self.rater_id} {self.cut_key}"


class CalibrationSession(TimeStampedModel):
    """A calibration meeting for a unit's subtree and one cut, opened by BKPSDM or the unit head."""

    class Status(models.TextChoices):
        OPEN = "open", _("Berlangsung")
        CLOSED = "closed", pgettext_lazy("rapat", "Selesai")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    cut_key = models.CharField(max_length=8)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    participants = models.TextField(_("peserta"), blank=True)
    notes = models.TextField(_("catatan rapat"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["instansi", "period", "cut_key"], name="calibration_cut")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.cut_key}"


class CalibrationDecision(models.Model):
    """What the meeting decided on one evaluation: kept, or changed (with the reason)."""

    class Outcome(models.TextChoices):
        KEPT = "kept", _("Tetap")
        CHANGED = "changed", _("Diubah")

    session = models.ForeignKey(CalibrationSession, on_delete=models.CASCADE, related_name="decisions")
    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    from_results = models.CharField(max_length=10, choices=RATING_CHOICES, blank=True)
    to_results = models.CharField(max_length=10, choices=RATING_CHOICES, blank=True)
    reason = models.TextField(_("alasan"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "evaluation"], name="calibration_decision_once"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.outcome}"
