"""Daily-work state changes. Logging an activity is the busiest write: one insert (+ evidence)
and one history row, no recomputation. Verification keeps Realization current with F()."""

from __future__ import annotations

import datetime as dt
import io
import uuid
import zipfile
from contextlib import nullcontext
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.core.i18n import deferred
from kinerja.notifications.models import Kind
from kinerja.notifications.services import notify
from kinerja.org.models import Employee, Instansi
from kinerja.skp import rules as skp_rules
from kinerja.skp.models import Indicator, Period, Rhk
from kinerja.skp.rules import SkpStatus

from . import rules
from .models import (
    Activity,
    ActivityStatusChange,
    Comment,
    Dialogue,
    Evidence,
    EvidenceOpen,
    PeriodicReport,
    Realization,
    Reflection,
    WorkSettings,
)

A = rules.ActivityStatus
MAX_FILES = 5
MAX_LINKS = 5


def _message(problem: rules.EntryProblem) -> str:
    return _(problem.message) % problem.params if problem.params else _(problem.message)


def today_for(employee: Employee) -> dt.date:
    return timezone.localdate(timezone=employee.instansi.tzinfo)


def period_for(instansi: Instansi, day: dt.date) -> Period | None:
    """The instansi's performance year of ``day``; its instansi is the one given (not joined again)."""
    period = next(iter(Period.objects.filter(instansi_id=instansi.pk, year=day.year).order_by()[:1]), None)
    if period is not None:
        period.instansi = instansi
    return period


def indicators_for(employee: Employee, period: Period | None):
    """Indicators an entry may serve: those of the employee's approved SKP of the year. The SKP
    comes along so that :func:`_serves` checks a chosen indicator without another query."""
    if period is None:
        return Indicator.objects.none()
    return (
        Indicator.objects.filter(
            rhk__skp__employee=employee, rhk__skp__period=period, rhk__skp__status=SkpStatus.APPROVED
        )
        .select_related("rhk__skp")
        .order_by("rhk__order", "pk")
    )


def _serves(indicator: Indicator, employee: Employee, period: Period) -> bool:
    """The indicator belongs to the employee's approved SKP of ``period`` (read from the loaded
    objects: an indicator from :func:`indicators_for` costs no query here)."""
    skp = indicator.rhk.skp
    if skp.employee_id == employee.pk and skp.period_id == period.pk and skp.status == SkpStatus.APPROVED:
        return True
    # The loaded SKP may predate its approval (an object kept from before skp_approve): the
    # database decides, in one query on this rare path only.
    return indicators_for(employee, period).filter(pk=indicator.pk).exists()


