"""Read-side queries of the appraisal pages: one query per list, aggregates in the database."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from kinerja.activities import rules as activity_rules
from kinerja.activities.models import Realization
from kinerja.citizen import metrics
from kinerja.org.models import Employee, Position, Unit
from kinerja.skp.models import Indicator, Period, PeriodicTarget
from kinerja.skp.rules import BERAKHLAK, TargetMode, aspect_source, cut_count, measure, period_target

from . import rules
from .models import ORG_PREDICATE_CHOICES, Evaluation, Objection, PeerInput, UnitPredicate
from .services import CurveScope, curve_counts, curve_scope, cut_realized_filter


@dataclass
class IndicatorRow:
    indicator: Indicator
    realized: Decimal | None  # None: nothing measured yet
    entries: int
    pct: int | None  # None: a narrative expectation, judged by the pejabat penilai
    feedback: str
    target: Decimal | None  # what the cut is measured against: the periodic target, or the year's
    source: str = ""  # where the figure comes from and what the employee does to give it one


def _cut_realizations(evaluation: Evaluation):
    """The Realization rows behind an indicator's figure for the evaluation's cut (as
    services.cut_realized_filter: the cut's own, the year so far for cumulative targets)."""
    cut = cut_realized_filter(evaluation.period, evaluation.cut_key, prefix="")
    base = Realization.objects.filter(indicator=OuterRef("pk"))
    if cut is not None:
        cut = Q(period_key=evaluation.cut_key) | Q(
            indicator__target_mode=TargetMode.CUMULATIVE, period_key__lte=evaluation.cut_key
        )
        base = base.filter(cut)
    return base.values("indicator")


def indicator_rows(evaluation: Evaluation) -> list[IndicatorRow]:
    """Target of the cut, realization from verified work in the cut, achievement and feedback
    per indicator (one query, plus the metric figures of bound indicators)."""
    realizations = _cut_realizations(evaluation)
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2))
    planned = PeriodicTarget.objects.filter(indicator=OuterRef("pk"), period_key=evaluation.cut_key).values("target")
    indicators = (
        Indicator.objects.filter(rhk__skp_id=evaluation.skp_id)
        .select_related("rhk")
        .annotate(
            realized=Coalesce(Subquery(realizations.annotate(t=Sum("quantity")).values("t")), zero),
            entries=Coalesce(
                Subquery(realizations.annotate(t=Sum("count")).values("t")), Value(0), output_field=IntegerField()
            ),
            cut_target=Subquery(planned[:1]),
            score_total=Subquery(realizations.annotate(t=Sum("score_total")).values("t")),
            scored=Subquery(realizations.annotate(t=Sum("scored")).values("t")),
        )
        .order_by("rhk__order", "rhk__pk", "pk")
    )
    feedback = evaluation.indicator_feedback or {}
    indicators = list(indicators)
    employee = evaluation.employee
    measured = metrics.indicator_values(
        (
            {
                "pk": i.pk,
                "metric": i.metric,
                "employee_id": employee.pk,
                "unit_id": employee.unit_id,
                "service_unit_id": i.service_unit_id,
                "cumulative": i.target_mode == TargetMode.CUMULATIVE,
            }
            for i in indicators
        ),
        evaluation.cut_key,
    )
    n = cut_count(evaluation.period.cut)
    rows = []
    for indicator in indicators:
        source = gettext(aspect_source(indicator.aspect, indicator.metric))
        if indicator.target is None:  # a narrative expectation (kualitatif): judged, not computed
            row = IndicatorRow(indicator, None, indicator.entries, None, feedback.get(str(indicator.pk), ""), None)
            rows.append(row)
            continue
        target = period_target(indicator.target, indicator.target_mode, evaluation.cut_key, n, indicator.cut_target)
        lower = indicator.direction == "lower"
        if indicator.pk in measured:
            realized = measured[indicator.pk]
            pct = activity_rules.progress_pct(realized, target, lower_is_better=lower)
        else:
            realized, pct = measure(
                indicator.aspect,
                indicator.direction,
                target,
                quantity=indicator.realized,
                entries=indicator.entries,
                score_total=indicator.score_total or Decimal(0),
                scored=indicator.scored or 0,
            )
        rows.append(
            IndicatorRow(
                indicator, realized, indicator.entries, pct, feedback.get(str(indicator.pk), ""), target, source
            )
        )
    return rows


