from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class StatusChange(models.Model):
    """One workflow step (from → to, by whom, when, why): history as rows (ARCHITECTURE.md).
    Concrete subclasses add the FK to the object whose status changed."""

    instansi = models.ForeignKey("org.Instansi", on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class UploadBatch(TimeStampedModel):
    """An uploaded file kept from its dry run to its application: the audit trail of a bulk
    change (the file as uploaded, who, when, and the counts). Concrete subclasses: the attendance
    import and the salary import (``kinerja.core.uploads`` holds their shared steps)."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Pratinjau")
        INVALID = "invalid", _("Tidak valid")
        APPLIED = "applied", _("Diterapkan")

    instansi = models.ForeignKey("org.Instansi", on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PREVIEWED)
    summary = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