# ------------------------------------------------------------------------------------- evidence
def check_upload(upload: UploadedFile) -> tuple[str, str]:
    """Type by content (magic bytes, ZIP members for office files), size capped; (kind, mime)."""
    name = (upload.name or "berkas")[:200]
    if upload.size > rules.MAX_EVIDENCE_BYTES:
        raise ValidationError(
            _("Berkas %(name)s terlalu besar (maksimal %(max)s MB).")
            % {"name": name, "max": rules.MAX_EVIDENCE_BYTES // 1048576}
        )
    if upload.size == 0:
        raise ValidationError(_("Berkas %(name)s kosong.") % {"name": name})
    upload.seek(0)
    head = upload.read(16)
    zip_names = None
    if head.startswith(b"PK\x03\x04"):
        upload.seek(0)
        try:
            with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
                zip_names = archive.namelist()
        except zipfile.BadZipFile:
            zip_names = []
    upload.seek(0)
    kind = rules.sniff_evidence(head, zip_names=zip_names)
    if kind is None:
        raise ValidationError(
            _("Berkas %(name)s tidak diterima: hanya PDF, gambar (JPG/PNG/WebP) dan dokumen perkantoran.")
            % {"name": name}
        )
    if kind == "pdf":
        upload.seek(max(0, upload.size - 1024))
        tail = upload.read()
        upload.seek(0)
        if b"%%EOF" not in tail:
            raise ValidationError(_("Berkas PDF %(name)s rusak atau tidak lengkap.") % {"name": name})
    return kind, rules.EVIDENCE_TYPES[kind][0]


def check_photo(upload: UploadedFile) -> str:
    """A photo taken on the phone (the offline log): an image by its content (JPG, PNG or
    WebP) within the evidence size cap; returns its MIME type."""
    kind, mime = check_upload(upload)
    if kind not in rules.PHOTO_KINDS:
        raise ValidationError(
            _("Foto %(name)s bukan gambar: kirim foto JPG, PNG atau WebP.") % {"name": (upload.name or "foto")[:200]}
        )
    return mime


def check_links(links: list[str]) -> list[str]:
    validator = URLValidator(schemes=["http", "https"])
    clean = []
    for link in links:
        link = (link or "").strip()
        if not link:
            continue
        try:
            validator(link)
        except ValidationError:
            raise ValidationError(_("Tautan bukti tidak sah: %(link)s") % {"link": link[:100]}) from None
        clean.append(link[:500])
    if len(clean) > MAX_LINKS:
        raise ValidationError(_("Paling banyak %(n)s tautan per kegiatan.") % {"n": MAX_LINKS})
    return clean


def _store_evidence(activity: Activity, files: list[tuple[UploadedFile, str]], links: list[str]) -> None:
    for upload, mime in files:
        # The stored name is generated; the user's name is kept only as a label.
        evidence = Evidence(
            instansi_id=activity.instansi_id,
            activity=activity,
            kind=Evidence.Kind.FILE,
            name=(upload.name or "berkas")[:200],
            content_type=mime,
            size=upload.size,
        )
        evidence.file.save(f"{uuid.uuid4().hex}", upload, save=False)
        evidence.save()
    Evidence.objects.bulk_create(
        Evidence(instansi_id=activity.instansi_id, activity=activity, kind=Evidence.Kind.LINK, name=link, url=link)
        for link in links
    )


# ------------------------------------------------------------------------------------- entries
def _record(activity: Activity, *, from_status: str, to_status: str, by: User, comment: str = "") -> None:
    ActivityStatusChange.objects.create(
        instansi_id=activity.instansi_id,
        activity=activity,
        from_status=from_status,
        to_status=to_status,
        by=by,
        comment=comment,
    )


DAY_STATUSES = (A.SUBMITTED, A.VERIFIED, A.RETURNED)


def _day_entries(employee: Employee, day: dt.date, exclude_pk=None) -> list[tuple]:
    """The day's other open or accepted entries, (start, end, minutes, client_token, pk), in one
    indexed query (instansi, employee, date): a handful of rows."""
    return list(
        Activity.objects.filter(
            instansi_id=employee.instansi_id,
            employee=employee,
            date=day,
            status__in=DAY_STATUSES,
        )
        .exclude(pk=exclude_pk)
        .values_list("start_time", "end_time", "minutes", "client_token", "pk")
        .order_by()
    )


def _day_entries_and_token(employee: Employee, day: dt.date, client_token: uuid.UUID) -> tuple[list[tuple], int | None]:
    """The day's entries as :func:`_day_entries`, and the id of the employee's entry sent with
    ``client_token`` on any day and in any status, in the same query.

    The unique constraint holds the date (the partitioned table's keys must include it), so it
    no longer refuses the same token on another day: a resend whose day was changed on the phone
    is found here instead (an OR of the two indexes, the day's and the token's)."""
    rows = (
        Activity.objects.filter(instansi_id=employee.instansi_id, employee=employee)
        .filter(Q(date=day, status__in=DAY_STATUSES) | Q(client_token=client_token))
        .values_list("start_time", "end_time", "minutes", "client_token", "pk", "date", "status")
        .order_by()
    )
    others, same = [], None
    for row in rows:
        if row[3] == client_token:
            same = row[4]
        elif row[5] == day and row[6] in DAY_STATUSES:
            others.append(row[:5])
    return others, same


def _validate(
    *,
    employee: Employee,
    day: dt.date,
    start_time,
    end_time,
    minutes,
    indicator,
    quantity,
    exclude_pk=None,
    period: Period | None = None,
    others: list[tuple] | None = None,
) -> tuple[Period, int, Decimal]:
    """``period`` and ``others`` may be passed when the caller already has them (same instansi
    and year; the day's entries from :func:`_day_entries`): the submission path reads each once."""
    if period is None or period.instansi_id != employee.instansi_id or period.year != day.year:
        period = period_for(employee.instansi, day)
    if others is None:
        others = _day_entries(employee, day, exclude_pk)
    other_minutes = sum(row[2] for row in others)
    intervals = [(row[0], row[1]) for row in others if row[0] is not None and row[1] is not None]
    duration, problems = rules.check_entry(
        day=day,
        today=today_for(employee),
        period_open=period is not None and not period.is_locked,
        start=start_time,
        end=end_time,
        minutes=minutes,
        other_intervals=intervals,
        other_minutes=other_minutes,
    )
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.field, []).append(_message(problem))
    try:
        quantity = Decimal(str(quantity or 0))
        if quantity < 0 or not quantity.is_finite() or quantity >= Decimal("1e10"):
            raise InvalidOperation
    except InvalidOperation:
        errors.setdefault("quantity", []).append(_("Jumlah keluaran harus angka nol atau lebih."))
    if indicator is not None and period is not None and not _serves(indicator, employee, period):
        errors.setdefault("indicator", []).append(
            _("Indikator ini bukan bagian dari SKP Anda yang disetujui untuk tahun itu.")
        )
    if errors:
        raise ValidationError(errors)
    return period, duration, quantity


