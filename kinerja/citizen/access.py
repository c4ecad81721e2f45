"""Who handles which complaint and sees which citizen data (STYLE.md §4). Cross-tenant is 404.

- Admins (and the superadmin) of an instansi: every complaint and survey response, the
  respondents' personal data, moderation, survey points and SLA targets.
- Pimpinan: read everything but personal data.
- The head of a unit: the unit's (and sub-units') complaints, assigns them.
- The assigned employee: their complaints, answers them.
- The officer a complaint concerns (named by the citizen): reads it, without the citizen's contact.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from kinerja.accounts.models import User
from kinerja.org import access as org_access

from .models import Complaint


def sees_personal_data(user: User, instansi_id: int) -> bool:
    return org_access.can_manage(user, instansi_id)


def complaints_visible_to(user: User) -> QuerySet[Complaint]:
    if not user.is_authenticated:
        return Complaint.objects.none()
    if org_access.is_superadmin(user):
        return Complaint.objects.all()
    if org_access.sees_whole_instansi(user):
        return Complaint.objects.filter(instansi_id=user.instansi_id)
    if not user.employee_id:
        return Complaint.objects.none()
    return Complaint.objects.filter(
        Q(assigned_to_id=user.employee_id) | Q(officer_id=user.employee_id) | org_access.headed_subtree(user),
        instansi_id=user.instansi_id,
    )


def get_complaint_for(user: User, pk: int) -> Complaint:
    complaint = (
        complaints_visible_to(user)
        .select_related("unit", "assigned_to", "instansi", "hidden_by", "category", "officer")
        .filter(pk=pk)
        .first()
    )
    if complaint is None:
        raise Http404
    return complaint


def sees_officer_figures(user: User, unit) -> bool:
    """Per-officer figures of a unit: its heads, the instansi's admins and pimpinan."""
    return org_access.sees_whole_instansi(user) or org_access.heads_unit(user, unit)


def can_assign(user: User, complaint: Complaint) -> bool:
    return org_access.can_manage(user, complaint.instansi_id) or org_access.heads_unit(user, complaint.unit)
