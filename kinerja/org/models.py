"""Organisation and people: Instansi (tenant), Unit kerja, Jabatan, Pegawai.

Every tenant-owned table carries ``instansi`` (ARCHITECTURE.md), usually as the first column
of its composite indexes. Master data keeps its history with django-simple-history.
"""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kinerja.core.models import TimeStampedModel

from . import rules

TIMEZONE_CHOICES = [
    ("Asia/Jakarta", "WIB (UTC+7)"),
    ("Asia/Makassar", "WITA (UTC+8)"),
    ("Asia/Jayapura", "WIT (UTC+9)"),
]


class Instansi(TimeStampedModel):
    """A regional government (Pemerintah Daerah): the tenant."""

    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")
        PROVINSI = "provinsi", _("Provinsi")

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    province = models.CharField(_("provinsi"), max_length=100)
    timezone = models.CharField(_("zona waktu"), max_length=40, choices=TIMEZONE_CHOICES, default="Asia/Jakarta")
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class Unit(TimeStampedModel):
    """Unit kerja: a node of the organisation tree (OPD → bidang → seksi).

    ``path`` is a materialized path of zero-padded ids ("000012/000345/"), so "every unit under
    X" is one indexed ``path__startswith`` query (STYLE.md §3). Services keep it current.
    """

    class Kind(models.TextChoices):
        SETDA = "setda", _("Sekretariat Daerah")
        SETWAN = "setwan", _("Sekretariat DPRD")
        INSPEKTORAT = "inspektorat", _("Inspektorat")
        DINAS = "dinas", _("Dinas")
        BADAN = "badan", _("Badan")
        KECAMATAN = "kecamatan", _("Kecamatan")
        KELURAHAN = "kelurahan", _("Kelurahan")
        UPTD = "uptd", _("UPTD")
        BAGIAN = "bagian", _("Bagian / Bidang")
        SUBBAGIAN = "subbagian", _("Subbagian / Seksi")
        LAINNYA = "lainnya", _("Lainnya")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("induk")
    )
    code = models.CharField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, default=Kind.LAINNYA)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    head_position = models.ForeignKey(
        "Position",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("jabatan kepala unit"),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["instansi", "code"], name="unit_code_unique_per_instansi")]
        indexes = [
            # Subtree queries: WHERE instansi_id = ? AND path LIKE 'x/%'
            models.Index(fields=["instansi", "path"], name="unit_instansi_path"),
        ]

    def __str__(self) -> str:
        return self.name


