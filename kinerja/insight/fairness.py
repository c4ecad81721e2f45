"""The fairness review: every rater's figures for a cut in one pass (three grouped queries), the
flags from the pure rules, stored as `RaterReview` rows so an explanation never changes under
its reader. Flags are advice for the calibration meeting: nothing here changes a rating."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from kinerja.activities.models import Activity, Evidence, EvidenceOpen
from kinerja.activities.rules import ActivityStatus
from kinerja.appraisal.models import Evaluation, UnitPredicate
from kinerja.citizen.rules import cut_range
from kinerja.org.models import Employee, Instansi
from kinerja.skp.models import Period

from . import rules
from .models import RaterReview


def thresholds() -> rules.Thresholds:
    return rules.Thresholds.from_mapping(getattr(settings, "INSIGHT_FAIRNESS", None))


def _cuts_of_year_until(period: Period, cut_key: str) -> list[str]:
    from kinerja.appraisal.rules import cut_keys

    keys = cut_keys(period.year, period.cut)[:-1]
    return keys[: keys.index(cut_key) + 1] if cut_key in keys else keys


def rater_figures(instansi: Instansi, period: Period, cut_key: str, t: rules.Thresholds) -> dict[int, dict]:
    """rater id → the raw figures of `rules.RaterFigures`, for everyone who rated or verified."""
    figures: dict[int, dict] = defaultdict(lambda: {"chosen": {}, "suggested": {}, "predikat": {}, "rows": []})
    # 1: the ratings of the year up to this cut (favouritism needs "consistently": several cuts)
    cuts = _cuts_of_year_until(period, cut_key)
    if cut_key not in cuts:
        cuts = [*cuts, cut_key]
    rated = (
        Evaluation.objects.filter(instansi=instansi, period=period, cut_key__in=cuts, evaluator__isnull=False)
        .exclude(results_rating="")
        .values_list("evaluator_id", "employee_id", "cut_key", "suggested_results", "results_rating", "predikat")
    )
    for rater, employee, key, suggested, chosen, predikat in rated:
        f = figures[rater]
        f["rows"].append((employee, suggested, chosen))
        if key == cut_key:
            f["rated"] = f.get("rated", 0) + 1
            f["chosen"][chosen] = f["chosen"].get(chosen, 0) + 1
            f["suggested"][suggested] = f["suggested"].get(suggested, 0) + 1
            if predikat:
                f["predikat"][predikat] = f["predikat"].get(predikat, 0) + 1
    # 2: verification in the cut's dates: decided, accepted, with evidence, evidence never opened, late
    start, end = cut_range(cut_key)
    late = dt.timedelta(days=t.late_days)
    opened = EvidenceOpen.objects.filter(activity=OuterRef("pk"), opened_by=OuterRef("verifier_id"))
    has_file = Evidence.objects.filter(activity=OuterRef("pk"), kind=Evidence.Kind.FILE)
    now = timezone.now()
    decided_states = [ActivityStatus.VERIFIED, ActivityStatus.RETURNED, ActivityStatus.SUPERSEDED]
    rows = (
        Activity.objects.filter(instansi=instansi, period=period, date__range=(start, end), verifier__isnull=False)
        .annotate(opened=Exists(opened), has_file=Exists(has_file))
        .values("verifier_id")
        .annotate(
            decided=Count("pk", filter=Q(decided_at__isnull=False, status__in=decided_states)),
            accepted=Count("pk", filter=Q(decided_at__isnull=False, status=ActivityStatus.VERIFIED)),
            with_evidence=Count("pk", filter=Q(decided_at__isnull=False, has_file=True)),
            unopened=Count("pk", filter=Q(decided_at__isnull=False, has_file=True, opened=False)),
            waiting=Count("pk", filter=Q(status=ActivityStatus.SUBMITTED)),
            late=Count(
                "pk",
                filter=Q(decided_at__gt=F("created_at") + late)
                | Q(status=ActivityStatus.SUBMITTED, created_at__lt=now - late),
            ),
        )
        .order_by()
    )
    for row in rows:
        f = figures[row.pop("verifier_id")]
        f.update(row)
    # 3: the organisation predicate governing each rater's unit (their own unit's, if set)
    predicates = dict(UnitPredicate.objects.filter(period=period, cut_key=cut_key).values_list("unit_id", "predicate"))
    units = dict(Employee.objects.filter(pk__in=list(figures)).values_list("pk", "unit_id"))
    for rater, f in figures.items():
        f["unit_id"] = units.get(rater)
        f["org_predicate"] = predicates.get(f["unit_id"], "")
    return figures


@transaction.atomic
def fairness_compute(*, instansi: Instansi, period: Period, cut_key: str) -> list[RaterReview]:
    """Computes and stores every rater's figures and flags for a cut (replacing the last run)."""
    t = thresholds()
    raw = rater_figures(instansi, period, cut_key, t)
    now = timezone.now()
    reviews = []
    for rater, f in raw.items():
        figures = rules.RaterFigures(
            rated=f.get("rated", 0),
            chosen=f["chosen"],
            suggested=f["suggested"],
            predikat=f["predikat"],
            org_predicate=f["org_predicate"],
            people=tuple(rules.people_cuts(f["rows"])),
            decided=f.get("decided", 0),
            accepted=f.get("accepted", 0),
            with_evidence=f.get("with_evidence", 0),
            unopened=f.get("unopened", 0),
            waiting=f.get("waiting", 0),
            late=f.get("late", 0),
        )
        flags = rules.rater_flags(figures, t)
        reviews.append(
            RaterReview(
                instansi=instansi,
                period=period,
                cut_key=cut_key,
                rater_id=rater,
                unit_id=f["unit_id"],
                figures=figures.as_dict(),
                flags=[flag.as_dict() for flag in flags],
                flag_count=len(flags),
                computed_at=now,
            )
        )
    RaterReview.objects.filter(instansi=instansi, period=period, cut_key=cut_key).delete()
    RaterReview.objects.bulk_create(reviews, batch_size=1000)
    return reviews


def resolve_cut(instansi: Instansi, cut_key: str) -> Period:
    """The performance year of a cut key ("2026", "2026-Q4", "2026-11"); ValidationError when the
    key is not one of that year's cuts or the year is not open."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from kinerja.appraisal.rules import cut_keys

    year = cut_key[:4]
    period = Period.objects.filter(instansi=instansi, year=int(year)).first() if year.isdigit() else None
    if period is None or cut_key not in cut_keys(period.year, period.cut):
        raise ValidationError(
            _("Periode %(key)s tidak dikenal untuk %(instansi)s (contoh: 2026, 2026-Q4 atau 2026-11).")
            % {"key": cut_key, "instansi": instansi.name}
        )
    return period


def review_dicts(reviews) -> list[dict]:
    """Reviews as plain data for the command and the API (rater, unit, figures, flags with text)."""
    from django.utils.translation import gettext as _

    return [
        {
            "rater_id": r.rater_id,
            "rater_nip": r.rater.nip,
            "rater_name": r.rater.name,
            "unit": r.unit.name if r.unit_id else "",
            "cut_key": r.cut_key,
            "computed_at": r.computed_at.isoformat(),
            "figures": r.figures,
            "flags": [{**f, "text": _(f["message"]) % f["params"]} for f in r.flags],
        }
        for r in reviews
    ]
