"""SKP state changes: each validated, atomic, and recorded as a status-change row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.core.i18n import Message, deferred
from kinerja.notifications.models import Kind as NotificationKind
from kinerja.notifications.services import notify
from kinerja.org.models import Employee, Instansi, Position, Unit

from . import rules
from .models import (
    BehaviourExpectation,
    Indicator,
    KeyIndicator,
    Metric,
    OrgGoal,
    Period,
    PeriodicTarget,
    RevisionCategory,
    Rhk,
    Skp,
    SkpStatusChange,
    SkpTemplate,
)

S = rules.SkpStatus
# Metrics measured in time: the smaller the better, so their indicators must point down.
LOWER_IS_BETTER = {Metric.COMPLAINTS_MEDIAN_RESPONSE, Metric.QUEUE_SERVICE_MINUTES, Metric.QUEUE_WAIT_MINUTES}


def rule_message(error: rules.RuleError) -> str:
    return _(error.message) % error.params if error.params else _(error.message)


# --------------------------------------------------------------------------------- periods, goals
@transaction.atomic
def period_create(*, instansi: Instansi, year: int, cut: str, planning_deadline: dt.date, closes_on: dt.date) -> Period:
    if Period.objects.filter(instansi=instansi, year=year).exists():
        raise ValidationError({"year": _("Periode tahun %(y)s sudah ada.") % {"y": year}})
    if planning_deadline > closes_on:
        raise ValidationError({"planning_deadline": _("Batas penyusunan SKP harus sebelum tanggal penutupan.")})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Tahun tidak masuk akal.")})
    period = Period(instansi=instansi, year=year, cut=cut, planning_deadline=planning_deadline, closes_on=closes_on)
    period.full_clean()
    period.save()
    # The year's activities get their own partition on PostgreSQL (imported here: activities
    # builds on skp, not the other way round).
    from kinerja.activities.partitions import ensure_for_new_year

    ensure_for_new_year(year)
    return period


@transaction.atomic
def goal_create(*, period: Period, code: str, title: str, unit=None) -> OrgGoal:
    if unit is not None and unit.instansi_id != period.instansi_id:
        raise ValidationError({"unit": _("Unit kerja harus dari instansi yang sama.")})
    if OrgGoal.objects.filter(period=period, code=code).exists():
        raise ValidationError({"code": _("Kode sasaran %(c)s sudah dipakai.") % {"c": code}})
    goal = OrgGoal(instansi_id=period.instansi_id, period=period, code=code, title=title, unit=unit)
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def key_indicator_create(*, goal: OrgGoal, name: str, target: str, target_unit: str, direction: str) -> KeyIndicator:
    try:
        value = rules.parse_target(target)
    except rules.RuleError as error:
        raise ValidationError({"target": rule_message(error)}) from None
    iku = KeyIndicator(
        instansi_id=goal.instansi_id, goal=goal, name=name, target=value, target_unit=target_unit, direction=direction
    )
    iku.full_clean()
    iku.save()
    return iku


@transaction.atomic
def template_save(
    *,
    instansi: Instansi,
    name: str,
    sector: str,
    source: str,
    template: SkpTemplate | None = None,
    positions: list[Position] | None = None,
    levels: list[str] | None = None,
) -> SkpTemplate:
    """Adds or edits a performance-standard template, linked to positions and functional levels.
    SKPs already made from it keep their content (it is copied when an SKP starts)."""
    try:
        items = rules.parse_template_lines(source)
    except rules.RuleError as error:
        raise ValidationError({"source": rule_message(error)}) from None
    positions = list(positions or [])
    if any(p.instansi_id != instansi.pk for p in positions):
        raise ValidationError({"positions": _("Jabatan harus dari instansi yang sama.")})
    known = {code for code, _label in Position.Level.choices if code}
    if any(level not in known for level in levels or []):
        raise ValidationError({"levels": _("Jenjang jabatan tidak dikenal.")})
    if template is not None and template.instansi_id != instansi.pk:
        raise ValidationError(_("Templat harus dari instansi yang sama."))
    template = template or SkpTemplate(instansi=instansi)
    template.name, template.sector, template.source, template.items = name, sector, source, items
    template.levels = f",{','.join(sorted(set(levels)))}," if levels else ""
    template.full_clean()
    template.save()
    template.positions.set(positions)
    return template


@transaction.atomic
def template_retire(*, template: SkpTemplate) -> SkpTemplate:
    """A retired template is no longer offered; SKPs made from it keep their content."""
    if not template.is_active:
        raise ValidationError(_("Templat ini sudah dipensiunkan."))
    template.is_active, template.retired_at = False, timezone.now()
    template.save(update_fields=["is_active", "retired_at", "updated_at"])
    return template


# ----------------------------------------------------------------------------------------- SKP
def _record(skp: Skp, *, from_status: str, to_status: str, by: User, comment: str = "") -> None:
    SkpStatusChange.objects.create(
        instansi_id=skp.instansi_id, skp=skp, from_status=from_status, to_status=to_status, by=by, comment=comment
    )


def _transition(skp: Skp, action: rules.Action) -> str:
    try:
        return rules.next_status(rules.SkpStatus(skp.status), action)
    except rules.TransitionError as error:
        raise ValidationError(rule_message(error)) from None


def _lock(skp: Skp) -> Skp:
    """Re-reads the SKP with a row lock, so two clicks cannot both pass a status check."""
    return Skp.objects.select_for_update(of=("self",)).select_related("period__instansi").get(pk=skp.pk)


def _require_editable(skp: Skp) -> None:
    if skp.period.is_locked:
        raise ValidationError(_("Periode %(y)s sudah ditutup; SKP tidak dapat diubah lagi.") % {"y": skp.period.year})
    if skp.status not in rules.EDITABLE:
        if skp.status == S.SUBMITTED:
            raise ValidationError(_("SKP sedang menunggu persetujuan dan tidak dapat diubah."))
        raise ValidationError(_("SKP yang sudah disetujui terkunci; ajukan revisi untuk mengubahnya."))


def current_skp(employee: Employee, period: Period) -> Skp | None:
    return (
        Skp.objects.filter(employee=employee, period=period).exclude(status=S.SUPERSEDED).order_by("-revision").first()
    )


@transaction.atomic
def skp_create(
    *, employee: Employee, period: Period, by: User, template: SkpTemplate | None = None, approach: str = "kuantitatif"
) -> Skp:
    """Starts an SKP for the year (from a template, optionally). The pejabat penilai is the
    employee's direct supervisor now; position, unit and ranks are snapshots."""
    if period.instansi_id != employee.instansi_id:
        raise ValidationError(_("Periode harus dari instansi pegawai."))
    if period.is_locked:
        raise ValidationError(_("Periode %(y)s sudah ditutup.") % {"y": period.year})
    if not employee.is_active:
        raise ValidationError(_("Pegawai tidak aktif."))
    if Skp.objects.filter(employee=employee, period=period).exists():
        raise ValidationError(_("SKP tahun %(y)s untuk pegawai ini sudah ada.") % {"y": period.year})
    if template is not None and template.instansi_id != employee.instansi_id:
        raise ValidationError(_("Templat harus dari instansi yang sama."))
    if approach not in Skp.Approach.values:
        raise ValidationError({"approach": _("Pilih pendekatan kuantitatif atau kualitatif.")})
    evaluator = employee.supervisor
    position = employee.position
    skp = Skp.objects.create(
        instansi_id=employee.instansi_id,
        period=period,
        employee=employee,
        approach=approach,
        is_jpt=bool(position and position.kind == Position.Kind.JPT),
        evaluator=evaluator,
        evaluator_supervisor=evaluator.supervisor if evaluator else None,
        position_name=position.name if position else "",
        unit_name=employee.unit.name,
        rank=employee.rank,
        evaluator_position_name=evaluator.position.name if evaluator and evaluator.position else "",
        evaluator_unit_name=evaluator.unit.name if evaluator else "",
        evaluator_rank=evaluator.rank if evaluator else "",
    )
    BehaviourExpectation.objects.bulk_create(
        BehaviourExpectation(skp=skp, value=code) for code in rules.BERAKHLAK_CODES
    )
    if template is not None:
        for order, item in enumerate(template.items, start=1):
            rhk = Rhk.objects.create(instansi_id=skp.instansi_id, skp=skp, order=order, text=item["text"])
            created = Indicator.objects.bulk_create(
                Indicator(
                    instansi_id=skp.instansi_id,
                    rhk=rhk,
                    text=i["text"],
                    aspect=i["aspect"],
                    target=Decimal(i["target"]),
                    target_unit=i["unit"],
                    direction=i["direction"],
                    target_mode=rules.suggested_mode(
                        aspect=i["aspect"], direction=i["direction"], metric="", unit=i["unit"]
                    ).value,
                )
                for i in item["indicators"]
            )
            period_targets_reset(indicators=created, period=period)
    _record(skp, from_status="", to_status=S.DRAFT, by=by, comment=template.name if template else "")
    return skp


