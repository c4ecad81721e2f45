"""Reads for the staff pages of citizen voice."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from kinerja.org.models import Employee, Unit

from .models import Complaint, ComplaintCategory


def nav_counts(user) -> dict[str, QuerySet]:
    """Complaints assigned to this user and not yet answered (the menu's count; index
    complaint_assignee serves it)."""
    if not user.employee_id:
        return {}
    return {
        "complaints_assigned": Complaint.objects.filter(
            instansi_id=user.instansi_id,
            assigned_to_id=user.employee_id,
            resolved_at__isnull=True,
            status=Complaint.Status.ASSIGNED,
        )
    }


def officer_groups(units: Iterable[Unit]) -> list[tuple[str, list[tuple[int, str]]]]:
    """The officers a citizen may name on the public form, grouped by service unit (an officer of
    a sub-unit is listed under each service unit above them): one query for all units."""
    units = list(units)
    if not units:
        return []
    condition = Q(pk__in=[])
    for unit in units:
        condition |= Q(unit__path__startswith=unit.path)
    employees = list(
        Employee.objects.filter(condition, instansi_id=units[0].instansi_id, is_active=True)
        .select_related("unit")
        .only("name", "front_title", "back_title", "unit__path")
        .order_by("name", "pk")
    )
    groups = []
    for unit in units:
        names = [(e.pk, e.display_name) for e in employees if e.unit.path.startswith(unit.path)]
        if names:
            groups.append((unit.name, names))
    return groups


def complaints_of_officer(user) -> dict[str, QuerySet[Complaint]]:
    """The officer's own page: complaints assigned to them and complaints that name them."""
    base = Complaint.objects.filter(instansi_id=user.instansi_id).select_related("unit", "category")
    if not user.employee_id:
        return {"assigned": base.none(), "concerning": base.none()}
    return {
        "assigned": base.filter(assigned_to_id=user.employee_id).order_by("-created_at")[:100],
        "concerning": base.filter(officer_id=user.employee_id).order_by("-created_at")[:100],
    }


def categories_with_use(instansi_id: int) -> QuerySet[ComplaintCategory]:
    """The instansi's categories with the number of complaints filed under each."""
    return (
        ComplaintCategory.objects.filter(instansi_id=instansi_id)
        .annotate(used=Count("complaints"))
        .order_by("order", "pk")
    )
