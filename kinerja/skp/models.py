"""Planning: performance years, organisational goals and IKU, SKP with RHK, indicators,
behaviour expectations and appendix; workflow history as rows (ARCHITECTURE.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import StatusChange, TimeStampedModel
from kinerja.org.models import Employee, Instansi, Position, Unit

from . import rules


class Period(TimeStampedModel):
    """A performance year of one instansi with its periodic cut and deadlines."""

    class Cut(models.TextChoices):
        MONTHLY = "monthly", _("Bulanan")
        QUARTERLY = "quarterly", _("Triwulanan")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="periods")
    year = models.PositiveSmallIntegerField(_("tahun"))
    cut = models.CharField(_("periode penilaian"), max_length=10, choices=Cut.choices, default=Cut.QUARTERLY)
    planning_deadline = models.DateField(_("batas penyusunan SKP"))
    closes_on = models.DateField(_("tanggal penutupan"))
    is_closed = models.BooleanField(_("ditutup"), default=False)

    class Meta:
        verbose_name = _("periode kinerja")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "year"], name="period_unique_year_per_instansi"),
            models.CheckConstraint(
                condition=models.Q(planning_deadline__lte=models.F("closes_on")), name="period_deadline_before_close"
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_locked(self) -> bool:
        """Plans lock when the admin closes the year or once its closing date has passed
        (in the instansi's own time zone)."""
        from django.utils import timezone

        return self.is_closed or timezone.localdate(timezone=self.instansi.tzinfo) > self.closes_on


class OrgGoal(TimeStampedModel):
    """Sasaran strategis of the instansi (unit empty) or of a unit, from the RPJMD/Renstra."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="goals")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="goals")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="goals")
    code = models.CharField(_("kode"), max_length=20)
    title = models.CharField(_("sasaran strategis"), max_length=300)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["period", "code"], name="goal_code_unique_per_period")]
        indexes = [models.Index(fields=["instansi", "period"], name="goal_instansi_period")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Direction(models.TextChoices):
    HIGHER = "higher", _("Makin tinggi makin baik")
    LOWER = "lower", _("Makin rendah makin baik")


AGGREGATION_CHOICES = [
    ("sum", _("Jumlah dari hasil kerja pendukung")),
    ("average", _("Rata-rata hasil kerja pendukung")),
    ("weighted", _("Capaian tertimbang menurut target")),
    ("last", _("Nilai terakhir")),
]


class KeyIndicator(TimeStampedModel):
    """IKU: a key indicator of an organisational goal, with its yearly target."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="key_indicators")
    goal = models.ForeignKey(OrgGoal, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indikator kinerja utama"), max_length=300)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    target_unit = models.CharField(_("satuan"), max_length=40)
    direction = models.CharField(_("arah"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    # How the realization follows from the supporting results (kinerja.insight.rules.Aggregation).
    aggregation = models.CharField(
        _("cara menghitung realisasi"), max_length=10, choices=AGGREGATION_CHOICES, default="sum"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=models.Q(target__gt=0), name="iku_target_positive")]

    def __str__(self) -> str:
        return self.name


class SkpTemplate(TimeStampedModel):
    """A performance-standard template per sector (health, education, registry, complaints…)."""

    class Sector(models.TextChoices):
        HEALTH = "health", _("Kesehatan")
        EDUCATION = "education", _("Pendidikan")
        REGISTRY = "registry", _("Kependudukan dan pencatatan sipil")
        COMPLAINTS = "complaints", _("Pengaduan masyarakat")
        GENERAL = "general", _("Umum / administrasi")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="skp_templates")
    name = models.CharField(_("nama templat"), max_length=200)
    sector = models.CharField(_("sektor"), max_length=20, choices=Sector.choices)
    source = models.TextField(
        _("isi templat"), help_text=_("Satu indikator per baris: RHK | indikator | aspek | target | satuan | arah")
    )
    items = models.JSONField(default=list, editable=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    # Offered first to employees holding one of these positions, or a position of one of these
    # functional levels (stored ",ahli_muda,terampil," so one LIKE finds a level on every database).
    positions = models.ManyToManyField(Position, blank=True, related_name="skp_templates", verbose_name=_("jabatan"))
    levels = models.CharField(_("jenjang jabatan fungsional"), max_length=200, blank=True, default="")
    retired_at = models.DateTimeField(_("dipensiunkan"), null=True, blank=True)

    class Meta:
        ordering = ["sector", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def level_codes(self) -> list[str]:
        return [code for code in self.levels.split(",") if code]

    def get_levels_display(self) -> list[str]:
        labels = dict(Position.Level.choices)
        return [str(labels.get(code, code)) for code in self.level_codes]


class RevisionCategory(models.TextChoices):
    """Why an approved SKP is revised mid-year (the changes PermenPANRB 6/2022 allows for)."""

    POLICY = "policy", _("Perubahan kebijakan")
    BUDGET = "budget", _("Perubahan anggaran")
    REORGANISATION = "reorganisation", _("Reorganisasi")
    TRANSFER = "transfer", _("Mutasi / perpindahan jabatan")


class Skp(TimeStampedModel):
    """Sasaran Kinerja Pegawai: one employee's plan for one year, in revisions.

    The pejabat penilai and their supervisor, the position and unit are *snapshots* taken when
    the SKP is made, so a later transfer does not rewrite this year's document.
    """

    Status = models.TextChoices("Status", [(s.value, s.value) for s in rules.SkpStatus])

    class Approach(models.TextChoices):
        QUANTITATIVE = "kuantitatif", _("Kuantitatif")
        QUALITATIVE = "kualitatif", _("Kualitatif")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="skps")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="skps")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="skps")
    revision = models.PositiveSmallIntegerField(default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_revision"
    )
    revision_reason = models.TextField(_("alasan revisi"), blank=True)
    revision_category = models.CharField(
        _("kategori alasan revisi"), max_length=16, choices=RevisionCategory.choices, blank=True
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=rules.SkpStatus.DRAFT)
    approach = models.CharField(_("pendekatan"), max_length=12, choices=Approach.choices, default=Approach.QUANTITATIVE)
    is_jpt = models.BooleanField(default=False)
    evaluator = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="skps_to_evaluate",
        verbose_name=_("pejabat penilai"),
    )
    evaluator_supervisor = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("atasan pejabat penilai"),
    )
    position_name = models.CharField(max_length=200, blank=True)
    unit_name = models.CharField(max_length=200, blank=True)
    rank = models.CharField(max_length=10, blank=True)
    evaluator_position_name = models.CharField(max_length=200, blank=True)
    evaluator_unit_name = models.CharField(max_length=200, blank=True)
    evaluator_rank = models.CharField(max_length=10, blank=True)
    resources = models.TextField(_("dukungan sumber daya"), blank=True)
    accountability = models.TextField(_("skema pertanggungjawaban"), blank=True)
    consequences = models.TextField(_("konsekuensi"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("SKP")
        verbose_name_plural = _("SKP")
        ordering = ["-period__year", "employee__name", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "period", "revision"], name="skp_unique_revision"),
        ]
        indexes = [
            # The evaluator's queue: WHERE instansi_id=? AND evaluator_id=? AND status='submitted'
            models.Index(fields=["instansi", "evaluator", "status"], name="skp_evaluator_queue"),
            # An employee's SKP of a year (latest revision first).
            models.Index(fields=["instansi", "employee", "period"], name="skp_employee_period"),
        ]

    def __str__(self) -> str:
        return f"SKP {self.period.year} {self.employee.display_name} (rev. {self.revision})"

    @property
    def is_editable(self) -> bool:
        return self.status in rules.EDITABLE

    @property
    def is_qualitative(self) -> bool:
        """Expectations described in words: the pejabat penilai judges against the narrative, with
        no numeric suggestion (DOMAIN.md §1.2)."""
        return self.approach == self.Approach.QUALITATIVE

    def get_status_display(self) -> str:  # noqa: DJ012 - labels live in one place
        return str(STATUS_LABELS[self.status])


