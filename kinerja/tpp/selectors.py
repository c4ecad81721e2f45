"""Reads of the TPP app: the month's lines by unit, totals in the database, an employee's slips."""

from __future__ import annotations

from django.db.models import Count, QuerySet, Sum

from .models import TppLine, TppMonth

AMOUNTS = [
    "base",
    "paid_base",
    "kinerja_amount",
    "disiplin_amount",
    "attendance_cut",
    "sanction_cut",
    "gross",
    "bpjs_employee",
    "bpjs_employer",
    "pph21",
    "net",
]


def lines(*, tpp_month: TppMonth, unit_path: str | None = None) -> QuerySet[TppLine]:
    qs = TppLine.objects.filter(month=tpp_month).order_by("unit_path", "kind", "name", "ref_month")
    if unit_path:
        qs = qs.filter(unit_path__startswith=unit_path)
    return qs


def totals(qs: QuerySet[TppLine]) -> dict:
    return qs.aggregate(count=Count("pk"), **{name: Sum(name) for name in AMOUNTS})


def unit_totals(*, tpp_month: TppMonth) -> list[dict]:
    """One row per unit (the unit the employee was in when computed), totals summed in the DB."""
    return list(
        TppLine.objects.filter(month=tpp_month)
        .values("unit_id", "unit_name", "unit_path")
        .annotate(
            count=Count("pk"),
            gross=Sum("gross"),
            net=Sum("net"),
            pph21=Sum("pph21"),
            bpjs_employee=Sum("bpjs_employee"),
        )
        .order_by("unit_path")
    )


def employee_lines(*, employee_id: int) -> QuerySet[TppLine]:
    return TppLine.objects.filter(employee_id=employee_id).select_related("month").order_by("-month__month", "kind")


def as_json(line: TppLine) -> dict:
    """One employee's line as the command and the API print it."""
    return {
        "nip": line.nip,
        "name": line.name,
        "unit": line.unit_name,
        "kind": line.kind,
        "ref_month": line.ref_month or None,
        "grade": line.grade,
        "base": line.base,
        "paid_base": line.paid_base,
        "kinerja_pct": str(line.kinerja_pct),
        "disiplin_pct": str(line.disiplin_pct),
        "kinerja_amount": line.kinerja_amount,
        "disiplin_amount": line.disiplin_amount,
        "deductions": {
            "attendance": line.attendance_cut,
            "sanction": line.sanction_cut,
            "bpjs_employee": line.bpjs_employee,
            "pph21": line.pph21,
        },
        "bpjs_employer": line.bpjs_employer,
        "gross": line.gross,
        "net": line.net,
    }
