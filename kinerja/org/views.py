"""Organisation pages. Each view: access → form → one service/selector → render/redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kinerja.accounts.models import User
from kinerja.core import exports
from kinerja.core.forms import add_validation_error
from kinerja.jobs import services as job_services
from kinerja.jobs.models import Job

from . import access, export, imports, selectors, services
from .forms import AccountForm, EmployeeForm, ImportForm, PositionForm, UnitForm
from .models import Employee, ImportBatch

PAGE_SIZE = 50


# ------------------------------------------------------------------------------------------ units
@login_required
@require_safe
def unit_tree(request):
    instansi = access.instansi_for_request(request)
    units = selectors.unit_tree_rows(access.units_visible_to(request.user).filter(instansi=instansi))
    context = {
        "instansi": instansi,
        "units": units,
        "unit_url": reverse("org:unit_detail", args=[0]).removesuffix("0/"),
        "can_manage": access.can_manage(request.user, instansi.pk),
    }
    return render(request, "org/unit_tree.html", context)


@login_required
@require_safe
def unit_detail(request, pk: int):
    unit = access.get_unit_for(request.user, pk)
    children = selectors.unit_tree(unit.children.all())
    positions = unit.positions.filter(is_active=True).order_by("-grade", "name")
    employees = selectors.employee_list(access.employees_visible_to(request.user).filter(unit=unit))
    page = Paginator(employees, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "unit": unit,
        "children": children,
        "positions": positions,
        "page": page,
        "ancestors": unit.__class__.objects.filter(pk__in=[int(p) for p in unit.path.split("/") if p][:-1]),
        "can_manage": access.can_manage(request.user, unit.instansi_id),
    }
    return render(request, "org/unit_detail.html", context)


@login_required
def unit_edit(request, pk: int | None = None):
    unit = access.get_unit_for(request.user, pk, write=True) if pk else None
    instansi = unit.instansi if unit else access.instansi_for_request(request, write=True)
    access.require_manager(request.user, instansi.pk)
    form = UnitForm(request.POST or None, instance=unit, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        try:
            if unit:
                unit = services.unit_update(unit=unit, **data)
            else:
                unit = services.unit_create(instansi=instansi, **data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Unit kerja %(name)s disimpan.") % {"name": unit.name})
            return redirect("org:unit_detail", unit.pk)
    return render(request, "org/unit_form.html", {"form": form, "unit": unit, "instansi": instansi})


# -------------------------------------------------------------------------------------- positions
@login_required
@require_safe
def position_list(request):
    instansi = access.instansi_for_request(request)
    positions = (
        access.positions_visible_to(request.user)
        .filter(instansi=instansi, is_active=True)
        .select_related("unit")
        .order_by("unit__path", "-grade", "name")
    )
    page = Paginator(positions, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"instansi": instansi, "page": page, "can_manage": access.can_manage(request.user, instansi.pk)}
    return render(request, "org/position_list.html", context)


@login_required
def position_edit(request, pk: int | None = None):
    position = access.get_position_for(request.user, pk, write=True) if pk else None
    instansi = position.instansi if position else access.instansi_for_request(request, write=True)
    access.require_manager(request.user, instansi.pk)
    form = PositionForm(request.POST or None, instance=position, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        try:
            services.position_save(instansi=instansi, position=position, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Jabatan disimpan."))
            return redirect("org:position_list")
    return render(request, "org/position_form.html", {"form": form, "position": position})


# -------------------------------------------------------------------------------------- employees
def _filtered_employees(request, instansi):
    """The employee list's filters (query string) over the people the user may see."""
    visible = access.employees_visible_to(request.user).filter(instansi=instansi)
    unit = None
    if request.GET.get("unit", "").isdigit():
        unit = access.units_visible_to(request.user).filter(instansi=instansi, pk=request.GET["unit"]).first()
    employees = selectors.employee_list(
        visible,
        search=request.GET.get("q", "").strip()[:100],
        unit=unit,
        status=request.GET.get("status", ""),
        active=request.GET.get("active", "1"),
    )
    return employees, unit


@login_required
@require_safe
def employee_list(request):
    instansi = access.instansi_for_request(request)
    employees, unit = _filtered_employees(request, instansi)
    page = Paginator(employees, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "instansi": instansi,
        "page": page,
        "unit": unit,
        "statuses": Employee.Status.choices,
        "can_manage": access.can_manage(request.user, instansi.pk),
    }
    template = "org/_employee_rows.html" if request.headers.get("HX-Request") else "org/employee_list.html"
    return render(request, template, context)