def behaviour_rows(evaluation: Evaluation) -> list[tuple[str, str, tuple[str, ...], str, str]]:
    """(code, label, guides, the supervisor's expectation, feedback) for the seven values."""
    expectations = dict(evaluation.skp.behaviours.values_list("value", "expectation"))
    feedback = evaluation.behaviour_feedback or {}
    return [
        (code, label, guides, expectations.get(code, ""), feedback.get(code, "")) for code, label, guides in BERAKHLAK
    ]


@dataclass
class PeerGroup:
    relation: str
    label: str
    shown: bool  # enough people answered (rules.peer_groups_shown); else nothing but the fact
    count: int  # 0 when not shown: even the number could point at someone
    rows: list[tuple[str, Counter]]
    comments: list[str]


def peer_summary(evaluation: Evaluation) -> dict:
    """Per group (peers, subordinates): counts per value and rating and the comments without
    their authors, for the pejabat penilai, only for a group enough people answered. One query."""
    inputs = list(PeerInput.objects.filter(evaluation=evaluation).values("ratings", "comment", "relation"))
    answered = Counter(row["relation"] for row in inputs)
    shown = rules.peer_groups_shown(answered, settings.APPRAISAL_PEER_MIN_RESPONDENTS)
    groups = []
    for relation, label in PeerInput.Relation.choices:
        if relation not in shown:
            groups.append(PeerGroup(relation, str(label), False, 0, [], []))
            continue
        mine = [row for row in inputs if row["relation"] == relation]
        per_value = {code: Counter() for code, _label, _guides in BERAKHLAK}
        for row in mine:
            for code, rating in row["ratings"].items():
                if code in per_value:
                    per_value[code][rating] += 1
        rows = [(value_label, per_value[code]) for code, value_label, _guides in BERAKHLAK]
        comments = sorted(row["comment"] for row in mine if row["comment"])
        groups.append(PeerGroup(relation, str(label), True, len(mine), rows, comments))
    return {
        "groups": groups,
        "shown": sum(g.count for g in groups),
        "minimum": max(settings.APPRAISAL_PEER_MIN_RESPONDENTS, rules.PEER_MIN_RESPONDENTS),
    }


@dataclass
class FollowUp:
    angka_kredit: Decimal | None
    level_label: str
    promotion_eligible: bool | None
    annual: list[tuple[int, str]]
    coaching: bool


def follow_up(evaluation: Evaluation) -> FollowUp | None:
    """Angka kredit (functional positions), promotion eligibility and the coaching flag."""
    if not evaluation.predikat:
        return None
    position = evaluation.employee.position
    predikat = rules.Predikat(evaluation.predikat)
    ak = None
    level_label = ""
    if position and position.kind == Position.Kind.FUNGSIONAL and position.level in rules.AK_COEFFICIENT:
        ak = rules.angka_kredit(predikat, position.level, months=rules.cut_months(evaluation.cut_key))
        level_label = position.get_level_display()
    year = evaluation.period.year
    annual = dict(
        Evaluation.objects.filter(
            employee_id=evaluation.employee_id,
            cut_key__in=[str(year - 1), str(year)],
        )
        .exclude(status=Evaluation.Status.DRAFT)
        .exclude(predikat="")
        .values_list("cut_key", "predikat")
    )
    history = [(int(key), annual[key]) for key in sorted(annual)]
    eligible = rules.promotion_eligible([rules.Predikat(p) for _y, p in history]) if len(history) == 2 else None
    return FollowUp(ak, level_label, eligible, history, rules.needs_coaching(predikat))


@dataclass
class Curve:
    unit: Unit | None
    predicate: UnitPredicate | None
    counts: list[tuple[str, str, int, int]]  # (value, label, count, percent)
    total: int
    issues: list[str]
    applied: str = "unit"  # services.CurveScope.applied
    scope_note: str = ""  # which distribution was checked, and why


def curve_scope_note(scope: CurveScope) -> str:
    if scope.applied == "unit":
        return gettext("Kurva diterapkan pada unit %(unit)s sendiri (%(n)s pegawai dinilai).") % {
            "unit": scope.base.name,
            "n": scope.people,
        }
    if scope.applied == "parent":
        return gettext(
            "Unit %(unit)s hanya %(n)s pegawai (kurang dari %(min)s), sehingga kurva diterapkan pada distribusi "
            "organisasi induk %(parent)s."
        ) % {"unit": scope.governing.unit.name, "n": scope.people, "min": scope.min_people, "parent": scope.base.name}
    if scope.applied == "none":
        return gettext(
            "Kurva tidak diterapkan: seluruh organisasi di atas unit ini kurang dari %(min)s pegawai, sehingga "
            "persentase pola distribusi tidak dapat dipenuhi."
        ) % {"min": scope.min_people}
    return ""


