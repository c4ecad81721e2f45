"""Reads of data reports: the admin's queue, the employee's own list, the menu count."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import DataReport

QUEUE_RELATIONS = (
    "employee__unit",
    "employee__position",
    "employee__supervisor",
    "wanted_supervisor",
    "wanted_unit",
    "wanted_position",
)


def report_queue(reports: QuerySet[DataReport], status: str = "") -> QuerySet[DataReport]:
    """The queue page, oldest open report first (served by index datareport_queue); one query."""
    if status:
        reports = reports.filter(status=status)
    order = ["created_at", "pk"] if status == DataReport.Status.OPEN else ["-created_at", "-pk"]
    return reports.select_related(*QUEUE_RELATIONS).order_by(*order)


def my_reports(reports: QuerySet[DataReport], employee_id: int) -> QuerySet[DataReport]:
    return reports.filter(employee_id=employee_id).select_related("decided_by").order_by("-created_at", "-pk")


def nav_counts(user) -> dict[str, QuerySet]:
    """Open reports for the instansi's admin (the menu's count and the home page's to-do line;
    counted inside the menu's single query, kinerja.core.navigation.COUNTERS)."""
    from kinerja.accounts.models import User

    if user.role != User.Role.ADMIN or not user.instansi_id:
        return {}
    return {"data_reports_open": DataReport.objects.filter(instansi_id=user.instansi_id, status=DataReport.Status.OPEN)}
