"""Read side of development: set-based, aggregates in the database, relations fetched up front.
The rules (JP behind, needs, eligibility, 9-box) run in memory over rows already fetched."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Length

from kinerja.activities import rules as activity_rules
from kinerja.activities.models import Realization
from kinerja.appraisal import selectors as appraisal_selectors
from kinerja.appraisal.models import PREDIKAT_CHOICES, Evaluation, PeerInput
from kinerja.org.models import Employee, Instansi, Unit
from kinerja.skp.models import Indicator
from kinerja.skp.rules import BERAKHLAK_CODES

from . import rules
from .models import (
    CoachingPlan,
    CoachingSession,
    Course,
    CreditEntry,
    DevelopmentPlan,
    Enrolment,
    PotentialAssessment,
    ReassignmentCase,
)
from .services_coaching import SETTLED, settings_for

V = Enrolment.Status.VERIFIED
PREDIKAT_LABELS = dict(PREDIKAT_CHOICES)


# ------------------------------------------------------------------------------------------ JP
def _jp_of_year(year: int):
    verified = Enrolment.objects.filter(employee=OuterRef("pk"), year=year, status=V).values("employee")
    return Coalesce(Subquery(verified.annotate(t=Sum("jp")).values("t")), Value(0), output_field=IntegerField())


def jp_employees(instansi: Instansi, year: int, *, unit: Unit | None = None, employees=None):
    """Active employees with their verified JP of the year (one query)."""
    qs = employees if employees is not None else Employee.objects.filter(instansi=instansi)
    qs = qs.filter(is_active=True)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.annotate(jp=_jp_of_year(year)).select_related("unit", "position").order_by("unit__path", "name")


def jp_expected(instansi: Instansi, year: int, day: dt.date) -> int:
    """JP expected by ``day`` (the whole target for a past year): the instansi's target, spread."""
    target = settings_for(instansi).jp_target
    return rules.jp_expected_by(day, target) if day.year == year else target


def jp_behind(instansi: Instansi, year: int, expected: int, **kwargs):
    """Who is behind the JP expected so far, worst first (one query)."""
    return jp_employees(instansi, year, **kwargs).filter(jp__lt=expected).order_by("jp", "unit__path", "name")


def jp_per_unit(instansi: Instansi, year: int, expected: int) -> list[dict]:
    """Per unit: employees, how many are behind, and the mean JP (one grouped query)."""
    rows = (
        Employee.objects.filter(instansi=instansi, is_active=True)
        .annotate(jp=_jp_of_year(year))
        .values("unit__name", "unit__path")
        .annotate(n=Count("pk"), behind=Count("pk", filter=Q(jp__lt=expected)), total=Sum("jp"))
        .order_by("unit__path")
    )
    return [r | {"mean": round(r["total"] / r["n"], 1) if r["n"] else 0} for r in rows]


# ---------------------------------------------------------------------------------- the person
@dataclass
class Overview:
    employee: Employee
    year: int
    jp: int
    target: int
    expected: int
    enrolments: list
    plan: DevelopmentPlan | None
    coaching: list
    credit_total: Decimal | None
    cases: list


def overview(employee: Employee, year: int, day: dt.date) -> Overview:
    """An employee's development page: fixed number of queries."""
    target = settings_for(employee.instansi).jp_target
    enrolments = list(
        Enrolment.objects.filter(employee=employee, year=year).select_related("course").order_by("-created_at")
    )
    jp = rules.jp_total(e.jp for e in enrolments if e.status == V)
    plan = (
        DevelopmentPlan.objects.filter(employee=employee, year=year)
        .prefetch_related(Prefetch("items", queryset=_plan_items()))
        .first()
    )
    coaching = list(
        CoachingPlan.objects.filter(employee=employee)
        .select_related("evaluation", "next_evaluation", "supervisor")
        .annotate(unacknowledged=Count("sessions", filter=Q(sessions__acknowledged_at__isnull=True)))
        .order_by("-starts_on")
    )
    credit = None
    if employee.position and employee.position.level in rules.FUNCTIONAL_LEVELS:
        credit = CreditEntry.objects.filter(employee=employee).aggregate(t=Sum("amount"))["t"] or Decimal("0.000")
    cases = list(
        ReassignmentCase.objects.filter(employee=employee, status=ReassignmentCase.Status.DECIDED).order_by(
            "-decided_at"
        )
    )
    expected = rules.jp_expected_by(day, target) if day.year == year else target
    return Overview(employee, year, jp, target, expected, enrolments, plan, coaching, credit, cases)


