"""A long piece of work run by the task worker, and what the admin sees of it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kinerja.core.i18n import render
from kinerja.core.models import TimeStampedModel
from kinerja.org.models import Instansi

from . import rules


class Job(TimeStampedModel):
    class Kind(models.TextChoices):
        EVALUATE = "evaluate", _("Evaluasi kinerja seluruh instansi")
        IMPORT = "import", _("Penerapan impor data pegawai/unit")
        TPP = "tpp", _("Perhitungan TPP bulanan")

    class Status(models.TextChoices):
        QUEUED = rules.QUEUED, _("Menunggu")
        RUNNING = rules.RUNNING, _("Berjalan")
        DONE = rules.DONE, pgettext_lazy("proses latar", "Selesai")
        FAILED = rules.FAILED, _("Gagal")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    key = models.CharField(_("sasaran"), max_length=100, help_text=_("Periode, bulan atau berkas yang diproses."))
    params = models.JSONField(default=dict)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    # The outcome in Indonesian as recorded; ``message_data`` keeps its msgid and parameters
    # (kinerja.core.i18n) so each reader sees it in their language. Old rows have only ``message``.
    message = models.CharField(_("pesan"), max_length=500, blank=True)
    message_data = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["instansi", "-created_at"], name="job_instansi_created")]
        constraints = [
            # One queued or running job per kind and target: a second click shows the first job.
            models.UniqueConstraint(
                fields=["instansi", "kind", "key"],
                condition=models.Q(status__in=[rules.QUEUED, rules.RUNNING]),
                name="job_one_active_per_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key}"

    @property
    def percent(self) -> int:
        return rules.percent(self.done, self.total, self.status)

    @property
    def display_message(self) -> str:
        return render(self.message_data) if self.message_data else self.message

    @property
    def is_finished(self) -> bool:
        return self.status in rules.FINISHED
