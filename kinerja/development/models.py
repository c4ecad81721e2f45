"""Development after the appraisal (DOMAIN.md §1.10): training (catalogue, enrolments, JP),
individual development plans, coaching plans and their sessions, reassignment cases for the
BKPSDM, the angka kredit ledger, and potential assessments for the talent grid.

Ledgers are rows appended per finalised evaluation, never a running total edited in place;
every workflow step is a status-change row (ARCHITECTURE.md).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.activities.models import evidence_storage
from kinerja.appraisal.models import PREDIKAT_CHOICES, Evaluation
from kinerja.core.models import StatusChange, TimeStampedModel
from kinerja.org.models import Employee, Instansi, Position
from kinerja.skp.models import Indicator
from kinerja.skp.rules import BERAKHLAK

from . import rules

VALUE_CHOICES = [(code, label) for code, label, _guides in BERAKHLAK]


class Settings(TimeStampedModel):
    """An instansi's follow-up configuration (UNCONFIRMED values of DOMAIN.md §1.10)."""

    instansi = models.OneToOneField(Instansi, on_delete=models.CASCADE, related_name="development_settings")
    jp_target = models.PositiveSmallIntegerField(_("target JP per tahun"), default=rules.JP_TARGET)
    poor_consecutive = models.PositiveSmallIntegerField(_("periode buruk berturut-turut"), default=2)
    poor_worst_allowed = models.CharField(
        _("predikat terendah yang belum dianggap buruk"),
        max_length=20,
        choices=PREDIKAT_CHOICES,
        default=rules.Predikat.BUTUH_PERBAIKAN.value,
    )
    poor_after_coaching = models.BooleanField(_("hanya setelah bimbingan kinerja"), default=True)
    credit_annual = models.BooleanField(
        _("angka kredit dari evaluasi tahunan"),
        default=False,
        help_text=_("Jika tidak, angka kredit ditambahkan per periode (bulan/triwulan) yang ditetapkan."),
    )

    def policy(self) -> rules.ReassignmentPolicy:
        return rules.ReassignmentPolicy(
            consecutive=self.poor_consecutive,
            worst_allowed=rules.Predikat(self.poor_worst_allowed),
            after_coaching=self.poor_after_coaching,
        )


