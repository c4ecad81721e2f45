"""Objective figures computed from citizen voice, for the public results, the unit dashboards and
the SKP indicators bound to a metric. Each function is one grouped query, whatever the number of
units or employees."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from kinerja.skp.models import Metric

from . import rules
from .models import Complaint, SurveyResponse


def ikm_by_unit(unit_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[int, rules.Ikm]:
    """IKM per unit over a date range; flagged responses are left out (kept, not counted)."""
    rows = (
        SurveyResponse.objects.filter(unit_id__in=list(unit_ids), submitted_on__range=(start, end), is_flagged=False)
        .values("unit_id")
        .annotate(n=Count("pk"), **{code: Sum(code) for code in rules.ELEMENT_CODES})
        .order_by()
    )
    result = {}
    for row in rows:
        value = rules.ikm_from_sums(row["n"], {code: row[code] for code in rules.ELEMENT_CODES})
        if value is not None:
            result[row["unit_id"]] = value
    return result


def complaint_figures(unit_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[int, dict]:
    """Per unit: complaints filed in the range, resolved within the SLA (%), median response (h)."""
    now = timezone.now()
    rows = Complaint.objects.filter(unit_id__in=list(unit_ids), created_at__date__range=(start, end)).values(
        "unit_id", "created_at", "responded_at", "resolved_at", "response_hours", "resolution_hours"
    )
    flags, responses, counts = defaultdict(list), defaultdict(list), defaultdict(int)
    for row in rows:
        unit = row["unit_id"]
        counts[unit] += 1
        flags[unit].append(rules.within(row["created_at"], row["resolved_at"], row["resolution_hours"], now))
        if row["responded_at"]:
            responses[unit].append(row["responded_at"] - row["created_at"])
    return {
        unit: {
            "count": counts[unit],
            "sla_pct": rules.pct_within(flags[unit]),
            "median_response": rules.median_hours(responses[unit]),
        }
        for unit in counts
    }


def handled_by(employee_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[int, int]:
    """Complaints each employee resolved in the range."""
    rows = (
        Complaint.objects.filter(assigned_to_id__in=list(employee_ids), resolved_at__date__range=(start, end))
        .values("assigned_to_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["assigned_to_id"]: row["n"] for row in rows}


def tepat_by_unit(unit_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[int, rules.Share]:
    """Per unit: the share of resolutions (resolved in the range) the citizen rated "tepat"."""
    rows = (
        Complaint.objects.filter(
            unit_id__in=list(unit_ids), resolved_at__date__range=(start, end), rating__isnull=False
        )
        .values("unit_id")
        .annotate(n=Count("pk"), met=Count("pk", filter=Q(rating__gte=rules.TEPAT_MIN)))
        .order_by()
    )
    return {row["unit_id"]: rules.share(row["met"], row["n"]) for row in rows}


def tepat_by_officer(employee_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[int, rules.Share]:
    """Per handling officer (the assigned employee): the share of their resolutions rated "tepat"."""
    rows = (
        Complaint.objects.filter(
            assigned_to_id__in=list(employee_ids), resolved_at__date__range=(start, end), rating__isnull=False
        )
        .values("assigned_to_id")
        .annotate(n=Count("pk"), met=Count("pk", filter=Q(rating__gte=rules.TEPAT_MIN)))
        .order_by()
    )
    return {row["assigned_to_id"]: rules.share(row["met"], row["n"]) for row in rows}


def cepat_by_officer(employee_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[int, rules.Share]:
    """Per handling officer: the share of their complaints (filed in the range) answered within the
    response target; one still unanswered past it counts as late, one inside it is not decided."""
    now = timezone.now()
    rows = Complaint.objects.filter(
        assigned_to_id__in=list(employee_ids), created_at__date__range=(start, end)
    ).values_list("assigned_to_id", "created_at", "responded_at", "response_hours")
    flags: dict[int, list[bool]] = defaultdict(list)
    for employee_id, created, responded, hours in rows:
        flag = rules.within(created, responded, hours, now)
        if flag is not None:
            flags[employee_id].append(flag)
    return {e: rules.share(sum(f), len(f), minimum=rules.MIN_RATINGS) for e, f in flags.items()}


def categories_by_unit(unit_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[int, list[tuple[str, int]]]:
    """Per unit: (category name, complaints filed in the range), the largest first; complaints
    filed before categories existed are counted under an empty name."""
    rows = (
        Complaint.objects.filter(unit_id__in=list(unit_ids), created_at__date__range=(start, end))
        .values("unit_id", "category__name")
        .annotate(n=Count("pk"))
        .order_by("unit_id", "-n", "category__name")
    )
    result: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for row in rows:
        result[row["unit_id"]].append((row["category__name"] or "", row["n"]))
    return dict(result)


def indicator_values(indicators: Iterable[dict], cut_key: str) -> dict[int, Decimal]:
    """Realization of metric-bound indicators for a cut. Each item: {"pk", "metric", "employee_id",
    "unit_id"}, optionally "service_unit_id" (the service unit the indicator names, measured
    instead of the employee's own unit) and "cumulative" (measured from the start of the year to
    the end of the cut). Three grouped queries per date range at most."""
    items = [i for i in indicators if i["metric"]]
    if not items:
        return {}
    start, end = rules.cut_range(cut_key)
    year_start = dt.date(start.year, 1, 1)
    values: dict[int, Decimal] = {}
    for cumulative in (False, True):
        group = [i for i in items if bool(i.get("cumulative")) == cumulative]
        if group:
            values |= _values_in_range(group, year_start if cumulative else start, end)
    return values


def _values_in_range(items: list[dict], start: dt.date, end: dt.date) -> dict[int, Decimal]:
    # The service queue's metrics are measured by its own app (imported here, not at the top:
    # frontdesk reads citizen's survey, so the import runs one way at load time).
    from kinerja.frontdesk import metrics as queue_metrics

    queued = [i for i in items if i["metric"] in queue_metrics.METRICS]
    items = [i for i in items if i["metric"] not in queue_metrics.METRICS]
    values = queue_metrics.values_in_range(queued, start, end) if queued else {}
    return values | (_citizen_values(items, start, end) if items else {})


def _citizen_values(items: list[dict], start: dt.date, end: dt.date) -> dict[int, Decimal]:
    wanted = {i["metric"] for i in items}
    unit_of = {i["pk"]: i.get("service_unit_id") or i["unit_id"] for i in items}
    units = set(unit_of.values())
    ikm = ikm_by_unit(units, start, end) if Metric.IKM_UNIT in wanted else {}
    complaints = (
        complaint_figures(units, start, end)
        if wanted & {Metric.COMPLAINTS_SLA_PCT, Metric.COMPLAINTS_MEDIAN_RESPONSE}
        else {}
    )
    employees = {i["employee_id"] for i in items}
    handled = handled_by(employees, start, end) if Metric.COMPLAINTS_HANDLED in wanted else {}
    tepat_units = tepat_by_unit(units, start, end) if Metric.COMPLAINTS_TEPAT_PCT in wanted else {}
    tepat_officers = tepat_by_officer(employees, start, end) if Metric.COMPLAINTS_TEPAT_PCT_OFFICER in wanted else {}
    cepat_officers = cepat_by_officer(employees, start, end) if Metric.COMPLAINTS_CEPAT_PCT_OFFICER in wanted else {}
    values = {}
    for i in items:
        metric, unit = i["metric"], unit_of[i["pk"]]
        if metric == Metric.IKM_UNIT:
            value = ikm[unit].converted if unit in ikm else None
        elif metric == Metric.COMPLAINTS_SLA_PCT:
            value = complaints.get(unit, {}).get("sla_pct")
        elif metric == Metric.COMPLAINTS_MEDIAN_RESPONSE:
            value = complaints.get(unit, {}).get("median_response")
        elif metric == Metric.COMPLAINTS_TEPAT_PCT:
            value = tepat_units[unit].pct if unit in tepat_units else None
        elif metric == Metric.COMPLAINTS_TEPAT_PCT_OFFICER:
            share = tepat_officers.get(i["employee_id"])
            value = share.pct if share else None
        elif metric == Metric.COMPLAINTS_CEPAT_PCT_OFFICER:
            share = cepat_officers.get(i["employee_id"])
            value = share.pct if share else None
        else:
            value = Decimal(handled.get(i["employee_id"], 0))
        values[i["pk"]] = value if value is not None else Decimal(0)
    return values
