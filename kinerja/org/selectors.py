"""Reads for the organisation pages and the API: joins and aggregates done in the database."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain, islice
from operator import attrgetter

from django.db.models import Count, Q, QuerySet

from .models import Employee, Instansi, Position, Unit


def unit_tree(units: QuerySet[Unit]) -> QuerySet[Unit]:
    """Units in tree order (materialized path) with their active employee counts: one query."""
    return (
        units.select_related("head_position")
        .annotate(employee_count=Count("employees", filter=Q(employees__is_active=True)))
        .order_by("path")
    )


def unit_tree_rows(units: QuerySet[Unit]) -> list[dict]:
    """The same tree as plain rows for the big tree page: one query, no model instances
    (1,000+ units render in a fraction of the time)."""
    labels = dict(Unit.Kind.choices)
    rows = list(
        units.annotate(employee_count=Count("employees", filter=Q(employees__is_active=True)))
        .order_by("path")
        .values("id", "name", "kind", "depth", "head_position_id", "employee_count")
    )
    for row in rows:
        row["kind_label"] = labels.get(row["kind"], row["kind"])
        row["indent"] = row["depth"] * 1.25
    return rows


def employee_list(
    employees: QuerySet[Employee],
    *,
    search: str = "",
    unit: Unit | None = None,
    status: str = "",
    active: str = "1",
) -> QuerySet[Employee]:
    """Filtered employees with everything a list row shows joined in (no N+1)."""
    qs = employees.select_related("unit", "position", "supervisor")
    if search:
        digits = search.replace(" ", "")
        qs = qs.filter(
            Q(name__icontains=search) | Q(nip__startswith=digits) if digits.isdigit() else Q(name__icontains=search)
        )
    if unit is not None:
        # The whole subtree under the chosen unit: one indexed LIKE on the path.
        qs = qs.filter(unit__path__startswith=unit.path)
    if status:
        qs = qs.filter(status=status)
    if active in {"0", "1"}:
        qs = qs.filter(is_active=active == "1")
    return qs.order_by("name", "pk")


@dataclass(frozen=True)
class AdminFacts:
    employees: int
    inactive: int
    without_supervisor: int
    without_position: int
    without_login: int
    units: int
    units_without_head: int


def admin_facts(instansi: Instansi) -> AdminFacts:
    """What the BKPSDM must fix next: two aggregate queries."""
    e = Employee.objects.filter(instansi=instansi).aggregate(
        employees=Count("pk", filter=Q(is_active=True)),
        inactive=Count("pk", filter=Q(is_active=False)),
        # The top of the hierarchy (the head of region's staff) legitimately has no supervisor
        # inside the system; everyone else in a subordinate unit should have one.
        without_supervisor=Count("pk", filter=Q(is_active=True, supervisor__isnull=True, unit__depth__gt=0)),
        without_position=Count("pk", filter=Q(is_active=True, position__isnull=True)),
        without_login=Count("pk", filter=Q(is_active=True, user__isnull=True)),
    )
    u = Unit.objects.filter(instansi=instansi, is_active=True).aggregate(
        units=Count("pk"), units_without_head=Count("pk", filter=Q(head_position__isnull=True))
    )
    return AdminFacts(**e, **u)


def instansi_summary(instansi: Instansi) -> dict:
    """Head-of-region overview: employees by status and by position kind (two queries)."""
    base = Employee.objects.filter(instansi=instansi, is_active=True)
    by_status = dict(base.values_list("status").annotate(n=Count("pk")).order_by())
    by_kind = dict(base.values_list("position__kind").annotate(n=Count("pk")).order_by())
    return {
        "total": sum(by_status.values()),
        "by_status": [(label, by_status.get(value, 0)) for value, label in Employee.Status.choices],
        "by_kind": [(label, by_kind.get(value, 0)) for value, label in Position.Kind.choices],
    }


def subordinates_of(employee: Employee) -> QuerySet[Employee]:
    return (
        Employee.objects.filter(instansi_id=employee.instansi_id, supervisor=employee, is_active=True)
        .select_related("position", "unit")
        .order_by("name")
    )


def master_data_history(instansi: Instansi, *, limit: int = 100) -> list:
    """The latest changes to employees, units and positions of one instansi, newest first.

    Three indexed queries (one per history table), merged in Python on at most 3 × limit rows.
    """
    parts = []
    for model, kind in ((Employee, "pegawai"), (Unit, "unit"), (Position, "jabatan")):
        records = list(
            model.history.filter(instansi_id=instansi.pk)
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        )
        for record in records:
            record.kind = kind
        parts.append(records)
    merged = sorted(chain.from_iterable(parts), key=attrgetter("history_date"), reverse=True)
    return list(islice(merged, limit))


def history_with_changes(records: list) -> list[tuple]:
    """Pairs each history record with the fields it changed against the previous record."""
    rows = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        changes = newer.diff_against(older).changes if older is not None else []
        rows.append((newer, changes))
    return rows


EXPORT_FIELDS = (
    "nip",
    "name",
    "front_title",
    "back_title",
    "unit__code",
    "unit__name",
    "position__name",
    "supervisor__nip",
    "supervisor__name",
    "supervisor__front_title",
    "supervisor__back_title",
    "status",
    "rank",
    "rank_start",
    "cpns_start",
    "is_active",
)


def employee_export_rows(employees: QuerySet[Employee]):
    """The filtered list as plain tuples (``EXPORT_FIELDS``) for a spreadsheet: one query, read
    in chunks, no model instances, so 10,000 rows stay light."""
    return employees.order_by("name", "pk").values_list(*EXPORT_FIELDS).iterator(chunk_size=2000)
