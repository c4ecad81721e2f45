"""Citizen voice writes: every one validated, in a transaction, all or nothing."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.core.i18n import deferred
from kinerja.notifications.models import Kind as NotificationKind
from kinerja.notifications.services import notify
from kinerja.org.models import Employee, Unit

from . import rules
from .models import Complaint, ComplaintEvent, ServiceSettings, SurveyPoint, SurveyResponse

VISIT_SALT = "kinerja.citizen.visit"
VISIT_MAX_AGE = 2 * 60 * 60  # a survey page may stay open two hours
SUGGESTION_LIMIT = 2000
COMPLAINT_LIMIT = 4000


class Honeypot(Exception):
    """A bot filled the hidden field: answer as if accepted, store nothing."""


def hashed(value: str) -> str:
    """IPs and device ids are kept only as salted hashes."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest() if value else ""


def visit_token(point: SurveyPoint) -> str:
    return signing.dumps({"p": point.pk, "n": rules.new_tracking_code()}, salt=VISIT_SALT)


def _check_text(errors: dict, field: str, text: str, limit: int) -> str:
    text = rules.clean_text(text)
    problem = rules.text_problem(text, limit=limit)
    if problem:
        message, params = problem
        errors[field] = _(message) % params
    return text


def survey_submit(
    *,
    point: SurveyPoint,
    answers: dict,
    token: str,
    device: str = "",
    ip: str = "",
    honeypot: str = "",
    gender: str = "",
    age: int | str | None = None,
    education: str = "",
    occupation: str = "",
    service: str = "",
    suggestion: str = "",
) -> SurveyResponse:
    if honeypot:
        raise Honeypot
    errors = {
        code: _(message) % {"label": _(params["label"])}
        for code, (message, params) in rules.answer_problems(answers).items()
    }
    suggestion = _check_text(errors, "suggestion", suggestion, SUGGESTION_LIMIT)
    service = _check_text(errors, "service", service, 150)
    age = str(age).strip() if age is not None else ""
    if age and not (age.isdigit() and 10 <= int(age) <= 120):
        errors["age"] = _("Usia harus antara 10 dan 120 tahun.")
    if gender not in ("", *SurveyResponse.Gender.values):
        errors["gender"] = _("Pilihan tidak dikenal.")
    if education not in ("", *SurveyResponse.Education.values):
        errors["education"] = _("Pilihan tidak dikenal.")
    if occupation not in ("", *SurveyResponse.Occupation.values):
        errors["occupation"] = _("Pilihan tidak dikenal.")
    try:
        payload = signing.loads(token, salt=VISIT_SALT, max_age=VISIT_MAX_AGE)
        if payload.get("p") != point.pk:
            raise signing.BadSignature
    except signing.SignatureExpired:
        errors["__all__"] = _("Halaman survei sudah terlalu lama dibuka. Muat ulang lalu isi kembali.")
    except signing.BadSignature:
        errors["__all__"] = _("Formulir survei tidak sah. Buka ulang tautan survei.")
    if errors:
        raise ValidationError(errors)
    if not point.is_active:
        raise ValidationError(_("Survei untuk layanan ini sedang ditutup."))
    now = timezone.now()
    device_hash = hashed(device)
    # Only the device's answers inside the repeat window are read, not its whole history.
    recent = (
        SurveyResponse.objects.filter(
            device=device_hash,
            unit_id=point.unit_id,
            submitted_at__gt=now - dt.timedelta(minutes=rules.REPEAT_MINUTES),
        ).values_list("submitted_at", flat=True)
        if device_hash
        else []
    )
    flagged = rules.is_rapid_repeat(list(recent), now)
    try:
        with transaction.atomic():
            return SurveyResponse.objects.create(
                instansi_id=point.instansi_id,
                unit_id=point.unit_id,
                point=point,
                submitted_on=timezone.localdate(now, timezone=point.instansi.tzinfo),
                **{code: int(answers[code]) for code in rules.ELEMENT_CODES},
                gender=gender,
                age=int(age) if age else None,
                education=education,
                occupation=occupation,
                service=service,
                suggestion=suggestion,
                visit_token=hashed(token),
                device=device_hash,
                ip_hash=hashed(ip),
                is_flagged=flagged,
                flag_reason=_("Jawaban berulang dari perangkat yang sama") if flagged else "",
            )
    except IntegrityError:
        raise ValidationError(_("Jawaban survei ini sudah terkirim. Terima kasih.")) from None


def service_settings(unit: Unit) -> rules.Sla:
    current = ServiceSettings.objects.filter(unit=unit).first()
    return rules.Sla(current.response_hours, current.resolution_hours) if current else rules.DEFAULT_SLA


@transaction.atomic
def settings_save(*, unit: Unit, response_hours: int, resolution_hours: int) -> ServiceSettings:
    if not 1 <= response_hours <= 720 or not 1 <= resolution_hours <= 2160:
        raise ValidationError(_("Target SLA harus antara 1 jam dan 90 hari."))
    if resolution_hours < response_hours:
        raise ValidationError({"resolution_hours": _("Target selesai tidak boleh lebih cepat dari target tanggap.")})
    current, _created = ServiceSettings.objects.update_or_create(
        unit=unit, defaults={"response_hours": response_hours, "resolution_hours": resolution_hours}
    )
    return current


