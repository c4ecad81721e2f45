"""TPP pages: the months of the instansi, the configuration, the month with its payment lists,
and each employee's slips."""

from __future__ import annotations

import csv
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kinerja.attendance.services import local_today
from kinerja.core import exports
from kinerja.core.forms import add_validation_error
from kinerja.core.uploads import apply_from_page
from kinerja.jobs import services as job_services
from kinerja.jobs.models import Job
from kinerja.org import access as org_access
from kinerja.org.models import Employee, Unit
from kinerja.org.rules import normalize_nip

from . import access, documents, imports, selectors, services
from .forms import MonthForm, SalaryForm, SalaryImportForm, SettingForm
from .models import SalaryImport, TppMonth


@login_required
@require_safe
def index(request):
    """The admin's and pimpinan's months; an employee lands on their own slips."""
    if not org_access.sees_whole_instansi(request.user):
        return redirect("tpp:my_slips")
    instansi = org_access.instansi_for_request(request)
    access.require_reader(request.user, instansi)
    months = TppMonth.objects.filter(instansi=instansi)
    default = local_today(instansi).replace(day=1)
    previous = (default - dt.timedelta(days=1)).strftime("%Y-%m")
    form = MonthForm(initial={"month": previous})
    return render(
        request,
        "tpp/index.html",
        {
            "instansi": instansi,
            "months": months,
            "form": form,
            "can_manage": org_access.can_manage(request.user, instansi.pk),
        },
    )


@login_required
@require_POST
def compute(request):
    instansi = org_access.instansi_for_request(request, write=True)
    access.require_admin(request.user, instansi)
    form = MonthForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["month"]))
        return redirect("tpp:index")
    month = form.cleaned_data["month"]
    closed = TppMonth.objects.filter(instansi=instansi, month=month, status=TppMonth.Status.CLOSED).first()
    if closed is not None:  # said at once, not after a round through the worker
        messages.error(request, _("TPP bulan %(m)s sudah ditutup dan tidak dihitung ulang.") % {"m": month})
        return redirect("tpp:month", closed.pk)
    return _start_month_job(request, instansi, month)


def _start_month_job(request, instansi, month: str):
    """The month is computed by the task worker; `manage.py tpp` stays synchronous."""
    job = job_services.job_start(
        kind=Job.Kind.TPP, instansi=instansi, key=month, by=request.user, params={"month": month}
    )
    return redirect("jobs:detail", job.pk)