def _require_spending_evidence(indicator: Indicator | None, has_evidence: bool) -> None:
    """Spending (biaya) is entered with its evidence (a receipt, the SPJ), or not at all."""
    if indicator is not None and indicator.aspect == Indicator.Aspect.COST and not has_evidence:
        raise ValidationError({"files": _("Belanja untuk indikator biaya harus disertai bukti (kuitansi/SPJ).")})


def _resent(activity: Activity) -> Activity:
    """Marks an entry answered to a resend of its client token (the API says 200, not 201)."""
    activity.resent = True
    return activity


def activity_for_token(*, employee: Employee, client_token: uuid.UUID | None) -> Activity | None:
    """The employee's entry sent with ``client_token`` (the unique constraint's index), if any."""
    if client_token is None:
        return None
    found = Activity.objects.filter(employee=employee, client_token=client_token).first()
    return _resent(found) if found is not None else None


def activity_create(
    *,
    employee: Employee,
    by: User,
    day: dt.date,
    description: str,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    minutes: int | None = None,
    indicator: Indicator | None = None,
    quantity: Decimal | str | int = 0,
    files: list[UploadedFile] | None = None,
    links: list[str] | None = None,
    client_token: uuid.UUID | None = None,
    period: Period | None = None,
) -> Activity:
    """Logs one activity for verification by the employee's current supervisor. ``period`` is the
    performance year when the caller has looked it up already (checked, else looked up again).

    Validation only reads, so it runs before the transaction; the writes need no savepoint of
    their own when nested (the web form's several rows are all or nothing already), and only the
    client-token insert keeps the one savepoint that recovers from a concurrent duplicate."""
    if client_token is None:
        others = _day_entries(employee, day)
    else:
        # The same form arrived twice (double tap, resend from a phone): the query that reads
        # the day's entries for the overlap check finds the token too, on whatever day it was
        # stored, so the usual case costs no extra query.
        others, same = _day_entries_and_token(employee, day, client_token)
        if same is not None:
            return _resent(Activity.objects.get(pk=same))
    try:
        if not (description or "").strip():
            raise ValidationError({"description": _("Uraian kegiatan wajib diisi.")})
        period, duration, quantity = _validate(
            period=period,
            others=others,
            employee=employee,
            day=day,
            start_time=start_time,
            end_time=end_time,
            minutes=minutes,
            indicator=indicator,
            quantity=quantity,
        )
        files = files or []
        _require_spending_evidence(indicator, bool(files or [link for link in links or [] if (link or "").strip()]))
        if len(files) > MAX_FILES:
            raise ValidationError({"files": _("Paling banyak %(n)s berkas per kegiatan.") % {"n": MAX_FILES}})
        checked = [(upload, check_upload(upload)[1]) for upload in files]
        clean_links = check_links(links or [])
    except ValidationError:
        # A resend whose first copy arrived (its answer was lost on a weak link) may be refused
        # now: the period closed since, the entry was deleted or replaced by a new version, or
        # it is on another day than the one read above. It answers with the stored entry, never
        # an error (docs/offline.md); only this refused path pays the lookup.
        existing = activity_for_token(employee=employee, client_token=client_token)
        if existing is not None:
            return existing
        raise
    with transaction.atomic(savepoint=False):
        try:
            # A savepoint only when a client token is given: the hot path without one stays lean.
            with transaction.atomic() if client_token is not None else nullcontext():
                activity = Activity.objects.create(
                    instansi_id=employee.instansi_id,
                    employee=employee,
                    period=period,
                    period_key=rules.period_key(day, period.cut),
                    date=day,
                    start_time=start_time,
                    end_time=end_time,
                    minutes=duration,
                    description=description.strip()[:2000],
                    indicator=indicator,
                    quantity=quantity,
                    verifier_id=employee.supervisor_id,
                    client_token=client_token,
                )
        except IntegrityError:
            existing = activity_for_token(employee=employee, client_token=client_token)
            if existing is None:
                raise
            return existing
        _store_evidence(activity, checked, clean_links)
        _record(activity, from_status="", to_status=A.SUBMITTED, by=by)
    return activity


