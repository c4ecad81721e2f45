"""Training writes: the catalogue, enrolment (proposed by the employee or the supervisor,
approved by the admin), completion with JP and a certificate checked by content like activity
evidence, external training verified by the admin, and the IDP the supervisor confirms."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.activities.services import check_upload
from kinerja.core.i18n import Message, deferred
from kinerja.notifications.models import Kind as NotificationKind
from kinerja.notifications.services import notify
from kinerja.org import access as org_access
from kinerja.org.models import Employee, Instansi
from kinerja.skp.models import Indicator

from . import rules
from .models import Course, DevelopmentPlan, Enrolment, EnrolmentStatusChange, PlanItem

S = Enrolment.Status
MAX_TEXT = 4000
AREAS = {a.value for a in rules.Area}


def local_today(instansi: Instansi) -> dt.date:
    """Every date a tenant's record carries is its own local date."""
    return timezone.localdate(timezone=instansi.tzinfo)


def _log(enrolment: Enrolment, by: User, from_status: str, comment: str = "") -> None:
    EnrolmentStatusChange.objects.create(
        instansi_id=enrolment.instansi_id,
        enrolment=enrolment,
        from_status=from_status,
        to_status=enrolment.status,
        by=by,
        comment=comment[:MAX_TEXT],
    )


def _notify(employee: Employee, text: Message, url: str, kind: str = NotificationKind.TRAINING) -> None:
    """Through the notifications app (kinds: training, coaching, general)."""
    notify(User.objects.filter(employee=employee).select_related("instansi").first(), kind, text=text, url=url)


def _text(value: str, field: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("Isian ini wajib diisi.")})
    if len(value) > limit:
        raise ValidationError({field: _("Isian terlalu panjang (maksimal %(n)s karakter).") % {"n": limit}})
    return value


# ------------------------------------------------------------------------------------ catalogue
@transaction.atomic
def course_save(
    *,
    instansi: Instansi | None,
    by: User,
    title: str,
    area: str,
    jp: int,
    provider: str,
    mode: str = Course.Mode.CLASSICAL,
    value: str = "",
    is_open: bool = True,
    course: Course | None = None,
) -> Course:
    """A course of an instansi's catalogue (``instansi`` None: a national course, superadmin)."""
    if instansi is None:
        if not org_access.is_superadmin(by):
            raise ValidationError(_("Pelatihan nasional hanya dapat dikelola superadmin."))
    elif not org_access.can_manage(by, instansi.pk):
        raise ValidationError(_("Hanya admin kepegawaian yang dapat mengelola katalog pelatihan."))
    if area not in AREAS:
        raise ValidationError({"area": _("Pilih bidang kompetensi.")})
    if mode not in Course.Mode.values:
        raise ValidationError({"mode": _("Pilih moda pelatihan.")})
    if value and area != rules.Area.BERAKHLAK:
        raise ValidationError({"value": _("Nilai BerAKHLAK hanya untuk pelatihan bidang nilai BerAKHLAK.")})
    if not isinstance(jp, int) or not 1 <= jp <= 500:
        raise ValidationError({"jp": _("JP harus antara 1 dan 500.")})
    course = course or Course(instansi=instansi)
    course.title = _text(title, "title", required=True, limit=200)
    course.provider = _text(provider, "provider", required=True, limit=200)
    course.area, course.jp, course.mode, course.value, course.is_open = area, jp, mode, value, bool(is_open)
    course.full_clean()
    course.save()
    return course


# ------------------------------------------------------------------------------------ enrolment
def _proposer_problem(by: User, employee: Employee) -> str | None:
    if by.employee_id == employee.pk or (by.employee_id and employee.supervisor_id == by.employee_id):
        return None
    return _("Usulan pelatihan hanya dapat dibuat oleh pegawai sendiri atau atasan langsungnya.")


@transaction.atomic
def enrolment_propose(
    *,
    employee: Employee,
    course: Course,
    by: User,
    reason: str = "",
    indicators: list[Indicator] | None = None,
    year: int | None = None,
) -> Enrolment:
    problem = _proposer_problem(by, employee)
    if problem:
        raise ValidationError(problem)
    if course.instansi_id not in (None, employee.instansi_id):
        raise ValidationError({"course": _("Pelatihan tidak ada di katalog instansi ini.")})
    if not course.is_open:
        raise ValidationError({"course": _("Pendaftaran pelatihan %(title)s sudah ditutup.") % {"title": course.title}})
    year = year or local_today(employee.instansi).year
    active = Enrolment.objects.filter(employee=employee, course=course, year=year).exclude(status=S.REJECTED)
    if active.exists():
        raise ValidationError({"course": _("Pegawai ini sudah terdaftar pada pelatihan tersebut tahun ini.")})
    indicators = indicators or []
    if any(i.rhk.skp.employee_id != employee.pk for i in indicators):
        raise ValidationError({"indicators": _("Indikator terkait harus indikator SKP pegawai ini.")})
    enrolment = Enrolment.objects.create(
        instansi_id=employee.instansi_id,
        employee=employee,
        course=course,
        year=year,
        proposed_by=by,
        reason=_text(reason, "reason"),
    )
    enrolment.indicators.set(indicators)
    _log(enrolment, by, "")
    return enrolment