@login_required
@require_safe
def employee_export(request, fmt: str):
    """The filtered list as XLSX or CSV (same query string as the page)."""
    if fmt not in ("xlsx", "csv"):
        raise Http404
    instansi = access.instansi_for_request(request)
    employees, _unit = _filtered_employees(request, instansi)
    filename = f"pegawai-{instansi.code}-{timezone.localdate(timezone=instansi.tzinfo).isoformat()}.{fmt}"
    if fmt == "xlsx":
        return exports.xlsx_bytes_response(export.employees_xlsx(employees), filename)
    response = StreamingHttpResponse(export.employees_csv(employees), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_safe
def employee_detail(request, pk: int):
    employee = access.get_employee_for(request.user, pk)
    context = {
        "employee": employee,
        "subordinates": selectors.subordinates_of(employee),
        "account": User.objects.filter(employee=employee).first(),
        "can_manage": access.can_manage(request.user, employee.instansi_id),
        "account_form": AccountForm(),
        "temporary_password": request.session.pop("temporary_password", None),
    }
    return render(request, "org/employee_detail.html", context)


@login_required
def employee_edit(request, pk: int | None = None):
    employee = access.get_employee_for(request.user, pk, write=True) if pk else None
    instansi = employee.instansi if employee else access.instansi_for_request(request, write=True)
    access.require_manager(request.user, instansi.pk)
    form = EmployeeForm(request.POST or None, instance=employee, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["supervisor"] = data.pop("supervisor_nip")
        try:
            employee = services.employee_save(instansi=instansi, employee=form.instance if pk else None, **data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Data pegawai %(name)s disimpan.") % {"name": employee.display_name})
            return redirect("org:employee_detail", employee.pk)
    return render(request, "org/employee_form.html", {"form": form, "employee": employee})


@login_required
@require_POST
def employee_set_active(request, pk: int):
    employee = access.get_employee_for(request.user, pk, write=True)
    active = request.POST.get("active") == "1"
    try:
        services.employee_set_active(employee=employee, active=active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Pegawai diaktifkan kembali.") if active else _("Pegawai dinonaktifkan."))
    return redirect("org:employee_detail", pk)


@login_required
def employee_history(request, pk: int):
    employee = access.get_employee_for(request.user, pk, write=True)
    records = list(employee.history.select_related("history_user").order_by("-history_date")[:100])
    rows = selectors.history_with_changes(records)
    return render(request, "org/employee_history.html", {"employee": employee, "rows": rows})


@login_required
@require_POST
def account_create(request, pk: int):
    employee = access.get_employee_for(request.user, pk, write=True)
    form = AccountForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Peran tidak dikenal."))
        return redirect("org:employee_detail", pk)
    try:
        _user, password = services.account_create(employee=employee, role=form.cleaned_data["role"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        request.session["temporary_password"] = password
        messages.success(request, _("Akun dibuat. Sampaikan kata sandi sementara kepada pegawai."))
    return redirect("org:employee_detail", pk)


@login_required
@require_POST
def account_reset(request, pk: int):
    employee = access.get_employee_for(request.user, pk, write=True)
    user = access.users_visible_to(request.user).filter(employee=employee).first()
    if user is None:
        raise Http404
    request.session["temporary_password"] = services.account_reset_password(user=user)
    messages.success(request, _("Kata sandi direset. Pegawai wajib menggantinya saat masuk."))
    return redirect("org:employee_detail", pk)


@login_required
def audit_log(request):
    instansi = access.instansi_for_request(request, write=True)
    access.require_manager(request.user, instansi.pk)
    records = selectors.master_data_history(instansi, limit=200)
    return render(request, "org/audit_log.html", {"instansi": instansi, "records": records})


# ----------------------------------------------------------------------------------------- import
@login_required
def import_upload(request):
    instansi = access.instansi_for_request(request, write=True)
    access.require_manager(request.user, instansi.pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = imports.import_preview(
            instansi=instansi,
            kind=form.cleaned_data["kind"],
            content=upload.read(),
            filename=upload.name,
            by=request.user,
        )
        return redirect("org:import_preview", batch.pk)
    recent = ImportBatch.objects.filter(instansi=instansi).select_related("created_by").defer("content")[:10]
    return render(request, "org/import_upload.html", {"form": form, "instansi": instansi, "recent": recent})


def _get_batch_for(request, pk: int) -> ImportBatch:
    batch = ImportBatch.objects.filter(pk=pk, instansi__in=access.instansi_visible_to(request.user)).first()
    if batch is None:
        raise Http404
    access.require_manager(request.user, batch.instansi_id)
    return batch


@login_required
def import_preview(request, pk: int):
    batch = _get_batch_for(request, pk)
    rows = batch.summary.get("rows", [])
    # Rows with errors first, so a long file's problems are not buried.
    rows = sorted(rows, key=lambda r: (not r["errors"], r["row"]))[:1000]
    return render(
        request, "org/import_preview.html", {"batch": batch, "rows": rows, "counts": batch.summary.get("counts", {})}
    )


@login_required
@require_POST
def import_apply(request, pk: int):
    batch = _get_batch_for(request, pk)
    if batch.status != ImportBatch.Status.PREVIEWED:
        messages.error(
            request, _("Impor ini tidak dapat diterapkan (status: %(s)s).") % {"s": batch.get_status_display()}
        )
        return redirect("org:import_preview", pk)
    # Applied by the task worker (the dry run above stays synchronous: it is the preview).
    job = job_services.job_start(
        kind=Job.Kind.IMPORT,
        instansi=batch.instansi,
        key=f"{batch.pk}:{batch.filename}",
        by=request.user,
        params={"batch_id": batch.pk},
        result_url=reverse("org:import_preview", args=[batch.pk]),
    )
    return redirect("jobs:detail", job.pk)


@login_required
def import_sample(request, kind: str):
    access.require_manager(request.user, access.instansi_for_request(request).pk)
    if kind not in ImportBatch.Kind.values:
        raise Http404
    from .import_template import build

    response = HttpResponse(build(kind), content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="templat-impor-{kind}.xlsx"'
    return response