def _plan_items():
    from .models import PlanItem

    return PlanItem.objects.select_related("indicator", "course", "enrolment")


def team(supervisor: Employee, year: int):
    """Direct subordinates with their JP, open coaching plans and IDP (one query)."""
    open_plans = CoachingPlan.objects.filter(employee=OuterRef("pk"), status=CoachingPlan.Status.OPEN)
    idp = DevelopmentPlan.objects.filter(employee=OuterRef("pk"), year=year)
    return (
        Employee.objects.filter(instansi_id=supervisor.instansi_id, supervisor=supervisor, is_active=True)
        .annotate(jp=_jp_of_year(year), coaching_open=Exists(open_plans), has_idp=Exists(idp))
        .select_related("position")
        .order_by("name")
    )


# ------------------------------------------------------------------------------ needs and IDP
def last_evaluation(employee: Employee) -> Evaluation | None:
    """The employee's latest settled evaluation (annual before periodic of the same year)."""
    return (
        Evaluation.objects.filter(employee=employee, status__in=SETTLED)
        .exclude(predikat="")
        .select_related("employee", "skp", "period", "unit")
        .annotate(kind=Length("cut_key"))
        .order_by("-period__year", "kind", "-cut_key")
        .first()
    )


@dataclass
class NeedRow:
    need: rules.Need
    label: str
    courses: list[Course] = field(default_factory=list)


def needs(employee: Employee) -> tuple[Evaluation | None, list[NeedRow]]:
    """Needs the last appraisal shows and the catalogue's courses that answer them."""
    evaluation = last_evaluation(employee)
    if evaluation is None:
        return None, []
    peers = PeerInput.objects.filter(evaluation=evaluation).values_list("ratings", flat=True)
    weak = rules.weak_values(
        evaluation.behaviour_rating, evaluation.behaviour_feedback or {}, list(peers), BERAKHLAK_CODES
    )
    indicator_rows = appraisal_selectors.indicator_rows(evaluation)
    found = rules.needs_from_gaps(weak=weak, indicator_pcts={r.indicator.pk: r.pct for r in indicator_rows})
    courses = list(
        Course.objects.filter(Q(instansi_id=employee.instansi_id) | Q(instansi__isnull=True), is_open=True).order_by(
            "pk"
        )
    )
    by_pk = {c.pk: c for c in courses}
    facts = [rules.CourseFacts(c.pk, c.area, c.value, c.is_open) for c in courses]
    labels = dict((code, label) for code, label in Course._meta.get_field("value").choices)
    texts = {r.indicator.pk: r.indicator.text for r in indicator_rows}
    rows = []
    for need in found:
        label = (
            labels.get(need.value, need.value) if need.value else f"{texts.get(need.indicator_id, '')} ({need.pct}%)"
        )
        rows.append(NeedRow(need, label, [by_pk[pk] for pk in rules.suggest_courses(need, facts)]))
    return evaluation, rows


# -------------------------------------------------------------------------------------- effect
@dataclass
class EffectRow:
    enrolment: Enrolment
    before_key: str
    after_key: str
    before: int | None
    after: int | None

    @property
    def delta(self) -> int | None:
        return rules.effect_delta(self.before, self.after)


