"""Who sees and decides which activity entries (STYLE.md §4). Cross-tenant objects are 404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from kinerja.accounts.models import User
from kinerja.org import access as org_access

from .models import Activity


def activities_visible_to(user: User) -> QuerySet[Activity]:
    """Admins and pimpinan: their instansi. Others: their own entries, those they verify, and
    those of their direct subordinates."""
    if not user.is_authenticated:
        return Activity.objects.none()
    if org_access.is_superadmin(user):
        return Activity.objects.all()
    if org_access.sees_whole_instansi(user):
        return Activity.objects.filter(instansi_id=user.instansi_id)
    if not user.employee_id:
        return Activity.objects.none()
    me = user.employee_id
    return Activity.objects.filter(
        Q(employee_id=me) | Q(verifier_id=me) | Q(employee__supervisor_id=me), instansi_id=user.instansi_id
    )


def get_activity_for(user: User, pk: int) -> Activity:
    activity = (
        activities_visible_to(user)
        .select_related("employee", "indicator__rhk", "verifier", "period__instansi", "instansi")
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        raise Http404
    return activity


def require_owner(user: User, activity: Activity) -> None:
    if user.employee_id != activity.employee_id:
        raise PermissionDenied


def require_verifier(user: User, activity: Activity) -> None:
    if user.employee_id is None or user.employee_id != activity.verifier_id:
        raise PermissionDenied


def require_commenter(
    user: User, *, employee_id: int, supervisor_id: int | None, verifier_id: int | None = None
) -> None:
    """Comments are a conversation between the people in the work (the employee, their supervisor,
    the verifier) and the admin; seeing an entry is not enough. Pimpinan read and never write."""
    involved = user.employee_id is not None and user.employee_id in (employee_id, supervisor_id, verifier_id)
    if not (involved or org_access.is_admin(user)):
        raise PermissionDenied


def imports_visible_to(user: User):
    """Spreadsheet uploads: each person sees their own (an admin's too); nobody else's."""
    from .models import ActivityImport

    if not user.is_authenticated or not user.instansi_id:
        return ActivityImport.objects.none()
    return ActivityImport.objects.filter(instansi_id=user.instansi_id, created_by=user)


def get_import_for(user: User, pk: int):
    batch = imports_visible_to(user).select_related("unit").filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


def require_importer(user: User) -> None:
    """An employee uploads their own work, an admin anybody's in the instansi; pimpinan nothing."""
    from kinerja.accounts.access import require_writer

    require_writer(user)
    if not (org_access.is_admin(user) or user.employee_id):
        raise PermissionDenied
