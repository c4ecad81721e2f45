"""Service queue (antrian) of a service unit: services (KTP-el, akta kelahiran…) with opening
hours and a switch, counters (loket) and the officers on each per day, the tickets of each day
with their calls as rows, the survey answer of a ticket's visit (which carries the officer and
the service), and the documents a visit hands in, to measure turnaround against targets."""

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.citizen.models import SurveyResponse
from kinerja.core.models import TimeStampedModel
from kinerja.org.models import Employee, Instansi, Unit

from . import rules


def new_ticket_token() -> str:
    return secrets.token_urlsafe(12)


class Service(TimeStampedModel):
    """A service of a unit, with its ticket letter and hours; also the document type whose
    turnaround is measured when it has a target."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="queue_services", verbose_name=_("unit"))
    name = models.CharField(_("nama layanan"), max_length=100)
    code = models.CharField(_("huruf tiket"), max_length=3, help_text=_("Mis. A untuk KTP-el: tiket A-001."))
    opens_at = models.TimeField(_("jam buka"), default=dt.time(8, 0))
    closes_at = models.TimeField(_("jam tutup"), default=dt.time(15, 0))
    weekdays = models.CharField(_("hari buka"), max_length=7, default=rules.WEEKDAYS)
    is_open = models.BooleanField(_("buka"), default=True)
    # Document turnaround target (submitted → ready), in calendar days; empty: no document.
    target_days = models.PositiveSmallIntegerField(_("target dokumen selesai (hari)"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["unit", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="frontdesk_service_code")]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"


class Counter(TimeStampedModel):
    """A counter (loket) and the services it calls."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="queue_counters", verbose_name=_("unit"))
    name = models.CharField(_("nama loket"), max_length=60)
    services = models.ManyToManyField(Service, related_name="counters", verbose_name=_("layanan"))
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["unit", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="frontdesk_counter_name")]

    def __str__(self) -> str:
        return self.name


class Shift(models.Model):
    """An officer on a counter for one day."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    counter = models.ForeignKey(Counter, on_delete=models.CASCADE, related_name="shifts")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="counter_shifts")
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["counter", "employee", "day"], name="frontdesk_shift_unique")]
        # "which counters is this officer on today" (the counter page's access and the home page)
        indexes = [models.Index(fields=["employee", "day"], name="frontdesk_shift_employee_day")]

    def __str__(self) -> str:
        return f"{self.counter_id} {self.employee_id} {self.day}"


class Ticket(models.Model):
    class Status(models.TextChoices):
        WAITING = rules.WAITING, _("Menunggu")
        CALLED = rules.CALLED, _("Dipanggil")
        SERVED = rules.SERVED, _("Selesai")
        SKIPPED = rules.SKIPPED, _("Dilewati")

    class Priority(models.TextChoices):
        NONE = "", _("Reguler")
        ELDERLY = "lansia", _("Lanjut usia")
        DISABLED = "disabilitas", _("Penyandang disabilitas")
        PREGNANT = "hamil", _("Ibu hamil")

    class Source(models.TextChoices):
        KIOSK = "kiosk", _("Anjungan")
        PHONE = "phone", _("Ponsel")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="tickets")
    day = models.DateField()  # in the instansi's time zone: numbers restart at its midnight
    number = models.PositiveIntegerField()
    code = models.CharField(max_length=3)  # the service's letter when taken (the label never changes)
    token = models.CharField(max_length=24, unique=True, default=new_ticket_token, editable=False)
    priority = models.CharField(max_length=12, choices=Priority.choices, blank=True, default="")
    source = models.CharField(max_length=5, choices=Source.choices, default=Source.KIOSK)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.WAITING)
    taken_at = models.DateTimeField()
    queued_at = models.DateTimeField()  # entered its current service's queue (a transfer moves it)
    called_at = models.DateTimeField(null=True, blank=True)  # first call in the current service
    last_called_at = models.DateTimeField(null=True, blank=True)  # recalls too: the display chimes
    served_at = models.DateTimeField(null=True, blank=True)
    counter = models.ForeignKey(Counter, on_delete=models.PROTECT, null=True, blank=True, related_name="tickets")
    officer = models.ForeignKey(Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    wait_seconds = models.PositiveIntegerField(null=True, blank=True)  # queued → called
    service_seconds = models.PositiveIntegerField(null=True, blank=True)  # called → served
    transfers = models.PositiveSmallIntegerField(default=0)

    class Meta:
        # The number is drawn per letter (a transferred ticket keeps its letter and number).
        constraints = [
            models.UniqueConstraint(fields=["unit", "day", "code", "number"], name="frontdesk_ticket_number")
        ]
        indexes = [
            # the waiting queue of a unit's day (call next, the display, the phone's position)
            models.Index(fields=["unit", "day", "status"], name="frontdesk_ticket_unit_day"),
            # an officer's served tickets over a period (the SKP metrics)
            models.Index(fields=["officer", "day"], name="frontdesk_ticket_officer_day"),
            # the latest calls of a unit's day (the display, the priority streak of call next)
            models.Index(fields=["unit", "day", "last_called_at"], name="frontdesk_ticket_last_call"),
            # the ticket a counter is serving (call next refuses while there is one)
            models.Index(fields=["counter", "day", "status"], name="frontdesk_ticket_counter"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return rules.ticket_label(self.code, self.number)

    @property
    def is_priority(self) -> bool:
        return bool(self.priority)


class TicketEvent(models.Model):
    """One step of a ticket (taken, called, recalled, skipped, transferred, served) as a row."""

    class Kind(models.TextChoices):
        TAKEN = "taken", _("Diambil")
        CALLED = "called", _("Dipanggil")
        RECALLED = "recalled", _("Dipanggil ulang")
        SKIPPED = "skipped", _("Dilewati")
        REQUEUED = "requeued", _("Dikembalikan ke antrian")
        TRANSFERRED = "transferred", _("Dipindahkan")
        SERVED = "served", _("Selesai dilayani")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    counter = models.ForeignKey(Counter, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind}"


class TicketSurvey(models.Model):
    """The IKM answer of one visit: at most one per ticket, carrying who served it and what."""

    ticket = models.OneToOneField(Ticket, on_delete=models.PROTECT, related_name="survey")
    response = models.OneToOneField(SurveyResponse, on_delete=models.PROTECT, related_name="ticket_link")
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    counter = models.ForeignKey(Counter, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    officer = models.ForeignKey(Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        # an officer's own score over a period
        indexes = [models.Index(fields=["officer"], name="frontdesk_survey_officer")]

    def __str__(self) -> str:
        return f"{self.ticket_id} → {self.response_id}"


class Document(TimeStampedModel):
    """A document handed in at a counter (KTP-el, akta…), submitted → ready, with the target of
    its type when submitted."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="documents")
    ticket = models.OneToOneField(Ticket, on_delete=models.PROTECT, null=True, blank=True, related_name="document")
    reference = models.CharField(_("nomor registrasi"), max_length=40)
    officer = models.ForeignKey(Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    submitted_on = models.DateField()  # local dates: targets are in days
    ready_on = models.DateField(null=True, blank=True)
    target_days = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "reference"], name="frontdesk_document_reference")]
        # the turnaround of a unit over a period
        indexes = [models.Index(fields=["unit", "submitted_on"], name="frontdesk_document_unit_day")]

    def __str__(self) -> str:
        return self.reference