def complaint_submit(
    *,
    unit: Unit,
    subject: str,
    description: str,
    contact_name: str = "",
    contact: str = "",
    device: str = "",
    ip: str = "",
    honeypot: str = "",
) -> Complaint:
    if honeypot:
        raise Honeypot
    errors: dict[str, str] = {}
    subject = _check_text(errors, "subject", subject, 150)
    description = _check_text(errors, "description", description, COMPLAINT_LIMIT)
    contact_name = _check_text(errors, "contact_name", contact_name, 100)
    contact = _check_text(errors, "contact", contact, 100)
    if not subject and "subject" not in errors:
        errors["subject"] = _("Tuliskan perihal pengaduan.")
    if len(description) < 10 and "description" not in errors:
        errors["description"] = _("Uraikan pengaduan Anda (paling sedikit 10 karakter).")
    if errors:
        raise ValidationError(errors)
    sla = service_settings(unit)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                complaint = Complaint.objects.create(
                    instansi_id=unit.instansi_id,
                    unit=unit,
                    code=rules.new_tracking_code(),
                    subject=subject,
                    description=description,
                    contact_name=contact_name,
                    contact=contact,
                    response_hours=sla.response_hours,
                    resolution_hours=sla.resolution_hours,
                    device=hashed(device),
                    ip_hash=hashed(ip),
                )
                ComplaintEvent.objects.create(complaint=complaint, status=complaint.status)
                return complaint
        except IntegrityError:  # the code collided: draw another
            continue
    raise ValidationError(_("Pengaduan belum dapat disimpan. Coba lagi."))


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


@transaction.atomic
def complaint_assign(*, complaint: Complaint, employee: Employee, by) -> Complaint:
    complaint = _locked(complaint)
    unit = complaint.unit
    if employee.instansi_id != complaint.instansi_id or not employee.is_active:
        raise ValidationError({"employee": _("Pilih pegawai aktif dari instansi ini.")})
    if not employee.unit.path.startswith(unit.path):
        raise ValidationError({"employee": _("Pegawai harus berada di unit layanan ini.")})
    if complaint.status == Complaint.Status.RESOLVED:
        raise ValidationError(_("Pengaduan sudah selesai."))
    complaint.assigned_to = employee
    complaint.assigned_at = timezone.now()
    if complaint.status == Complaint.Status.NEW:
        complaint.status = Complaint.Status.ASSIGNED
    complaint.save()
    ComplaintEvent.objects.create(complaint=complaint, status=complaint.status, by=by)
    notify(
        User.objects.filter(employee=employee).first(),
        NotificationKind.COMPLAINT_ASSIGNED,
        text=deferred("Pengaduan %(code)s ditugaskan kepada Anda: %(subject)s")
        % {"code": complaint.code_display, "subject": complaint.subject[:120]},
        url=reverse("citizen:complaint_detail", args=[complaint.pk]),
    )
    return complaint


def _require_handler(complaint: Complaint, by) -> None:
    if by.employee_id is None or by.employee_id != complaint.assigned_to_id:
        raise ValidationError(_("Hanya petugas yang ditugaskan yang dapat menanggapi pengaduan ini."))


@transaction.atomic
def complaint_respond(*, complaint: Complaint, by, text: str, resolve: bool = False) -> Complaint:
    """The assigned employee answers (the first answer stops the response clock); `resolve` closes
    it (the resolution clock)."""
    complaint = _locked(complaint)
    _require_handler(complaint, by)
    if complaint.status == Complaint.Status.RESOLVED:
        raise ValidationError(_("Pengaduan sudah selesai."))
    errors: dict[str, str] = {}
    text = _check_text(errors, "text", text, COMPLAINT_LIMIT)
    if not text and "text" not in errors:
        errors["text"] = _("Tuliskan tanggapan untuk pelapor.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    complaint.responded_at = complaint.responded_at or now
    complaint.status = Complaint.Status.RESOLVED if resolve else Complaint.Status.RESPONDED
    if resolve:
        complaint.resolved_at = now
    complaint.save()
    ComplaintEvent.objects.create(complaint=complaint, status=complaint.status, text=text, by=by)
    return complaint


@transaction.atomic
def complaint_rate(*, complaint: Complaint, rating: int, comment: str = "") -> Complaint:
    complaint = _locked(complaint)
    if complaint.status != Complaint.Status.RESOLVED:
        raise ValidationError(_("Penilaian dapat diberikan setelah pengaduan selesai."))
    if complaint.rating is not None:
        raise ValidationError(_("Penyelesaian pengaduan ini sudah dinilai."))
    if rating not in rules.SCALE:
        raise ValidationError({"rating": _("Pilih nilai 1 sampai 4.")})
    errors: dict[str, str] = {}
    comment = _check_text(errors, "rating_comment", comment, SUGGESTION_LIMIT)
    if errors:
        raise ValidationError(errors)
    complaint.rating, complaint.rating_comment = rating, comment
    complaint.save(update_fields=["rating", "rating_comment", "updated_at"])
    return complaint


@transaction.atomic
def moderate(*, obj: SurveyResponse | Complaint, hidden: bool, by) -> None:
    """Hides (or shows again) a citizen's free text; nothing is deleted."""
    obj.is_hidden = hidden
    obj.hidden_by = by if hidden else None
    obj.save(update_fields=["is_hidden", "hidden_by"])


@transaction.atomic
def point_create(*, unit: Unit, counter: str = "") -> SurveyPoint:
    counter = rules.clean_text(counter)[:100]
    if SurveyPoint.objects.filter(unit=unit, counter=counter).exists():
        raise ValidationError({"counter": _("Titik survei untuk unit dan loket ini sudah ada.")})
    return SurveyPoint.objects.create(instansi_id=unit.instansi_id, unit=unit, counter=counter)
