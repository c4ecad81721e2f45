"""Reports of wrong master data (supervisor, position, unit) from the employee concerned."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import StatusChange, TimeStampedModel
from kinerja.org.models import Employee, Instansi, Position, Unit

from . import rules


class DataReport(TimeStampedModel):
    class Subject(models.TextChoices):
        SUPERVISOR = rules.Subject.SUPERVISOR.value, _("Atasan langsung")
        POSITION = rules.Subject.POSITION.value, _("Jabatan")
        UNIT = rules.Subject.UNIT.value, _("Unit kerja")

    class Status(models.TextChoices):
        OPEN = rules.ReportStatus.OPEN.value, _("Menunggu admin")
        FIXED = rules.ReportStatus.FIXED.value, _("Sudah diperbaiki")
        REFUSED = rules.ReportStatus.REFUSED.value, _("Ditolak")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="data_reports")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("data yang salah"), max_length=12, choices=Subject.choices)
    # What was recorded when the report was made: the admin sees what the employee saw.
    recorded = models.CharField(_("tercatat"), max_length=300, blank=True)
    wanted = models.TextField(_("seharusnya"), max_length=rules.MAX_TEXT)
    # The correct record, when the employee could name it (a supervisor's NIP, a unit).
    wanted_supervisor = models.ForeignKey(Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    wanted_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    wanted_position = models.ForeignKey(Position, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.TextField(_("catatan"), max_length=1000, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("alasan"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One open report per employee and subject: a second tap files nothing twice.
            models.UniqueConstraint(
                fields=["employee", "subject"], condition=models.Q(status="open"), name="datareport_one_open"
            )
        ]
        indexes = [
            # The admin's queue and the menu count: WHERE instansi_id=? AND status=? ORDER BY created_at
            models.Index(fields=["instansi", "status", "created_at"], name="datareport_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.subject} {self.status}"


class DataReportStatusChange(StatusChange):
    report = models.ForeignKey(DataReport, on_delete=models.CASCADE, related_name="status_changes")

    class Meta(StatusChange.Meta):
        pass

    @property
    def to_label(self) -> str:
        return str(DataReport.Status(self.to_status).label)
