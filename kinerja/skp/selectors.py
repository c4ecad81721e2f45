"""Reads for the planning pages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When

from kinerja.org.models import Employee

from . import rules
from .models import Indicator, KeyIndicator, OrgGoal, Period, Rhk, Skp, SkpStatusChange, SkpTemplate


def skp_detail(skp_id: int) -> Skp:
    """An SKP with everything its page and PDF show: 6 queries whatever its size."""
    return (
        Skp.objects.select_related(
            "employee__unit", "employee__position", "period__instansi", "instansi", "evaluator", "evaluator_supervisor"
        )
        .prefetch_related(
            Prefetch(
                "rhks",
                queryset=Rhk.objects.select_related("parent__skp__employee", "goal").prefetch_related(
                    Prefetch(
                        "indicators",
                        queryset=Indicator.objects.select_related("service_unit")
                        .prefetch_related("periodic_targets")
                        .order_by("pk"),
                    )
                ),
            ),
            "behaviours",
            Prefetch("status_changes", queryset=SkpStatusChange.objects.select_related("by")),
        )
        .get(pk=skp_id)
    )


def short_cut_label(key: str) -> str:
    """'2026-Q2' → 'TW II', '2026-05' → '05' (column heads of the periodic targets)."""
    part = key.split("-")[1]
    return "TW " + ["I", "II", "III", "IV"][int(part[1]) - 1] if part.startswith("Q") else part


def attach_plans(skp: Skp) -> list[tuple[str, str]]:
    """Puts each indicator's periodic targets on it as ``plan`` [(key, label, target)] in the
    year's order (from the prefetched rows: no query), and returns the (key, label) columns."""
    keys = rules.cut_period_keys(skp.period.year, skp.period.cut)
    for rhk in skp.rhks.all():
        for indicator in rhk.indicators.all():
            if indicator.target is None:  # a narrative expectation: no periodic numbers
                indicator.plan = []
                continue
            stored = {t.period_key: t.target for t in indicator.periodic_targets.all()}
            defaults = rules.default_period_targets(indicator.target, len(keys), indicator.target_mode)
            indicator.plan = [
                (key, short_cut_label(key), stored.get(key, default))
                for key, default in zip(keys, defaults, strict=True)
            ]
    return [(key, short_cut_label(key)) for key in keys]


def templates_for(employee: Employee) -> QuerySet[SkpTemplate]:
    """Active templates of the employee's instansi, those linked to their position (or its
    functional level) first, marked ``matches``: one query."""
    position = employee.position
    match = Q(pk__in=[])
    if position is not None:
        linked = SkpTemplate.positions.through.objects.filter(skptemplate_id=OuterRef("pk"), position_id=position.pk)
        match = Q(Exists(linked))
        if position.level:
            match |= Q(levels__contains=f",{position.level},")
    return (
        SkpTemplate.objects.filter(instansi_id=employee.instansi_id, is_active=True)
        .annotate(matches=Case(When(match, then=Value(True)), default=Value(False), output_field=BooleanField()))
        .order_by("-matches", "sector", "name")
    )


def evaluator_rhks(skp: Skp) -> QuerySet[Rhk]:
    """RHKs of the pejabat penilai's current SKP of the same year: what this SKP may intervene."""
    if skp.evaluator_id is None:
        return Rhk.objects.none()
    return (
        Rhk.objects.filter(skp__employee_id=skp.evaluator_id, skp__period_id=skp.period_id, instansi_id=skp.instansi_id)
        .exclude(skp__status=rules.SkpStatus.SUPERSEDED)
        .select_related("skp")
        .order_by("skp__revision", "order")
    )


def behaviour_rows(skp: Skp) -> list[tuple[str, str, tuple[str, ...], str]]:
    expectations = {b.value: b.expectation for b in skp.behaviours.all()}
    return [(code, label, guides, expectations.get(code, "")) for code, label, guides in rules.BERAKHLAK]


def my_skps(employee: Employee) -> QuerySet[Skp]:
    return (
        Skp.objects.filter(employee=employee)
        .select_related("period", "evaluator")
        .order_by("-period__year", "-revision")
    )


def evaluator_queue(employee: Employee) -> QuerySet[Skp]:
    """SKPs waiting for this pejabat penilai's decision (indexed: instansi, evaluator, status)."""
    return (
        Skp.objects.filter(instansi_id=employee.instansi_id, evaluator=employee, status=rules.SkpStatus.SUBMITTED)
        .select_related("employee", "period")
        .order_by("submitted_at")
    )


def subordinate_skps(employee: Employee) -> QuerySet[Skp]:
    return (
        Skp.objects.filter(instansi_id=employee.instansi_id, evaluator=employee)
        .exclude(status=rules.SkpStatus.SUPERSEDED)
        .select_related("employee", "period")
        .order_by("-period__year", "employee__name")
    )


@dataclass(frozen=True)
class NextSteps:
    open_period: Period | None  # a year still open for which the employee has no SKP yet
    current: Skp | None  # the employee's latest SKP of an open year
    waiting_for_me: int  # SKPs waiting for this person's decision as pejabat penilai


def next_steps(employee: Employee) -> NextSteps:
    """What an employee must do next about plans (three small indexed queries)."""
    from django.utils import timezone

    open_periods = Period.objects.filter(
        instansi_id=employee.instansi_id,
        is_closed=False,
        closes_on__gte=timezone.localdate(timezone=employee.instansi.tzinfo),
    ).order_by("-year")
    current = (
        Skp.objects.filter(employee=employee, period__in=open_periods)
        .exclude(status=rules.SkpStatus.SUPERSEDED)
        .select_related("period")
        .order_by("-period__year", "-revision")
        .first()
    )
    return NextSteps(
        open_period=None if current else open_periods.first(),
        current=current,
        waiting_for_me=evaluator_queue(employee).count(),
    )