def curve(unit: Unit, period: Period, cut_key: str) -> Curve:
    """The live distribution against the organisation predicate's pattern, on the level where the
    curve can hold (services.curve_scope): the governing unit, or its parent organisation."""
    scope = curve_scope(unit, period, cut_key)
    base = scope.base or unit
    counts = curve_counts(base, period, cut_key)
    total = sum(counts.values())
    rows = [
        (p.value, label, counts[p], round(counts[p] * 100 / total) if total else 0)
        for p, label in rules.PREDIKAT_LABELS.items()
    ]
    issues = []
    if scope.predicate:
        issues = [
            gettext(issue.message) % issue.params for issue in rules.curve_issues(scope.predicate.predicate, counts)
        ]
    return Curve(base, scope.predicate or scope.governing, rows, total, issues, scope.applied, curve_scope_note(scope))


def board(unit: Unit, period: Period, cut_key: str):
    """Every evaluation in a unit's subtree for the calibration view: one query."""
    return (
        Evaluation.objects.filter(period=period, cut_key=cut_key, unit__path__startswith=unit.path)
        .select_related("employee", "employee__position", "evaluator", "objection")
        .order_by("unit__path", "-is_unit_head", "employee__name")
    )


SHOW_WAITING = "menunggu"  # units with evaluations still being rated (draft)
SHOW_NO_PREDICATE = "tanpa-predikat"  # units with evaluations but no organisation predicate
SHOW_CHOICES = (SHOW_WAITING, SHOW_NO_PREDICATE)
OPEN_ALL_UP_TO = 15  # a short tree (an atasan's few units) is shown expanded


def _ancestors(path: str) -> list[str]:
    """The proper prefixes of a materialized path: "000001/000002/000003/" → the two above."""
    parts = path.split("/")[:-1]
    return ["".join(f"{p}/" for p in parts[:i]) for i in range(1, len(parts))]


def board_units(units, period: Period, cut_key: str, board_url: str, *, search: str = "", show: str = "") -> list[dict]:
    """The index page's unit hierarchy (OPD → bidang → seksi) with each unit's evaluation counts,
    waiting count and organisation predicate, and the totals of its subtree.

    Three flat queries merged in Python, whatever the number of units (correlated subqueries per
    unit and a ``{% url %}`` per row took over 200 ms for 1,076 units: bench/findings.md).
    ``search`` (unit name) and ``show`` (``SHOW_CHOICES``) keep the matching units and the units
    above them, so a match is always seen in its place. Each row carries what the template needs
    to nest without recursion: ``level`` (among the rows shown), ``has_children`` and ``closes``
    (how many levels end after it). ``board_url`` is the board's URL of unit 0."""
    counts = {
        row["unit_id"]: (row["n"], row["final"])
        for row in Evaluation.objects.filter(period=period, cut_key=cut_key, unit_id__isnull=False)
        .values("unit_id")
        .annotate(n=Count("pk"), final=Count("pk", filter=~Q(status=Evaluation.Status.DRAFT)))
        .order_by()
    }
    predicates = dict(UnitPredicate.objects.filter(period=period, cut_key=cut_key).values_list("unit_id", "predicate"))
    labels = dict(ORG_PREDICATE_CHOICES)
    prefix = board_url.removesuffix("0/")
    rows = []
    by_path: dict[str, dict] = {}
    for unit in units.order_by("path").values("pk", "name", "path"):
        evaluations, finalised = counts.get(unit["pk"], (0, 0))
        predicate = predicates.get(unit["pk"])
        row = unit | {
            "url": f"{prefix}{unit['pk']}/",
            "evaluations": evaluations,
            "finalised": finalised,
            "waiting": evaluations - finalised,
            "org_predicate": labels.get(predicate, "") if predicate else "",
            "missing_predicate": bool(evaluations and not predicate),
            "total_evaluations": evaluations,
            "total_waiting": evaluations - finalised,
        }
        rows.append(row)
        by_path[row["path"]] = row
    # Subtree totals: each unit adds its figures to every unit above it that is listed.
    for row in rows:
        for path in _ancestors(row["path"]):
            above = by_path.get(path)
            if above is not None:
                above["total_evaluations"] += row["evaluations"]
                above["total_waiting"] += row["waiting"]

    needle = search.strip().casefold()
    filtering = bool(needle) or show in SHOW_CHOICES
    if filtering:
        keep: set[str] = set()
        for row in rows:
            if needle and needle not in row["name"].casefold():
                continue
            if show == SHOW_WAITING and not row["waiting"]:
                continue
            if show == SHOW_NO_PREDICATE and not row["missing_predicate"]:
                continue
            row["matched"] = True
            keep.add(row["path"])
            keep.update(p for p in _ancestors(row["path"]) if p in by_path)
        rows = [row for row in rows if row["path"] in keep]

    # Nesting among the rows shown: a unit's level is how many shown units are above it.
    stack: list[str] = []
    for row in rows:
        while stack and not row["path"].startswith(stack[-1]):
            stack.pop()
        row["level"] = len(stack)
        stack.append(row["path"])
        row.setdefault("matched", not filtering)
    expand = filtering or len(rows) <= OPEN_ALL_UP_TO
    for index, row in enumerate(rows):
        next_level = rows[index + 1]["level"] if index + 1 < len(rows) else 0
        row["has_children"] = next_level > row["level"]
        row["closes"] = range(max(0, row["level"] - next_level))
        row["open"] = expand
    return rows


