"""Daily work: activity logs with evidence, verification, realization summaries, continuous
feedback (comments, performance dialogues, reflections) and in-app notifications."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import StatusChange, TimeStampedModel
from kinerja.org.models import Employee, Instansi
from kinerja.skp.models import Indicator, Period, Rhk

from . import rules


def evidence_storage() -> FileSystemStorage:
    """Evidence is private: stored outside any public URL and served only through an access check."""
    return FileSystemStorage(location=settings.MEDIA_ROOT / "evidence", base_url=None)


STATUS_LABELS = {
    rules.ActivityStatus.SUBMITTED: _("Menunggu verifikasi"),
    rules.ActivityStatus.VERIFIED: _("Diterima"),
    rules.ActivityStatus.RETURNED: _("Dikembalikan"),
    rules.ActivityStatus.SUPERSEDED: _("Diganti versi baru"),
    rules.ActivityStatus.DELETED: _("Dihapus"),
}


class Activity(TimeStampedModel):
    """One logged piece of work. The verifier is the supervisor at submission time, so the
    supervisor inbox is one indexed query (ARCHITECTURE.md: hot paths)."""

    # No single-column indexes on instansi and employee: the composite indexes below (and the
    # client-token constraint, which starts with employee) already serve those lookups, and every
    # index is written on each of the ~12 million inserts a year (bench/findings.md).
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+", db_index=False)
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="activities", db_index=False)
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    period_key = models.CharField(max_length=8)
    date = models.DateField(_("tanggal"))
    start_time = models.TimeField(_("jam mulai"), null=True, blank=True)
    end_time = models.TimeField(_("jam selesai"), null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(_("durasi (menit)"))
    description = models.TextField(_("uraian kegiatan"), max_length=2000)
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("indikator"),
    )
    quantity = models.DecimalField(_("jumlah keluaran"), max_digits=12, decimal_places=2, default=0)
    status = models.CharField(max_length=12, default=rules.ActivityStatus.SUBMITTED)
    verifier = models.ForeignKey(Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    return_comment = models.TextField(blank=True)
    # The supervisor's assessment of the output (0–100) when accepting it: the realization of a
    # kualitas indicator is the mean of these (skp.rules.aspect_figure).
    quality_score = models.DecimalField(_("nilai mutu"), max_digits=5, decimal_places=2, null=True, blank=True)
    # No foreign key in the database points at an activity (db_constraint=False here and on
    # evidence, evidence opens, status changes and comments): on PostgreSQL the table is
    # partitioned by year (migration 0011), and a foreign key must reference a unique key, which
    # there includes the date. The services keep the references whole; Django's collector still
    # cascades deletes (a test asserts no foreign key to Activity has a database constraint).
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version", db_constraint=False
    )
    client_token = models.UUIDField(null=True, blank=True, editable=False)
    # Raised by every change of the entry's content (activity_update): an edit made on another
    # device from an older version is refused with both versions shown (409), never lost
    # (docs/offline.md). A plain integer: a CHECK (>= 0) would make adding the column scan the
    # whole table, while a column with a constant default is added without touching a row.
    # db_default: rows written by raw SQL (history import, scale data, benchmarks) start at 1 too.
    version = models.IntegerField(default=1, db_default=1, editable=False)

    class Meta:
        ordering = ["-date", "-start_time", "-pk"]
        constraints = [
            # The same form posted twice (double tap, slow link) creates one entry. The date is part
            # of it because every unique key of a partitioned table holds the partition key; a
            # resend on another day is found by activity_create's day query, which reads the token.
            models.UniqueConstraint(fields=["employee", "client_token", "date"], name="activity_once_per_form"),
            models.CheckConstraint(condition=models.Q(quantity__gte=0), name="activity_quantity_not_negative"),
        ]
        indexes = [
            # Supervisor inbox: WHERE instansi_id=? AND verifier_id=? AND status=?
            # ORDER BY date, start_time, id LIMIT 50: the whole sort is in the index, so a page is
            # read in order and never sorts the queue (its length does not matter).
            models.Index(fields=["instansi", "verifier", "status", "date", "start_time", "id"], name="activity_inbox"),
            # An employee's log and day checks: WHERE instansi_id=? AND employee_id=? AND date=?
            models.Index(fields=["instansi", "employee", "date"], name="activity_employee_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.description[:40]}"

    def get_status_display(self) -> str:  # noqa: DJ012 - labels live in one place
        return str(STATUS_LABELS.get(self.status, self.status))

    @property
    def is_open(self) -> bool:
        return self.status in (rules.ActivityStatus.SUBMITTED, rules.ActivityStatus.RETURNED)


class Evidence(models.Model):
    class Kind(models.TextChoices):
        FILE = "file", _("Berkas")
        LINK = "link", _("Tautan")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence", db_constraint=False)
    kind = models.CharField(max_length=4, choices=Kind.choices)
    file = models.FileField(storage=evidence_storage, upload_to="%Y/%m/", blank=True, max_length=200)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    url = models.URLField(blank=True, max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class EvidenceOpen(models.Model):
    """The verifier opened (downloaded) an entry's evidence file: the fairness review tells a
    checked acceptance from a rubber stamp by these rows (kinerja.insight)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence_opens", db_constraint=False)
    opened_by = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            # "Was this entry's evidence opened by its verifier?": WHERE activity_id=? AND opened_by_id=?
            models.Index(fields=["activity", "opened_by"], name="evidence_open_activity"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.opened_by_id}"