def _check_parent(skp: Skp, parent: Rhk | None) -> None:
    if parent is None:
        return
    if parent.instansi_id != skp.instansi_id:
        raise ValidationError({"parent": _("RHK atasan harus dari instansi yang sama.")})
    if parent.skp.period_id != skp.period_id:
        raise ValidationError({"parent": _("RHK atasan harus dari SKP tahun yang sama.")})
    if skp.evaluator_id is None or parent.skp.employee_id != skp.evaluator_id:
        raise ValidationError(
            {"parent": _("Hanya RHK milik atasan langsung (pejabat penilai) yang dapat diintervensi.")}
        )
    if parent.skp.status == S.SUPERSEDED:
        raise ValidationError({"parent": _("RHK atasan ini berasal dari revisi SKP yang sudah diganti.")})


@transaction.atomic
def rhk_save(*, skp: Skp, rhk: Rhk | None = None, **fields: Any) -> Rhk:
    skp = _lock(skp)
    _require_editable(skp)
    if not (fields.get("text") or (rhk and rhk.text)):
        raise ValidationError({"text": _("Rencana hasil kerja wajib diisi.")})
    _check_parent(skp, fields.get("parent"))
    goal = fields.get("goal")
    if goal is not None and goal.period_id != skp.period_id:
        raise ValidationError({"goal": _("Sasaran organisasi harus dari tahun yang sama.")})
    if rhk is None:
        order = (skp.rhks.aggregate(m=Max("order"))["m"] or 0) + 1
        rhk = Rhk(instansi_id=skp.instansi_id, skp=skp, order=order)
    elif rhk.skp_id != skp.pk:
        raise ValidationError(_("RHK bukan bagian dari SKP ini."))
    for name, value in fields.items():
        setattr(rhk, name, value)
    if rhk.parent_id or rhk.goal_id:
        rhk.own_initiative = False
    if rhk.parent_id or rhk.own_initiative or skp.is_jpt:
        rhk.awaiting_parent = False
    rhk.full_clean(exclude=["copied_from"])
    rhk.save()
    return rhk


