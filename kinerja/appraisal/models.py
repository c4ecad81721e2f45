"""Evaluations: one row per employee, year and cut (a quarter/month, or the whole year).

The suggested rating is computed from the evidence (Realization rows) by `evaluate`; the
pejabat penilai chooses the two ratings and the predikat follows from the matrix. The evaluator,
the atasan pejabat penilai, the unit and the SKP revision are snapshots, so a transfer does not
rewrite the past. Every workflow step is an EvaluationStatusChange row; an objection keeps the
ratings it replaced.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import StatusChange, TimeStampedModel
from kinerja.org.models import Employee, Instansi, Unit
from kinerja.skp.models import Period, Skp

from . import rules

RATING_CHOICES = [
    (rules.Rating.ABOVE.value, _("Di Atas Ekspektasi")),
    (rules.Rating.MEETS.value, _("Sesuai Ekspektasi")),
    (rules.Rating.BELOW.value, _("Di Bawah Ekspektasi")),
]
PREDIKAT_CHOICES = [(p.value, label) for p, label in rules.PREDIKAT_LABELS.items()]
ORG_PREDICATE_CHOICES = [
    (rules.OrgPredicate.ISTIMEWA.value, _("Istimewa")),
    (rules.OrgPredicate.BAIK.value, _("Baik")),
    (rules.OrgPredicate.BUTUH_PERBAIKAN.value, _("Butuh Perbaikan")),
    (rules.OrgPredicate.KURANG.value, _("Kurang")),
    (rules.OrgPredicate.SANGAT_KURANG.value, _("Sangat Kurang")),
]


class Evaluation(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = rules.EvalStatus.DRAFT.value, _("Sedang dinilai")
        FINAL = rules.EvalStatus.FINAL.value, _("Ditetapkan")
        ACKNOWLEDGED = rules.EvalStatus.ACKNOWLEDGED.value, _("Diterima pegawai")
        OBJECTED = rules.EvalStatus.OBJECTED.value, _("Keberatan diajukan")
        DECIDED = rules.EvalStatus.DECIDED.value, _("Keberatan diputus")

    # instansi, period and employee are the leading columns of the indexes in Meta, which serve
    # their lookups; single-column indexes would only slow the bulk writes of `evaluate`.
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+", db_index=False)
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="evaluations", db_index=False)
    cut_key = models.CharField(max_length=8)  # "2026-Q4", "2026-11" or "2026" for the annual one
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="evaluations", db_index=False)
    skp = models.ForeignKey(Skp, on_delete=models.PROTECT, related_name="evaluations")
    evaluator = models.ForeignKey(Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    evaluator_supervisor = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    unit_name = models.CharField(max_length=200, blank=True)
    is_unit_head = models.BooleanField(default=False)
    achievement_pct = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    indicator_count = models.PositiveSmallIntegerField(default=0)
    verified_entries = models.PositiveIntegerField(default=0)
    suggested_results = models.CharField(max_length=10, choices=RATING_CHOICES)
    results_rating = models.CharField(max_length=10, choices=RATING_CHOICES, blank=True)
    results_reason = models.TextField(blank=True)
    behaviour_rating = models.CharField(max_length=10, choices=RATING_CHOICES, blank=True)
    behaviour_feedback = models.JSONField(default=dict, blank=True)  # BerAKHLAK value → umpan balik
    indicator_feedback = models.JSONField(default=dict, blank=True)  # indicator id → umpan balik
    predikat = models.CharField(max_length=20, choices=PREDIKAT_CHOICES, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    rated_at = models.DateTimeField(null=True, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    received_on = models.DateField(null=True, blank=True)  # the day the 14 objection days count from
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employee", "period", "cut_key"], name="evaluation_unique_cut"),
        ]
        indexes = [
            # An evaluator's list and a unit's curve: WHERE instansi_id=? AND period_id=? AND cut_key=?
            models.Index(fields=["instansi", "period", "cut_key", "evaluator"], name="evaluation_cut_evaluator"),
            models.Index(fields=["period", "cut_key", "unit"], name="evaluation_cut_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.cut_key}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def cut_label(self) -> str:
        return rules.cut_label(self.cut_key, gettext)


class UnitPredicate(TimeStampedModel):
    """Capaian kinerja organisasi of one unit for one cut (SE MenPANRB 3/2023, step 1), and the
    justification the unit gives when its employees' predicates do not fit the curve (step 3)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    cut_key = models.CharField(max_length=8)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="predicates")
    predicate = models.CharField(_("predikat kinerja organisasi"), max_length=20, choices=ORG_PREDICATE_CHOICES)
    basis = models.TextField(_("dasar penetapan"), blank=True)
    curve_justification = models.TextField(_("justifikasi distribusi"), blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "period", "cut_key"], name="unit_predicate_unique_cut"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.cut_key} {self.predicate}"


class Objection(TimeStampedModel):
    """Keberatan (PP 30/2019 Ps. 59): one per evaluation, to the atasan pejabat penilai, whose
    decision is final. The ratings it replaced are kept."""

    class Decision(models.TextChoices):
        UPHOLD = "uphold", _("Hasil evaluasi tetap")
        CHANGE = "change", _("Hasil evaluasi diubah")

    class Category(models.TextChoices):
        """What the employee disputes, so the deciding officer and the BKPSDM see patterns."""

        RESULTS = "results", _("Penilaian hasil kerja (capaian, realisasi yang tidak dihitung)")
        BEHAVIOUR = "behaviour", _("Penilaian perilaku kerja (BerAKHLAK)")
        CURVE = "curve", _("Predikat karena kurva distribusi organisasi")
        PROCEDURE = "procedure", _("Prosedur (tanpa dialog kinerja, bukti tidak diperiksa)")
        OTHER = "other", _("Lainnya")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    evaluation = models.OneToOneField(Evaluation, on_delete=models.PROTECT, related_name="objection")
    category = models.CharField(_("pokok keberatan"), max_length=12, choices=Category.choices, default="other")
    reason = models.TextField(_("alasan keberatan"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("keputusan"), max_length=10, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("alasan keputusan"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    original_results = models.CharField(max_length=10, choices=RATING_CHOICES)
    original_behaviour = models.CharField(max_length=10, choices=RATING_CHOICES)
    original_predikat = models.CharField(max_length=20, choices=PREDIKAT_CHOICES)

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.decision or 'open'}"


class PeerInput(TimeStampedModel):
    """A colleague's or subordinate's view of one BerAKHLAK value set, for the pejabat penilai only:
    the evaluated employee never sees who wrote what."""

    class Relation(models.TextChoices):
        PEER = "peer", _("Rekan kerja")
        SUBORDINATE = "subordinate", _("Bawahan")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="peer_inputs")
    author = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    relation = models.CharField(max_length=12, choices=Relation.choices)
    ratings = models.JSONField(default=dict)  # BerAKHLAK value → rating
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "author"], name="peer_input_once"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.relation}"


class EvaluationStatusChange(StatusChange):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="status_changes")

    class Meta(StatusChange.Meta):
        pass

    @property
    def to_label(self) -> str:
        return dict(Evaluation.Status.choices).get(self.to_status, self.to_status)