# -------------------------------------------------------------------------------------- training
class Course(TimeStampedModel):
    """A course of the catalogue: the instansi's own, or a national one (instansi empty) that
    every instansi sees."""

    class Area(models.TextChoices):
        TECHNICAL = rules.Area.TECHNICAL.value, _("Teknis")
        MANAGERIAL = rules.Area.MANAGERIAL.value, _("Manajerial")
        SOCIOCULTURAL = rules.Area.SOCIOCULTURAL.value, _("Sosial kultural")
        BERAKHLAK = rules.Area.BERAKHLAK.value, _("Nilai BerAKHLAK")

    class Mode(models.TextChoices):
        CLASSICAL = "klasikal", _("Klasikal")
        ONLINE = "daring", _("Daring (e-learning)")
        BLENDED = "campuran", _("Campuran")
        WORKPLACE = "tempat_kerja", _("Di tempat kerja (coaching/mentoring)")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    title = models.CharField(_("judul pelatihan"), max_length=200)
    area = models.CharField(_("bidang kompetensi"), max_length=20, choices=Area.choices)
    value = models.CharField(_("nilai BerAKHLAK"), max_length=30, choices=VALUE_CHOICES, blank=True)
    jp = models.PositiveSmallIntegerField(_("JP"))
    mode = models.CharField(_("moda"), max_length=20, choices=Mode.choices, default=Mode.CLASSICAL)
    provider = models.CharField(_("penyelenggara"), max_length=200)
    is_open = models.BooleanField(_("pendaftaran dibuka"), default=True)

    class Meta:
        ordering = ["title"]
        constraints = [models.CheckConstraint(condition=models.Q(jp__gte=1, jp__lte=500), name="course_jp_1_500")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_national(self) -> bool:
        return self.instansi_id is None


class Enrolment(TimeStampedModel):
    """One employee in one course (or an external training taken on their own). JP count once
    the admin has verified the completion."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Diusulkan")
        APPROVED = "approved", _("Disetujui")
        REJECTED = "rejected", _("Ditolak")
        REPORTED = "reported", _("Selesai, menunggu verifikasi")
        VERIFIED = "verified", _("Terverifikasi")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="enrolments")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, null=True, blank=True, related_name="enrolments")
    external_title = models.CharField(_("judul pelatihan"), max_length=200, blank=True)
    external_provider = models.CharField(_("penyelenggara"), max_length=200, blank=True)
    external_area = models.CharField(_("bidang kompetensi"), max_length=20, choices=Course.Area.choices, blank=True)
    year = models.PositiveSmallIntegerField(_("tahun"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("alasan/kebutuhan"), blank=True)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="+", verbose_name=_("indikator terkait"))
    started_on = models.DateField(_("tanggal mulai"), null=True, blank=True)
    completed_on = models.DateField(_("tanggal selesai"), null=True, blank=True)
    jp = models.PositiveSmallIntegerField(_("JP diperoleh"), default=0)
    certificate = models.FileField(storage=evidence_storage, upload_to="certificates/%Y/", blank=True, max_length=200)
    certificate_name = models.CharField(max_length=200, blank=True)
    certificate_type = models.CharField(max_length=100, blank=True)

    class Meta:
        indexes = [
            # JP per employee and year (the behind-on-JP list): WHERE instansi_id=? AND year=? AND status=?
            models.Index(fields=["instansi", "year", "status"], name="enrolment_instansi_year_status"),
            models.Index(fields=["employee", "year"], name="enrolment_employee_year"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.course.title if self.course_id else self.external_title

    @property
    def is_external(self) -> bool:
        return self.course_id is None


class EnrolmentStatusChange(StatusChange):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="status_changes")

    class Meta(StatusChange.Meta):
        pass


class DevelopmentPlan(TimeStampedModel):
    """Individual development plan (IDP) of one employee for one year, confirmed by the
    supervisor from the needs the last appraisal shows."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="development_plans")
    year = models.PositiveSmallIntegerField(_("tahun"))
    source_evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["employee", "year"], name="idp_once_per_year")]

    def __str__(self) -> str:
        return f"IDP {self.employee_id} {self.year}"


class PlanItem(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="items")
    area = models.CharField(max_length=20, choices=Course.Area.choices)
    value = models.CharField(max_length=30, choices=VALUE_CHOICES, blank=True)
    indicator = models.ForeignKey(Indicator, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    pct = models.SmallIntegerField(null=True, blank=True)  # the indicator's achievement that showed the need

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.area}"