def training_effect(instansi: Instansi, *, employee: Employee | None = None) -> tuple[list[EffectRow], list[dict]]:
    """For each verified course with linked indicators: the indicators' mean achievement in the
    cut before the course and the cut after it, per person and averaged per course. Three queries."""
    enrolments = (
        Enrolment.objects.filter(instansi=instansi, status=V, started_on__isnull=False, completed_on__isnull=False)
        .exclude(indicators=None)
        .select_related("employee", "course")
        .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.select_related("rhk__skp__period")))
        .order_by("completed_on", "pk")
    )
    if employee is not None:
        enrolments = enrolments.filter(employee=employee)
    enrolments = list(enrolments)
    plans = {}
    for e in enrolments:
        indicators = list(e.indicators.all())
        cut = indicators[0].rhk.skp.period.cut
        plans[e.pk] = (indicators, rules.effect_cuts(e.started_on, e.completed_on, cut))
    wanted_indicators = {i.pk for indicators, _keys in plans.values() for i in indicators}
    wanted_keys = {k for _i, keys in plans.values() for k in keys}
    realized = {
        (r["indicator_id"], r["period_key"]): r["quantity"]
        for r in Realization.objects.filter(indicator_id__in=wanted_indicators, period_key__in=wanted_keys).values(
            "indicator_id", "period_key", "quantity"
        )
    }

    def pct(indicator, key):
        value = realized.get((indicator.pk, key))
        if value is None:
            return None
        return activity_rules.progress_pct(value, indicator.target, lower_is_better=indicator.direction == "lower")

    rows = []
    for e in enrolments:
        indicators, (before_key, after_key) = plans[e.pk]
        rows.append(
            EffectRow(
                e,
                before_key,
                after_key,
                rules.mean_pct(pct(i, before_key) for i in indicators),
                rules.mean_pct(pct(i, after_key) for i in indicators),
            )
        )
    per_course: dict[str, list[EffectRow]] = defaultdict(list)
    for row in rows:
        per_course[row.enrolment.title].append(row)
    courses = [
        {
            "title": title,
            "people": len(items),
            "before": rules.mean_pct(r.before for r in items),
            "after": rules.mean_pct(r.after for r in items),
            "delta": rules.mean_pct(r.delta for r in items),
        }
        for title, items in sorted(per_course.items())
    ]
    return rows, courses


# -------------------------------------------------------------------------------------- to-do
@dataclass
class CoachingTodo:
    needing_plan: list[Evaluation]
    overdue: list[CoachingPlan]

    @property
    def count(self) -> int:
        return len(self.needing_plan) + len(self.overdue)


POOR = [rules.Predikat.BUTUH_PERBAIKAN, rules.Predikat.KURANG, rules.Predikat.SANGAT_KURANG]


def _coaching_querysets(user, today: dt.date):
    """(subordinates' poor settled evaluations with no coaching plan, open plans past due) that
    the user answers for: a supervisor their own; an admin or leader every overdue plan."""
    from kinerja.org import access as org_access

    if not user.is_authenticated or not user.instansi_id:
        return Evaluation.objects.none(), CoachingPlan.objects.none()
    overdue = CoachingPlan.objects.filter(
        instansi_id=user.instansi_id, status=CoachingPlan.Status.OPEN, due_on__lt=today
    )
    needing = Evaluation.objects.none()
    if org_access.sees_whole_instansi(user):
        pass
    elif user.employee_id:
        overdue = overdue.filter(supervisor_id=user.employee_id)
        needing = Evaluation.objects.filter(
            instansi_id=user.instansi_id,
            employee__supervisor_id=user.employee_id,
            status__in=SETTLED,
            predikat__in=POOR,
            coaching_plan__isnull=True,
        )
    else:
        overdue = overdue.none()
    return needing, overdue


def coaching_todo(user, today: dt.date) -> CoachingTodo:
    """What the development page shows a supervisor (their subordinates' poor evaluations with no
    plan yet, their own plans past due) or an admin (every overdue plan of the instansi). Two queries."""
    needing, overdue = _coaching_querysets(user, today)
    return CoachingTodo(
        list(needing.select_related("employee").order_by("employee__name", "cut_key")),
        list(overdue.select_related("employee", "supervisor").order_by("due_on")),
    )