def can_link_later(user: User, skp: Skp) -> bool:
    """Who links an approved SKP's unlinked RHK to the supervisor's RHK: the employee or the
    pejabat penilai, while the period is open (JPT SKPs support goals, set while drafting)."""
    if skp.status != S.APPROVED or skp.is_jpt or skp.period.is_locked or not user.employee_id:
        return False
    return user.employee_id in (skp.employee_id, skp.evaluator_id)


@transaction.atomic
def rhk_link(*, rhk: Rhk, parent: Rhk, by: User) -> Rhk:
    """Links an RHK planned before the supervisor's RHK existed (or marked own initiative) to
    the supervisor's RHK once it does, on the approved SKP: the SKP stays approved (no second
    round of approval), and the step is written to its history and told to the other side."""
    skp = _lock(rhk.skp)
    rhk = Rhk.objects.select_for_update().get(pk=rhk.pk)
    if not can_link_later(by, skp):
        raise ValidationError(
            _("RHK hanya dapat dikaitkan kemudian pada SKP yang sudah disetujui, oleh pegawai atau pejabat penilainya.")
        )
    if rhk.skp_id != skp.pk:
        raise ValidationError(_("RHK bukan bagian dari SKP ini."))
    if rhk.parent_id:
        raise ValidationError(_("RHK ini sudah mengintervensi RHK atasan; ubah kaitannya melalui revisi SKP."))
    _check_parent(skp, parent)
    if parent.skp.status not in (S.APPROVED, S.SUBMITTED):
        raise ValidationError({"parent": _("RHK atasan ini masih draf; tunggu sampai SKP atasan diajukan.")})
    rhk.parent, rhk.awaiting_parent, rhk.own_initiative = parent, False, False
    rhk.save(update_fields=["parent", "awaiting_parent", "own_initiative", "updated_at"])
    _record(
        skp,
        from_status=skp.status,
        to_status=skp.status,
        by=by,
        comment=_("RHK “%(rhk)s” dikaitkan dengan RHK atasan “%(parent)s”.") % {"rhk": rhk.text, "parent": parent.text},
    )
    other = skp.evaluator_id if by.employee_id == skp.employee_id else skp.employee_id
    _notify(
        other,
        NotificationKind.SKP_APPROVED,
        deferred("RHK pada SKP %(year)s %(name)s dikaitkan dengan RHK atasan")
        % {"year": skp.period.year, "name": skp.employee.display_name},
        skp,
    )
    return rhk