STATUS_LABELS = {
    rules.SkpStatus.DRAFT: _("Draf"),
    rules.SkpStatus.SUBMITTED: _("Diajukan"),
    rules.SkpStatus.RETURNED: _("Dikembalikan"),
    rules.SkpStatus.APPROVED: _("Disetujui"),
    rules.SkpStatus.SUPERSEDED: _("Digantikan revisi"),
}


class Rhk(TimeStampedModel):
    """Rencana Hasil Kerja: a planned result, intervening a supervisor's RHK (or a goal, for JPT)."""

    class Kind(models.TextChoices):
        MAIN = "utama", _("Utama")
        ADDITIONAL = "tambahan", _("Tambahan")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="rhks")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("rencana hasil kerja"), max_length=500)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.MAIN)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("RHK atasan yang diintervensi"),
    )
    goal = models.ForeignKey(
        OrgGoal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rhks",
        verbose_name=_("sasaran organisasi"),
    )
    own_initiative = models.BooleanField(_("inisiatif sendiri"), default=False)
    # Planned before the supervisor's RHK exists: submitted and approved as it is, linked later
    # (services.rhk_link) without sending the SKP back through approval.
    awaiting_parent = models.BooleanField(_("menunggu RHK atasan"), default=False)
    # The RHK of the previous revision this one was copied from: when the revision is approved,
    # subordinates' RHKs that intervened the old one are moved to this one.
    copied_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    perspective = models.CharField(_("perspektif"), max_length=20, blank=True, choices=rules.PERSPECTIVES)

    class Meta:
        ordering = ["skp", "kind", "order", "pk"]
        indexes = [models.Index(fields=["instansi", "parent"], name="rhk_instansi_parent")]

    def __str__(self) -> str:
        return self.text