def _lock(activity: Activity) -> Activity:
    return Activity.objects.select_for_update(of=("self",)).select_related("period__instansi").get(pk=activity.pk)


def requires_evidence_by_default(instansi_id: int) -> bool:
    """The instansi's evidence rule (WorkSettings; none saved yet: entries count without evidence)."""
    return WorkSettings.objects.filter(instansi_id=instansi_id, evidence_required=True).exists()


def _counts(activity: Activity) -> bool:
    """Whether a verified entry counts towards its indicator (rules.counts_towards_realization)."""
    rule = Indicator.objects.filter(pk=activity.indicator_id).values_list("evidence_rule", flat=True).first() or ""
    if not rules.evidence_required(rule, requires_evidence_by_default(activity.instansi_id)):
        return True
    return activity.evidence.exists()


def _apply_realization(activity: Activity, sign: int) -> None:
    """Adds (sign=1) or removes (sign=-1) a verified entry's output from its indicator's cut;
    an entry without evidence where evidence is required never counted, so it is skipped both
    ways (a change of the rule rebuilds the year: work_settings_save)."""
    if activity.indicator_id is None or not _counts(activity):
        return
    realization, _created = Realization.objects.get_or_create(
        indicator_id=activity.indicator_id,
        period_key=activity.period_key,
        defaults={"instansi_id": activity.instansi_id},
    )
    score = activity.quality_score
    Realization.objects.filter(pk=realization.pk).update(
        quantity=F("quantity") + sign * activity.quantity,
        count=F("count") + sign,
        score_total=F("score_total") + sign * (score or 0),
        scored=F("scored") + (sign if score is not None else 0),
    )


class EditConflict(Exception):
    """The entry changed since the version the editor started from (another device, another
    tab). ``current`` is the entry as stored now (the newest version when it was replaced), so
    the person sees both and chooses; nothing is overwritten silently."""

    def __init__(self, current: Activity):
        super().__init__(_("Kegiatan ini telah diubah di perangkat lain. Pilih versi yang dipakai."))
        self.current = current


def _newest(activity: Activity) -> Activity:
    """The newest version of a replaced entry (a short chain: one step per accepted change)."""
    while activity.status == A.SUPERSEDED:
        following = Activity.objects.filter(previous=activity).first()
        if following is None:
            break
        activity = following
    return activity


