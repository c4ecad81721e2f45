"""Who sees which jobs: the tenant's admin and the superadmin, nobody else."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from kinerja.org import access as org_access

from .models import Job


def jobs_visible_to(user) -> QuerySet[Job]:
    if org_access.is_superadmin(user):
        return Job.objects.all()
    if not user.is_authenticated or not user.instansi_id or not org_access.is_admin(user):
        return Job.objects.none()
    return Job.objects.filter(instansi_id=user.instansi_id)


def require_job_reader(user) -> None:
    if not (org_access.is_superadmin(user) or org_access.is_admin(user)):
        raise PermissionDenied


def get_job_for(user, pk: int) -> Job:
    require_job_reader(user)
    job = jobs_visible_to(user).select_related("started_by", "instansi").filter(pk=pk).first()
    if job is None:
        raise Http404
    return job
