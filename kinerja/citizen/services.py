"""Citizen voice writes: every one validated, in a transaction, all or nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import uuid

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.core.i18n import deferred
from kinerja.notifications.models import Kind as NotificationKind
from kinerja.notifications.services import notify
from kinerja.org.models import Employee, Instansi, Unit

from . import rules
from .models import (
    Complaint,
    ComplaintCategory,
    ComplaintEvent,
    ServiceSettings,
    SurveyPoint,
    SurveyResponse,
    attachment_storage,
)

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


# ------------------------------------------------------------------------- complaint categories
def categories_ensure(instansi: Instansi) -> None:
    """Gives an instansi that never had complaint categories the default list (idempotent)."""
    if ComplaintCategory.objects.filter(instansi=instansi).exists():
        return
    ComplaintCategory.objects.bulk_create(
        [
            ComplaintCategory(instansi=instansi, name=name, order=n)
            for n, name in enumerate(rules.DEFAULT_CATEGORIES, start=1)
        ],
        ignore_conflicts=True,  # two first visitors at once
    )


def categories_for(instansi: Instansi) -> QuerySet[ComplaintCategory]:
    """The categories a citizen may choose (the defaults are written on first use)."""
    categories_ensure(instansi)
    return ComplaintCategory.objects.filter(instansi=instansi, is_active=True).order_by("order", "pk")


@transaction.atomic
def category_create(*, instansi: Instansi, name: str) -> ComplaintCategory:
    categories_ensure(instansi)
    name = " ".join(rules.clean_text(name).split())
    existing = ComplaintCategory.objects.filter(instansi=instansi).values_list("name", flat=True)
    problem = rules.category_name_problem(name, existing)
    if problem is None:
        problem = rules.text_problem(name, limit=rules.CATEGORY_NAME_LIMIT)
    if problem:
        message, params = problem
        raise ValidationError({"name": _(message) % params})
    last = ComplaintCategory.objects.filter(instansi=instansi).aggregate(m=Max("order"))["m"] or 0
    return ComplaintCategory.objects.create(instansi=instansi, name=name, order=last + 1)


@transaction.atomic
def category_set_active(*, category: ComplaintCategory, active: bool) -> ComplaintCategory:
    """Switches a category off (kept on the complaints that carry it) or on again; the last active
    category cannot be switched off, or the public form would offer none."""
    if (
        not active
        and not (
            ComplaintCategory.objects.filter(instansi_id=category.instansi_id, is_active=True).exclude(pk=category.pk)
        ).exists()
    ):
        raise ValidationError(_("Sisakan paling sedikit satu kategori aktif."))
    category.is_active = active
    category.save(update_fields=["is_active"])
    return category


# ------------------------------------------------------------------------- complaint attachments
IMAGE_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
EXTENSIONS = {"jpeg": ".jpg", "png": ".png", "webp": ".webp", "pdf": ".pdf"}


def _refuse(problem: tuple[str, dict]) -> ValidationError:
    message, params = problem
    return ValidationError({"attachment": _(message) % params})


def _clean_image(upload: UploadedFile, kind: str) -> bytes:
    """The photo re-encoded from its pixels alone: turned upright by its EXIF orientation, scaled
    to rules.MAX_IMAGE_SIDE, and saved with no EXIF, GPS, XMP or comments."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    unreadable = ValidationError({"attachment": _("Foto rusak atau tidak dapat dibaca.")})
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if (image.format or "").upper() != IMAGE_FORMATS[kind]:
                raise unreadable
            width, height = image.size
            problem = rules.attachment_problem(upload.size, kind, pixels=width * height)
            if problem:
                raise _refuse(problem)
            image.load()
            upright = ImageOps.exif_transpose(image)
            size = rules.scaled_size(*upright.size)
            if size != upright.size:
                upright = upright.resize(size, Image.Resampling.LANCZOS)
            if kind == "jpeg" and upright.mode not in ("RGB", "L", "CMYK"):
                upright = upright.convert("RGB")
            elif kind == "webp" and upright.mode not in ("RGB", "RGBA"):
                upright = upright.convert("RGBA")
            upright.info = {}  # nothing of the original's metadata rides along
            out = io.BytesIO()
            options = {"quality": 85} if kind in ("jpeg", "webp") else {"optimize": True}
            upright.save(out, format=IMAGE_FORMATS[kind], **options)
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise unreadable from None
    finally:
        upload.seek(0)
    return out.getvalue()


