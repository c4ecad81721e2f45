"""Recognition pages: the ranking with its reasons, nominations and the committee's decisions,
certificates, and the two public pages (announcements, certificate verification)."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kinerja.core.forms import add_validation_error
from kinerja.org import access as org_access
from kinerja.org.models import Employee, Instansi, Unit
from kinerja.org.rules import normalize_nip

from . import access, selectors, services
from .forms import DecisionForm, NominationForm
from .models import Award


@login_required
@require_safe
def ranking(request):
    instansi = org_access.instansi_for_request(request)
    if not access.can_read(request.user, instansi.pk):
        return redirect("recognition:awards")
    cuts = selectors.cuts(instansi=instansi)
    cut_key = request.GET.get("periode") or (cuts[0] if cuts else "")
    if cut_key and cut_key not in cuts:
        raise Http404
    unit = None
    if request.GET.get("unit", "").isdigit():
        unit = Unit.objects.filter(instansi=instansi, pk=request.GET["unit"]).first()
        if unit is None:
            raise Http404
    rows = selectors.ranking(instansi=instansi, cut_key=cut_key, unit=unit) if cut_key else []
    rows = [
        (ranked, row, _(ranked.reason) % ranked.params if ranked.params else _(ranked.reason)) for ranked, row in rows
    ]
    units = Unit.objects.filter(instansi=instansi, depth=0, is_active=True).order_by("name")
    return render(
        request,
        "recognition/ranking.html",
        {
            "instansi": instansi,
            "cuts": cuts,
            "cut_key": cut_key,
            "unit": unit,
            "units": units,
            "rows": rows[:300],
            "can_manage": org_access.can_manage(request.user, instansi.pk),
            "categories": Award.Category.choices,
        },
    )


@login_required
@require_POST
def nominate_from_ranking(request):
    instansi = org_access.instansi_for_request(request, write=True)
    access.require_admin(request.user, instansi)
    employee = (
        Employee.objects.filter(instansi=instansi, pk=request.POST.get("employee") or 0).select_related("unit").first()
    )
    if employee is None:
        messages.error(request, _("Pegawai ini bukan pegawai instansi ini; tidak dapat diusulkan."))
        return redirect("recognition:ranking")
    try:
        services.award_nominate(
            instansi=instansi,
            employee=employee,
            period=request.POST.get("period", ""),
            category=request.POST.get("category", ""),
            reason=request.POST.get("reason", ""),
            source=Award.Source.RANKING,
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s diusulkan ke tim penilai.") % {"name": employee.display_name})
    return redirect("recognition:awards")


@login_required
def awards(request):
    user = request.user
    if not user.instansi_id and not org_access.is_superadmin(user):
        raise PermissionDenied
    instansi = org_access.instansi_for_request(request)
    is_reader = access.can_read(user, instansi.pk)
    qs = selectors.awards(instansi=instansi)
    if not is_reader:
        qs = qs.filter(
            Q(employee_id=user.employee_id) | Q(employee__supervisor_id=user.employee_id) | Q(nominated_by=user)
        )
    form = NominationForm(request.POST or None)
    can_nominate = org_access.can_manage(user, instansi.pk) or org_access.is_supervisor(user)
    if request.method == "POST" and can_nominate and form.is_valid():
        data = form.cleaned_data
        employee = (
            Employee.objects.filter(instansi=instansi, nip=normalize_nip(data["nip"])).select_related("unit").first()
        )
        if employee is None:
            form.add_error(
                "nip", _("NIP %(nip)s bukan pegawai instansi ini; tidak dapat diusulkan.") % {"nip": data["nip"]}
            )
        elif not org_access.can_manage(user, instansi.pk) and employee.supervisor_id != user.employee_id:
            form.add_error("nip", _("Atasan hanya dapat mengusulkan bawahan langsungnya."))
        else:
            try:
                services.award_nominate(
                    instansi=instansi,
                    employee=employee,
                    period=data["period"],
                    category=data["category"],
                    reason=data["reason"],
                    source=Award.Source.SUPERVISOR,
                    by=user,
                )
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, _("Usulan dikirim ke tim penilai."))
                return redirect("recognition:awards")
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "recognition/awards.html",
        {
            "instansi": instansi,
            "awards": qs[:300],
            "form": form,
            "can_nominate": can_nominate,
            "can_manage": org_access.can_manage(user, instansi.pk),
            "decision_form": DecisionForm(),
            "announces": services.announces(instansi),
        },
    )


@login_required
@require_POST
def decide(request, pk: int):
    award = access.get_award_for(request.user, pk, write=True)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih keputusan dan tulis pertimbangan tim penilai."))
        return redirect("recognition:awards")
    try:
        services.award_decide(
            award=award,
            award_it=form.cleaned_data["decision"] == "award",
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Keputusan tim penilai disimpan."))
    return redirect("recognition:awards")


@login_required
@require_POST
def revoke(request, pk: int):
    award = access.get_award_for(request.user, pk, write=True)
    try:
        services.award_revoke(award=award, reason=request.POST.get("reason", ""), by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Penghargaan dicabut; halaman verifikasi kini menyatakannya."))
    return redirect("recognition:awards")


@login_required
@require_POST
def public_setting(request):
    instansi = org_access.instansi_for_request(request, write=True)
    access.require_admin(request.user, instansi)
    services.setting_set(instansi=instansi, public_announcements=request.POST.get("public") == "1")
    messages.success(request, _("Pengaturan pengumuman publik disimpan."))
    return redirect("recognition:awards")


def verify_url(request, award: Award) -> str:
    return request.build_absolute_uri(reverse("recognition:verify", args=[award.code]))


@login_required
def certificate(request, pk: int):
    from weasyprint import HTML

    award = access.get_award_for(request.user, pk)
    if award.status != Award.Status.AWARDED:
        raise Http404
    url = verify_url(request, award)
    html = render_to_string(
        "recognition/certificate.html",
        {
            "award": award,
            "instansi": award.instansi,
            "url": url,
            "qr": segno.make(url, error="m").svg_data_uri(scale=6, dark="#0b3d6e"),
        },
    )
    response = HttpResponse(
        HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="sertifikat-{award.employee.nip}-{award.period}.pdf"'
    return response


def verify(request, code: str):
    """Public: is this certificate genuine? Unknown codes and revoked awards say so plainly."""
    award = Award.objects.select_related("instansi").filter(code=code).exclude(status=Award.Status.DECLINED).first()
    if award is not None and award.status == Award.Status.NOMINATED:
        award = None
    return render(
        request, "recognition/verify.html", {"award": award, "code": code}, status=200 if award is not None else 404
    )


def public(request, code: str):
    instansi = Instansi.objects.filter(code=code).first()
    if instansi is None or not services.announces(instansi):
        raise Http404
    return render(
        request, "recognition/public.html", {"instansi": instansi, "awards": selectors.public_awards(instansi=instansi)}
    )
