"""Import of history from earlier systems: activities (with their submission and decision times,
decision and verifier) and ratings with predikat, from JSON Lines (docs/import-history.md).

Like every import: the whole file is validated first (a dry run writes nothing and lists each
bad line with its problems); nothing is written unless every line is valid; applying writes in
one transaction; importing the same file again adds nothing (activities are matched by their
source id, turned into the entry's client token; evaluations by employee and cut). The file is
streamed twice (validate, then write) and written in batches through kinerja.core.bulk, so a
year of a large region (12 million activities) fits in memory and in minutes.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.activities.models import Activity
from kinerja.activities.rules import period_key
from kinerja.appraisal.models import Evaluation
from kinerja.appraisal.rules import cut_keys
from kinerja.core.bulk import insert_rows
from kinerja.org.models import Employee, Instansi
from kinerja.skp.models import Period, Skp
from kinerja.skp.rules import SkpStatus

from . import rules

NAMESPACE = uuid.UUID("6f1c7c1e-8a0e-4d55-9a37-0c1f3f6b2a10")  # source ids → client tokens
MAX_ERRORS = 200


@dataclass
class HistoryResult:
    lines: int = 0
    activities: int = 0
    evaluations: int = 0
    activities_added: int = 0
    evaluations_added: int = 0
    periods_added: int = 0
    error_count: int = 0
    errors: list[tuple[int, list[str]]] = field(default_factory=list)
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return self.error_count == 0


def _lines(path) -> Iterator[tuple[int, dict | None, str | None]]:
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line), None
            except json.JSONDecodeError as error:
                yield number, None, _("Bukan JSON yang sah (%(msg)s).") % {"msg": error.msg}


class _Directory:
    """The instansi's people and years, read once (10,000 employees: a few MB)."""

    def __init__(self, instansi: Instansi):
        self.instansi = instansi
        self.employees = dict(Employee.objects.filter(instansi=instansi).values_list("nip", "pk"))
        self.units = dict(Employee.objects.filter(instansi=instansi).values_list("pk", "unit_id"))
        self.users = dict(
            User.objects.filter(instansi=instansi, employee__isnull=False).values_list("employee_id", "pk")
        )
        self.periods = {p.year: p for p in Period.objects.filter(instansi=instansi)}
        self.new_cuts: dict[int, str] = {}  # year → cut style of a period the import will open

    def cut_of(self, year: int) -> str:
        period = self.periods.get(year)
        return period.cut if period else self.new_cuts.get(year, "quarterly")


def _check(record, directory: _Directory) -> list[str]:
    problems = []
    if record.nip not in directory.employees:
        problems.append(_("NIP %(nip)s tidak terdaftar di instansi ini.") % {"nip": record.nip})
    other = record.verifier_nip if isinstance(record, rules.HistoryActivity) else record.evaluator_nip
    if other and other not in directory.employees:
        problems.append(_("NIP %(nip)s (penilai/verifikator) tidak terdaftar di instansi ini.") % {"nip": other})
    if isinstance(record, rules.HistoryEvaluation):
        year = int(record.cut[:4])
        monthly = len(record.cut) == 7 and not record.cut[5:].startswith("Q")
        if year not in directory.periods and len(record.cut) == 7:
            directory.new_cuts.setdefault(year, "monthly" if monthly else "quarterly")
        if record.cut not in cut_keys(year, directory.cut_of(year)):
            problems.append(
                _("cut %(cut)s tidak cocok dengan periode tahun %(year)s.") % {"cut": record.cut, "year": year}
            )
    return problems


def validate(instansi: Instansi, path) -> tuple[HistoryResult, _Directory]:
    """Pass 1: every line parsed and checked against the instansi; nothing written."""
    result, directory = HistoryResult(), _Directory(instansi)
    for number, data, error in _lines(path):
        result.lines += 1
        record, problems = (None, [error]) if error else rules.parse_history_line(data)
        if record is not None:
            problems = _check(record, directory)
            if isinstance(record, rules.HistoryActivity):
                result.activities += 1
            else:
                result.evaluations += 1
        if problems:
            result.error_count += 1
            if len(result.errors) < MAX_ERRORS:
                result.errors.append((number, [_(p) for p in problems]))
    return result, directory


def _period(directory: _Directory, year: int, result: HistoryResult) -> Period:
    period = directory.periods.get(year)
    if period is None:
        period = Period.objects.create(
            instansi=directory.instansi,
            year=year,
            cut=directory.cut_of(year),
            planning_deadline=dt.date(year, 1, 31),
            closes_on=dt.date(year, 12, 31),
            is_closed=True,  # a past year: history, not a plan to change
        )
        directory.periods[year] = period
        result.periods_added += 1
    return period


