"""Daily work from a spreadsheet: the template, the upload (a dry run shown as the preview) and
the submission as one batch (kinerja.activities.imports)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from kinerja.core import exports
from kinerja.org import access as org_access
from kinerja.org.models import Unit

from . import access, import_template, imports, services
from .forms import ImportUploadForm


def _units(user):
    if not org_access.is_admin(user):
        return None
    return Unit.objects.filter(instansi_id=user.instansi_id, is_active=True).order_by("path")


@login_required
def import_upload(request):
    access.require_importer(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None, units=_units(request.user))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = imports.import_preview(
            by=request.user, content=upload.read(), filename=upload.name, unit=form.cleaned_data.get("unit")
        )
        return redirect("activities:import_preview", batch.pk)
    recent = access.imports_visible_to(request.user).defer("content")[:10]
    return render(request, "activities/import_upload.html", {"form": form, "recent": recent})


@login_required
@require_safe
def import_preview(request, pk: int):
    batch = access.get_import_for(request.user, pk)
    # Rows with errors first, so a month's problems are not buried under its good rows.
    rows = sorted(batch.summary.get("rows", []), key=lambda r: (r["status"] != "error", r["row"]))
    return render(
        request,
        "activities/import_preview.html",
        {"batch": batch, "rows": rows, "counts": batch.summary.get("counts", {})},
    )


@login_required
@require_POST
def import_apply(request, pk: int):
    access.require_importer(request.user)
    batch = access.get_import_for(request.user, pk)
    try:
        outcome = imports.import_apply(batch=batch, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("activities:import_preview", pk)
    counts = outcome.counts()
    if outcome.valid:
        messages.success(
            request,
            ngettext(
                "%(n)s kegiatan dikirim ke atasan untuk diverifikasi.",
                "%(n)s kegiatan dikirim ke atasan untuk diverifikasi.",
                counts["new"],
            )
            % {"n": counts["new"]},
        )
    else:
        messages.error(
            request, _("Ada yang berubah sejak pratinjau; tidak ada kegiatan yang disimpan. Lihat barisnya.")
        )
    return redirect("activities:import_preview", pk)


@login_required
@require_safe
def import_template_download(request):
    access.require_importer(request.user)
    user = request.user
    admin = org_access.is_admin(user)
    employee = user.employee if user.employee_id else None
    unit = None
    if admin and request.GET.get("unit", "").isdigit():
        unit = _units(user).filter(pk=request.GET["unit"]).first()
    people = list(imports.uploader_scope(user, unit).select_related("unit").order_by("unit__path", "nip")[:500])
    today = services.today_for(employee) if employee else timezone.localdate()
    content = import_template.build(employee=employee, admin=admin, today=today, people=people if admin else None)
    response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="templat-kegiatan-harian.xlsx"'
    return response
