"""Evaluations: one row per employee, year and cut (a quarter/month, or the whole year).

The suggested rating is computed from the evidence (Realization rows) by `evaluate`; the
pejabat penilai's chosen ratings and the derived predikat come later in the workflow. The
evaluator, unit and SKP revision are snapshots, so a transfer does not rewrite the past.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TimeStampedModel
from kinerja.org.models import Employee, Instansi
from kinerja.skp.models import Period, Skp

from . import rules

RATING_CHOICES = [
    (rules.Rating.ABOVE.value, _("Di Atas Ekspektasi")),
    (rules.Rating.MEETS.value, _("Sesuai Ekspektasi")),
    (rules.Rating.BELOW.value, _("Di Bawah Ekspektasi")),
]
PREDIKAT_CHOICES = [(p.value, label) for p, label in rules.PREDIKAT_LABELS.items()]


class Evaluation(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        FINAL = "final", _("Final")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="evaluations")
    cut_key = models.CharField(max_length=8)  # "2026-Q4", "2026-11" or "2026" for the annual one
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="evaluations")
    skp = models.ForeignKey(Skp, on_delete=models.PROTECT, related_name="evaluations")
    evaluator = models.ForeignKey(Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    unit_name = models.CharField(max_length=200, blank=True)
    achievement_pct = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    indicator_count = models.PositiveSmallIntegerField(default=0)
    verified_entries = models.PositiveIntegerField(default=0)
    suggested_results = models.CharField(max_length=10, choices=RATING_CHOICES)
    results_rating = models.CharField(max_length=10, choices=RATING_CHOICES, blank=True)
    results_reason = models.TextField(blank=True)
    behaviour_rating = models.CharField(max_length=10, choices=RATING_CHOICES, blank=True)
    predikat = models.CharField(max_length=20, choices=PREDIKAT_CHOICES, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employee", "period", "cut_key"], name="evaluation_unique_cut"),
        ]
        indexes = [
            # An evaluator's list and a unit's curve: WHERE instansi_id=? AND period_id=? AND cut_key=?
            models.Index(fields=["instansi", "period", "cut_key", "evaluator"], name="evaluation_cut_evaluator"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.cut_key}"