def attachment_check(upload: UploadedFile) -> tuple[str, str, bytes]:
    """Checks a citizen's photo or PDF by its content and size: (kind, mime, the bytes to store).
    A photo comes back re-encoded without metadata; a PDF as it is, once it is seen whole."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = rules.sniff_attachment(head)
    problem = rules.attachment_problem(upload.size or 0, kind)
    if problem:
        raise _refuse(problem)
    if kind in rules.IMAGE_KINDS:
        content = _clean_image(upload, kind)
    else:
        content = upload.read()
        upload.seek(0)
        if b"%%EOF" not in content[-1024:]:
            raise ValidationError({"attachment": _("Dokumen PDF rusak atau tidak lengkap.")})
    return kind, rules.ATTACHMENT_TYPES[kind], content


def _store_attachment(kind: str, content: bytes) -> str:
    """Writes the checked bytes under a generated name (the citizen's file name is a label only)."""
    name = f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}{EXTENSIONS[kind]}"
    return attachment_storage().save(name, ContentFile(content))


# ------------------------------------------------------------------------------------ complaints
def officer_choices(unit: Unit) -> QuerySet[Employee]:
    """The officers a citizen may name: the active employees of the service unit (and its sub-units)."""
    return Employee.objects.filter(
        instansi_id=unit.instansi_id, is_active=True, unit__path__startswith=unit.path
    ).order_by("name")


def complaint_submit(
    *,
    unit: Unit,
    subject: str,
    description: str,
    contact_name: str = "",
    contact: str = "",
    category_id: int | str | None = None,
    officer_id: int | str | None = None,
    attachment: UploadedFile | None = None,
    device: str = "",
    ip: str = "",
    honeypot: str = "",
) -> Complaint:
    """Files a citizen's complaint. The category must be an active one of the unit's instansi, the
    officer (optional) one of the unit's own, and the attachment (optional) a photo or PDF that
    passes attachment_check; any problem refuses the whole complaint and stores nothing."""
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
    category = officer = None
    if category_id not in (None, ""):
        category = (
            categories_for(unit.instansi).filter(pk=int(category_id)).first() if str(category_id).isdigit() else None
        )
        if category is None:
            errors["category"] = _("Kategori pengaduan tidak dikenal. Pilih dari daftar.")
    if officer_id not in (None, ""):
        officer = officer_choices(unit).filter(pk=int(officer_id)).first() if str(officer_id).isdigit() else None
        if officer is None:
            errors["officer"] = _("Petugas yang dipilih tidak bertugas di unit layanan ini.")
    checked = None
    if attachment is not None:
        try:
            checked = attachment_check(attachment)
        except ValidationError as error:
            errors.update({field: messages[0] for field, messages in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    sla = service_settings(unit)
    stored = _store_attachment(checked[0], checked[2]) if checked else ""
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
                    category=category,
                    officer=officer,
                    attachment=stored,
                    attachment_name=(attachment.name or "")[:200] if checked else "",
                    attachment_type=checked[1] if checked else "",
                    attachment_size=len(checked[2]) if checked else 0,
                    response_hours=sla.response_hours,
                    resolution_hours=sla.resolution_hours,
                    device=hashed(device),
                    ip_hash=hashed(ip),
                )
                ComplaintEvent.objects.create(complaint=complaint, status=complaint.status)
                return complaint
        except IntegrityError:  # the code collided: draw another
            continue
    if stored:
        attachment_storage().delete(stored)
    raise ValidationError(_("Pengaduan belum dapat disimpan. Coba lagi."))


@transaction.atomic
def complaint_attach(*, complaint: Complaint, upload: UploadedFile) -> Complaint:
    """Adds the photo or document to a complaint filed without one (the API files the text
    first), while it still waits for the unit: a handled complaint's record is not changed."""
    complaint = _locked(complaint)
    if complaint.attachment:
        raise ValidationError({"attachment": _("Pengaduan ini sudah memiliki lampiran.")})
    if complaint.status != Complaint.Status.NEW:
        raise ValidationError({"attachment": _("Lampiran hanya dapat ditambahkan sebelum pengaduan ditangani.")})
    kind, mime, content = attachment_check(upload)
    stored = _store_attachment(kind, content)
    complaint.attachment = stored
    complaint.attachment_name = (upload.name or "")[:200]
    complaint.attachment_type = mime
    complaint.attachment_size = len(content)
    complaint.save(update_fields=["attachment", "attachment_name", "attachment_type", "attachment_size", "updated_at"])
    return complaint


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
def complaint_rate(*, complaint: Complaint, rating: int | str, comment: str = "") -> Complaint:
    """The citizen's rating of the resolution, 1–4 ("tepat" from rules.TEPAT_MIN up), given once,
    with the tracking code, after the unit resolved the complaint."""
    complaint = _locked(complaint)
    problem = rules.rating_problem(
        status_resolved=complaint.status == Complaint.Status.RESOLVED,
        already_rated=complaint.rating is not None,
        rating=rating,
    )
    if problem:
        message, params = problem
        field = "rating" if complaint.status == Complaint.Status.RESOLVED and complaint.rating is None else "__all__"
        raise ValidationError({field: _(message) % params})
    errors: dict[str, str] = {}
    comment = _check_text(errors, "rating_comment", comment, SUGGESTION_LIMIT)
    if errors:
        raise ValidationError(errors)
    complaint.rating, complaint.rating_comment = int(str(rating)), comment
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