def _same_content(activity: Activity, fields: dict) -> bool:
    """Whether an edit asks for what the entry already says (a resend whose first copy was
    saved): then it is answered with the entry, not a conflict."""
    if fields.get("files") or fields.get("links"):
        return False
    minutes = fields.get("minutes")
    return (
        fields.get("day", activity.date) == activity.date
        and (fields.get("description") or "").strip() == activity.description
        and fields.get("start_time") == activity.start_time
        and fields.get("end_time") == activity.end_time
        and (activity.start_time is not None or minutes == activity.minutes)
        and getattr(fields.get("indicator"), "pk", None) == activity.indicator_id
        and Decimal(str(fields.get("quantity") or 0)) == activity.quantity
    )


@transaction.atomic
def activity_update(*, activity: Activity, by: User, expected_version: int | None = None, **fields) -> Activity:
    """Corrects an entry. An open entry (waiting or returned) is changed in place and sent again;
    a verified one is locked, so the change becomes a new version that replaces it once verified.

    ``expected_version``: the version the editor started from. When the entry changed since (an
    edit made on another device), :class:`EditConflict` is raised with the stored entry, unless
    the edit asks for exactly what is stored (a resend after a lost answer)."""
    activity = _lock(activity)
    if expected_version is not None and (activity.version != expected_version or activity.status == A.SUPERSEDED):
        current = _newest(activity)
        if _same_content(current, fields):
            return current
        raise EditConflict(current)
    if activity.status in (A.DELETED, A.SUPERSEDED):
        raise ValidationError(_("Kegiatan ini sudah dihapus atau diganti versi baru."))
    files, links = fields.pop("files", None) or [], fields.pop("links", None) or []
    day = fields.get("day", activity.date)
    description = fields.get("description", activity.description)
    if not (description or "").strip():
        raise ValidationError({"description": _("Uraian kegiatan wajib diisi.")})
    values = {
        "start_time": fields.get("start_time", activity.start_time),
        "end_time": fields.get("end_time", activity.end_time),
        "minutes": fields.get("minutes", None if activity.start_time else activity.minutes),
        "indicator": fields.get("indicator", activity.indicator),
        "quantity": fields.get("quantity", activity.quantity),
    }
    exclude = activity.pk
    period, duration, quantity = _validate(employee=activity.employee, day=day, exclude_pk=exclude, **values)
    checked = [(upload, check_upload(upload)[1]) for upload in files]
    clean_links = check_links(links)
    _require_spending_evidence(values["indicator"], bool(checked or clean_links or activity.evidence.exists()))
    if activity.status == A.VERIFIED:
        new = Activity.objects.create(
            instansi_id=activity.instansi_id,
            employee_id=activity.employee_id,
            period=period,
            period_key=rules.period_key(day, period.cut),
            date=day,
            start_time=values["start_time"],
            end_time=values["end_time"],
            minutes=duration,
            description=description.strip()[:2000],
            indicator=values["indicator"],
            quantity=quantity,
            verifier_id=activity.employee.supervisor_id,
            previous=activity,
        )
        for evidence in activity.evidence.all():  # keep the earlier evidence with the new version
            evidence.pk, evidence.activity = None, new
            evidence.save()
        _apply_realization(activity, -1)
        activity.status = A.SUPERSEDED
        activity.save(update_fields=["status", "updated_at"])
        _record(activity, from_status=A.VERIFIED, to_status=A.SUPERSEDED, by=by)
        _store_evidence(new, checked, clean_links)
        _record(
            new, from_status="", to_status=A.SUBMITTED, by=by, comment=_("Versi baru dari kegiatan yang sudah diterima")
        )
        return new
    old_status = activity.status
    activity.period, activity.period_key, activity.date = period, rules.period_key(day, period.cut), day
    activity.start_time, activity.end_time, activity.minutes = values["start_time"], values["end_time"], duration
    activity.description, activity.indicator, activity.quantity = (
        description.strip()[:2000],
        values["indicator"],
        quantity,
    )
    activity.status = A.SUBMITTED
    activity.verifier_id = activity.employee.supervisor_id
    activity.version += 1
    activity.save()
    _store_evidence(activity, checked, clean_links)
    _record(activity, from_status=old_status, to_status=A.SUBMITTED, by=by)
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, by: User) -> Activity:
    """Soft delete: the entry stays in the history; a verified one leaves the realization."""
    activity = _lock(activity)
    if activity.status in (A.DELETED, A.SUPERSEDED):
        raise ValidationError(_("Kegiatan ini sudah dihapus atau diganti versi baru."))
    if activity.period.is_locked:
        raise ValidationError(_("Periode kinerja untuk tanggal ini sudah ditutup atau belum dibuka."))
    if activity.status == A.VERIFIED:
        _apply_realization(activity, -1)
    old = activity.status
    activity.status = A.DELETED
    activity.save(update_fields=["status", "updated_at"])
    _record(activity, from_status=old, to_status=A.DELETED, by=by)
    return activity


