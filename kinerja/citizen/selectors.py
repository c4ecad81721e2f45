"""Reads for the staff pages of citizen voice."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Complaint


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
