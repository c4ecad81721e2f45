"""Citizen voice: survey points (a unit or one of its counters) with a public link and QR poster,
survey responses (the nine IKM elements as columns, so the index is one AVG per element in the
database), complaints with a public tracking code, their public history, and the SLA targets of
each unit. Free text from the public is never deleted: moderation hides it."""

import os
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kinerja.core.models import TimeStampedModel
from kinerja.org.models import Employee, Instansi, Unit

from . import rules


def new_point_token() -> str:
    return secrets.token_urlsafe(9)


class SurveyPoint(TimeStampedModel):
    """Where a citizen is asked: the unit itself, or one counter (loket) of it."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="survey_points", verbose_name=_("unit"))
    counter = models.CharField(_("loket (opsional)"), max_length=100, blank=True)
    token = models.CharField(max_length=20, unique=True, default=new_point_token, editable=False)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "counter"], name="survey_point_unique")]

    def __str__(self) -> str:
        return f"{self.unit.name} · {self.counter}" if self.counter else self.unit.name


class ServiceSettings(models.Model):
    """A unit's complaint SLA targets (configurable per unit)."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="service_settings")
    response_hours = models.PositiveSmallIntegerField(
        _("target waktu tanggap (jam)"), default=rules.DEFAULT_SLA.response_hours
    )
    resolution_hours = models.PositiveSmallIntegerField(
        _("target waktu selesai (jam)"), default=rules.DEFAULT_SLA.resolution_hours
    )

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.response_hours}/{self.resolution_hours} h"


class SurveyResponse(models.Model):
    class Gender(models.TextChoices):
        MALE = "L", _("Laki-laki")
        FEMALE = "P", _("Perempuan")

    class Education(models.TextChoices):
        SD = "sd", _("SD atau di bawahnya")
        SMP = "smp", _("SMP")
        SMA = "sma", _("SMA/SMK")
        D = "diploma", _("Diploma")
        S1 = "s1", _("S1")
        S2 = "s2", _("S2 ke atas")

    class Occupation(models.TextChoices):
        ASN = "asn", _("PNS/PPPK/TNI/Polri")
        PRIVATE = "swasta", _("Pegawai swasta")
        SELF = "wirausaha", _("Wirausaha")
        STUDENT = "pelajar", _("Pelajar/Mahasiswa")
        OTHER = "lainnya", _("Lainnya")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="survey_responses")
    point = models.ForeignKey(SurveyPoint, on_delete=models.PROTECT, related_name="responses")
    submitted_at = models.DateTimeField(auto_now_add=True)
    submitted_on = models.DateField()  # in the instansi's time zone: the period it counts in
    u1 = models.PositiveSmallIntegerField()
    u2 = models.PositiveSmallIntegerField()
    u3 = models.PositiveSmallIntegerField()
    u4 = models.PositiveSmallIntegerField()
    u5 = models.PositiveSmallIntegerField()
    u6 = models.PositiveSmallIntegerField()
    u7 = models.PositiveSmallIntegerField()
    u8 = models.PositiveSmallIntegerField()
    u9 = models.PositiveSmallIntegerField()
    # Respondent profile (PermenPANRB 14/2017): personal data, shown to the instansi's admins only.
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices, blank=True)
    age = models.PositiveSmallIntegerField(_("usia"), null=True, blank=True)
    education = models.CharField(_("pendidikan"), max_length=10, choices=Education.choices, blank=True)
    occupation = models.CharField(_("pekerjaan"), max_length=10, choices=Occupation.choices, blank=True)
    service = models.CharField(_("jenis layanan yang diterima"), max_length=150, blank=True)
    suggestion = models.TextField(_("saran dan masukan"), blank=True)
    visit_token = models.CharField(max_length=64, unique=True)  # one response per page visit
    device = models.CharField(max_length=64, blank=True, db_index=True)
    ip_hash = models.CharField(max_length=64, blank=True)
    is_flagged = models.BooleanField(default=False)  # kept, left out of the index
    flag_reason = models.CharField(max_length=100, blank=True)
    is_hidden = models.BooleanField(default=False)  # the suggestion, after moderation
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["unit", "submitted_on"], name="survey_unit_day")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    **{f"{code}__gte": 1 for code in rules.ELEMENT_CODES},
                    **{f"{code}__lte": 4 for code in rules.ELEMENT_CODES},
                ),
                name="survey_scores_1_to_4",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.submitted_on}"