class Metric(models.TextChoices):
    """Figures Kinerja computes itself from citizen voice (DOMAIN.md §3 and the seeds)."""

    NONE = "", _("— (dilaporkan dari kegiatan)")
    IKM_UNIT = "ikm_unit", _("IKM unit (25–100)")
    COMPLAINTS_SLA_PCT = "complaints_sla_pct", _("Pengaduan selesai dalam SLA (%)")
    COMPLAINTS_MEDIAN_RESPONSE = "complaints_median_response", _("Median waktu tanggap pengaduan (jam)")
    COMPLAINTS_HANDLED = "complaints_handled", _("Pengaduan yang diselesaikan pegawai")


TARGET_MODE_CHOICES = [
    (rules.TargetMode.EVEN.value, _("Dibagi rata per periode")),
    (rules.TargetMode.CUMULATIVE.value, _("Kumulatif (total sampai periode itu)")),
    (rules.TargetMode.CONSTANT.value, _("Sama setiap periode (persentase, indeks, nilai, waktu)")),
]


EVIDENCE_RULE_CHOICES = [
    ("", _("Ikuti pengaturan instansi")),
    ("required", _("Wajib ada bukti agar dihitung")),
    ("optional", _("Dihitung walau tanpa bukti")),
]


class Indicator(TimeStampedModel):
    """Indikator Kinerja Individu with its target for one RHK."""

    class Aspect(models.TextChoices):
        QUANTITY = "kuantitas", _("Kuantitas")
        QUALITY = "kualitas", _("Kualitas")
        TIME = "waktu", _("Waktu")
        COST = "biaya", _("Biaya")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    rhk = models.ForeignKey(Rhk, on_delete=models.CASCADE, related_name="indicators")
    text = models.CharField(_("indikator"), max_length=500)
    aspect = models.CharField(_("aspek"), max_length=10, choices=Aspect.choices, default=Aspect.QUANTITY)
    # Empty only in a kualitatif SKP, whose expectation is described in words instead (DOMAIN.md §1.2).
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_unit = models.CharField(_("satuan"), max_length=40, blank=True)
    expectation = models.TextField(_("ekspektasi (naratif)"), blank=True)
    direction = models.CharField(_("arah"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    # An objective indicator: Kinerja computes its realization (kinerja.citizen.metrics), so the
    # employee reports nothing for it.
    metric = models.CharField(_("diukur otomatis dari"), max_length=30, choices=Metric.choices, blank=True)
    # The service unit a bound metric measures (a puskesmas, the registry counter…); empty: the
    # employee's own unit. Staff of a sub-unit serve the unit above them.
    service_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit layanan yang diukur"),
    )
    # Whether a verified entry without evidence counts towards this indicator's realization:
    # empty follows the instansi's setting (activities.WorkSettings).
    evidence_rule = models.CharField(
        _("bukti dukung"), max_length=10, choices=EVIDENCE_RULE_CHOICES, blank=True, default=""
    )
    # How the year's target is cut into the periodic targets (rencana aksi) of PeriodicTarget.
    target_mode = models.CharField(
        _("target periodik"), max_length=10, choices=TARGET_MODE_CHOICES, default=rules.TargetMode.EVEN.value
    )

    class Meta:
        ordering = ["rhk", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(target__gt=0), name="indicator_target_positive")]

    def __str__(self) -> str:
        return self.text


class PeriodicTarget(models.Model):
    """Rencana aksi: the target of one indicator for one periodic cut ('2026-Q2' or '2026-05'),
    set with the SKP (DOMAIN.md §1.6). A periodic evaluation compares the cut's realization with
    this figure; the annual one uses the indicator's yearly target."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="periodic_targets")
    period_key = models.CharField(max_length=8)
    target = models.DecimalField(_("target periodik"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["indicator", "period_key"]
        constraints = [
            # One target per cut: the evaluation joins at most one row per indicator.
            models.UniqueConstraint(fields=["indicator", "period_key"], name="periodic_target_unique_cut"),
            models.CheckConstraint(condition=models.Q(target__gte=0), name="periodic_target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period_key}: {self.target}"


class BehaviourExpectation(models.Model):
    """Ekspektasi khusus pimpinan for one BerAKHLAK value of one SKP."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="behaviours")
    value = models.CharField(max_length=30, choices=[(c, label) for c, label, _g in rules.BERAKHLAK])
    expectation = models.TextField(_("ekspektasi khusus pimpinan"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["skp", "value"], name="behaviour_unique_value")]

    def __str__(self) -> str:
        return self.value


class SkpStatusChange(StatusChange):
    """One workflow step of an SKP (submitted, returned, approved, revised)."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="status_changes")

    class Meta(StatusChange.Meta):
        pass

    @property
    def from_label(self) -> str:
        return str(STATUS_LABELS.get(self.from_status, "—"))

    @property
    def to_label(self) -> str:
        return str(STATUS_LABELS.get(self.to_status, self.to_status))