@transaction.atomic
def rhk_delete(*, rhk: Rhk) -> None:
    _require_editable(_lock(rhk.skp))
    if rhk.children.exists():
        raise ValidationError(_("RHK ini sudah diintervensi bawahan; minta mereka melepas kaitannya lebih dahulu."))
    rhk.delete()


@transaction.atomic
def indicator_save(
    *,
    rhk: Rhk,
    indicator: Indicator | None = None,
    text: str,
    aspect: str,
    target: str,
    target_unit: str,
    direction: str,
    metric: str = "",
    target_mode: str = "",
    service_unit: Unit | None = None,
    evidence_rule: str = "",
    expectation: str = "",
) -> Indicator:
    """Adds or changes an indicator. Its periodic targets (rencana aksi) start from the default of
    its mode and are rebuilt when the yearly target or the mode changes."""
    skp = _lock(rhk.skp)
    _require_editable(skp)
    errors = {}
    if target_mode and target_mode not in rules.TargetMode.__members__.values():
        errors["target_mode"] = _("Cara pembagian target periodik tidak dikenal.")
    if metric not in Metric.values:
        errors["metric"] = _("Ukuran otomatis tidak dikenal.")
    elif metric in LOWER_IS_BETTER and direction != "lower":
        errors["direction"] = _("Ukuran waktu: makin kecil makin baik; pilih arah 'turun'.")
    value = None
    expectation = (expectation or "").strip()[:2000]
    if skp.is_qualitative and not str(target or "").strip():
        # Kualitatif: the expectation in words replaces the number (DOMAIN.md §1.2).
        if not expectation:
            errors["expectation"] = _("SKP kualitatif: tuliskan ekspektasi hasil kerja indikator ini.")
    else:
        try:
            value = rules.parse_target(target)
        except rules.RuleError as error:
            errors["target"] = rule_message(error)
        if not (target_unit or "").strip():
            errors["target_unit"] = _("Satuan target wajib diisi (mis. dokumen, orang, %, hari).")
    if not (text or "").strip():
        errors["text"] = _("Indikator wajib diisi.")
    if evidence_rule not in {"", "required", "optional"}:
        errors["evidence_rule"] = _("Aturan bukti dukung tidak dikenal.")
    if service_unit is not None and service_unit.instansi_id != rhk.instansi_id:
        errors["service_unit"] = _("Unit layanan harus dari instansi yang sama.")
    elif service_unit is not None and not metric:
        errors["service_unit"] = _("Unit layanan hanya dipakai untuk indikator yang diukur otomatis.")
    if errors:
        raise ValidationError(errors)
    indicator = indicator or Indicator(instansi_id=rhk.instansi_id, rhk=rhk)
    if indicator.rhk_id != rhk.pk:
        raise ValidationError(_("Indikator bukan bagian dari RHK ini."))
    mode = target_mode or rules.suggested_mode(
        aspect=aspect, direction=direction, metric=metric, unit=target_unit or ""
    )
    changed = indicator.pk is None or indicator.target != value or indicator.target_mode != mode
    indicator.text, indicator.aspect, indicator.target = text.strip(), aspect, value
    indicator.target_unit, indicator.direction, indicator.metric = target_unit.strip(), direction, metric
    indicator.target_mode = rules.TargetMode(mode).value
    indicator.service_unit, indicator.evidence_rule = service_unit, evidence_rule
    indicator.expectation = expectation
    indicator.full_clean()
    indicator.save()
    if changed:
        period_targets_reset(indicators=[indicator], period=skp.period)
    return indicator


