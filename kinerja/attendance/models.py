"""Attendance and discipline: the rules of each year, the working calendar, shift patterns,
the day's records (from the machines or entered by hand), leave and official duty, PP 94/2021
sanctions, correction requests, and one summary row per employee and month.

Dates and clock times are the tenant's local ones (Instansi.timezone): the machines in the
offices print local time, and a day is the tenant's day.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TimeStampedModel, UploadBatch
from kinerja.org.models import Employee, Instansi, Unit

from . import rules

PCT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


def default_bands() -> list:
    return [[30, "0.5"], [60, "1"], [90, "1.25"]]


class DisciplineConfig(TimeStampedModel):
    """The attendance rules of one instansi for one year (from its Perkada on TPP)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    work_start = models.TimeField(_("jam masuk"), default=dt.time(7, 30))
    work_end = models.TimeField(_("jam pulang"), default=dt.time(16, 0))
    weekdays = models.CharField(_("hari kerja"), max_length=7, default="12345", help_text=_("1 = Senin … 7 = Minggu"))
    grace_minutes = models.PositiveSmallIntegerField(_("toleransi (menit)"), default=0)
    bands = models.JSONField(_("rentang keterlambatan"), default=default_bands)  # [[upto_minutes, pct], ...]
    beyond_pct = models.DecimalField(
        _("potongan di atas rentang / tanpa rekam"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1.5"),
        validators=PCT,
    )
    absent_pct = models.DecimalField(
        _("potongan tanpa keterangan per hari"), max_digits=5, decimal_places=2, default=Decimal("4"), validators=PCT
    )
    ceremony_pct = models.DecimalField(
        _("potongan tidak ikut apel/upacara"), max_digits=5, decimal_places=2, default=Decimal("2"), validators=PCT
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["instansi", "year"], name="discipline_config_unique_year")]

    def __str__(self) -> str:
        return f"{self.instansi_id} {self.year}"

    def as_rules(self) -> rules.DisciplineRules:
        return rules.DisciplineRules(
            bands=tuple(rules.Band(int(upto), Decimal(str(pct))) for upto, pct in self.bands),
            beyond_pct=Decimal(self.beyond_pct),
            absent_pct=Decimal(self.absent_pct),
            ceremony_pct=Decimal(self.ceremony_pct),
            grace_minutes=self.grace_minutes,
        )

    def schedule(self) -> rules.Schedule:
        return rules.Schedule(self.work_start, self.work_end, rules.parse_weekdays(self.weekdays))


class CalendarDay(TimeStampedModel):
    """A day of the instansi's working calendar that differs from the usual week."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Libur nasional")
        CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
        CEREMONY = "ceremony", _("Apel / upacara")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("tanggal"))
    kind = models.CharField(_("jenis"), max_length=15, choices=Kind.choices)
    name = models.CharField(_("keterangan"), max_length=150)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["instansi", "date"], name="calendar_day_unique")]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class Shift(TimeStampedModel):
    """The working pattern of a unit that does not keep office hours (puskesmas, front desks)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    unit = models.OneToOneField(Unit, on_delete=models.PROTECT, related_name="shift", verbose_name=_("unit kerja"))
    name = models.CharField(_("nama pola"), max_length=100)
    start = models.TimeField(_("jam masuk"))
    end = models.TimeField(_("jam pulang"))
    weekdays = models.CharField(_("hari kerja"), max_length=7, help_text=_("1 = Senin … 7 = Minggu"))
    works_on_holidays = models.BooleanField(_("tetap bertugas pada hari libur"), default=False)

    def __str__(self) -> str:
        return self.name

    def schedule(self) -> rules.Schedule:
        return rules.Schedule(self.start, self.end, rules.parse_weekdays(self.weekdays))