class AttachmentStorage(FileSystemStorage):
    """MEDIA_ROOT/complaints, read from the settings at each use (tests move MEDIA_ROOT)."""

    @property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, "complaints")

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def attachment_storage() -> FileSystemStorage:
    """Citizens' attachments are private (no URL): served only by the access-checked staff view."""
    return AttachmentStorage(base_url=None)


class ComplaintCategory(models.Model):
    """A kind of complaint, configurable per instansi (defaults: rules.DEFAULT_CATEGORIES).
    A category in use is never deleted: it is switched off and stays on its complaints."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("nama kategori"), max_length=rules.CATEGORY_NAME_LIMIT)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["instansi", "name"], name="complaint_category_unique")]

    def __str__(self) -> str:
        return self.name


class Complaint(TimeStampedModel):
    class Status(models.TextChoices):
        NEW = "new", _("Diterima")
        ASSIGNED = "assigned", _("Ditangani petugas")
        RESPONDED = "responded", _("Sudah ditanggapi")
        RESOLVED = "resolved", pgettext_lazy("pengaduan", "Selesai")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("unit layanan"))
    code = models.CharField(max_length=12, unique=True)
    subject = models.CharField(_("perihal"), max_length=150)
    description = models.TextField(_("uraian pengaduan"))
    contact_name = models.CharField(_("nama (opsional)"), max_length=100, blank=True)
    contact = models.CharField(_("nomor HP atau surel (opsional)"), max_length=100, blank=True)
    category = models.ForeignKey(
        ComplaintCategory, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    # The officer the complaint is about, when the citizen knows them (not necessarily its handler).
    officer = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints_concerning"
    )
    # One photo (stored re-encoded, without EXIF/location) or PDF; the citizen's name is a label only.
    attachment = models.FileField(storage=attachment_storage, upload_to="%Y/%m/", blank=True, max_length=200)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_type = models.CharField(max_length=40, blank=True)
    attachment_size = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    assigned_to = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints_assigned"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    # The unit's targets when filed.
    response_hours = models.PositiveSmallIntegerField(default=rules.DEFAULT_SLA.response_hours)
    resolution_hours = models.PositiveSmallIntegerField(default=rules.DEFAULT_SLA.resolution_hours)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)  # the citizen's 1–4 on the resolution
    rating_comment = models.TextField(blank=True)
    device = models.CharField(max_length=64, blank=True)
    ip_hash = models.CharField(max_length=64, blank=True)
    is_hidden = models.BooleanField(default=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["unit", "status"], name="complaint_unit_status"),
            models.Index(fields=["assigned_to", "resolved_at"], name="complaint_assignee"),
            # "Complaints concerning me" on the officer's page: WHERE officer_id = ?
            models.Index(fields=["officer", "created_at"], name="complaint_officer"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=4),
                name="complaint_rating_1_to_4",
            )
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def code_display(self) -> str:
        return rules.format_tracking_code(self.code)

    @property
    def is_tepat(self) -> bool | None:
        """The citizen found the resolution proper (None until rated)."""
        return rules.is_tepat(self.rating) if self.rating else None

    @property
    def attachment_is_image(self) -> bool:
        return self.attachment_type.startswith("image/")


class ComplaintEvent(models.Model):
    """One step of a complaint, shown to the citizen on the tracking page (public text only)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=10, choices=Complaint.Status.choices)
    text = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.status}"