# -------------------------------------------------------------------------------------- coaching
class CoachingPlan(TimeStampedModel):
    """Bimbingan kinerja after a predikat of Butuh Perbaikan or worse, owned by the supervisor;
    re-measured from the next evaluation, not from a checkbox."""

    class Status(models.TextChoices):
        OPEN = "open", _("Berjalan")
        CLOSED = "closed", _("Selesai diukur ulang")

    class Outcome(models.TextChoices):
        IMPROVED = rules.Outcome.IMPROVED.value, _("Membaik")
        UNCHANGED = rules.Outcome.UNCHANGED.value, _("Tetap")
        WORSE = rules.Outcome.WORSE.value, _("Memburuk")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="coaching_plans")
    supervisor = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="coaching_owned")
    evaluation = models.OneToOneField(Evaluation, on_delete=models.PROTECT, related_name="coaching_plan")
    causes = models.TextField(_("penyebab"))
    actions = models.TextField(_("tindakan yang disepakati"))
    targets = models.TextField(_("target baru atau yang disesuaikan"))
    starts_on = models.DateField(_("mulai"))
    due_on = models.DateField(_("batas waktu"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(_("hasil pengukuran ulang"), max_length=10, choices=Outcome.choices, blank=True)
    next_evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(due_on__gte=models.F("starts_on")), name="coaching_dates_order")
        ]
        indexes = [
            # The to-do lists: WHERE instansi_id=? AND status='open' AND due_on < today (AND supervisor_id=?)
            models.Index(fields=["instansi", "status", "due_on"], name="coaching_instansi_status_due"),
            models.Index(fields=["supervisor", "status"], name="coaching_supervisor_status"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.evaluation_id}"


class CoachingSession(TimeStampedModel):
    plan = models.ForeignKey(CoachingPlan, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("tanggal"))
    notes = models.TextField(_("catatan"))
    agreed = models.TextField(_("yang disepakati"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["held_on", "pk"]


class CoachingStatusChange(StatusChange):
    plan = models.ForeignKey(CoachingPlan, on_delete=models.CASCADE, related_name="status_changes")

    class Meta(StatusChange.Meta):
        pass


# ---------------------------------------------------------------------------------- reassignment
class ReassignmentCase(TimeStampedModel):
    """A recommendation to the BKPSDM after repeated poor predikat (PP 30/2019 Ps. 56–58)."""

    class Status(models.TextChoices):
        RECOMMENDED = "recommended", _("Direkomendasikan")
        DECIDED = "decided", _("Diputuskan")

    class Decision(models.TextChoices):
        KEEP = rules.Decision.KEEP.value, _("Tetap pada jabatan")
        MOVE = rules.Decision.MOVE.value, _("Dipindahkan ke jabatan lain")
        OTHER = rules.Decision.OTHER.value, _("Tindakan lain")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="reassignment_cases")
    coaching_plan = models.ForeignKey(CoachingPlan, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    trigger_cuts = models.JSONField(default=list)  # the poor cuts that put the employee on the list
    last_evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECOMMENDED)
    decision = models.CharField(_("keputusan"), max_length=10, choices=Decision.choices, blank=True)
    reason = models.TextField(_("alasan"), blank=True)
    decree_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    new_position = models.ForeignKey(
        Position, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("jabatan baru")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One case per evaluation that completed the trigger: the sync is idempotent.
            models.UniqueConstraint(fields=["last_evaluation"], name="reassignment_once_per_trigger"),
        ]
        indexes = [models.Index(fields=["instansi", "status"], name="reassignment_instansi_status")]


class ReassignmentStatusChange(StatusChange):
    case = models.ForeignKey(ReassignmentCase, on_delete=models.CASCADE, related_name="status_changes")

    class Meta(StatusChange.Meta):
        pass


# ---------------------------------------------------------------------------------------- career
class CreditEntry(models.Model):
    """One appended row of an employee's angka kredit ledger: from a finalised evaluation, or
    earlier credit integrated from an import. Never updated; the total is a sum."""

    class Source(models.TextChoices):
        EVALUATION = "evaluation", _("Evaluasi kinerja")
        IMPORT = "import", _("Integrasi/konversi angka kredit sebelumnya")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="credit_entries")
    source = models.CharField(max_length=12, choices=Source.choices)
    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.PROTECT, null=True, blank=True, related_name="credit_entry"
    )
    level = models.CharField(max_length=20, choices=Position.Level.choices)
    predikat = models.CharField(max_length=20, choices=PREDIKAT_CHOICES, blank=True)
    cut_key = models.CharField(max_length=8, blank=True)
    as_of = models.DateField(_("per tanggal"))  # the end of the cut, or the imported credit's date
    amount = models.DecimalField(_("angka kredit"), max_digits=9, decimal_places=3)
    note = models.CharField(_("keterangan"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["as_of", "pk"]
        indexes = [models.Index(fields=["employee", "as_of"], name="credit_employee_as_of")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.as_of} {self.amount}"


class PotentialAssessment(TimeStampedModel):
    """The potential axis of the talent grid: a score the admin records or imports per year."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="potential_assessments")
    year = models.PositiveSmallIntegerField(_("tahun"))
    score = models.DecimalField(_("skor potensial"), max_digits=4, decimal_places=2)
    method = models.CharField(_("metode/asesor"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["employee", "year"], name="potential_once_per_year")]
        indexes = [models.Index(fields=["instansi", "year"], name="potential_instansi_year")]