def nav_counts(user) -> dict:
    """The home page's coaching to-dos, counted inside the menu's single query
    (kinerja.core.navigation.COUNTERS), in the user's instansi's zone (the middleware's)."""
    from django.utils import timezone

    needing, overdue = _coaching_querysets(user, timezone.localdate())
    return {"coaching_needed": needing, "coaching_overdue": overdue}


def coaching_list(plans):
    return plans.select_related("employee", "supervisor", "evaluation", "next_evaluation").annotate(
        sessions_count=Count("sessions")
    )


# ------------------------------------------------------------------------------- reassignment
def reassignment_list(cases):
    return cases.select_related("employee", "employee__unit", "employee__position", "last_evaluation").order_by(
        "status", "-created_at"
    )


@dataclass
class Trail:
    evaluations: list
    plans: list
    enrolments: list
    history: list


def case_trail(case: ReassignmentCase) -> Trail:
    """The whole evidence trail of a recommendation: evaluations, coaching with sessions, training."""
    return Trail(
        evaluations=list(
            Evaluation.objects.filter(employee_id=case.employee_id, status__in=SETTLED)
            .exclude(predikat="")
            .select_related("period")
            .order_by("period__year", "cut_key")
        ),
        plans=list(
            CoachingPlan.objects.filter(employee_id=case.employee_id)
            .select_related("evaluation", "next_evaluation", "supervisor")
            .prefetch_related(Prefetch("sessions", queryset=CoachingSession.objects.order_by("held_on")))
        ),
        enrolments=list(
            Enrolment.objects.filter(employee_id=case.employee_id).select_related("course").order_by("-year", "pk")
        ),
        history=list(case.status_changes.select_related("by")),
    )


# ------------------------------------------------------------------------------------ career
def credit_ledger(employee: Employee) -> tuple[list[CreditEntry], Decimal, Decimal | None]:
    """Ledger rows with their running total (a window sum in the database), the total in the
    current rank (rows dated after TMT pangkat, or all when it is unknown) and the next rank's
    requirement."""
    rows = list(
        CreditEntry.objects.filter(employee=employee)
        .annotate(running=Window(Sum("amount"), order_by=["as_of", "pk"]))
        .order_by("as_of", "pk")
    )
    in_rank = CreditEntry.objects.filter(employee=employee)
    if employee.rank_start:
        in_rank = in_rank.filter(as_of__gte=employee.rank_start)
    total = in_rank.aggregate(t=Sum("amount"))["t"] or Decimal("0.000")
    level = employee.position.level if employee.position else ""
    return rows, total, rules.AK_REQUIREMENT.get(level)


def running_sanctions(instansi: Instansi, on: dt.date) -> set[int]:
    """Employees under a disciplinary sanction on ``on`` (the attendance app records them from the
    decree; attendance's rule says which months a sanction covers). One query."""
    from kinerja.attendance.models import Sanction
    from kinerja.attendance.rules import sanction_covers

    rows = Sanction.objects.filter(instansi=instansi, start__lte=on, start__gt=on - dt.timedelta(days=37 * 31))
    month = on.replace(day=1)
    return {
        e
        for e, start, months in rows.values_list("employee_id", "start", "months")
        if sanction_covers(start, months, month)
    }


@dataclass
class EligibilityRow:
    employee: Employee
    annual: list[str]
    credit: Decimal | None
    result: rules.Eligibility

    @property
    def annual_labels(self) -> list[str]:
        return [PREDIKAT_LABELS.get(p, p) for p in self.annual]