def _locked(enrolment: Enrolment) -> Enrolment:
    """The row, locked for the rest of the transaction (only itself: the course may be empty)."""
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("course", "employee", "employee__instansi")
        .get(pk=enrolment.pk)
    )


def _store_certificate(enrolment: Enrolment, upload: UploadedFile | None) -> None:
    """The certificate is checked by content like activity evidence: PDF, images or office
    documents; the stored name is generated, the user's name is only a label."""
    if upload is None:
        raise ValidationError({"certificate": _("Unggah sertifikat atau bukti penyelesaian.")})
    try:
        _kind, mime = check_upload(upload)
    except ValidationError as error:
        raise ValidationError({"certificate": error.messages}) from None
    enrolment.certificate.save(uuid.uuid4().hex, upload, save=False)
    enrolment.certificate_name = (upload.name or "sertifikat")[:200]
    enrolment.certificate_type = mime


def _check_dates(instansi: Instansi, started_on: dt.date | None, completed_on: dt.date | None) -> None:
    if started_on is None or completed_on is None:
        raise ValidationError(_("Isi tanggal mulai dan tanggal selesai."))
    if completed_on < started_on:
        raise ValidationError({"completed_on": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})
    if completed_on > local_today(instansi):
        raise ValidationError({"completed_on": _("Tanggal selesai tidak boleh di masa depan.")})


def _check_hours(jp: int, course_jp: int | None) -> int:
    try:
        jp = int(jp)
    except (TypeError, ValueError):
        raise ValidationError({"jp": _("Jumlah JP harus berupa bilangan bulat.")}) from None
    problem = rules.completion_problem(hours=jp, course_jp=course_jp)
    if problem:
        raise ValidationError({"jp": _(problem) % {"jp": course_jp}})
    return jp


@transaction.atomic
def enrolment_report(
    *,
    enrolment: Enrolment,
    by: User,
    started_on: dt.date | None,
    completed_on: dt.date | None,
    jp: int,
    certificate: UploadedFile | None,
) -> Enrolment:
    """The employee reports an approved course as completed; the admin verifies it."""
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("course", "employee__instansi")
        .get(pk=enrolment.pk)
    )
    if by.employee_id != enrolment.employee_id:
        raise ValidationError(_("Hanya pegawai peserta yang dapat melaporkan penyelesaian pelatihan."))
    if enrolment.status != S.APPROVED:
        raise ValidationError(_("Hanya pelatihan yang sudah disetujui yang dapat dilaporkan selesai."))
    _check_dates(enrolment.employee.instansi, started_on, completed_on)
    if completed_on.year != enrolment.year:
        raise ValidationError(
            {"completed_on": _("Tanggal selesai harus pada tahun pelatihan (%(y)s).") % {"y": enrolment.year}}
        )
    enrolment.jp = _check_hours(jp, enrolment.course.jp if enrolment.course_id else None)
    _store_certificate(enrolment, certificate)
    enrolment.started_on, enrolment.completed_on = started_on, completed_on
    enrolment.status = S.REPORTED
    enrolment.save()
    _log(enrolment, by, S.APPROVED)
    return enrolment


@transaction.atomic
def enrolment_external(
    *,
    employee: Employee,
    by: User,
    title: str,
    provider: str,
    area: str,
    started_on: dt.date | None,
    completed_on: dt.date | None,
    jp: int,
    certificate: UploadedFile | None,
) -> Enrolment:
    """Training the employee took on their own: reported with its certificate, verified by the admin."""
    if by.employee_id != employee.pk:
        raise ValidationError(_("Pelatihan mandiri hanya dapat dilaporkan oleh pegawai sendiri."))
    if area not in AREAS:
        raise ValidationError({"area": _("Pilih bidang kompetensi.")})
    _check_dates(employee.instansi, started_on, completed_on)
    enrolment = Enrolment(
        instansi_id=employee.instansi_id,
        employee=employee,
        external_title=_text(title, "title", required=True, limit=200),
        external_provider=_text(provider, "provider", required=True, limit=200),
        external_area=area,
        year=completed_on.year,
        proposed_by=by,
        started_on=started_on,
        completed_on=completed_on,
        jp=_check_hours(jp, None),
        status=S.REPORTED,
    )
    _store_certificate(enrolment, certificate)
    enrolment.save()
    _log(enrolment, by, "")
    return enrolment


def _admin_step(enrolment: Enrolment, by: User, expected: str) -> Enrolment:
    enrolment = _locked(enrolment)
    if not org_access.can_manage(by, enrolment.instansi_id):
        raise ValidationError(_("Hanya admin kepegawaian yang dapat melakukan langkah ini."))
    if enrolment.status != expected:
        raise ValidationError(
            _("Status pelatihan ini %(status)s; langkah ini tidak berlaku.")
            % {"status": enrolment.get_status_display()}
        )
    return enrolment