def period_targets_reset(*, indicators: list[Indicator], period: Period) -> None:
    """Writes the default periodic targets of each indicator's mode (replacing any earlier ones):
    one DELETE and one INSERT whatever the number of indicators."""
    keys = rules.cut_period_keys(period.year, period.cut)
    PeriodicTarget.objects.filter(indicator__in=[i.pk for i in indicators]).delete()
    PeriodicTarget.objects.bulk_create(
        PeriodicTarget(instansi_id=i.instansi_id, indicator_id=i.pk, period_key=key, target=target)
        for i in indicators
        if i.target is not None  # a narrative expectation (kualitatif) has no periodic numbers
        for key, target in zip(
            keys, rules.default_period_targets(Decimal(i.target), len(keys), i.target_mode), strict=True
        )
    )


def period_targets_of(indicator: Indicator) -> list[tuple[str, Decimal]]:
    """(key, target) for every cut of the indicator's year, stored or the mode's default."""
    period = indicator.rhk.skp.period
    if indicator.target is None:
        return []
    keys = rules.cut_period_keys(period.year, period.cut)
    stored = dict(indicator.periodic_targets.values_list("period_key", "target"))
    defaults = rules.default_period_targets(indicator.target, len(keys), indicator.target_mode)
    return [(key, stored.get(key, default)) for key, default in zip(keys, defaults, strict=True)]


def can_set_period_targets(user: User, skp: Skp) -> bool:
    """The employee while drafting; the pejabat penilai until the SKP is approved (after that, a
    change is a revision)."""
    if skp.period.is_locked:
        return False
    if user.employee_id and user.employee_id == skp.employee_id:
        return skp.status in rules.EDITABLE
    if user.employee_id and user.employee_id == skp.evaluator_id:
        return skp.status in {*rules.EDITABLE, S.SUBMITTED}
    return False


@transaction.atomic
def period_targets_set(*, indicator: Indicator, by: User, values: dict[str, str]) -> list[PeriodicTarget]:
    """The employee (drafting) or the pejabat penilai (before approval) adjusts an indicator's
    periodic targets; they must still fit the year's target (rules.check_period_targets)."""
    skp = _lock(indicator.rhk.skp)
    if not can_set_period_targets(by, skp):
        raise ValidationError(
            _("Target periodik hanya dapat diubah pegawai selama draf atau pejabat penilai sebelum SKP disetujui.")
        )
    if indicator.target is None:
        raise ValidationError(_("Indikator dengan ekspektasi naratif tidak memiliki target periodik."))
    keys = rules.cut_period_keys(skp.period.year, skp.period.cut)
    parsed, errors = [], {}
    for key in keys:
        raw = str(values.get(key, "")).strip()
        try:
            parsed.append(rules.parse_amount(raw))
        except rules.RuleError as error:
            errors[key] = rule_message(error)
    if errors:
        raise ValidationError(errors)
    problem = rules.check_period_targets(parsed, indicator.target, indicator.target_mode)
    if problem is not None:
        raise ValidationError(rule_message(problem))
    PeriodicTarget.objects.filter(indicator=indicator).delete()
    return PeriodicTarget.objects.bulk_create(
        PeriodicTarget(instansi_id=indicator.instansi_id, indicator=indicator, period_key=key, target=value)
        for key, value in zip(keys, parsed, strict=True)
    )


@transaction.atomic
def indicator_delete(*, indicator: Indicator) -> None:
    _require_editable(_lock(indicator.rhk.skp))
    indicator.delete()


@transaction.atomic
def appendix_set(*, skp: Skp, resources: str, accountability: str, consequences: str) -> Skp:
    skp = _lock(skp)
    _require_editable(skp)
    skp.resources, skp.accountability, skp.consequences = resources, accountability, consequences
    skp.save(update_fields=["resources", "accountability", "consequences", "updated_at"])
    return skp