@transaction.atomic
def activity_verify(*, activity: Activity, by: User, quality: str | Decimal | None = None) -> Activity:
    """Accepts an entry, optionally with the supervisor's quality score (0–100) of its output."""
    activity = _lock(activity)
    if activity.status != A.SUBMITTED:
        raise ValidationError(_("Hanya kegiatan yang menunggu verifikasi yang dapat diterima."))
    if by.employee_id == activity.employee_id:
        raise ValidationError(_("Anda tidak dapat memverifikasi kegiatan Anda sendiri."))
    try:
        score = skp_rules.check_quality_score(quality)
    except skp_rules.RuleError as error:
        raise ValidationError({"quality": _(error.message)}) from None
    activity.status, activity.decided_by, activity.decided_at = A.VERIFIED, by, timezone.now()
    activity.quality_score = score
    activity.save(update_fields=["status", "decided_by", "decided_at", "quality_score", "updated_at"])
    _apply_realization(activity, +1)
    _record(activity, from_status=A.SUBMITTED, to_status=A.VERIFIED, by=by)
    return activity


def evidence_opened(*, activity: Activity, by: User) -> EvidenceOpen | None:
    """Records that the entry's verifier opened its evidence (the fairness review counts entries
    decided without it); anyone else opening it is not recorded."""
    if not by.employee_id or by.employee_id != activity.verifier_id:
        return None
    return EvidenceOpen.objects.create(instansi_id=activity.instansi_id, activity=activity, opened_by_id=by.employee_id)


@transaction.atomic
def activity_return(*, activity: Activity, by: User, comment: str) -> Activity:
    activity = _lock(activity)
    if activity.status != A.SUBMITTED:
        raise ValidationError(_("Hanya kegiatan yang menunggu verifikasi yang dapat dikembalikan."))
    if by.employee_id == activity.employee_id:
        raise ValidationError(_("Anda tidak dapat memverifikasi kegiatan Anda sendiri."))
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Tuliskan alasan pengembalian agar pegawai dapat memperbaikinya.")})
    activity.status, activity.decided_by, activity.decided_at = A.RETURNED, by, timezone.now()
    activity.return_comment = comment.strip()[:2000]
    activity.save(update_fields=["status", "decided_by", "decided_at", "return_comment", "updated_at"])
    _record(activity, from_status=A.SUBMITTED, to_status=A.RETURNED, by=by, comment=activity.return_comment)
    owner = User.objects.filter(employee_id=activity.employee_id, is_active=True).first()
    if owner is not None:
        notify(
            owner,
            Kind.ACTIVITY_RETURNED,
            text=deferred("Kegiatan %(date)s dikembalikan: %(comment)s")
            % {"date": activity.date.strftime("%d-%m-%Y"), "comment": activity.return_comment[:150]},
            url=f"/kegiatan/{activity.pk}/",
        )
    return activity


