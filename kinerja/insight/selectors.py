"""Dashboard reads: summary rows (Evaluation, Realization, SKP status, counts) aggregated in the
database, one query per figure whatever the number of units or people (ARCHITECTURE.md).

A level of the drill-down is a unit (or the whole instansi, unit None); its rows are the unit's
children, each standing for its whole subtree: rows are grouped by the prefix of the
materialized path that names the child (``Substr(path, 1, len(parent.path) + 7)``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, F, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.activities.models import Activity, PeriodicReport, Realization
from kinerja.activities.rules import ActivityStatus
from kinerja.appraisal import rules as appraisal_rules
from kinerja.appraisal.models import PREDIKAT_CHOICES, RATING_CHOICES, Evaluation, Objection
from kinerja.citizen import rules as citizen_rules
from kinerja.citizen.models import Complaint, SurveyResponse
from kinerja.org.models import Employee, Instansi, Unit
from kinerja.skp.models import KeyIndicator, Period, Rhk, Skp
from kinerja.skp.rules import SkpStatus

from . import rules
from .tables import Table

SEGMENT = 7  # "000012/": one level of Unit.path (org.services.PATH_WIDTH + the slash)
PREDIKATS = list(appraisal_rules.PREDIKAT_LABELS.items())


@dataclass
class Level:
    """Where the drill-down stands: the instansi (unit None) or a unit, and the period and cut."""

    instansi: Instansi
    period: Period
    cut_key: str
    unit: Unit | None = None

    @property
    def prefix(self) -> str:
        return self.unit.path if self.unit else ""

    @property
    def periodic_cuts(self) -> list[str]:
        return appraisal_rules.cut_keys(self.period.year, self.period.cut)[:-1]

    def cuts_until(self, cut_key: str) -> list[str]:
        """The periodic cuts up to a cut (all of them for the annual cut)."""
        cuts = self.periodic_cuts
        return cuts[: cuts.index(cut_key) + 1] if cut_key in cuts else cuts


def _group(path_field: str, level: Level) -> Substr:
    return Substr(path_field, 1, len(level.prefix) + SEGMENT)


def child_units(level: Level) -> list[Unit]:
    units = Unit.objects.filter(instansi=level.instansi, is_active=True)
    units = units.filter(parent=level.unit) if level.unit else units.filter(parent__isnull=True)
    return list(units.only("pk", "name", "path", "code").order_by("path"))


def _pct(part, whole) -> Decimal | None:
    return (Decimal(100) * part / whole).quantize(Decimal("0.1")) if whole else None


def _dec(value) -> Decimal | None:
    return Decimal(value).quantize(Decimal("0.1")) if value is not None else None


def unit_tables(level: Level, unit_url: str) -> list[Table]:
    """Per child unit: achievement against last year, predikat against the curve, SKP
    completion and the verification backlog. ``unit_url`` is the drill-down URL of unit 0."""
    children = child_units(level)
    prefix = level.prefix
    in_tree = {"unit__path__startswith": prefix} if prefix else {}
    g_unit = _group("unit__path", level)
    g_emp = _group("employee__unit__path", level)
    # 1: employees per child subtree
    people = dict(
        Employee.objects.filter(instansi=level.instansi, is_active=True, **in_tree)
        .annotate(g=g_unit)
        .values("g")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("g", "n")
    )
    # 2: approved plans (the current revision) per child subtree
    skp_tree = {"employee__unit__path__startswith": prefix} if prefix else {}
    approved = dict(
        Skp.objects.filter(period=level.period, status=SkpStatus.APPROVED, **skp_tree)
        .annotate(g=g_emp)
        .values("g")
        .annotate(n=Count("employee_id", distinct=True))
        .order_by()
        .values_list("g", "n")
    )
    # 3: this cut's evaluations: count, finalised, mean achievement, predikat counts
    evaluations = {
        row["g"]: row
        for row in Evaluation.objects.filter(period=level.period, cut_key=level.cut_key, **in_tree)
        .annotate(g=g_unit)
        .values("g")
        .annotate(
            n=Count("pk"),
            final=Count("pk", filter=~Q(status=Evaluation.Status.DRAFT)),
            avg=Avg("achievement_pct"),
            **{p.value: Count("pk", filter=Q(predikat=p.value)) for p, _label in PREDIKATS},
        )
        .order_by()
    }
    # 4: last year's same cut (the year before's evaluations of the same units)
    last_key = _last_year_key(level.cut_key)
    last_year = dict(
        Evaluation.objects.filter(
            instansi=level.instansi, period__year=level.period.year - 1, cut_key=last_key, **in_tree
        )
        .annotate(g=g_unit)
        .values("g")
        .annotate(avg=Avg("achievement_pct"))
        .order_by()
        .values_list("g", "avg")
    )
    # 5: entries waiting for verification (the inbox index: instansi, verifier, status)
    activity_tree = {"employee__unit__path__startswith": prefix} if prefix else {}
    backlog = {
        row["g"]: row
        for row in Activity.objects.filter(
            instansi=level.instansi, status=ActivityStatus.SUBMITTED, period=level.period, **activity_tree
        )
        .annotate(g=g_emp)
        .values("g")
        .annotate(n=Count("pk"), oldest=Min("date"))
        .order_by()
    }
    base = unit_url.removesuffix("0/")
    links = [f"{base}{u.pk}/" for u in children]
    achievement = Table(
        "capaian",
        _("Capaian rata-rata per unit (%)"),
        [_("Unit"), _("Capaian %(cut)s") % {"cut": cut_label(level.cut_key)}, _("Tahun lalu")],
        [[u.name, _dec(evaluations.get(u.path, {}).get("avg")), _dec(last_year.get(u.path))] for u in children],
        links,
        unit="%",
    )
    predikat_rows = []
    for u in children:
        row = evaluations.get(u.path, {})
        n = sum(row.get(p.value, 0) for p, _label in PREDIKATS)
        predikat_rows.append([u.name, *[_pct(row.get(p.value, 0), n) if n else None for p, _l in PREDIKATS], n])
    predikat = Table(
        "predikat",
        _("Sebaran predikat per unit (% pegawai yang sudah dinilai)"),
        [_("Unit"), *[str(label) for _p, label in PREDIKATS], _("Dinilai")],
        predikat_rows,
        links,
        chart="stacked",
        series=list(range(1, len(PREDIKATS) + 1)),
        unit="%",
    )
    completion = Table(
        "skp",
        _("SKP disetujui dan antrean verifikasi per unit"),
        [
            _("Unit"),
            _("Pegawai"),
            _("SKP disetujui"),
            _("SKP disetujui (%)"),
            _("Evaluasi ditetapkan"),
            _("Kegiatan menunggu verifikasi"),
            _("Tertua sejak"),
        ],
        [
            [
                u.name,
                people.get(u.path, 0),
                approved.get(u.path, 0),
                _pct(approved.get(u.path, 0), people.get(u.path, 0)),
                evaluations.get(u.path, {}).get("final", 0),
                backlog.get(u.path, {}).get("n", 0),
                backlog.get(u.path, {}).get("oldest"),
            ]
            for u in children
        ],
        links,
        series=[3],
        unit="%",
    )
    return [achievement, predikat, completion]


def _last_year_key(cut_key: str) -> str:
    return str(int(cut_key[:4]) - 1) + cut_key[4:]


def cut_label(cut_key: str) -> str:
    return appraisal_rules.cut_label(cut_key, _)


def trend_table(level: Level) -> Table:
    """Mean achievement per cut of the year, against the same cuts a year earlier (one query)."""
    in_tree = {"unit__path__startswith": level.prefix} if level.prefix else {}
    cuts = level.periodic_cuts
    previous = [_last_year_key(c) for c in cuts]
    rows = (
        Evaluation.objects.filter(
            instansi=level.instansi,
            period__year__in=[level.period.year, level.period.year - 1],
            cut_key__in=cuts + previous,
            **in_tree,
        )
        .values("cut_key")
        .annotate(avg=Avg("achievement_pct"))
        .order_by()
    )
    means = {row["cut_key"]: row["avg"] for row in rows}
    return Table(
        "tren",
        _("Capaian rata-rata per periode (%)"),
        [_("Periode"), str(level.period.year), str(level.period.year - 1)],
        [[cut_label(c), _dec(means.get(c)), _dec(means.get(p))] for c, p in zip(cuts, previous, strict=True)],
        chart="line",
        unit="%",
    )


# ------------------------------------------------------------------------------ IKU roll-up
def _supporting(periods: list[Period]) -> dict[int, list[rules.Supporting]]:
    """Per goal: its supporting indicators (of approved SKPs' RHKs that intervene the goal) with
    their realization per cut: the periodic report where one was made (outputs not counted from
    activities), else the verified activities' Realization. Two queries."""
    scope = {"indicator__rhk__goal__period__in": periods, "indicator__rhk__skp__status": SkpStatus.APPROVED}
    fields = ("indicator_id", "indicator__target", "indicator__rhk__goal_id", "period_key")
    per_indicator: dict[int, tuple[int, Decimal, dict[str, Decimal]]] = {}
    for model in (Realization, PeriodicReport):  # a report, read second, replaces the count
        for row in model.objects.filter(**scope).values(*fields).annotate(q=Sum("quantity")).order_by():
            goal, target, cuts = per_indicator.setdefault(
                row["indicator_id"], (row["indicator__rhk__goal_id"], row["indicator__target"], {})
            )
            cuts[row["period_key"]] = row["q"]
    result: dict[int, list] = defaultdict(list)
    for goal, target, cuts in per_indicator.values():
        result[goal].append(rules.Supporting(target, cuts))
    return result


def iku_table(level: Level) -> Table:
    """Every IKU of the instansi (and of the level's unit subtree) with its computed realization up
    to the cut, its achievement, and last year's IKU of the same goal code and name."""
    goals = Q(goal__unit__isnull=True) | Q(goal__unit__path__startswith=level.prefix) if level.prefix else Q()
    previous = Period.objects.filter(instansi=level.instansi, year=level.period.year - 1).first()
    periods = [level.period] + ([previous] if previous else [])
    ikus = list(
        KeyIndicator.objects.filter(goals, goal__period__in=periods).select_related("goal").order_by("goal__code", "pk")
    )
    supporting = _supporting(periods)
    cuts = level.cuts_until(level.cut_key)
    last_cuts = [_last_year_key(c) for c in cuts]
    old = {(i.goal.code, i.name): i for i in ikus if previous and i.goal.period_id == previous.pk}
    rows = []
    for iku in ikus:
        if iku.goal.period_id != level.period.pk:
            continue
        lower = iku.direction == "lower"
        value = rules.iku_realization(
            rules.Aggregation(iku.aggregation), iku.target, supporting.get(iku.goal_id, []), cuts
        )
        before = old.get((iku.goal.code, iku.name))
        last_value = (
            rules.iku_realization(
                rules.Aggregation(before.aggregation), before.target, supporting.get(before.goal_id, []), last_cuts
            )
            if before
            else None
        )
        rows.append(
            [
                f"{iku.goal.code} {iku.name}",
                rules.achievement_pct(value, iku.target, lower_is_better=lower),
                rules.achievement_pct(last_value, before.target, lower_is_better=lower) if before else None,
                iku.target,
                value,
                iku.target_unit,
                iku.get_aggregation_display(),
            ]
        )
    return Table(
        "iku",
        _("Capaian IKU terhadap target (%)"),
        [
            _("IKU"),
            _("Capaian (%)"),
            _("Tahun lalu (%)"),
            _("Target"),
            _("Realisasi"),
            _("Satuan"),
            _("Cara menghitung"),
        ],
        rows,
        series=[1, 2],
        unit="%",
    )


# ------------------------------------------------------------------------------ citizen voice
def citizen_table(level: Level) -> Table:
    """IKM (converted, 25–100) and complaints resolved within SLA per cut of the year."""
    cuts = level.periodic_cuts
    start, end = citizen_rules.cut_range(str(level.period.year))
    in_tree = {"unit__path__startswith": level.prefix} if level.prefix else {}
    quarterly = level.period.cut == "quarterly"
    ikm_rows = (
        SurveyResponse.objects.filter(
            instansi=level.instansi, submitted_on__range=(start, end), is_flagged=False, **in_tree
        )
        .values("submitted_on__quarter" if quarterly else "submitted_on__month")
        .annotate(n=Count("pk"), **{code: Sum(code) for code in citizen_rules.ELEMENT_CODES})
        .order_by()
    )
    ikm = {}
    for row in ikm_rows:
        part = row.pop("submitted_on__quarter" if quarterly else "submitted_on__month")
        value = citizen_rules.ikm_from_sums(row["n"], {code: row[code] for code in citizen_rules.ELEMENT_CODES})
        if value is not None:
            ikm[part] = value.converted
    complaints = Complaint.objects.filter(
        instansi=level.instansi, created_at__date__range=(start, end), **in_tree
    ).values("created_at", "resolved_at", "resolution_hours")
    now = timezone.now()
    tz = level.instansi.tzinfo
    flags = defaultdict(list)
    for c in complaints:
        day = timezone.localtime(c["created_at"], tz)
        part = (day.month - 1) // 3 + 1 if quarterly else day.month
        flags[part].append(citizen_rules.within(c["created_at"], c["resolved_at"], c["resolution_hours"], now))
    rows = []
    for index, cut in enumerate(cuts, start=1):
        rows.append([cut_label(cut), ikm.get(index), citizen_rules.pct_within(flags[index]), len(flags[index])])
    return Table(
        "warga",
        _("IKM dan pengaduan selesai dalam SLA per periode"),
        [_("Periode"), _("IKM (25–100)"), _("Pengaduan selesai dalam SLA (%)"), _("Pengaduan")],
        rows,
        chart="line",
        series=[1, 2],
    )


# ------------------------------------------------------------------------------ people of a unit
def unit_people(level: Level) -> list[dict]:
    """The people placed directly in the level's unit with this cut's evaluation (one query)."""
    evaluation = Evaluation.objects.filter(
        period=level.period, cut_key=level.cut_key, employee_id=OuterRef("pk")
    ).order_by()
    people = list(
        Employee.objects.filter(instansi=level.instansi, unit=level.unit, is_active=True)
        .annotate(
            evaluation_id=Subquery(evaluation.values("pk")[:1]),
            achievement=Subquery(evaluation.values("achievement_pct")[:1]),
            predikat=Subquery(evaluation.values("predikat")[:1]),
            suggested=Subquery(evaluation.values("suggested_results")[:1]),
            chosen=Subquery(evaluation.values("results_rating")[:1]),
        )
        .select_related("position")
        .order_by(F("position__grade").desc(nulls_last=True), "name")
    )
    ratings = dict(RATING_CHOICES)
    predikats = dict(PREDIKAT_CHOICES)
    for person in people:
        person.suggested_label = ratings.get(person.suggested, "")
        person.chosen_label = ratings.get(person.chosen, "")
        person.predikat_label = predikats.get(person.predikat, "")
    return people


def waiting_for_whom(level: Level) -> list[dict]:
    """Entries of the subtree waiting for verification, per verifier: how many, since when."""
    return list(
        Activity.objects.filter(
            instansi=level.instansi,
            status=ActivityStatus.SUBMITTED,
            period=level.period,
            employee__unit__path__startswith=level.prefix,
        )
        .values("verifier_id", "verifier__name", "verifier__front_title", "verifier__back_title")
        .annotate(n=Count("pk"), people=Count("employee_id", distinct=True), oldest=Min("date"))
        .order_by("oldest")
    )


# ------------------------------------------------------------------------------ one person
def person_tables(employee: Employee, period: Period) -> list[Table]:
    """An employee's indicators over the cuts of the year, and their predikat history."""
    cuts = appraisal_rules.cut_keys(period.year, period.cut)[:-1]
    skp = current_skp(employee, period)
    rows, links = [], []
    if skp is not None:
        realized = defaultdict(dict)
        for r in Realization.objects.filter(indicator__rhk__skp=skp).values("indicator_id", "period_key", "quantity"):
            realized[r["indicator_id"]][r["period_key"]] = r["quantity"]
        for indicator in skp_indicators(skp):
            by_cut = realized.get(indicator.pk, {})
            total = Decimal(0)
            row = [indicator.text]
            for cut in cuts:
                total += by_cut.get(cut, Decimal(0))
                row.append(rules.achievement_pct(total, indicator.target) if by_cut else None)
            rows.append([*row, indicator.target, total, indicator.target_unit])
    indicators = Table(
        "indikator",
        _("Capaian indikator saya, kumulatif per periode (%)"),
        [_("Indikator"), *[cut_label(c) for c in cuts], _("Target"), _("Realisasi"), _("Satuan")],
        rows,
        links,
        chart="line",
        series=list(range(1, len(cuts) + 1)),
        unit="%",
        transpose=True,
    )
    history = (
        Evaluation.objects.filter(employee=employee)
        .select_related("period")
        .order_by("period__year", "cut_key")
        .values("pk", "cut_key", "achievement_pct", "suggested_results", "results_rating", "predikat", "status")
    )
    labels = dict(appraisal_rules.PREDIKAT_LABELS)
    ratings = {"di_atas": _("Di Atas"), "sesuai": _("Sesuai"), "di_bawah": _("Di Bawah")}
    order = [p for p, _l in PREDIKATS]
    history_rows, history_links = [], []
    for e in history:
        score = len(order) - order.index(appraisal_rules.Predikat(e["predikat"])) if e["predikat"] else None
        history_rows.append(
            [
                cut_label(e["cut_key"]),
                e["achievement_pct"],
                score,
                ratings.get(e["suggested_results"], ""),
                ratings.get(e["results_rating"], ""),
                str(labels.get(appraisal_rules.Predikat(e["predikat"]), "")) if e["predikat"] else "",
            ]
        )
        history_links.append(f"/penilaian/evaluasi/{e['pk']}/")
    predikat = Table(
        "riwayat",
        _("Riwayat capaian dan predikat"),
        [
            _("Periode"),
            _("Capaian (%)"),
            _("Predikat (5 = Sangat Baik)"),
            _("Saran dari bukti"),
            _("Rating hasil kerja"),
            _("Predikat"),
        ],
        history_rows,
        history_links,
        chart="line",
        series=[1, 2],
    )
    return [indicators, predikat]


def skp_indicators(skp: Skp):
    from kinerja.skp.models import Indicator

    return Indicator.objects.filter(rhk__skp=skp).select_related("rhk").order_by("rhk__order", "rhk__pk", "pk")


def goal_chains(skp: Skp | None, depth: int = 6) -> list[tuple[list[str], str]]:
    """Where the work feeds the goals: each RHK with the chain of RHKs it intervenes, and the
    organisational goal it reaches ("" when the chain stops before one). One query (the chain's
    parents are joined up to ``depth`` levels)."""
    if skp is None:
        return []
    related = ["goal"]
    step = "parent"
    for _i in range(depth):
        related += [step, f"{step}__goal", f"{step}__skp__employee"]
        step += "__parent"
    chains = []
    for rhk in Rhk.objects.filter(skp=skp).select_related(*related).order_by("kind", "order", "pk"):
        chain, node, goal = [rhk.text], rhk, ""
        for _i in range(depth + 1):
            if node.goal_id:
                goal = f"{node.goal.code} {node.goal.title}"
                break
            if node.parent_id is None:
                break
            node = node.parent
            chain.append(f"{node.text} ({node.skp.employee.name})")
        chains.append((chain, goal))
    return chains


# ------------------------------------------------------------------------------ BKPSDM
def cycle_tables(level: Level) -> list[Table]:
    """Cycle progress and data quality of the instansi (admin)."""
    children = child_units(level)
    g_unit = _group("unit__path", level)
    quality = {
        row["g"]: row
        for row in Employee.objects.filter(instansi=level.instansi, is_active=True)
        .annotate(g=g_unit)
        .values("g")
        .annotate(
            n=Count("pk"),
            no_supervisor=Count("pk", filter=Q(supervisor__isnull=True)),
            no_position=Count("pk", filter=Q(position__isnull=True)),
            inactive_supervisor=Count("pk", filter=Q(supervisor__is_active=False)),
        )
        .order_by()
    }
    skps = {
        row["g"]: row
        for row in Skp.objects.filter(period=level.period)
        .exclude(status=SkpStatus.SUPERSEDED)
        .annotate(g=_group("employee__unit__path", level))
        .values("g")
        .annotate(
            approved=Count("pk", filter=Q(status=SkpStatus.APPROVED)),
            submitted=Count("pk", filter=Q(status=SkpStatus.SUBMITTED)),
            draft=Count("pk", filter=Q(status__in=[SkpStatus.DRAFT, SkpStatus.RETURNED])),
        )
        .order_by()
    }
    evaluations = {
        row["g"]: row
        for row in Evaluation.objects.filter(period=level.period, cut_key=level.cut_key)
        .annotate(g=g_unit)
        .values("g")
        .annotate(n=Count("pk"), final=Count("pk", filter=~Q(status=Evaluation.Status.DRAFT)))
        .order_by()
    }
    objections = dict(
        Objection.objects.filter(evaluation__period=level.period, decision="")
        .annotate(g=_group("evaluation__unit__path", level))
        .values("g")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("g", "n")
    )
    progress = Table(
        "siklus",
        _("Kemajuan siklus kinerja per OPD"),
        [
            _("Unit"),
            _("Pegawai"),
            _("SKP disetujui"),
            _("SKP diajukan"),
            _("SKP draf/dikembalikan"),
            _("Evaluasi"),
            _("Evaluasi ditetapkan"),
            _("Keberatan terbuka"),
        ],
        [
            [
                u.name,
                quality.get(u.path, {}).get("n", 0),
                skps.get(u.path, {}).get("approved", 0),
                skps.get(u.path, {}).get("submitted", 0),
                skps.get(u.path, {}).get("draft", 0),
                evaluations.get(u.path, {}).get("n", 0),
                evaluations.get(u.path, {}).get("final", 0),
                objections.get(u.path, 0),
            ]
            for u in children
        ],
        chart="bar",
        series=[2, 3, 4],
    )
    data = Table(
        "kualitas",
        _("Kualitas data pegawai per OPD"),
        [_("Unit"), _("Tanpa atasan"), _("Tanpa jabatan"), _("Atasan tidak aktif")],
        [
            [
                u.name,
                quality.get(u.path, {}).get("no_supervisor", 0),
                quality.get(u.path, {}).get("no_position", 0),
                quality.get(u.path, {}).get("inactive_supervisor", 0),
            ]
            for u in children
        ],
    )
    return [progress, data]


def default_cut(period: Period) -> str:
    today = timezone.localdate(timezone=period.instansi.tzinfo) if period.instansi_id else dt.date.today()
    return appraisal_rules.current_cut(today, period.year, period.cut)


def current_skp(employee: Employee, period: Period) -> Skp | None:
    return (
        Skp.objects.filter(employee=employee, period=period)
        .exclude(status=SkpStatus.SUPERSEDED)
        .order_by("-revision")
        .first()
    )


# ------------------------------------------------------------------------------ calibration
def calibration_agenda(session) -> dict:
    """The session's flagged raters (stored reviews) and its cases: every rated evaluation in the
    unit's subtree, those of flagged raters and those rated away from the evidence first, with
    the meeting's decision when there is one. Three queries."""
    from .models import CalibrationDecision, RaterReview

    reviews = list(
        RaterReview.objects.filter(
            period=session.period, cut_key=session.cut_key, unit__path__startswith=session.unit.path, flag_count__gt=0
        )
        .select_related("rater")
        .order_by("-flag_count", "rater__name")
    )
    flagged_raters = {r.rater_id for r in reviews}
    favoured = {pk for r in reviews for f in r.flags for pk in f["employee_ids"]}
    decisions = {d.evaluation_id: d for d in CalibrationDecision.objects.filter(session=session)}
    cases = list(
        Evaluation.objects.filter(
            period=session.period, cut_key=session.cut_key, unit__path__startswith=session.unit.path
        )
        .exclude(results_rating="")
        .select_related("employee", "evaluator")
        .order_by("unit__path", "employee__name")
    )
    for case in cases:
        case.flagged = case.evaluator_id in flagged_raters or case.employee_id in favoured
        case.departs = case.results_rating != case.suggested_results
        case.decision = decisions.get(case.pk)
    cases.sort(key=lambda c: (not c.flagged, not c.departs))
    return {"reviews": reviews, "cases": cases, "decided": len(decisions)}