@transaction.atomic
def behaviours_set(*, skp: Skp, expectations: dict[str, str]) -> None:
    """The pejabat penilai sets the specific expectation for each BerAKHLAK value."""
    skp = _lock(skp)
    if skp.status in (S.APPROVED, S.SUPERSEDED):
        raise ValidationError(_("SKP yang sudah disetujui terkunci; ajukan revisi untuk mengubahnya."))
    unknown = set(expectations) - set(rules.BERAKHLAK_CODES)
    if unknown:
        raise ValidationError(_("Nilai perilaku tidak dikenal."))
    behaviours = list(skp.behaviours.all())
    for behaviour in behaviours:
        if behaviour.value in expectations:
            behaviour.expectation = expectations[behaviour.value].strip()[:2000]
    BehaviourExpectation.objects.bulk_update(behaviours, ["expectation"])


def _drafts(skp: Skp) -> list[rules.RhkDraft]:
    # The detail page has prefetched them already (selectors.skp_detail): no query then.
    prefetched = "rhks" in getattr(skp, "_prefetched_objects_cache", {})
    rhks = skp.rhks.all() if prefetched else skp.rhks.prefetch_related("indicators")
    return [
        rules.RhkDraft(
            text=r.text,
            kind=r.kind,
            indicators=tuple(
                rules.IndicatorDraft(i.text, i.aspect, i.target, i.target_unit) for i in r.indicators.all()
            ),
            parent_linked=bool(r.goal_id if skp.is_jpt else r.parent_id),
            own_initiative=r.own_initiative,
            awaiting_parent=r.awaiting_parent,
        )
        for r in rhks
    ]


def _notify(employee_id: int | None, kind: NotificationKind, text: Message, skp: Skp) -> None:
    """Tells the employee (or evaluator) with that record, when they have a login."""
    user = User.objects.filter(employee_id=employee_id).first() if employee_id else None
    notify(user, kind, text=text, url=reverse("skp:detail", args=[skp.pk]))


def submission_problems(skp: Skp) -> list[str]:
    return [_(m) % p if p else _(m) for m, p in rules.submission_problems(_drafts(skp), jpt=skp.is_jpt)]


@transaction.atomic
def skp_submit(*, skp: Skp, by: User) -> Skp:
    skp = _lock(skp)
    new_status = _transition(skp, rules.Action.SUBMIT)
    if skp.evaluator_id is None:
        raise ValidationError(
            _("Pejabat penilai belum tercatat. Minta admin kepegawaian melengkapi atasan langsung Anda.")
        )
    problems = submission_problems(skp)
    if problems:
        raise ValidationError(problems)
    old = skp.status
    skp.status, skp.submitted_at = new_status, timezone.now()
    skp.save(update_fields=["status", "submitted_at", "updated_at"])
    _record(skp, from_status=old, to_status=new_status, by=by)
    _notify(
        skp.evaluator_id,
        NotificationKind.SKP_SUBMITTED,
        deferred("SKP %(year)s %(name)s menunggu persetujuan Anda")
        % {"year": skp.period.year, "name": skp.employee.display_name},
        skp,
    )
    return skp


@transaction.atomic
def skp_return(*, skp: Skp, by: User, comment: str) -> Skp:
    skp = _lock(skp)
    if by.employee_id == skp.employee_id:
        raise ValidationError(_("Anda tidak dapat memutuskan SKP Anda sendiri."))
    new_status = _transition(skp, rules.Action.RETURN)
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Tuliskan apa yang perlu diperbaiki.")})
    old = skp.status
    skp.status = new_status
    skp.save(update_fields=["status", "updated_at"])
    _record(skp, from_status=old, to_status=new_status, by=by, comment=comment.strip())
    _notify(
        skp.employee_id,
        NotificationKind.SKP_RETURNED,
        deferred("SKP %(year)s Anda dikembalikan: %(comment)s")
        % {"year": skp.period.year, "comment": comment.strip()[:150]},
        skp,
    )
    return skp