def activities_decide(
    *, activities: list[Activity], by: User, decision: str, comment: str = "", quality: dict[int, str] | None = None
) -> tuple[int, list[str]]:
    """Bulk accept or return; each entry in its own transaction so one stale entry does not
    undo the others. ``quality``: entry id → the quality score given on acceptance. Returns how
    many were decided and the messages of those refused."""
    done, refused = 0, []
    for activity in activities:
        try:
            if decision == "verify":
                activity_verify(activity=activity, by=by, quality=(quality or {}).get(activity.pk))
            else:
                activity_return(activity=activity, by=by, comment=comment)
            done += 1
        except ValidationError as error:
            refused.append(f"{activity.date:%d-%m-%Y}: {' '.join(error.messages)}")
    return done, refused


def realizations_rebuild(*, instansi_id: int, period: Period) -> int:
    """Recomputes every Realization of a year from verified activities, set-based: one DELETE and
    one GROUP BY inside the database (no rows travel to Python). Its result equals the incremental
    path (tested).

    The GROUP BY goes into a temporary table first: PostgreSQL runs ``CREATE TABLE … AS SELECT``
    in parallel but never ``INSERT … SELECT``, which made the rebuild twice as slow as the bare
    aggregation over 12 million activities. It also gets the memory to aggregate without spilling
    to disk, and no JIT compilation, which cost a second for one statement (bench/findings.md)."""
    realization = Realization._meta.db_table
    activity = Activity._meta.db_table
    # Entries without evidence are left out for indicators that require it. When no indicator of
    # the instansi does (the common case), the clause is not added and the scan stays as lean as
    # before (bench/findings.md).
    default = requires_evidence_by_default(instansi_id)
    strict = default or Indicator.objects.filter(instansi_id=instansi_id, evidence_rule="required").exists()
    evidence_clause, evidence_params = "", []
    if strict:
        evidence_clause = f"""AND (EXISTS (SELECT 1 FROM {Evidence._meta.db_table} e WHERE e.activity_id = a.id)
            OR NOT EXISTS (SELECT 1 FROM {Indicator._meta.db_table} i WHERE i.id = a.indicator_id
                AND (i.evidence_rule = 'required' OR (i.evidence_rule = '' AND %s))))"""
        evidence_params = [default]
    with transaction.atomic(), connection.cursor() as cursor:
        Realization.objects.filter(instansi_id=instansi_id, indicator__rhk__skp__period=period).delete()
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL work_mem = '64MB'")
            cursor.execute("SET LOCAL jit = off")
            # A year's aggregate is always worth the parallel workers once the table is past
            # min_parallel_table_scan_size; with statistics a few million rows stale the planner
            # priced the workers' start-up above the gain and scanned 3 million rows serially
            # (bench/findings.md). Small tables (tests, a small region) still scan serially.
            cursor.execute("SET LOCAL parallel_setup_cost = 0")
        # Created and dropped inside this transaction (a failure rolls the creation back too).
        cursor.execute(
            f"""CREATE TEMPORARY TABLE realization_rebuild AS
            SELECT a.instansi_id, a.indicator_id, a.period_key, SUM(a.quantity) AS quantity, COUNT(*) AS n,
                   COALESCE(SUM(a.quality_score), 0) AS score_total, COUNT(a.quality_score) AS scored
            FROM {activity} a
            WHERE a.instansi_id = %s AND a.period_id = %s AND a.status = %s AND a.indicator_id IS NOT NULL
            AND a.date >= %s AND a.date <= %s {evidence_clause}
            GROUP BY a.instansi_id, a.indicator_id, a.period_key""",
            [
                instansi_id,
                period.pk,
                A.VERIFIED.value,
                # The year's dates (a period is a calendar year: period_for): on PostgreSQL the scan
                # reads that year's partition only (docs/scaling.md).
                dt.date(period.year, 1, 1),
                dt.date(period.year, 12, 31),
                *evidence_params,
            ],
        )
        cursor.execute(
            f"""INSERT INTO {realization} (instansi_id, indicator_id, period_key, quantity, count, score_total, scored)
            SELECT instansi_id, indicator_id, period_key, quantity, n, score_total, scored FROM realization_rebuild"""
        )
        inserted = cursor.rowcount
        cursor.execute("DROP TABLE realization_rebuild")
        return inserted