def objections_waiting(user) -> list[Objection]:
    if not user.employee_id:
        return []
    return list(
        Objection.objects.filter(evaluation__evaluator_supervisor_id=user.employee_id, decision="")
        .select_related("evaluation", "evaluation__employee")
        .order_by("created_at")
    )


def document_context(evaluation: Evaluation) -> dict:
    """What the evaluation document (PDF) shows: one place for the page and the benchmark."""
    return {
        "evaluation": evaluation,
        "rows": indicator_rows(evaluation),
        "behaviours": behaviour_rows(evaluation),
        "objection": Objection.objects.filter(evaluation=evaluation).select_related("decided_by").first(),
        "follow_up": follow_up(evaluation),
    }


def peer_requests(employee: Employee, period: Period, cut_key: str) -> list[tuple[Evaluation, bool]]:
    """Draft evaluations on which ``employee`` may give peer or subordinate input (those of the
    colleagues who share their supervisor, and the supervisor's own), with whether it was given.
    The ids come first: an OR inside one subquery made PostgreSQL scan every employee of the
    instansi (bench/findings.md)."""
    ids = set()
    if employee.supervisor_id:
        ids = set(
            Employee.objects.filter(
                instansi_id=employee.instansi_id, supervisor_id=employee.supervisor_id, is_active=True
            ).values_list("pk", flat=True)
        )
        ids.add(employee.supervisor_id)
    ids.discard(employee.pk)
    evaluations = list(
        Evaluation.objects.filter(
            period=period, cut_key=cut_key, status=Evaluation.Status.DRAFT, employee_id__in=sorted(ids)
        )
        .select_related("employee")
        .order_by("employee__name")
    )
    given = set(
        PeerInput.objects.filter(author=employee, evaluation_id__in=[e.pk for e in evaluations]).values_list(
            "evaluation_id", flat=True
        )
    )
    return [(evaluation, evaluation.pk in given) for evaluation in evaluations]


def nav_counts(user) -> dict[str, QuerySet]:
    """The appraisal work waiting for this user (kinerja.core.navigation): evaluations to rate
    as pejabat penilai, objections to decide as their superior, and their own result to
    acknowledge, counted together for the menu and separately for the home page."""
    if not user.employee_id:
        return {}
    mine = Evaluation.objects.filter(instansi_id=user.instansi_id)
    S = Evaluation.Status
    return {
        "to_rate": mine.filter(evaluator_id=user.employee_id, status=S.DRAFT, skp__status="approved"),
        "objections_to_decide": mine.filter(evaluator_supervisor_id=user.employee_id, status=S.OBJECTED),
        "to_acknowledge": mine.filter(employee_id=user.employee_id, status=S.FINAL),
    }


def awaiting_acknowledgement(employee: Employee) -> list[Evaluation]:
    """The employee's signed-off results that wait for their acknowledgement (a handful)."""
    return list(
        Evaluation.objects.filter(
            instansi_id=employee.instansi_id, employee=employee, status=Evaluation.Status.FINAL
        ).order_by("-finalised_at")[:5]
    )
