"""TPP: the configuration of each instansi and fiscal year, the employees' salaries (for the BPJS
cap), and each month's computation: one TppMonth with one TppLine per employee, plus adjustment
lines for corrections of closed months. A closed month is never recomputed."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TimeStampedModel, UploadBatch
from kinerja.org.models import Employee, Instansi, Position, Unit

from . import rules

PCT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


def default_predikat_pct() -> dict:
    return {"sangat_baik": "100", "baik": "100", "butuh_perbaikan": "80", "kurang": "60", "sangat_kurang": "40"}


def default_pph21_pct() -> dict:
    # PP 80/2010: final PPh 21 on honoraria from the APBD for PNS golongan III 5%, IV 15%.
    return {"IV": "15", "III": "5", "II": "0", "I": "0", "PPPK": "0"}


def default_class_amounts() -> dict:
    return {}


def pct_field(label, default):
    return models.DecimalField(label, max_digits=5, decimal_places=2, default=Decimal(default), validators=PCT)


class TppSetting(TimeStampedModel):
    """Perkada TPP of one instansi for one fiscal year."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    weight_kinerja = pct_field(_("bobot kinerja (%)"), "60")
    weight_disiplin = pct_field(_("bobot disiplin (%)"), "40")
    kinerja_source = models.CharField(
        _("dasar komponen kinerja"),
        max_length=10,
        choices=[
            (rules.KinerjaSource.MONTHLY.value, _("Predikat bulanan")),
            (rules.KinerjaSource.PERIODIC.value, _("Predikat triwulanan (periodik)")),
        ],
        default=rules.KinerjaSource.MONTHLY.value,
    )
    predikat_pct = models.JSONField(_("persen kinerja per predikat"), default=default_predikat_pct)
    no_report_pct = pct_field(_("persen kinerja tanpa penilaian"), "0")
    deduction_base = models.CharField(
        _("dasar potongan kehadiran"),
        max_length=10,
        choices=[
            (rules.DeductionBase.DISIPLIN.value, _("Komponen disiplin saja")),
            (rules.DeductionBase.TOTAL.value, _("Seluruh TPP")),
        ],
        default=rules.DeductionBase.DISIPLIN.value,
    )
    cpns_pct = pct_field(_("TPP CPNS (%)"), "80")
    study_pct = pct_field(_("TPP tugas belajar (%)"), "0")
    leave_allowance_days = models.PositiveSmallIntegerField(_("cuti tanpa potongan per bulan (hari)"), default=12)
    leave_excess_pct = pct_field(_("potongan per hari cuti di atas jatah (%)"), "2")
    bpjs_employee_pct = pct_field(_("BPJS Kesehatan pegawai (%)"), "1")
    bpjs_employer_pct = pct_field(_("BPJS Kesehatan pemda (%)"), "4")
    bpjs_cap = models.PositiveBigIntegerField(_("batas gaji + TPP untuk BPJS (Rp)"), default=12_000_000)
    pph21_pct = models.JSONField(_("PPh 21 per golongan (%)"), default=default_pph21_pct)
    class_amounts = models.JSONField(_("besaran per kelas jabatan (Rp)"), default=default_class_amounts)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["instansi", "year"], name="tpp_setting_unique_year")]

    def __str__(self) -> str:
        return f"{self.instansi_id} {self.year}"

    def as_rules(self) -> rules.TppRules:
        return rules.TppRules(
            weight_kinerja=Decimal(self.weight_kinerja),
            weight_disiplin=Decimal(self.weight_disiplin),
            predikat_pct={k: Decimal(str(v)) for k, v in self.predikat_pct.items()},
            no_report_pct=Decimal(self.no_report_pct),
            deduction_base=rules.DeductionBase(self.deduction_base),
            cpns_pct=Decimal(self.cpns_pct),
            study_pct=Decimal(self.study_pct),
            leave_allowance_days=self.leave_allowance_days,
            leave_excess_pct=Decimal(self.leave_excess_pct),
            bpjs_employee_pct=Decimal(self.bpjs_employee_pct),
            bpjs_employer_pct=Decimal(self.bpjs_employer_pct),
            bpjs_cap=int(self.bpjs_cap),
            pph21_pct={k: Decimal(str(v)) for k, v in self.pph21_pct.items()},
        )


class PositionAmount(TimeStampedModel):
    """A base amount for one position that overrides its kelas jabatan (e.g. a scarce profession)."""

    setting = models.ForeignKey(TppSetting, on_delete=models.CASCADE, related_name="position_amounts")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="+", verbose_name=_("jabatan"))
    amount = models.PositiveBigIntegerField(_("besaran (Rp)"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["setting", "position"], name="tpp_position_amount_unique")]


class Salary(TimeStampedModel):
    """An employee's monthly salary (gaji + tunjangan melekat), for the BPJS cap on salary + TPP."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    employee = models.OneToOneField(Employee, on_delete=models.PROTECT, related_name="+")
    amount = models.PositiveBigIntegerField(_("gaji per bulan (Rp)"))


class TppMonth(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        CLOSED = "closed", _("Ditutup")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    month = models.CharField(max_length=7)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    setting_snapshot = models.JSONField(default=dict)  # the configuration the month was computed with
    computed_at = models.DateTimeField(null=True, blank=True)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["instansi", "month"], name="tpp_month_unique")]

    def __str__(self) -> str:
        return f"{self.instansi_id} {self.month}"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class TppLine(models.Model):
    """One employee's TPP for the month (kind "regular") or a correction of a closed month paid
    in this one (kind "adjustment", ``ref_month`` names the month corrected). Employee, unit, grade
    and rank are snapshots: the list a finance office signed does not change under it."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("TPP bulan berjalan")
        ADJUSTMENT = "adjustment", _("Penyesuaian bulan lalu")

    month = models.ForeignKey(TppMonth, on_delete=models.CASCADE, related_name="lines", db_index=False)
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+", db_index=False)
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    ref_month = models.CharField(max_length=7, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", db_index=False)
    unit_path = models.CharField(max_length=255)
    unit_name = models.CharField(max_length=200)
    nip = models.CharField(max_length=18)
    name = models.CharField(max_length=250)
    position_name = models.CharField(max_length=200, blank=True)
    grade = models.PositiveSmallIntegerField(null=True)
    rank = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=10)
    base = models.BigIntegerField(default=0)
    status_factor_pct = models.DecimalField(max_digits=5, decimal_places=2, default=100)
    paid_base = models.BigIntegerField(default=0)
    kinerja_pct = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    disiplin_pct = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    kinerja_amount = models.BigIntegerField(default=0)
    disiplin_amount = models.BigIntegerField(default=0)
    attendance_cut = models.BigIntegerField(default=0)
    sanction_pct = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    sanction_cut = models.BigIntegerField(default=0)
    gross = models.BigIntegerField(default=0)
    bpjs_employee = models.BigIntegerField(default=0)
    bpjs_employer = models.BigIntegerField(default=0)
    pph21 = models.BigIntegerField(default=0)
    net = models.BigIntegerField(default=0)
    inputs = models.JSONField(default=dict)  # predikat, deduction %, leave days, salary … as used

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month", "employee", "kind", "ref_month"], name="tpp_line_unique"),
        ]
        indexes = [
            # The payment list of a unit: WHERE month_id=? ORDER BY unit_path, name
            models.Index(fields=["month", "unit_path", "name"], name="tpp_line_month_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.nip} {self.kind} {self.gross}"


class SalaryImport(UploadBatch):
    """An uploaded list of salaries (NIP, GAJI), kept from the dry run to its application: the
    audit trail of a bulk change (the file as uploaded, who, when, and what it changed)."""
