"""Pages of the attendance app: thin function views (access → form → service/selector → render)."""

from __future__ import annotations

import csv
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kinerja.accounts.access import require_writer
from kinerja.core import exports
from kinerja.core.forms import add_validation_error
from kinerja.core.uploads import apply_from_page
from kinerja.org import access as org_access

from . import access, imports, rules, selectors, services
from .forms import (
    CalendarDayForm,
    ConfigForm,
    CorrectionForm,
    DecisionForm,
    ImportForm,
    LeaveForm,
    RecordForm,
    SanctionForm,
    ShiftForm,
)
from .models import AttendanceImport, CalendarDay, Correction, Shift


def month_param(request, instansi) -> str:
    """?bulan=YYYY-MM, defaulting to the tenant's current month; a bad value is a 404."""
    month = request.GET.get("bulan") or services.local_today(instansi).strftime("%Y-%m")
    try:
        rules.month_days(month)
    except rules.AttendanceError:
        raise Http404 from None
    return month


def _admin_instansi(request):
    instansi = org_access.instansi_for_request(request, write=True)
    access.require_admin(request.user, instansi)
    return instansi


# ------------------------------------------------------------------------------- month summary
@login_required
@require_safe
def index(request):
    """The instansi's month for admin and pimpinan; everyone else lands on their own month."""
    if not org_access.sees_whole_instansi(request.user):
        return my_month(request)
    instansi = org_access.instansi_for_request(request)
    access.require_reader(request.user, instansi)
    month = month_param(request, instansi)
    page = Paginator(selectors.summaries(instansi=instansi, month=month), 50).get_page(request.GET.get("hal"))
    return render(
        request,
        "attendance/index.html",
        {
            "instansi": instansi,
            "month": month,
            "page": page,
            "can_manage": org_access.can_manage(request.user, instansi.pk),
        },
    )


@login_required
@require_POST
def compute(request):
    instansi = _admin_instansi(request)
    month = request.POST.get("month", "")
    try:
        count = services.month_compute(instansi=instansi, month=month)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("attendance:index")
    messages.success(request, _("Rekap kehadiran %(m)s dihitung untuk %(n)s pegawai.") % {"m": month, "n": count})
    return redirect(f"{reverse('attendance:index')}?bulan={month}")