def _write_activities(batch: list[rules.HistoryActivity], directory: _Directory, result: HistoryResult) -> None:
    instansi = directory.instansi
    # Matched by source id: the entry's client token, unique per employee, so a line imported
    # before is skipped by the database itself (ON CONFLICT DO NOTHING), without a lookup.
    tokens = {uuid.uuid5(NAMESPACE, f"{instansi.pk}:{r.source_id}"): r for r in batch}
    rows = []
    for token, r in tokens.items():
        period = _period(directory, r.date.year, result)
        verifier = directory.employees.get(r.verifier_nip) if r.verifier_nip else None
        status = {"verified": "verified", "returned": "returned", "submitted": "submitted"}[r.decision]
        rows.append(
            {
                "instansi_id": instansi.pk,
                "employee_id": directory.employees[r.nip],
                "period_id": period.pk,
                "period_key": period_key(r.date, period.cut),
                "date": r.date,
                "minutes": r.minutes,
                "description": r.description,
                "quantity": r.quantity,
                "status": status,
                "verifier_id": verifier,
                "decided_by_id": directory.users.get(verifier) if r.decided_at else None,
                "decided_at": r.decided_at,
                "return_comment": r.comment if status == "returned" else "",
                "client_token": token,
                "created_at": r.submitted_at,
                "updated_at": r.decided_at or r.submitted_at,
            }
        )
    # Ints, text and dates go to the driver as they are (Django's per-value preparation was half
    # the import's time: bench scenario 11); the token, times and quantity are prepared.
    raw = ("instansi_id", "employee_id", "period_id", "period_key", "date", "minutes", "description", "status")
    raw += ("verifier_id", "decided_by_id", "return_comment")
    result.activities_added += insert_rows(Activity, rows, raw=raw, ignore_conflicts=True)


def _write_evaluations(batch: list[rules.HistoryEvaluation], directory: _Directory, result: HistoryResult) -> None:
    instansi = directory.instansi
    by_year: dict[int, list[rules.HistoryEvaluation]] = {}
    for r in batch:
        by_year.setdefault(int(r.cut[:4]), []).append(r)
    for year, records in by_year.items():
        period = _period(directory, year, result)
        employee_ids = {directory.employees[r.nip] for r in records}
        existing = set(
            Evaluation.objects.filter(period=period, employee_id__in=employee_ids).values_list("employee_id", "cut_key")
        )
        skps = dict(
            Skp.objects.filter(period=period, employee_id__in=employee_ids)
            .exclude(status=SkpStatus.SUPERSEDED)
            .order_by("employee_id", "revision")
            .values_list("employee_id", "pk")
        )
        missing = [pk for pk in employee_ids if pk not in skps]
        if missing:  # the plan of a past year lives in the earlier system: a placeholder approved SKP
            Skp.objects.bulk_create(
                [Skp(instansi=instansi, period=period, employee_id=pk, status=SkpStatus.APPROVED) for pk in missing]
            )
            skps.update(Skp.objects.filter(period=period, employee_id__in=missing).values_list("employee_id", "pk"))
        rows = []
        for r in records:
            employee = directory.employees[r.nip]
            if (employee, r.cut) in existing:
                continue
            existing.add((employee, r.cut))
            rows.append(
                {
                    "instansi_id": instansi.pk,
                    "period_id": period.pk,
                    "cut_key": r.cut,
                    "employee_id": employee,
                    "skp_id": skps[employee],
                    "evaluator_id": directory.employees.get(r.evaluator_nip) if r.evaluator_nip else None,
                    "unit_id": directory.units.get(employee),
                    "achievement_pct": r.achievement_pct,
                    "suggested_results": r.suggested,
                    "results_rating": r.results,
                    "behaviour_rating": r.behaviour,
                    "predikat": r.predikat,
                    # settled in the earlier system: nobody is asked for a receipt or an objection now
                    "status": Evaluation.Status.ACKNOWLEDGED,
                    "rated_at": r.rated_at,
                    "finalised_at": r.rated_at,
                    "acknowledged_at": r.rated_at,
                    "received_on": r.rated_at.date() if r.rated_at else None,
                }
            )
        result.evaluations_added += insert_rows(Evaluation, rows)


def import_history(*, instansi: Instansi, path, dry_run: bool = True, batch_size: int = 5000) -> HistoryResult:
    """Validates the whole file; unless it is a dry run and when every line is valid, writes it
    in one transaction, batch by batch. Returns the counts and the first errors."""
    result, directory = validate(instansi, path)
    result.dry_run = dry_run
    if dry_run or not result.ok:
        return result
    with transaction.atomic():
        activities: list[rules.HistoryActivity] = []
        evaluations: list[rules.HistoryEvaluation] = []
        for _number, data, _error in _lines(path):
            record, _problems = rules.parse_history_line(data)
            if isinstance(record, rules.HistoryActivity):
                activities.append(record)
                if len(activities) >= batch_size:
                    _write_activities(activities, directory, result)
                    activities = []
            else:
                evaluations.append(record)
                if len(evaluations) >= batch_size:
                    _write_evaluations(evaluations, directory, result)
                    evaluations = []
        if activities:
            _write_activities(activities, directory, result)
        if evaluations:
            _write_evaluations(evaluations, directory, result)
    return result