class Record(TimeStampedModel):
    """The attendance of one employee on one day."""

    class Source(models.TextChoices):
        MACHINE = "machine", _("Mesin presensi")
        MANUAL = "manual", _("Input manual")
        CORRECTION = "correction", _("Koreksi disetujui")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+", db_index=False)
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+", db_index=False)
    date = models.DateField(_("tanggal"))
    check_in = models.TimeField(_("jam masuk"), null=True, blank=True)
    check_out = models.TimeField(_("jam pulang"), null=True, blank=True)
    ceremony = models.BooleanField(_("ikut apel/upacara"), default=False)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.MACHINE)
    reason = models.TextField(_("alasan"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["employee", "date"], name="attendance_record_unique_day")]
        indexes = [
            # The month of an instansi (import, computation): WHERE instansi_id=? AND date BETWEEN ? AND ?
            models.Index(fields=["instansi", "date"], name="attendance_record_month"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.date}"


class Leave(TimeStampedModel):
    """Cuti, dinas luar, sakit with a letter or tugas belajar: days that are never an absence."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+", verbose_name=_("pegawai"))
    kind = models.CharField(
        _("jenis"),
        max_length=15,
        choices=[
            (rules.LeaveKind.CUTI_TAHUNAN.value, _("Cuti tahunan")),
            (rules.LeaveKind.CUTI_SAKIT.value, _("Sakit dengan surat dokter")),
            (rules.LeaveKind.CUTI_LAIN.value, _("Cuti lain (besar, alasan penting, melahirkan)")),
            (rules.LeaveKind.DINAS_LUAR.value, _("Dinas luar")),
            (rules.LeaveKind.TUGAS_BELAJAR.value, _("Tugas belajar")),
        ],
    )
    start = models.DateField(_("mulai"))
    end = models.DateField(_("sampai"))
    letter_number = models.CharField(_("nomor surat"), max_length=100)
    note = models.CharField(_("keterangan"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-start"]
        constraints = [models.CheckConstraint(condition=models.Q(start__lte=models.F("end")), name="leave_start_end")]
        indexes = [models.Index(fields=["instansi", "start", "end"], name="leave_instansi_dates")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.kind} {self.start}–{self.end}"


class Sanction(TimeStampedModel):
    """Hukuman disiplin (PP 94/2021), recorded by the admin from the decree."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+", verbose_name=_("pegawai"))
    level = models.CharField(
        _("tingkat"),
        max_length=8,
        choices=[
            (rules.SanctionLevel.RINGAN.value, _("Ringan")),
            (rules.SanctionLevel.SEDANG.value, _("Sedang")),
            (rules.SanctionLevel.BERAT.value, _("Berat")),
        ],
    )
    kind = models.CharField(
        _("jenis hukuman"),
        max_length=25,
        choices=[
            ("teguran_lisan", _("Teguran lisan")),
            ("teguran_tertulis", _("Teguran tertulis")),
            ("pernyataan_tidak_puas", _("Pernyataan tidak puas secara tertulis")),
            ("potongan_tunjangan_6", _("Pemotongan tunjangan 25% selama 6 bulan")),
            ("potongan_tunjangan_9", _("Pemotongan tunjangan 25% selama 9 bulan")),
            ("potongan_tunjangan_12", _("Pemotongan tunjangan 25% selama 12 bulan")),
            ("penurunan_jabatan", _("Penurunan jabatan setingkat lebih rendah selama 12 bulan")),
            ("pembebasan_jabatan", _("Pembebasan dari jabatan menjadi pelaksana selama 12 bulan")),
            ("pemberhentian", _("Pemberhentian")),
        ],
    )
    decree_number = models.CharField(_("nomor keputusan"), max_length=100)
    decree_date = models.DateField(_("tanggal keputusan"))
    start = models.DateField(_("berlaku mulai"))
    months = models.PositiveSmallIntegerField(
        _("lama (bulan)"), validators=[MinValueValidator(1), MaxValueValidator(36)]
    )
    cut_pct = models.DecimalField(_("potongan TPP (%)"), max_digits=5, decimal_places=2, validators=PCT)
    note = models.CharField(_("keterangan"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-start"]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.kind} {self.decree_number}"


class AttendanceImport(UploadBatch):
    """An uploaded machine export, kept from the dry run to its application."""


class Correction(TimeStampedModel):
    """An employee's request to correct one day, with evidence, decided by the supervisor."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu keputusan")
        APPROVED = "approved", _("Disetujui")
        REFUSED = "refused", _("Ditolak")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("tanggal"))
    check_in = models.TimeField(_("jam masuk yang benar"), null=True, blank=True)
    check_out = models.TimeField(_("jam pulang yang benar"), null=True, blank=True)
    reason = models.TextField(_("alasan"))
    evidence = models.FileField(_("bukti"), upload_to="attendance/evidence/%Y/%m/")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("alasan keputusan"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["instansi", "status"], name="correction_instansi_status")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.date} {self.status}"


class MonthSummary(models.Model):
    """One employee's month, computed set-based by ``services.month_compute`` (like Realization):
    read by the TPP computation and the dashboards, never edited by hand."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+", db_index=False)
    month = models.CharField(max_length=7)  # "2026-11"
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+", db_index=False)
    working_days = models.PositiveSmallIntegerField(default=0)
    present_days = models.PositiveSmallIntegerField(default=0)
    late_days = models.PositiveSmallIntegerField(default=0)
    incomplete_days = models.PositiveSmallIntegerField(default=0)
    absent_days = models.PositiveSmallIntegerField(default=0)
    leave_days = models.PositiveSmallIntegerField(default=0)
    leave_by_kind = models.JSONField(default=dict)
    ceremony_missed = models.PositiveSmallIntegerField(default=0)
    late_minutes = models.PositiveIntegerField(default=0)
    early_minutes = models.PositiveIntegerField(default=0)
    deduction_pct = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["instansi", "month", "employee"], name="month_summary_unique")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.month}"