@dataclass
class CascadeNode:
    rhk: Rhk
    children: list[CascadeNode] = field(default_factory=list)


@dataclass
class Cascade:
    goals: list[tuple[OrgGoal, list[KeyIndicator], list[CascadeNode]]]
    unclaimed_goals: list[OrgGoal]
    orphans: list[Rhk]
    rhk_count: int
    orphan_total: int = 0
    orphans_next: int | None = None


CASCADE_PAGE = 100  # RHKs per page of one branch (children of one RHK, or the orphans)


def _cascade_rhks(period: Period) -> QuerySet[Rhk]:
    """The current RHKs of a year, each with how many current RHKs intervene it."""
    current = ~Q(skp__status=rules.SkpStatus.SUPERSEDED)
    return (
        Rhk.objects.filter(current, instansi_id=period.instansi_id, skp__period=period)
        .select_related("skp__employee")
        .only(
            "pk",
            "text",
            "kind",
            "parent_id",
            "goal_id",
            "own_initiative",
            "skp__status",
            "skp__is_jpt",
            "skp__employee__name",
            "skp__employee__front_title",
            "skp__employee__back_title",
            "skp__employee_id",
        )
        .annotate(
            child_count=Count("children", filter=~Q(children__skp__status=rules.SkpStatus.SUPERSEDED), distinct=True)
        )
    )


def cascade(period: Period, *, orphans_from: int = 0) -> Cascade:
    """The top of the tree: the instansi's goals with their IKU and the RHKs that intervene them
    directly, each with its number of intervening RHKs (loaded per branch on demand, so nothing is
    cut off at any size); the goals nobody intervenes; the orphans, a page at a time. Six queries.

    Orphans are RHK Utama of current SKPs that support nothing: no goal (JPT) or leader RHK
    (others) and not marked as own initiative.
    """
    goals = list(OrgGoal.objects.filter(period=period).select_related("unit").order_by("code"))
    ikus = defaultdict(list)
    for iku in KeyIndicator.objects.filter(goal__period=period).order_by("pk"):
        ikus[iku.goal_id].append(iku)
    by_goal: dict[int, list[CascadeNode]] = defaultdict(list)
    for rhk in _cascade_rhks(period).filter(goal__isnull=False).order_by("skp__employee__name", "order", "pk"):
        by_goal[rhk.goal_id].append(CascadeNode(rhk))
    orphan_rows = _cascade_rhks(period).filter(
        kind=Rhk.Kind.MAIN, own_initiative=False, parent__isnull=True, goal__isnull=True
    )
    page = orphan_rows.order_by("skp__employee__name", "order", "pk")[orphans_from : orphans_from + CASCADE_PAGE]
    orphans = list(page)
    orphan_total = orphan_rows.count()
    return Cascade(
        goals=[(g, ikus[g.pk], by_goal[g.pk]) for g in goals],
        unclaimed_goals=[g for g in goals if not by_goal[g.pk]],
        orphans=orphans,
        rhk_count=Rhk.objects.filter(instansi_id=period.instansi_id, skp__period=period)
        .exclude(skp__status=rules.SkpStatus.SUPERSEDED)
        .count(),
        orphan_total=orphan_total,
        orphans_next=orphans_from + CASCADE_PAGE if orphans_from + CASCADE_PAGE < orphan_total else None,
    )


def rhk_children(rhk: Rhk, *, offset: int = 0) -> tuple[list[Rhk], int | None]:
    """One page of the RHKs that intervene ``rhk`` (each with its own count) and the offset of the
    next page, if any. One query."""
    period = rhk.skp.period
    rows = list(
        _cascade_rhks(period)
        .filter(parent=rhk)
        .order_by("skp__employee__name", "order", "pk")[offset : offset + CASCADE_PAGE + 1]
    )
    more = len(rows) > CASCADE_PAGE
    return rows[:CASCADE_PAGE], (offset + CASCADE_PAGE if more else None)


def my_branch(employee: Employee, period: Period, depth: int = 6) -> list[tuple[Rhk, list[Rhk], OrgGoal | None]]:
    """An employee's own RHKs, each with the RHKs above it up to the goal it feeds (one query: the
    chain is joined up to ``depth`` levels)."""
    related = ["goal"]
    step = "parent"
    for _i in range(depth):
        related += [step, f"{step}__goal", f"{step}__skp__employee"]
        step += "__parent"
    skp = (
        Skp.objects.filter(employee=employee, period=period)
        .exclude(status=rules.SkpStatus.SUPERSEDED)
        .order_by("-revision")
        .first()
    )
    if skp is None:
        return []
    rows = []
    for rhk in _cascade_rhks(period).filter(skp=skp).select_related(*related).order_by("kind", "order", "pk"):
        chain, node = [], rhk
        for _i in range(depth):
            if node.goal_id or node.parent_id is None:
                break
            node = node.parent
            chain.append(node)
        rows.append((rhk, list(reversed(chain)), node.goal if node.goal_id else None))
    return rows


def nav_counts(user) -> dict[str, QuerySet]:
    """SKPs submitted to this user for approval (the menu's count; kinerja.core.navigation)."""
    if not user.employee_id:
        return {}
    return {
        "skps_to_approve": Skp.objects.filter(
            instansi_id=user.instansi_id, evaluator_id=user.employee_id, status=rules.SkpStatus.SUBMITTED
        )
    }
