"""'My data is wrong': the employee's report page, the admin's queue and decision. Each view:
access → form → one service/selector call → render/redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kinerja.core.forms import add_validation_error
from kinerja.org import access as org_access

from . import access, selectors, services
from .forms import FixForm, RefuseForm, ReportForm
from .models import DataReport


@login_required
def mine(request):
    """My recorded supervisor, position and unit, the form to report one wrong, my reports."""
    user = request.user
    if not user.employee_id:
        raise PermissionDenied
    me = org_access.get_employee_for(user, user.employee_id)
    form = ReportForm(request.POST or None, instansi=me.instansi)
    if request.method == "POST":
        access.require_reporter(user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.report_submit(
                    employee=me,
                    by=user,
                    subject=data["subject"],
                    wanted=data["wanted"],
                    note=data["note"],
                    wanted_supervisor=data["supervisor_nip"],
                    wanted_unit=data["unit"],
                )
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, _("Laporan terkirim ke admin kepegawaian. Anda diberi tahu saat diputuskan."))
                return redirect("datafix:mine")
    reports = selectors.my_reports(access.reports_visible_to(user), me.pk)
    context = {"me": me, "form": form, "reports": reports, "can_report": not user.is_pimpinan}
    return render(request, "datafix/mine.html", context, status=400 if form.errors else 200)


@login_required
@require_safe
def queue(request):
    access.require_queue_reader(request.user)
    instansi = org_access.instansi_for_request(request)
    status = request.GET.get("status", DataReport.Status.OPEN)
    if status not in DataReport.Status.values:
        status = ""
    reports = selectors.report_queue(access.reports_visible_to(request.user).filter(instansi=instansi), status)
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": DataReport.Status.choices, "instansi": instansi}
    return render(request, "datafix/queue.html", context)


def _render_detail(request, report, fix_form=None, refuse_form=None, status=200):
    decider = report.status == DataReport.Status.OPEN and access.can_decide(request.user, report.instansi_id)
    context = {
        "report": report,
        "history": report.status_changes.select_related("by"),
        "fix_form": (fix_form or FixForm(report=report)) if decider else None,
        "refuse_form": (refuse_form or RefuseForm()) if decider else None,
        "current": services.recorded_value(report.employee, report.subject),
    }
    return render(request, "datafix/detail.html", context, status=status)


@login_required
@require_safe
def detail(request, pk: int):
    return _render_detail(request, access.get_report_for(request.user, pk))


@login_required
@require_POST
def decide(request, pk: int):
    report = access.get_report_for(request.user, pk, decide=True)
    if request.POST.get("action") == "refuse":
        form = RefuseForm(request.POST)
        call = lambda data: services.report_refuse(report=report, by=request.user, reason=data["reason"])  # noqa: E731
        done = _("Laporan ditolak; pegawai diberi tahu alasannya.")
        forms = {"refuse_form": form}
    else:
        form = FixForm(request.POST, report=report)
        call = lambda data: services.report_fix(report=report, by=request.user, value=data["value"])  # noqa: E731
        done = _("Data pegawai diperbaiki dan tercatat di riwayat perubahan; pegawai diberi tahu.")
        forms = {"fix_form": form}
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, done)
            return redirect("datafix:queue")
    return _render_detail(request, report, status=400, **forms)