@transaction.atomic
def skp_approve(*, skp: Skp, by: User, comment: str = "") -> Skp:
    """Approves (and locks) an SKP; an approved revision replaces the previous one, and
    subordinates' RHKs that intervened the old RHKs now point to their copies."""
    skp = _lock(skp)
    if by.employee_id == skp.employee_id:
        raise ValidationError(_("Anda tidak dapat menyetujui SKP Anda sendiri."))
    new_status = _transition(skp, rules.Action.APPROVE)
    old = skp.status
    skp.status, skp.approved_at = new_status, timezone.now()
    skp.save(update_fields=["status", "approved_at", "updated_at"])
    _record(skp, from_status=old, to_status=new_status, by=by, comment=comment)
    if skp.previous_id:
        previous = _lock(skp.previous)
        previous.status = _transition(previous, rules.Action.SUPERSEDE)
        previous.save(update_fields=["status", "updated_at"])
        _record(
            previous,
            from_status=S.APPROVED,
            to_status=S.SUPERSEDED,
            by=by,
            comment=_("Digantikan revisi %(r)s") % {"r": skp.revision},
        )
        for rhk in skp.rhks.filter(copied_from__isnull=False):
            Rhk.objects.filter(parent_id=rhk.copied_from_id).update(parent=rhk)
    _notify(
        skp.employee_id,
        NotificationKind.SKP_APPROVED,
        deferred("SKP %(year)s Anda disetujui") % {"year": skp.period.year},
        skp,
    )
    _tell_waiting_subordinates(skp)
    return skp


def _tell_waiting_subordinates(skp: Skp) -> None:
    """Subordinates whose RHKs wait for this supervisor's RHK learn that they can link them now."""
    waiting = (
        Skp.objects.filter(
            evaluator_id=skp.employee_id, period_id=skp.period_id, rhks__awaiting_parent=True, rhks__parent=None
        )
        .exclude(status=S.SUPERSEDED)
        .distinct()
    )
    for other in waiting:
        _notify(
            other.employee_id,
            NotificationKind.SKP_APPROVED,
            deferred("SKP atasan Anda sudah disetujui: kaitkan RHK Anda yang menunggu RHK atasan"),
            other,
        )


@transaction.atomic
def skp_revise(*, skp: Skp, by: User, reason: str, category: str) -> Skp:
    """A mid-year change: a new draft revision copied from the approved SKP, with a reason.
    The approved one stays in force (and readable) until the revision is approved."""
    skp = _lock(skp)
    if skp.status != S.APPROVED:
        raise ValidationError(_("Hanya SKP yang sudah disetujui yang dapat direvisi."))
    if hasattr(skp, "next_revision"):
        raise ValidationError(_("Revisi untuk SKP ini sudah dibuat."))
    if skp.period.is_locked:
        raise ValidationError(_("Periode %(y)s sudah ditutup.") % {"y": skp.period.year})
    if category not in RevisionCategory.values:
        raise ValidationError({"category": _("Pilih kategori alasan revisi.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Alasan revisi wajib diisi.")})
    new = Skp.objects.get(pk=skp.pk)
    new.pk = None
    new.revision, new.previous, new.status = skp.revision + 1, skp, S.DRAFT
    new.revision_reason, new.submitted_at, new.approved_at = reason.strip(), None, None
    new.revision_category = category
    new.save()
    for rhk in skp.rhks.prefetch_related("indicators__periodic_targets"):
        indicators = list(rhk.indicators.all())
        old_pk = rhk.pk
        rhk.pk, rhk.skp, rhk.copied_from_id = None, new, old_pk
        rhk.save()
        targets = {i.pk: list(i.periodic_targets.all()) for i in indicators}
        for indicator in indicators:
            indicator._old_pk, indicator.pk, indicator.rhk = indicator.pk, None, rhk
        Indicator.objects.bulk_create(indicators)
        PeriodicTarget.objects.bulk_create(
            PeriodicTarget(instansi_id=t.instansi_id, indicator=i, period_key=t.period_key, target=t.target)
            for i in indicators
            for t in targets[i._old_pk]
        )
    BehaviourExpectation.objects.bulk_create(
        BehaviourExpectation(skp=new, value=b.value, expectation=b.expectation) for b in skp.behaviours.all()
    )
    label = RevisionCategory(category).label
    _record(new, from_status="", to_status=S.DRAFT, by=by, comment=f"{label}: {reason.strip()}")
    return new
