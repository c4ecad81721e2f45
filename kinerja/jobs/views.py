"""Background jobs: the recent ones, one job's page, and the fragment its progress bar polls."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from kinerja.org import access as org_access

from . import access


@login_required
def job_list(request):
    access.require_job_reader(request.user)
    instansi = org_access.instansi_for_request(request)
    jobs = access.jobs_visible_to(request.user).filter(instansi=instansi).select_related("started_by")[:50]
    return render(request, "jobs/list.html", {"jobs": jobs, "instansi": instansi})


@login_required
def job_detail(request, pk: int):
    return render(request, "jobs/detail.html", {"job": access.get_job_for(request.user, pk)})


@login_required
def job_progress(request, pk: int):
    return render(request, "jobs/_progress.html", {"job": access.get_job_for(request.user, pk)})