@login_required
def setting(request):
    instansi = org_access.instansi_for_request(request, write=True)
    access.require_admin(request.user, instansi)
    year = int(request.GET.get("tahun") or local_today(instansi).year)
    if not 2000 <= year <= 2100:
        raise Http404
    current = services.setting_for(instansi=instansi, year=year)
    initial = {
        "predikat_text": "; ".join(f"{k}={v}" for k, v in current.predikat_pct.items()),
        "pph21_text": "; ".join(f"{k}={v}" for k, v in current.pph21_pct.items()),
        "class_amounts_text": "\n".join(
            f"{k}={v}" for k, v in sorted(current.class_amounts.items(), key=lambda kv: -int(kv[0]))
        ),
    }
    form = SettingForm(request.POST or None, instance=current, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            data["predikat_pct"] = services.parse_mapping(
                data.pop("predikat_text"), services.PREDIKAT_KEYS, field="predikat_text"
            )
            data["pph21_pct"] = services.parse_mapping(data.pop("pph21_text"), services.RANK_GROUPS, field="pph21_text")
            data["class_amounts"] = services.parse_mapping(
                data.pop("class_amounts_text"), None, field="class_amounts_text", integer=True
            )
            services.setting_update(setting=services.setting_for(instansi=instansi, year=year), **data)
        except ValidationError as error:
            if hasattr(error, "error_dict") and "class_amounts" in error.error_dict:
                error = ValidationError({"class_amounts_text": error.error_dict["class_amounts"]})
            add_validation_error(form, error)
        else:
            messages.success(request, _("Pengaturan TPP %(y)s disimpan.") % {"y": year})
            return redirect(f"{reverse('tpp:setting')}?tahun={year}")
    return render(
        request, "tpp/setting.html", {"instansi": instansi, "year": year, "form": form, "salary_form": SalaryForm()}
    )


@login_required
@require_POST
def salary_set(request):
    instansi = org_access.instansi_for_request(request, write=True)
    access.require_admin(request.user, instansi)
    form = SalaryForm(request.POST)
    employee = None
    if form.is_valid():
        employee = Employee.objects.filter(instansi=instansi, nip=normalize_nip(form.cleaned_data["nip"])).first()
    if employee is None:
        messages.error(request, _("NIP tidak dikenal di instansi ini atau gaji tidak sah."))
    else:
        services.salary_set(employee=employee, amount=form.cleaned_data["amount"])
        messages.success(request, _("Gaji %(name)s disimpan.") % {"name": employee.display_name})
    return redirect("tpp:setting")


# ------------------------------------------------------------------------- salaries in bulk
@login_required
def salary_import(request):
    instansi = org_access.instansi_for_request(request, write=True)
    access.require_admin(request.user, instansi)
    form = SalaryImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = imports.import_preview(instansi=instansi, content=upload.read(), filename=upload.name, by=request.user)
        return redirect("tpp:salary_import_preview", batch.pk)
    recent = SalaryImport.objects.filter(instansi=instansi).select_related("created_by").defer("content")[:10]
    return render(request, "tpp/salary_import.html", {"form": form, "instansi": instansi, "recent": recent})


@login_required
@require_safe
def salary_import_preview(request, pk: int):
    batch = access.get_salary_import_for(request.user, pk)
    return render(request, "tpp/salary_import_preview.html", {"batch": batch, "summary": batch.summary})


@login_required
@require_POST
def salary_import_apply(request, pk: int):
    return apply_from_page(
        request,
        access.get_salary_import_for(request.user, pk),
        apply=imports.import_apply,
        preview_url=reverse("tpp:salary_import_preview", args=[pk]),
        applied=lambda preview: (
            _("Gaji diterapkan: %(c)s baru, %(u)s diperbarui, %(n)s tidak berubah.")
            % {"c": preview.create, "u": preview.update, "n": preview.unchanged}
        ),
    )


@login_required
@require_safe
def salary_import_sample(request):
    instansi = org_access.instansi_for_request(request, write=True)
    access.require_admin(request.user, instansi)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    exports.writerow(csv.writer(response), ["NIP", "NAMA", "GAJI"])
    response["Content-Disposition"] = 'attachment; filename="contoh-gaji.csv"'
    return response


@login_required
def month(request, pk: int):
    tpp_month = access.get_month_for(request.user, pk)
    unit = _unit_param(request, tpp_month)
    qs = selectors.lines(tpp_month=tpp_month, unit_path=unit.path if unit else None)
    page = Paginator(qs, 100).get_page(request.GET.get("hal"))
    return render(
        request,
        "tpp/month.html",
        {
            "tpp_month": tpp_month,
            "unit": unit,
            "page": page,
            "totals": selectors.totals(qs),
            "units": selectors.unit_totals(tpp_month=tpp_month),
            "can_manage": org_access.can_manage(request.user, tpp_month.instansi_id),
        },
    )


def _unit_param(request, tpp_month) -> Unit | None:
    unit_id = request.GET.get("unit")
    if not unit_id:
        return None
    unit = Unit.objects.filter(instansi_id=tpp_month.instansi_id, pk=unit_id if unit_id.isdigit() else 0).first()
    if unit is None:
        raise Http404
    return unit


@login_required
@require_POST
def close(request, pk: int):
    tpp_month = access.get_month_for(request.user, pk, write=True)
    try:
        services.month_close(tpp_month=tpp_month, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("TPP bulan %(m)s ditutup dan dikunci.") % {"m": tpp_month.month})
    return redirect("tpp:month", pk)


@login_required
@require_POST
def recompute(request, pk: int):
    tpp_month = access.get_month_for(request.user, pk, write=True)
    if tpp_month.is_closed:
        messages.error(request, _("TPP bulan %(m)s sudah ditutup dan tidak dihitung ulang.") % {"m": tpp_month.month})
        return redirect("tpp:month", pk)
    return _start_month_job(request, tpp_month.instansi, tpp_month.month)


def _filename(tpp_month, unit, ext: str) -> str:
    return f"daftar-tpp-{tpp_month.instansi.code}-{unit.code if unit else 'semua'}-{tpp_month.month}.{ext}"


@login_required
def payment_list_xlsx(request, pk: int):
    tpp_month = access.get_month_for(request.user, pk)
    unit = _unit_param(request, tpp_month)
    response = HttpResponse(
        documents.payment_list_xlsx(tpp_month, unit),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(tpp_month, unit, "xlsx")}"'
    return response


@login_required
def payment_list_pdf(request, pk: int):
    tpp_month = access.get_month_for(request.user, pk)
    unit = _unit_param(request, tpp_month)
    response = HttpResponse(
        documents.payment_list_pdf(tpp_month, unit, request.build_absolute_uri("/")), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(tpp_month, unit, "pdf")}"'
    return response


@login_required
@require_safe
def my_slips(request):
    if not request.user.employee_id:
        raise Http404
    lines = selectors.employee_lines(employee_id=request.user.employee_id)[:36]
    return render(request, "tpp/my_slips.html", {"lines": lines})


@login_required
def slip(request, pk: int):
    line = access.get_line_for(request.user, pk)
    return render(request, "tpp/slip.html", {"line": line})


@login_required
def slip_pdf(request, pk: int):
    line = access.get_line_for(request.user, pk)
    response = HttpResponse(documents.slip_pdf(line, request.build_absolute_uri("/")), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="slip-tpp-{line.nip}-{line.month.month}.pdf"'
    return response