class Realization(models.Model):
    """Verified output per indicator and periodic cut: kept current by verification (F() updates)
    so progress bars and dashboards never sum raw activities."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="realizations")
    period_key = models.CharField(max_length=8)
    quantity = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    count = models.PositiveIntegerField(default=0)
    # Quality scores of the verified entries (kualitas indicators): their sum and how many.
    score_total = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    scored = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "period_key"], name="realization_unique_cut")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period_key}: {self.quantity}"


class WorkSettings(TimeStampedModel):
    """Daily-work settings of one instansi: whether a verified entry without evidence (bukti
    dukung, DOMAIN.md §1.8) counts towards realization. An indicator may override it."""

    instansi = models.OneToOneField(Instansi, on_delete=models.CASCADE, related_name="work_settings")
    evidence_required = models.BooleanField(
        _("kegiatan tanpa bukti tidak dihitung dalam realisasi"),
        default=False,
        help_text=_("Bila dicentang, hanya kegiatan terverifikasi yang memiliki berkas atau tautan bukti dihitung."),
    )

    class Meta:
        verbose_name = _("pengaturan kegiatan harian")

    def __str__(self) -> str:
        return str(self.instansi_id)


class PeriodicReport(TimeStampedModel):
    """Realization reported once per cut where the output is not countable from activities."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="periodic_reports")
    period_key = models.CharField(max_length=8)
    quantity = models.DecimalField(_("realisasi"), max_digits=14, decimal_places=2)
    note = models.TextField(_("keterangan"), blank=True)
    evidence = models.FileField(storage=evidence_storage, upload_to="reports/%Y/", blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "period_key"], name="report_unique_cut")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period_key}"


class ActivityStatusChange(StatusChange):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="status_changes", db_constraint=False)

    class Meta(StatusChange.Meta):
        pass

    @property
    def to_label(self) -> str:
        return str(STATUS_LABELS.get(self.to_status, self.to_status))


class Comment(models.Model):
    """Continuous feedback: a thread on an activity or on an RHK."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="comments", db_constraint=False
    )
    rhk = models.ForeignKey(Rhk, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(activity__isnull=False) | models.Q(rhk__isnull=False), name="comment_has_subject"
            )
        ]

    def __str__(self) -> str:
        return self.text[:40]


class Dialogue(TimeStampedModel):
    """A recorded performance dialogue (dialog kinerja) between an employee and the supervisor."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="dialogues")
    supervisor = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("tanggal"))
    topics = models.TextField(_("topik"), max_length=4000)
    agreements = models.TextField(_("kesepakatan"), max_length=4000, blank=True)
    follow_up = models.TextField(_("tindak lanjut"), max_length=4000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.employee_id}"


class Reflection(TimeStampedModel):
    """The employee's own reflection notes for one periodic cut."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="reflections")
    period_key = models.CharField(max_length=8)
    text = models.TextField(_("refleksi"), max_length=4000)

    class Meta:
        ordering = ["-period_key"]
        constraints = [models.UniqueConstraint(fields=["employee", "period_key"], name="reflection_unique_cut")]

    def __str__(self) -> str:
        return self.period_key


class ActivityImport(models.Model):
    """An uploaded spreadsheet of daily work: previewed (a dry run of every row through the same
    rules as a hand entry), then submitted as one batch. The file is kept so that submitting
    re-reads exactly what was previewed (kinerja.activities.imports)."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Siap dikirim")
        INVALID = "invalid", _("Ada baris bermasalah")
        APPLIED = "applied", _("Sudah dikirim")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # An admin's upload may be limited to one unit (its subtree); empty for an employee's own file.
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    summary = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # "My recent uploads": WHERE instansi_id=? AND created_by_id=? ORDER BY created_at DESC
            models.Index(fields=["instansi", "created_by", "created_at"], name="activity_import_mine"),
        ]

    def __str__(self) -> str:
        return self.filename