def eligibility(instansi: Instansi, on: dt.date, *, unit: Unit | None = None) -> list[EligibilityRow]:
    """Kenaikan pangkat per PNS of the instansi with the reason each is or is not eligible. One
    query with the last two annual predikat and the credit in rank as subqueries, and one for the
    sanctions that run."""
    annual = (
        Evaluation.objects.filter(employee=OuterRef("pk"), status__in=SETTLED)
        .annotate(kind=Length("cut_key"))
        .filter(kind=4)
        .exclude(predikat="")
        .order_by("-cut_key")
    )
    credit = (
        CreditEntry.objects.filter(employee=OuterRef("pk"))
        .filter(Q(as_of__gte=OuterRef("rank_start")) | Q(employee__rank_start__isnull=True))
        .values("employee")
        .annotate(t=Sum("amount"))
        .values("t")
    )
    qs = Employee.objects.filter(instansi=instansi, is_active=True, status__in=[Employee.Status.PNS])
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    qs = (
        qs.annotate(
            last_annual=Subquery(annual.values("predikat")[:1]),
            previous_annual=Subquery(annual.values("predikat")[1:2]),
            credit=Subquery(credit, output_field=DecimalField(max_digits=9, decimal_places=3)),
        )
        .select_related("unit", "position")
        .order_by("unit__path", "name")
    )
    sanctioned = running_sanctions(instansi, on)
    rows = []
    for e in qs:
        history = [p for p in (e.previous_annual, e.last_annual) if p]
        level = e.position.level if e.position and e.position.kind == "fungsional" else None
        result = rules.promotion_check(
            rank_start=e.rank_start,
            on=on,
            annual_predikat=history,
            functional_level=level,
            credit=e.credit or Decimal(0),
            running_sanction=e.pk in sanctioned,
        )
        rows.append(EligibilityRow(e, history, e.credit if level in rules.FUNCTIONAL_LEVELS else None, result))
    return rows


@dataclass
class TalentRow:
    employee: Employee
    predikat: str
    score: Decimal | None
    box: int | None
    last_box: int | None

    @property
    def movement(self) -> str:
        return rules.movement(self.last_box, self.box)

    @property
    def predikat_label(self) -> str:
        return PREDIKAT_LABELS.get(self.predikat, self.predikat)


def _year_predikat(year: int):
    return Subquery(
        Evaluation.objects.filter(employee=OuterRef("pk"), status__in=SETTLED, period__year=year)
        .exclude(predikat="")
        .annotate(kind=Length("cut_key"))
        .order_by("kind", "-cut_key")  # the annual evaluation first, else the latest periodic one
        .values("predikat")[:1]
    )


def _score(year: int):
    return Subquery(
        PotentialAssessment.objects.filter(employee=OuterRef("pk"), year=year).values("score")[:1],
        output_field=DecimalField(max_digits=4, decimal_places=2),
    )


def _two_places(score) -> Decimal | None:
    """SQLite hands a subquery's decimal back as a float: back to the field's two places."""
    return None if score is None else Decimal(str(score)).quantize(Decimal("0.01"))


def _box(predikat: str | None, score: Decimal | None) -> int | None:
    level = rules.performance_level([predikat]) if predikat else None
    if level is None or score is None:
        return None
    return rules.box(level, rules.potential_level(score))


def talent_grid(instansi: Instansi, year: int, *, unit: Unit | None = None) -> tuple[list[TalentRow], dict]:
    """Everyone's box this year and last year (one query), and the count per box."""
    qs = Employee.objects.filter(instansi=instansi, is_active=True)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    qs = (
        qs.annotate(
            predikat_now=_year_predikat(year),
            predikat_before=_year_predikat(year - 1),
            score_now=_score(year),
            score_before=_score(year - 1),
        )
        .select_related("unit", "position")
        .order_by("unit__path", "name")
    )
    rows = [
        TalentRow(
            e,
            e.predikat_now or "",
            _two_places(e.score_now),
            _box(e.predikat_now, _two_places(e.score_now)),
            _box(e.predikat_before, _two_places(e.score_before)),
        )
        for e in qs
    ]
    counts = defaultdict(int)
    for row in rows:
        if row.box:
            counts[row.box] += 1
    return rows, dict(counts)