class Position(TimeStampedModel):
    """Jabatan: a post in a unit, with its kind and class (kelas jabatan)."""

    class Kind(models.TextChoices):
        JPT = "jpt", _("Jabatan Pimpinan Tinggi")
        ADMINISTRATOR = "administrator", _("Administrator")
        PENGAWAS = "pengawas", _("Pengawas")
        PELAKSANA = "pelaksana", _("Pelaksana")
        FUNGSIONAL = "fungsional", _("Fungsional")

    class Level(models.TextChoices):
        NONE = "", _("—")
        JPT_UTAMA = "jpt_utama", _("JPT Utama")
        JPT_MADYA = "jpt_madya", _("JPT Madya")
        JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
        AHLI_UTAMA = "ahli_utama", _("Ahli Utama")
        AHLI_MADYA = "ahli_madya", _("Ahli Madya")
        AHLI_MUDA = "ahli_muda", _("Ahli Muda")
        AHLI_PERTAMA = "ahli_pertama", _("Ahli Pertama")
        PENYELIA = "penyelia", _("Penyelia")
        MAHIR = "mahir", _("Mahir")
        TERAMPIL = "terampil", _("Terampil")
        PEMULA = "pemula", _("Pemula")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="positions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="positions", verbose_name=_("unit kerja"))
    name = models.CharField(_("nama jabatan"), max_length=200)
    kind = models.CharField(_("jenis jabatan"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("jenjang"), max_length=20, choices=Level.choices, blank=True, default="")
    grade = models.PositiveSmallIntegerField(_("kelas jabatan"), null=True, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        ordering = ["unit__path", "-grade", "name"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "unit", "name"], name="position_name_unique_per_unit"),
            models.CheckConstraint(
                condition=models.Q(grade__isnull=True) | models.Q(grade__gte=1, grade__lte=17),
                name="position_grade_1_17",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EmployeeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Employee(TimeStampedModel):
    """Pegawai: a civil servant (PNS/CPNS) or contract employee (PPPK). Never hard-deleted."""

    class Status(models.TextChoices):
        PNS = "pns", _("PNS")
        CPNS = "cpns", _("CPNS")
        PPPK = "pppk", _("PPPK")
        PPPK_PARUH_WAKTU = "pppk_pw", _("PPPK Paruh Waktu")

    class Gender(models.TextChoices):
        MALE = rules.Gender.MALE.value, _("Laki-laki")
        FEMALE = rules.Gender.FEMALE.value, _("Perempuan")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="employees")
    nip = models.CharField(_("NIP"), max_length=18)
    name = models.CharField(_("nama"), max_length=150)
    front_title = models.CharField(_("gelar depan"), max_length=40, blank=True)
    back_title = models.CharField(_("gelar belakang"), max_length=60, blank=True)
    status = models.CharField(_("status kepegawaian"), max_length=10, choices=Status.choices, default=Status.PNS)
    rank = models.CharField(_("golongan/ruang"), max_length=10, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="employees", verbose_name=_("unit kerja"))
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, null=True, blank=True, related_name="holders", verbose_name=_("jabatan")
    )
    supervisor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subordinates",
        verbose_name=_("atasan langsung"),
    )
    birth_date = models.DateField(_("tanggal lahir"))
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    cpns_start = models.DateField(_("TMT CPNS"), null=True, blank=True)
    # Start of the current rank (TMT pangkat): years in rank for promotion (development app).
    rank_start = models.DateField(_("TMT pangkat"), null=True, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "nip"], name="employee_nip_unique_per_instansi"),
            models.CheckConstraint(condition=~models.Q(supervisor=models.F("id")), name="employee_not_own_supervisor"),
        ]
        indexes = [
            # Employee list of a unit subtree, by name: WHERE instansi_id=? AND unit_id IN (...) ORDER BY name
            models.Index(fields=["instansi", "unit", "name"], name="employee_instansi_unit_name"),
            # Subordinates of a supervisor (atasan inbox, home page).
            models.Index(fields=["instansi", "supervisor"], name="employee_instansi_supervisor"),
            # Search by name within an instansi.
            models.Index(fields=["instansi", "name"], name="employee_instansi_name"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.nip})"

    @property
    def display_name(self) -> str:
        return rules.full_name(self.name, self.front_title, self.back_title)

    @property
    def nip_formatted(self) -> str:
        try:
            return rules.parse_nip(self.nip, kind=self.nip_kind).formatted
        except rules.NipError:
            return self.nip

    @property
    def nip_kind(self) -> rules.NipKind:
        return (
            rules.NipKind.PPPK if self.status in {self.Status.PPPK, self.Status.PPPK_PARUH_WAKTU} else rules.NipKind.PNS
        )

    @property
    def rank_label(self) -> str:
        pangkat = rules.PNS_RANKS.get(self.rank) or rules.PPPK_RANKS.get(self.rank, "")
        return f"{pangkat} ({self.rank})" if pangkat and self.rank in rules.PNS_RANKS else pangkat or self.rank

    def clean(self) -> None:
        if self.supervisor_id and self.supervisor_id == self.pk:
            raise ValidationError({"supervisor": _("Pegawai tidak dapat menjadi atasan dirinya sendiri.")})


class ImportBatch(TimeStampedModel):
    """An uploaded import file, kept from the dry run to its application (and for audit)."""

    class Kind(models.TextChoices):
        EMPLOYEES = "employees", _("Pegawai dan jabatan")
        UNITS = "units", _("Unit kerja")

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Pratinjau")
        INVALID = "invalid", _("Tidak valid")
        APPLIED = "applied", _("Diterapkan")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="imports")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    summary = models.JSONField(default=dict)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["instansi", "-created_at"], name="import_instansi_created")]