# -------------------------------------------------------------------------------------- import
@login_required
def import_upload(request):
    instansi = _admin_instansi(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = imports.import_preview(instansi=instansi, content=upload.read(), filename=upload.name, by=request.user)
        return redirect("attendance:import_preview", batch.pk)
    recent = AttendanceImport.objects.filter(instansi=instansi).select_related("created_by").defer("content")[:10]
    return render(request, "attendance/import_upload.html", {"form": form, "instansi": instansi, "recent": recent})


@login_required
def import_preview(request, pk: int):
    batch = access.get_import_for(request.user, pk)
    return render(request, "attendance/import_preview.html", {"batch": batch, "summary": batch.summary})


@login_required
@require_POST
def import_apply(request, pk: int):
    return apply_from_page(
        request,
        access.get_import_for(request.user, pk),
        apply=imports.import_apply,
        preview_url=reverse("attendance:import_preview", args=[pk]),
        applied=lambda preview: (
            _("Impor diterapkan: %(c)s hari baru, %(u)s diperbarui, %(n)s tidak berubah.")
            % {"c": preview.create, "u": preview.update, "n": preview.unchanged + preview.kept_manual}
        ),
    )


@login_required
def import_sample(request):
    _admin_instansi(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    exports.writerow(csv.writer(response), ["NIP", "TANGGAL", "MASUK", "PULANG", "APEL"])
    response["Content-Disposition"] = 'attachment; filename="contoh-presensi.csv"'
    return response


# ------------------------------------------------------------------------------- entry by hand
@login_required
def record_entry(request):
    instansi = _admin_instansi(request)
    form = RecordForm(request.POST or None, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_enter(
                employee=data["employee"],
                date=data["date"],
                check_in=data["check_in"],
                check_out=data["check_out"],
                ceremony=data["ceremony"],
                reason=data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Catatan kehadiran disimpan."))
            return redirect("attendance:record_entry")
    return render(request, "attendance/record_entry.html", {"form": form, "instansi": instansi})


# ------------------------------------------------------------------------ rules and calendar
@login_required
def settings_page(request):
    instansi = _admin_instansi(request)
    year = int(request.GET.get("tahun") or services.local_today(instansi).year)
    if not 2000 <= year <= 2100:
        raise Http404
    config = services.config_for(instansi=instansi, year=year)
    bands = ", ".join(f"{upto}={pct}" for upto, pct in config.bands)
    form = ConfigForm(request.POST or None, instance=config, initial={"bands_text": bands}, prefix="cfg")
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "bands_text"}
        try:
            services.config_update(config=config, bands_text=form.cleaned_data["bands_text"], **fields)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Aturan disiplin %(y)s disimpan.") % {"y": year})
            return redirect(f"{request.path}?tahun={year}")
    days = CalendarDay.objects.filter(instansi=instansi, date__year=year)
    shifts = Shift.objects.filter(instansi=instansi).select_related("unit")
    return render(
        request,
        "attendance/settings.html",
        {
            "instansi": instansi,
            "year": year,
            "form": form,
            "days": days,
            "shifts": shifts,
            "day_form": CalendarDayForm(prefix="day"),
            "shift_form": ShiftForm(instansi=instansi, prefix="shift"),
        },
    )


@login_required
@require_POST
def calendar_day_add(request):
    instansi = _admin_instansi(request)
    form = CalendarDayForm(request.POST, prefix="day")
    if form.is_valid():
        services.calendar_day_set(instansi=instansi, **form.cleaned_data)
        messages.success(request, _("Hari kalender disimpan."))
        return redirect(f"{reverse('attendance:settings')}?tahun={form.cleaned_data['date'].year}")
    messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("attendance:settings")


@login_required
@require_POST
def calendar_day_delete(request, pk: int):
    instansi = _admin_instansi(request)
    deleted, _n = CalendarDay.objects.filter(instansi=instansi, pk=pk).delete()
    if not deleted:
        raise Http404
    return redirect("attendance:settings")


@login_required
@require_POST
def shift_add(request):
    instansi = _admin_instansi(request)
    form = ShiftForm(request.POST, instansi=instansi, prefix="shift")
    if form.is_valid():
        try:
            services.shift_set(instansi=instansi, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Pola kerja unit disimpan."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("attendance:settings")


# ------------------------------------------------------------------------- leave and sanctions
@login_required
def leave_list(request):
    instansi = _admin_instansi(request)
    form = LeaveForm(request.POST or None, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.leave_create(
                employee=data["employee"],
                kind=data["kind"],
                start=data["start"],
                end=data["end"],
                letter_number=data["letter_number"],
                note=data["note"],
                by=request.user,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Cuti / dinas luar dicatat."))
            return redirect("attendance:leave_list")
    page = Paginator(selectors.leaves_list(instansi=instansi), 50).get_page(request.GET.get("hal"))
    return render(request, "attendance/leave_list.html", {"instansi": instansi, "form": form, "page": page})


@login_required
def sanction_list(request):
    instansi = _admin_instansi(request)
    form = SanctionForm(request.POST or None, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.sanction_create(
                employee=data["employee"],
                kind=data["kind"],
                decree_number=data["decree_number"],
                decree_date=data["decree_date"],
                start=data["start"],
                months=data["months"],
                cut_pct=data["cut_pct"],
                note=data["note"],
                by=request.user,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Hukuman disiplin dicatat."))
            return redirect("attendance:sanction_list")
    page = Paginator(selectors.sanctions_list(instansi=instansi), 50).get_page(request.GET.get("hal"))
    return render(request, "attendance/sanction_list.html", {"instansi": instansi, "form": form, "page": page})


# ------------------------------------------------------------------ the employee's month, corrections
@login_required
@require_safe
def my_month(request):
    if not request.user.employee_id:
        raise Http404
    query = f"?bulan={request.GET['bulan']}" if request.GET.get("bulan") else ""
    return redirect(reverse("attendance:employee_month", args=[request.user.employee_id]) + query)


@login_required
@require_safe
def employee_month(request, pk: int):
    employee = access.get_employee_month_for(request.user, pk)
    month = month_param(request, employee.instansi)
    weeks, totals = selectors.employee_month(employee=employee, month=month)
    days = rules.month_days(month)
    previous = (days[0] - dt.timedelta(days=1)).strftime("%Y-%m")
    following = (days[-1] + dt.timedelta(days=1)).strftime("%Y-%m")
    return render(
        request,
        "attendance/employee_month.html",
        {
            "employee": employee,
            "month": month,
            "weeks": weeks,
            "totals": totals,
            "previous": previous,
            "following": following,
            "is_self": request.user.employee_id == employee.pk,
            "month_first": days[0],
            "leave_total": sum(totals.leave_days.values()),
            "weekday_names": [_("Sen"), _("Sel"), _("Rab"), _("Kam"), _("Jum"), _("Sab"), _("Min")],
        },
    )


@login_required
def correction_new(request):
    if request.method == "POST":
        require_writer(request.user)
    if not request.user.employee_id:
        raise Http404
    employee = request.user.employee
    form = CorrectionForm(request.POST or None, request.FILES or None, initial={"date": request.GET.get("tanggal")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.correction_request(employee=employee, by=request.user, **data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Permintaan koreksi dikirim ke atasan."))
            url = reverse("attendance:employee_month", args=[employee.pk])
            return redirect(f"{url}?bulan={data['date'].strftime('%Y-%m')}")
    return render(request, "attendance/correction_form.html", {"form": form})


@login_required
@require_safe
def corrections(request):
    if not request.user.employee_id:
        raise Http404
    to_decide = selectors.corrections_for_supervisor(supervisor=request.user.employee)[:200]
    mine = Correction.objects.filter(employee_id=request.user.employee_id).select_related("decided_by")[:50]
    return render(
        request, "attendance/corrections.html", {"to_decide": to_decide, "mine": mine, "form": DecisionForm()}
    )


@login_required
@require_POST
def correction_decide(request, pk: int):
    correction = access.get_correction_for(request.user, pk, decide=True)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih setujui atau tolak."))
        return redirect("attendance:corrections")
    try:
        services.correction_decide(
            correction=correction,
            approve=form.cleaned_data["decision"] == "approve",
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Keputusan koreksi disimpan."))
    return redirect("attendance:corrections")


@login_required
def correction_evidence(request, pk: int):
    correction = access.get_correction_for(request.user, pk)
    return FileResponse(
        correction.evidence.open("rb"), as_attachment=True, filename=correction.evidence.name.rsplit("/", 1)[-1]
    )