def _url(enrolment: Enrolment) -> str:
    return reverse("development:enrolment", args=[enrolment.pk])


@transaction.atomic
def enrolment_approve(*, enrolment: Enrolment, by: User) -> Enrolment:
    enrolment = _admin_step(enrolment, by, S.PROPOSED)
    if enrolment.course_id and not enrolment.course.is_open:
        raise ValidationError(_("Pendaftaran pelatihan ini sudah ditutup."))
    enrolment.status = S.APPROVED
    enrolment.save()
    _log(enrolment, by, S.PROPOSED)
    _notify(enrolment.employee, deferred("Usulan pelatihan %(t)s disetujui") % {"t": enrolment.title}, _url(enrolment))
    return enrolment


@transaction.atomic
def enrolment_reject(*, enrolment: Enrolment, by: User, reason: str) -> Enrolment:
    enrolment = _admin_step(enrolment, by, S.PROPOSED)
    reason = _text(reason, "reason", required=True)
    enrolment.status = S.REJECTED
    enrolment.save()
    _log(enrolment, by, S.PROPOSED, reason)
    _notify(enrolment.employee, deferred("Usulan pelatihan %(t)s ditolak") % {"t": enrolment.title}, _url(enrolment))
    return enrolment


@transaction.atomic
def enrolment_verify(*, enrolment: Enrolment, by: User) -> Enrolment:
    """The completion counts: its JP join the employee's yearly total."""
    enrolment = _admin_step(enrolment, by, S.REPORTED)
    enrolment.status = S.VERIFIED
    enrolment.save()
    _log(enrolment, by, S.REPORTED)
    _notify(
        enrolment.employee,
        deferred("Penyelesaian %(t)s terverifikasi: %(jp)s JP") % {"t": enrolment.title, "jp": enrolment.jp},
        _url(enrolment),
    )
    return enrolment


@transaction.atomic
def enrolment_return(*, enrolment: Enrolment, by: User, reason: str) -> Enrolment:
    """The completion report is not accepted: a catalogue course goes back to approved (the
    employee reports again), an external training is rejected."""
    enrolment = _admin_step(enrolment, by, S.REPORTED)
    reason = _text(reason, "reason", required=True)
    enrolment.status = S.REJECTED if enrolment.is_external else S.APPROVED
    enrolment.save()
    _log(enrolment, by, S.REPORTED, reason)
    _notify(
        enrolment.employee, deferred("Laporan pelatihan %(t)s dikembalikan") % {"t": enrolment.title}, _url(enrolment)
    )
    return enrolment


# ------------------------------------------------------------------------------------------ IDP
@transaction.atomic
def plan_confirm(
    *,
    employee: Employee,
    year: int,
    by: User,
    needs: list[rules.Need],
    choices: dict[int, Course | None],
    note: str = "",
    source_evaluation=None,
) -> DevelopmentPlan:
    """The supervisor confirms the year's IDP from the needs the evidence shows: ``choices`` maps
    a need's position in ``needs`` to the chosen course (None: the need without a course). Each
    chosen course becomes an enrolment proposal linked to the need's indicator."""
    if not (by.employee_id and employee.supervisor_id == by.employee_id):
        raise ValidationError(_("Rencana pengembangan hanya dapat dikonfirmasi oleh atasan langsung pegawai."))
    if DevelopmentPlan.objects.filter(employee=employee, year=year).exists():
        raise ValidationError(_("Rencana pengembangan tahun %(y)s sudah dikonfirmasi.") % {"y": year})
    chosen = [i for i in choices if 0 <= i < len(needs)]
    if not chosen:
        raise ValidationError(_("Pilih paling sedikit satu kebutuhan pengembangan."))
    plan = DevelopmentPlan.objects.create(
        instansi_id=employee.instansi_id,
        employee=employee,
        year=year,
        source_evaluation=source_evaluation,
        confirmed_by=by,
        note=_text(note, "note"),
    )
    indicators = {
        i.pk: i
        for i in Indicator.objects.filter(
            pk__in=[n.indicator_id for n in needs if n.indicator_id], rhk__skp__employee=employee
        ).select_related("rhk__skp")
    }
    for index in sorted(chosen):
        need, course = needs[index], choices[index]
        if course is not None and course.area != need.area:
            raise ValidationError(_("Pelatihan %(t)s bukan dari bidang kebutuhan ini.") % {"t": course.title})
        indicator = indicators.get(need.indicator_id) if need.indicator_id else None
        enrolment = None
        if course is not None:
            enrolment = enrolment_propose(
                employee=employee,
                course=course,
                by=by,
                reason=_("Rencana pengembangan individu %(y)s") % {"y": year},
                indicators=[indicator] if indicator else [],
                year=year,
            )
        PlanItem.objects.create(
            plan=plan,
            area=need.area.value,
            value=need.value,
            indicator=indicator,
            course=course,
            enrolment=enrolment,
            pct=need.pct,
        )
    _notify(
        employee,
        deferred("Atasan Anda mengonfirmasi rencana pengembangan %(y)s") % {"y": year},
        reverse("development:home"),
    )
    return plan