@transaction.atomic
def work_settings_save(*, instansi: Instansi, evidence_required: bool) -> WorkSettings:
    """The instansi's evidence rule. Changing it changes which verified entries count, so the
    realizations of its open years are rebuilt (set-based) in the same transaction."""
    settings, _created = WorkSettings.objects.get_or_create(instansi=instansi)
    if settings.evidence_required != evidence_required:
        settings.evidence_required = evidence_required
        settings.save()
        for period in Period.objects.filter(instansi=instansi, is_closed=False):
            realizations_rebuild(instansi_id=instansi.pk, period=period)
    return settings


# -------------------------------------------------------------------------- reports and feedback
@transaction.atomic
def periodic_report_save(*, indicator: Indicator, period_key: str, quantity: str, note: str, by: User, upload=None):
    try:
        value = Decimal(str(quantity).replace(",", "."))
        if value < 0 or not value.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raise ValidationError({"quantity": _("Realisasi harus angka nol atau lebih.")}) from None
    if indicator.rhk.skp.period.is_locked:
        raise ValidationError(_("Periode kinerja untuk tanggal ini sudah ditutup atau belum dibuka."))
    if upload is not None:
        check_upload(upload)
    report, _created = PeriodicReport.objects.update_or_create(
        indicator=indicator,
        period_key=period_key,
        defaults={
            "instansi_id": indicator.instansi_id,
            "quantity": value,
            "note": note.strip()[:2000],
            "created_by": by,
        },
    )
    if upload is not None:
        report.evidence_name = (upload.name or "bukti")[:200]
        report.evidence.save(uuid.uuid4().hex, upload, save=False)
        report.save()
    return report


@transaction.atomic
def comment_add(*, author: User, text: str, activity: Activity | None = None, rhk: Rhk | None = None) -> Comment:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Komentar tidak boleh kosong.")})
    if len(text) > 2000:
        raise ValidationError({"text": _("Komentar terlalu panjang (maksimal 2.000 karakter).")})
    subject = activity or rhk
    comment = Comment.objects.create(
        instansi_id=subject.instansi_id, activity=activity, rhk=rhk, author=author, text=text
    )
    # Tell the other side of the conversation.
    owner_employee = activity.employee_id if activity else rhk.skp.employee_id
    target = (
        User.objects.filter(employee_id=owner_employee).first()
        if author.employee_id != owner_employee
        else User.objects.filter(employee_id=(activity.verifier_id if activity else rhk.skp.evaluator_id)).first()
    )
    if target is not None and target.pk != author.pk:
        url = f"/kegiatan/{activity.pk}/" if activity else f"/skp/{rhk.skp_id}/"
        notify(target, Kind.COMMENT, text=deferred("Komentar baru dari %(name)s") % {"name": str(author)}, url=url)
    return comment


@transaction.atomic
def dialogue_save(
    *, employee: Employee, by: User, day: dt.date, topics: str, agreements: str, follow_up: str
) -> Dialogue:
    if not (topics or "").strip():
        raise ValidationError({"topics": _("Topik dialog wajib diisi.")})
    if employee.supervisor_id is None:
        raise ValidationError(_("Pegawai ini belum memiliki atasan langsung."))
    if day > today_for(employee):
        raise ValidationError({"date": _("Tanggal dialog tidak boleh di masa depan.")})
    return Dialogue.objects.create(
        instansi_id=employee.instansi_id,
        employee=employee,
        supervisor_id=employee.supervisor_id,
        date=day,
        topics=topics.strip(),
        agreements=agreements.strip(),
        follow_up=follow_up.strip(),
        created_by=by,
    )


@transaction.atomic
def reflection_save(*, employee: Employee, period_key: str, text: str) -> Reflection:
    if not (text or "").strip():
        raise ValidationError({"text": _("Refleksi tidak boleh kosong.")})
    reflection, _created = Reflection.objects.update_or_create(
        employee=employee, period_key=period_key, defaults={"instansi_id": employee.instansi_id, "text": text.strip()}
    )
    return reflection
